# THE source of truth for the reference pipeline.
#
# Plain Nix, no nixpkgs: `nix-instantiate --eval --strict --json topology.nix` evaluates it
# anywhere, offline. Everything else (NixOS hosts, the harness, the dashboards) is derived
# from this file through the pure functions in nixos/lib/.
let
  # The plant's sensors. Adding a node of any OPC-UA scalar type needs no code change:
  # every renderer (Telegraf, dashboard, opc server, model) iterates over this list.
  nodes = [
    { name = "Temperature"; id = "ns=2;i=2"; type = "Double"; simulation = { period = 0.2; start = 20.0; step = 0.5; }; }
    { name = "Pressure";    id = "ns=2;i=3"; type = "Double"; simulation = { period = 2.0; start = 1013.0; step = 2.0; }; }
    { name = "SlowSensor";  id = "ns=2;i=4"; type = "Double"; simulation = { period = 8.0; start = 50.0; step = 1.0; }; }
  ];
  measurements = { opc = "opc_server"; model = "model"; };
in
{
  name = "reference";

  hosts = {
    opc       = { address = "192.168.0.5";  roles = [ "opc" ]; };
    collector = { address = "192.168.0.7";  roles = [ "collector" ]; };
    db        = { address = "192.168.0.10"; roles = [ "kafka" "influxdb" "grafana" "model" "ingest" ]; };
  };

  # Network services: which host runs them and on which port.
  services = {
    opc      = { host = "opc"; port = 4840; path = "/freeopcua/server/"; };
    kafka    = { host = "db";  port = 9092; controllerPort = 9093; };
    influxdb = { host = "db";  port = 8086; };
    grafana  = { host = "db";  port = 3000; };
  };

  opcua = {
    namespaceUri = "urn:pipeline:plant";
    inherit nodes;
  };

  kafka = {
    clusterId = "ak2fIHr4S8WWarOF_ODD0g";
    nodeId = 1;
    topics = { opc = "opc"; model = "model"; };
    partitions = 1;
  };

  influxdb = {
    org = "devorg";
    bucket = "dev";
    user = "devuser";
    retentionSeconds = 0;
  };

  inherit measurements;

  # Model computations over the sensors (the model service publishes one record per entry).
  model = {
    consumerGroup = "pipeline-model";
    computations = [
      { name = "model1"; function = "mean_abs";    inputs = map (n: n.name) nodes; }
      { name = "model2"; function = "geomean_abs"; inputs = map (n: n.name) nodes; }
    ];
  };

  telegraf = {
    collector   = { interval = "1s"; flushInterval = "250ms"; subscriptionInterval = "100ms"; };
    modelIngest = { interval = "1s"; flushInterval = "250ms"; };
  };

  grafana = {
    datasource = { name = "InfluxDB2Flux"; uid = "influxdb2-flux"; };
    dashboard = {
      title = "Sensor Dashboard";
      uid = "sensor-dashboard";
      refresh = "5s";
      panels =
        map (n: { title = n.name; datasource = "influxdb2-flux"; measurement = measurements.opc; fields = [ n.name ]; }) nodes
        ++ [ { title = "Model Computations"; datasource = "influxdb2-flux"; measurement = measurements.model; fields = [ "value" ]; groupBy = [ "name" ]; } ];
    };
  };
}
