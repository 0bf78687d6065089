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
  bindAddress = p.settings.influxdbSettings."http-bind-address";
in
{
  config = lib.mkIf (p.hasRole "influxdb") {
    # services.influxdb2's ExecStartPost (wait for `influx ping`, `influx setup`, provisioning)
    # talks to http://localhost:8086 whenever http-bind-address contains 0.0.0.0, whatever port
    # it names (read in nixpkgs' influxdb2.nix); another port would hang the unit's start.
    assertions = [
      {
        assertion = !(lib.hasInfix "0.0.0.0" bindAddress) || lib.hasSuffix ":8086" bindAddress;
        message = "pipeline: InfluxDB binds ${bindAddress}; services.influxdb2 provisions through localhost:8086 when the address is 0.0.0.0, so keep port 8086 (or bind a specific address).";
      }
    ];

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
