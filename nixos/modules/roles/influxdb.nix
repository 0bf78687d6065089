# Role `influxdb`: InfluxDB 2 with nixos/lib's `influxdbSettings`, set up once from
# `influxdbSetup`; the admin password and token come from sops (read through LoadCredential).
{
  config,
  lib,
  pkgs,
  ...
}:
let
  p = config.pipeline;
  setup = p.settings.influxdbSetup;
in
{
  config = lib.mkIf (p.hasRole "influxdb") {
    pipeline.secrets.consumers = [ "influxdb" ];

    services.influxdb2 = {
      enable = true;
      settings = p.settings.influxdbSettings;
      provision = {
        enable = true;
        initialSetup = {
          organization = setup.org;
          inherit (setup) bucket username;
          retention = setup.retentionSeconds;
          passwordFile = p.secrets.files.influxPassword;
          tokenFile = p.secrets.files.influxToken;
        };
      };
    };

    # The `influx` CLI for operators (the server package does not ship it).
    environment.systemPackages = [ pkgs.influxdb2-cli ];
  };
}
