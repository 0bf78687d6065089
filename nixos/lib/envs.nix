# Target envs (plain data, docs/INTERFACES.md §1). Only addresses, bind, ports and paths differ.
let
  perHost = f: topology: builtins.mapAttrs f topology.hosts;
  # The harness's run-dir layout: rendered files under configDir (default runDir/config, as
  # harness.config renders them), service state under runDir/data.
  runPaths = runDir: configDir: {
    inherit configDir;
    kafkaLogDir = "${runDir}/data/kafka";
    collectorMetricsFile = "${runDir}/data/telegraf/metrics.out";
    grafanaDir = "${runDir}/data/grafana";
    influxdbDir = "${runDir}/data/influxdb";
    grafanaProvisioningDir = "${configDir}/grafana/provisioning";
    grafanaDashboardsDir = "${configDir}/grafana/dashboards";
  };
in
{
  # The NixOS hosts (VM test network and deployment): declared addresses, listen on all.
  nixos = topology: {
    name = "nixos";
    addresses = perHost (_: h: h.address) topology;
    bind = perHost (_: _: "0.0.0.0") topology;
    ports = { };
    paths = {
      configDir = "/etc/pipeline";
      kafkaLogDir = "/var/lib/apache-kafka";
      collectorMetricsFile = "/var/lib/telegraf/metrics.out";
      grafanaDir = "/var/lib/grafana";
      grafanaProvisioningDir = "/etc/grafana/provisioning";
      grafanaDashboardsDir = "/etc/grafana/dashboards";
      influxdbDir = "/var/lib/influxdb2";
    };
  };

  # Every host is this machine: 127.0.0.1, state under runDir, ports optionally overridden.
  local = topology: { runDir, configDir ? "${runDir}/config", ports ? { } }: {
    name = "local";
    addresses = perHost (_: _: "127.0.0.1") topology;
    bind = perHost (_: _: "127.0.0.1") topology;
    inherit ports;
    paths = runPaths runDir configDir;
  };

  # One network namespace per host: declared addresses, state under runDir.
  netns = topology: { runDir, configDir ? "${runDir}/config", ports ? { } }: {
    name = "netns";
    addresses = perHost (_: h: h.address) topology;
    bind = perHost (_: h: h.address) topology;
    inherit ports;
    paths = runPaths runDir configDir;
  };
}
