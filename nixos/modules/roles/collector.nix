# Role `collector`: Telegraf subscribing to the OPC-UA server and writing to Kafka, InfluxDB and
# a local file (nixos/lib's `telegrafCollector`). The token reaches it as ${INFLUX_TOKEN} from
# its sops environment file (envsubst in the telegraf module's ExecStartPre).
{ config, lib, ... }:
let
  p = config.pipeline;
in
{
  config = lib.mkIf (p.hasRole "collector") {
    pipeline.secrets.consumers = [ "telegraf" ];

    services.telegraf = {
      enable = true;
      extraConfig = p.settings.telegrafCollector;
      environmentFiles = [ p.secrets.environmentFiles.telegraf ];
    };

    # outputs.file writes here; the telegraf unit has no StateDirectory of its own.
    systemd.tmpfiles.rules = [
      "d ${dirOf p.env.paths.collectorMetricsFile} 0750 telegraf telegraf - -"
    ];
  };
}
