# Role `influxdb`: InfluxDB 2 with nixos/lib's `influxdbSettings`, set up once from
# `influxdbSetup`; the admin password and token come from sops (read through LoadCredential).
{ config
, lib
, pkgs
, ...
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
      # services.influxdb2 passes the same bolt/engine paths itself (StateDirectory) and asserts
      # they are absent from its settings (nixos/lib/influxdb.nix says so too).
      settings = builtins.removeAttrs p.settings.influxdbSettings [
        "bolt-path"
        "engine-path"
      ];
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
