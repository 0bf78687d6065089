# Role `kafka`: a single KRaft node (broker + controller) from nixos/lib's `kafka` and
# `kafkaClusterId`; the log dirs are formatted on first start.
{ config
, lib
, ...
}:
let
  p = config.pipeline;
  kafka = config.services.apache-kafka;
in
{
  config = lib.mkIf (p.hasRole "kafka") {
    services.apache-kafka = {
      enable = true;
      settings = p.settings.kafka;
      clusterId = p.settings.kafkaClusterId;
      formatLogDirs = true;
      # The unit runs java directly (no KAFKA_HEAP_OPTS); the JVM default would take 1/4 of RAM.
      jvmOptions = [
        "-Xms256m"
        "-Xmx512m"
      ];
    };

    systemd.services.apache-kafka.serviceConfig = {
      Restart = lib.mkDefault "on-failure";
      RestartSec = lib.mkDefault 2;
    };

    # kafka-topics.sh & co. for operators.
    environment.systemPackages = [ kafka.package ];
  };
}
