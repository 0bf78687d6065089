# Role `ingest`: Telegraf consuming the model's Kafka topic into InfluxDB (nixos/lib's
# `telegrafModelIngest`). NixOS runs one Telegraf per host, so `ingest` and `collector` must be
# on different hosts.
{ config, lib, ... }:
let
  p = config.pipeline;
in
{
  config = lib.mkIf (p.hasRole "ingest") {
    assertions = [
      {
        assertion = !(p.hasRole "collector");
        message = "topology: host ${p.host} has roles `collector` and `ingest`; services.telegraf runs one agent per host.";
      }
    ];

    pipeline.secrets.consumers = [ "telegraf" ];

    services.telegraf = {
      enable = true;
      extraConfig = p.settings.telegrafModelIngest;
      environmentFiles = [ p.secrets.environmentFiles.telegraf ];
    };
  };
}
