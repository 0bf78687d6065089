# Telegraf on the collector: OPC-UA subscription -> Kafka (JSON, ns timestamps), InfluxDB, a file.
c:
let
  t = c.topology;
  a = t.telegraf.collector;
in
{
  agent = {
    interval = a.interval;
    flush_interval = a.flushInterval;
    round_interval = false;
    omit_hostname = true;
  };

  inputs.opcua_listener = [{
    name_override = t.measurements.opc;
    endpoint = c.opcEndpoint;
    security_policy = "None";
    security_mode = "None";
    auth_method = "Anonymous";
    connect_timeout = "10s";
    request_timeout = "5s";
    timestamp = a.timestamp or "gather";
    subscription_interval = a.subscriptionInterval;
    nodes = map (n: {
      inherit (n) name;
      namespace = toString n.parsed.namespace;
      identifier_type = n.parsed.identifierType;
      identifier = n.parsed.identifier;
    }) c.nodes;
  }];

  outputs.kafka = [{
    brokers = c.kafkaBrokers;
    topic = t.kafka.topics.opc;
    data_format = "json";
    json_timestamp_units = "1ns";
  }];

  # UInt64 above 2^63-1 would otherwise be clamped to 2^63-1 (Telegraf's default writes unsigned
  # values as integers); found by the fuzz job, see docs/CONTRACTS.md.
  outputs.influxdb_v2 = [ (c.influxOutput // { influx_uint_support = true; }) ];

  outputs.file = [{
    files = [ c.paths.collectorMetricsFile ];
    data_format = "influx";
    influx_uint_support = true;
  }];
}
