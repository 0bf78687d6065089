# Telegraf on db: the model's Kafka records ({"name","value","timestamp" ns}) -> InfluxDB.
c:
let
  t = c.topology;
  a = t.telegraf.modelIngest;
in
{
  agent = {
    interval = a.interval;
    flush_interval = a.flushInterval;
    round_interval = false;
    omit_hostname = true;
  };

  inputs.kafka_consumer = [{
    brokers = c.kafkaBrokers;
    topics = [ t.kafka.topics.model ];
    # Required against Kafka 4.x (otherwise "error while consuming ...: EOF"; PROVISIONING.md).
    kafka_version = "4.0.0";
    consumer_group = a.consumerGroup;
    offset = "oldest";
    name_override = t.measurements.model;
    data_format = "json_v2";
    json_v2 = [{
      timestamp_path = "timestamp";
      timestamp_format = "unix_ns";
      tag = [{ path = "name"; }];
      field = [{ path = "value"; type = "float"; }];
    }];
  }];

  outputs.influxdb_v2 = [ c.influxOutput ];
}
