"""The model service against a real Kafka (the provisioned runtime, configured from topology.nix).

One story: start Kafka and the model; produce Telegraf JSON (good, malformed, non-numeric, NaN) to the
input topic; every model record arrives with the independently computed value and the triggering
timestamp; the group's committed offset reaches the input's end; SIGTERM is clean; records produced
while the model is down are computed after its restart, and nothing is computed twice.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support import ServiceProcess, port_free, wait_until

pytestmark = [pytest.mark.provision, pytest.mark.slow, pytest.mark.timeout(300)]


def _skip(reason: str) -> None:
    print(f"SKIP: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Kafka from the provisioned runtime with the rendered server.properties, ports moved to free ones."""
    if shutil.which("nix-instantiate") is None:
        _skip("nix-instantiate is not installed (apt-get install nix-bin): cannot render topology.nix")
    from harness.provision.runtimes import locate
    from harness.stack import catalog
    from harness.stack.services import base_environment
    from harness.stack.supervisor import Supervisor
    from harness.targets.local import LocalTarget

    try:
        kafka = locate("kafka")
    except Exception as exc:
        _skip(f"kafka unavailable: {exc}")
    if kafka is None:
        _skip("kafka is not provisioned (run `python -m harness provision kafka`)")
    run_dir = tmp_path_factory.mktemp("model-kafka")
    rng = random.Random()
    for _ in range(50):
        offset = rng.randrange(20000, 40000, 10)
        target = LocalTarget(run_dir=run_dir, port_offset=offset)
        services = target.topology["services"]
        ports = [services["kafka"]["port"] + offset, services["kafka"]["controllerPort"] + offset]
        if all(port_free(p) for p in ports):
            break
    files = target.rendered_files()
    spec = catalog.kafka_spec(target.settings, files, target.layout, kafka)
    spec.log = target.layout.log("kafka")
    spec.env = base_environment(spec.env)
    supervisor = Supervisor([spec], run_dir / "state.json")
    began = time.monotonic()
    supervisor.up()
    print(f"kafka {kafka.version} ({kafka.source}) up in {time.monotonic() - began:.1f}s on port {ports[0]}")
    try:
        yield {"model": json.loads(files["model.json"].read_text()), "dir": run_dir}
    finally:
        supervisor.down()


def telegraf_json(fields: dict[str, Any], timestamp: int, name: str) -> bytes:
    """A record as Telegraf's JSON serializer writes it (nanosecond timestamps)."""
    return json.dumps({"fields": {**fields, "Quality": "The operation succeeded. StatusGood (0x0)"},
                       "name": name, "tags": {"id": "ns=2;i=2"}, "timestamp": timestamp}).encode()


class Expectation:
    """The model's contract, recomputed here independently (statistics module, own state)."""

    def __init__(self, model: dict[str, Any]) -> None:
        self.model = model
        self.last: dict[str, float] = {}
        self.records: list[tuple[str, float, int]] = []

    def feed(self, fields: dict[str, Any], timestamp: int) -> None:
        updated = set()
        for key, value in fields.items():
            if type(value) in (int, float) and value == value and abs(value) != float("inf"):
                self.last[key] = float(value)
                updated.add(key)
        for comp in self.model["computations"]:
            inputs = comp["inputs"]
            if updated & set(inputs) and all(i in self.last for i in inputs):
                xs = [abs(self.last[i]) for i in inputs]
                if comp["function"] == "mean_abs":
                    value = statistics.fmean(xs)
                else:
                    value = 0.0 if 0.0 in xs else statistics.geometric_mean(xs)
                self.records.append((comp["name"], value, timestamp))


def _consume_all(model: dict[str, Any], topic: str) -> list[Any]:
    """Every record of `topic` up to its current end."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=model["brokers"], enable_auto_commit=False,
                             group_id=None, consumer_timeout_ms=2000)
    try:
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
        consumer.assign(parts)
        consumer.seek_to_beginning(*parts)
        end = consumer.end_offsets(parts)
        seen: list[Any] = []
        while any(consumer.position(p) < end[p] for p in parts):
            for records in consumer.poll(timeout_ms=500).values():
                seen.extend(records)
        return sorted(seen, key=lambda r: (r.partition, r.offset))
    finally:
        consumer.close()


def _committed_at_end(model: dict[str, Any]) -> bool:
    """Whether the model's group has committed the input topic's end offset (read without joining)."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=model["brokers"], group_id=model["groupId"],
                             enable_auto_commit=False)
    try:
        parts = [TopicPartition(model["inputTopic"], p)
                 for p in consumer.partitions_for_topic(model["inputTopic"]) or []]
        end = consumer.end_offsets(parts)
        return bool(parts) and all(consumer.committed(p) == end[p] for p in parts)
    finally:
        consumer.close(autocommit=False)


