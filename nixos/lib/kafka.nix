# Kafka server.properties for a single KRaft node (broker + controller). Lists are comma-joined
# by both consumers (services.apache-kafka.settings and the harness's properties renderer).
c:
let
  t = c.topology;
  k = t.kafka;
  bind = c.bind "kafka";
  port = toString (c.port "kafka");
  controllerPort = toString (c.portOf "kafka" "controllerPort");
in
{
  settings = {
    "process.roles" = [ "broker" "controller" ];
    "node.id" = k.nodeId;
    "controller.quorum.voters" = [ "${toString k.nodeId}@${c.address "kafka"}:${controllerPort}" ];
    "controller.listener.names" = [ "CONTROLLER" ];
    "inter.broker.listener.name" = "PLAINTEXT";
    listeners = [ "PLAINTEXT://${bind}:${port}" "CONTROLLER://${bind}:${controllerPort}" ];
    "advertised.listeners" = [ "PLAINTEXT://${c.hostPort "kafka"}" ];
    "listener.security.protocol.map" = [ "PLAINTEXT:PLAINTEXT" "CONTROLLER:PLAINTEXT" ];
    "log.dirs" = [ c.paths.kafkaLogDir ];
    "num.partitions" = k.partitions;
    "default.replication.factor" = 1;
    "offsets.topic.replication.factor" = 1;
    "transaction.state.log.replication.factor" = 1;
    "transaction.state.log.min.isr" = 1;
    "auto.create.topics.enable" = true;
    "group.initial.rebalance.delay.ms" = 0;
  };

  clusterId = k.clusterId;

  # Created explicitly at start (auto-creation is the fallback).
  topics = map (name: { inherit name; partitions = k.partitions; replicationFactor = 1; })
    (map (key: k.topics.${key}) (builtins.attrNames k.topics));
}
