# Pure functions from the topology to every service's settings (docs/INTERFACES.md §1).
#
#   let plib = import ./nixos/lib; topology = import ./topology.nix;
#   in plib.settings { inherit topology; env = plib.envs.nixos topology; }
#
# Every key of `settings` first validates the topology and the env (validate.nix), so a bad
# topology fails any evaluation — NixOS, flake check, the harness — with one line naming it.
let
  h = import ./helpers.nix;
  validate = import ./validate.nix;

  settings = { topology, env }:
    let
      checked = validate.check topology env;
      c = import ./context.nix topology env;
      kafka = import ./kafka.nix c;
      influxdb = import ./influxdb.nix c;
      grafana = import ./grafana.nix c;
      raw = {
        telegrafCollector = import ./telegraf-collector.nix c;
        telegrafModelIngest = import ./telegraf-model-ingest.nix c;
        kafka = kafka.settings;
        kafkaClusterId = kafka.clusterId;
        kafkaTopics = kafka.topics;
        influxdbSetup = influxdb.setup;
        influxdbSettings = influxdb.settings;
        grafanaDatasources = grafana.datasources;
        grafanaDashboardProviders = grafana.dashboardProviders;
        grafanaSettings = grafana.settings;
        dashboard = import ./dashboard.nix c;
        opcServer = import ./opc-server.nix c;
        model = import ./model.nix c;
        secrets = builtins.mapAttrs (_: s: s.env) topology.secrets;
      };
    in
    builtins.mapAttrs (_: v: builtins.seq checked v) raw;
in
{
  inherit settings;
  envs = import ./envs.nix;
  # Validation alone: `check topology env` is true or throws; `errors topology` lists them all.
  check = validate.check;
  inherit (validate) errors;
  inherit (h) opcuaTypes modelFunctions parseNodeId fluxMixesAndOr;
}
