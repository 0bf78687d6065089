# Settings of the model service (model/): Kafka in/out and the computations.
c:
let t = c.topology; in
{
  brokers = c.kafkaBrokers;
  inputTopic = t.kafka.topics.opc;
  outputTopic = t.kafka.topics.model;
  groupId = t.model.consumerGroup;
  # Telegraf's `name` of the input records (the opc measurement).
  measurement = t.measurements.opc;
  computations = map (x: { inherit (x) name function inputs; }) t.model.computations;
}