def _produce(model: dict[str, Any], messages: list[bytes]) -> None:
    from kafka import KafkaProducer

    producer = KafkaProducer(bootstrap_servers=model["brokers"], acks="all")
    for message in messages:
        producer.send(model["inputTopic"], message)
    producer.flush()
    producer.close()


def _start_model(model: dict[str, Any], tmp: Path) -> tuple[ServiceProcess, float]:
    began = time.monotonic()
    proc = ServiceProcess("model", model, tmp)
    line = proc.wait_line("model: ready", 90)
    assert f"as group {model['groupId']}" in line and model["inputTopic"] in line
    return proc, time.monotonic() - began


def _check_outputs(model: dict[str, Any], expected: Expectation) -> None:
    want = len(expected.records)
    wait_until(lambda: _committed_at_end(model), 60, "the model's committed offset at the input's end")
    records = _consume_all(model, model["outputTopic"])  # final: outputs are flushed before the commit
    seen = [json.loads(r.value) for r in records]
    assert len(seen) == want, f"expected {want} model records, got {len(seen)}: {seen[-5:]}"
    for record, (name, value, timestamp) in zip(seen, expected.records, strict=True):
        assert set(record) == {"name", "value", "timestamp"}
        assert (record["name"], record["timestamp"]) == (name, timestamp)
        assert abs(record["value"] - value) <= 1e-9 * max(1.0, abs(value)), (record, value)
    assert all(r.key == json.loads(r.value)["name"].encode() for r in records)


def test_model_round_trip_with_bad_input_restart_and_exact_counts(stack: dict[str, Any], tmp_path: Path) -> None:
    model = {**stack["model"], "groupId": f"model-test-{uuid.uuid4().hex[:8]}"}
    inputs = sorted({i for c in model["computations"] for i in c["inputs"]})
    measurement = model["measurement"]
    expected = Expectation(model)
    rng = random.Random(5)
    now = time.time_ns()

    def good(i: int) -> tuple[dict[str, Any], int]:
        fields = {inputs[i % len(inputs)]: rng.choice([rng.uniform(-1000, 1000), 0.0, rng.randint(-5, 5)])}
        return fields, now + i

    proc, took = _start_model(model, tmp_path)
    try:
        print(f"model ready in {took:.1f}s")
        messages = []
        for i in range(30):
            fields, ts = good(i)
            messages.append(telegraf_json(fields, ts, measurement))
            expected.feed(fields, ts)
            if i == 10:  # bad input in the middle: skipped, never fatal, committed past
                messages += [b"not json", b'{"fields": {}}',
                             telegraf_json({inputs[0]: 1.0}, now, "other_measurement"),
                             telegraf_json({inputs[0]: "hot"}, now, measurement),
                             b'{"fields": {"%s": NaN}, "name": "%s", "timestamp": 1}'
                             % (inputs[0].encode(), measurement.encode())]
        produced_at = time.monotonic()
        _produce(model, messages)
        _check_outputs(model, expected)
        print(f"{len(messages)} inputs -> {len(expected.records)} model records in "
              f"{time.monotonic() - produced_at:.2f}s")
        code, stop_took = proc.terminate()
        assert code == 0, proc.stderr()[-2000:]
        print(f"model stopped in {stop_took:.2f}s")
        log = proc.stderr()
        assert "malformed message skipped: not JSON" in log
        assert f"input {inputs[0]} at {now} skipped: not a number (str" in log
        assert "skipped: not finite (nan)" in log
    finally:
        proc.stop()

    # While the model is down: more input. After the restart it is computed once; nothing earlier again.
    expected.last.clear()  # the model keeps its last values in memory only
    later = []
    for i in range(100, 112):
        fields, ts = good(i)
        later.append(telegraf_json(fields, ts, measurement))
        expected.feed(fields, ts)
    _produce(model, later)
    restart_dir = tmp_path / "restart"
    restart_dir.mkdir()
    proc, took = _start_model(model, restart_dir)
    print(f"model ready again in {took:.1f}s")
    try:
        _check_outputs(model, expected)
    finally:
        proc.stop()
