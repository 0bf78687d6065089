# THE source of truth for the reference pipeline.
#
# Plain Nix, no nixpkgs: `nix-instantiate --eval --strict --json topology.nix` evaluates it
# anywhere, offline. Everything else (NixOS hosts, the harness, the dashboards) is derived
# from this file through the pure functions in nixos/lib/ (`python -m harness config show`).
# nixos/lib/validate.nix checks it; a bad entry fails every evaluation with one line naming it.
let
  # The plant's sensors. Adding a node of any OPC-UA scalar type (Boolean, SByte, Byte, Int16,
  # UInt16, Int32, UInt32, Int64, UInt64, Float, Double, String, DateTime) needs no code change:
  # every renderer (Telegraf, dashboard, opc server) iterates over this list. Node ids are
  # ns=2;<i|s|g|b>=<identifier>: the OPC server serves `opcua.namespaceUri` as namespace 2.
  # `simulation.period` is in seconds; start/step drive the simulated value of numeric nodes.
  nodes = [
    { name = "Temperature"; id = "ns=2;i=2"; type = "Double"; simulation = { period = 0.2; start = 20.0; step = 0.5; }; }
    { name = "Pressure";    id = "ns=2;i=3"; type = "Double"; simulation = { period = 2.0; start = 1013.0; step = 2.0; }; }
    { name = "SlowSensor";  id = "ns=2;i=4"; type = "Double"; simulation = { period = 8.0; start = 50.0; step = 1.0; }; }
  ];
  sensors = map (n: n.name) nodes;
  measurements = { opc = "opc_server"; model = "model"; };
  datasourceUid = "influxdb2-flux";
in
{
  name = "reference";

  hosts = {
    opc       = { address = "192.168.0.5";  roles = [ "opc" ]; };
    collector = { address = "192.168.0.7";  roles = [ "collector" ]; };
    db        = { address = "192.168.0.10"; roles = [ "kafka" "influxdb" "grafana" "model" "ingest" ]; };
  };

  # Network services: which host runs them and on which port(s). Any attribute named `port`
  # or `*Port` is a listening port; two on one host must differ.
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

  # Measurement names in InfluxDB (and `name` in Telegraf's Kafka JSON).
  inherit measurements;

  # Model computations over the sensors (the model service publishes one record per entry).
  # Functions: nixos/lib/helpers.nix `modelFunctions`; inputs must be numeric nodes.
  model = {
    consumerGroup = "pipeline-model";
    computations = [
      { name = "model1"; function = "mean_abs";    inputs = sensors; }
      { name = "model2"; function = "geomean_abs"; inputs = sensors; }
    ];
  };

  telegraf = {
    # timestamp: gather (Telegraf's clock), server or source (the OPC server's timestamps).
    collector   = { interval = "1s"; flushInterval = "250ms"; subscriptionInterval = "100ms"; timestamp = "gather"; };
    modelIngest = { interval = "1s"; flushInterval = "250ms"; consumerGroup = "telegraf-model-ingest"; };
  };

  grafana = {
    adminUser = "admin";
    datasource = { name = "InfluxDB2Flux"; uid = datasourceUid; };
    dashboard = {
      title = "Sensor Dashboard";
      uid = "sensor-dashboard";
      refresh = "5s";
      # One panel per node, plus the model's. A panel is either { measurement; fields; groupBy? }
      # (the query is generated) or carries its own Flux `query` (and/or must be parenthesised).
      panels =
        map (n: { title = n.name; datasource = datasourceUid; measurement = measurements.opc; fields = [ n.name ]; }) nodes
        ++ [ { title = "Model Computations"; datasource = datasourceUid; measurement = measurements.model; fields = [ "value" ]; groupBy = [ "name" ]; } ];
    };
  };

  # Secrets are referenced, never stored: each names the environment variable that carries it
  # (NixOS: sops-nix environment files; the harness: generated per run, files 0600).
  secrets = {
    influxToken          = { env = "INFLUX_TOKEN"; };
    influxPassword       = { env = "INFLUX_PASSWORD"; };
    grafanaAdminPassword = { env = "GF_SECURITY_ADMIN_PASSWORD"; };
    grafanaSecretKey     = { env = "GF_SECURITY_SECRET_KEY"; };
  };
}
