"""The provisioned Kafka formats its storage, serves KRaft, and round-trips a record with kafka-python."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

from harness.provision.runtimes import kafka_log4j_config

from .support import Service, free_port, need, port_open, wait_until

pytestmark = [pytest.mark.provision, pytest.mark.timeout(240)]


def _properties(tmp: Path, port: int, controller: int) -> Path:
    path = tmp / "server.properties"
    path.write_text("\n".join([
        "process.roles=broker,controller",
        "node.id=1",
        f"controller.quorum.voters=1@127.0.0.1:{controller}",
        f"listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller}",
        f"advertised.listeners=PLAINTEXT://127.0.0.1:{port}",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        f"log.dirs={tmp / 'data'}",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "num.partitions=1",
        "",
    ]))
    return path


def test_kafka_round_trip(tmp_path: Path, services: list[Service]) -> None:
    from kafka import KafkaConsumer, KafkaProducer

    kafka = need("kafka")
    port, controller = free_port(), free_port()
    properties = _properties(tmp_path, port, controller)
    log4j = tmp_path / "log4j2.properties"
    broker_log = tmp_path / "broker.log"
    log4j.write_text(kafka_log4j_config(broker_log))

    cluster_id = "PipelineHarnessTest0001"[:22]
    fmt = subprocess.run(kafka.kafka_format_command(cluster_id, properties), capture_output=True, text=True,
                         timeout=120)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    assert (tmp_path / "data" / "meta.properties").is_file()
    assert f"cluster.id={cluster_id}" in (tmp_path / "data" / "meta.properties").read_text()

    server = Service(kafka.kafka_server_command(properties, log4j), tmp_path / "stdout.log")
    services.append(server)
    wait_until(lambda: port_open(port) or (not server.alive() and pytest.fail("kafka exited")), 120,
               "kafka listening", broker_log)

    topic, value = "provision-test", uuid.uuid4().hex.encode()
    producer = KafkaProducer(bootstrap_servers=f"127.0.0.1:{port}", acks="all")
    producer.send(topic, value).get(timeout=60)
    producer.close()
    consumer = KafkaConsumer(topic, bootstrap_servers=f"127.0.0.1:{port}", auto_offset_reset="earliest",
                             group_id=f"g-{uuid.uuid4().hex[:6]}")
    seen: list[bytes] = []

    def consumed() -> bool:
        for records in consumer.poll(timeout_ms=500).values():
            seen.extend(record.value for record in records)
        return value in seen

    wait_until(consumed, 60, "the produced record consumed back", broker_log, interval=0)
    consumer.close()
    assert seen == [value]
    # Our log4j2 config is in effect: the broker wrote its INFO log to the file we named.
    assert "Kafka Server started" in broker_log.read_text()
