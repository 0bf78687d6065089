"""Inject one batch (a value per node, one OPC-UA Write) and collect what every stage made of it with
one Kafka consumer (both topics) and one Flux query per poll (all stages, as separate yields).

Correlation is exact: the fuzz topology's collector uses `timestamp = "source"`, and every batch is
written with its own SourceTimestamp (whole milliseconds, strictly increasing), which is then the
Kafka record's timestamp, the model record's timestamp and the InfluxDB `_time` of each value."""

from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from harness.fuzz.values import opc_ticks, to_float32
from harness.pipeline import Pipeline
from harness.probes.grafana import substitute_macros
from harness.probes.influx import Row

MS = 1_000_000
ABSENT = object()  # marker: a stage holds no value for the subject


@dataclass
class Seen:
    """What the stages held for one batch, by subject (node or computation name)."""

    kafka: dict[str, dict[str, Any]] = field(default_factory=dict)  # node -> fields of its record at the stamp
    model: dict[str, list[float]] = field(default_factory=dict)  # computation -> values published at the stamp
    influx_opc: dict[str, dict[str, Row]] = field(default_factory=dict)  # node id -> field -> row
    influx_model: dict[str, Row] = field(default_factory=dict)  # computation -> row
    panels: dict[str, list[Any]] = field(default_factory=dict)  # panel title -> values shown
    state_before: dict[str, float] = field(default_factory=dict)  # model inputs before the batch
    state_after: dict[str, float] = field(default_factory=dict)  # model inputs after the batch (as on kafka)
    complete: bool = False
    took: float = 0.0


@dataclass
class Injected:
    """One batch as written: the values, their stamp, and any change-guard writes before it."""

    values: dict[str, Any]
    stamp_ns: int
    guarded: dict[str, Any]


def decode_json(raw: bytes) -> Any:
    """Decode Telegraf's JSON exactly: `-0` (Go's negative zero) stays -0.0, other numbers as Python does."""
    return json.loads(raw, parse_int=lambda text: -0.0 if text == "-0" else int(text))


def model_input(value: Any) -> float | None:
    """The model's input rule (docs/INTERFACES.md §3): a finite number, else not an input."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def stored_form(type_name: str, value: Any) -> Any:
    """The value as the OPC server stores it (what it compares to decide "changed")."""
    if type_name == "Float" and isinstance(value, float):
        return to_float32(value)
    if isinstance(value, datetime):
        return opc_ticks(value)  # asyncua clamps to 1601-01-01 .. 9999-12-31T23:59:59
    return value


def unchanged(type_name: str, old: Any, new: Any) -> bool:
    """An OPC-UA server reports a data change only when the value differs (Python ==, so 0.0 == -0.0)."""
    if old is None:
        return False
    try:
        return bool(stored_form(type_name, old) == stored_form(type_name, new))
    except TypeError:
        return False


def sentinel(type_name: str, kind: str, value: Any) -> Any:
    """A different value of the same type, written first so that `value` is reported as a change."""
    if kind == "boolean":
        return not value
    if kind == "integer":
        return value - 1 if value > 0 else value + 1
    if kind == "float":
        return 2.0 if value == 1.0 else 1.0
    if kind == "string":
        return "~" if value != "~" else "~~"
    return datetime(2000, 1, 1, tzinfo=UTC) if value != datetime(2000, 1, 1, tzinfo=UTC) else datetime(
        2001, 1, 1, tzinfo=UTC)


class Collector:
    """One Kafka consumer on the opc and model topics, from their current end."""

    def __init__(self, bootstrap: str, topics: dict[str, str]) -> None:
        from kafka import KafkaConsumer, TopicPartition

        self.topics = topics
        self.consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                      request_timeout_ms=15000, fetch_max_wait_ms=20)
        assigned = []
        for topic in (topics["opc"], topics["model"]):
            partitions = self.consumer.partitions_for_topic(topic) or set()
            assigned += [TopicPartition(topic, p) for p in sorted(partitions)]
        self.consumer.assign(assigned)
        self.consumer.seek_to_end(*assigned)
        for tp in assigned:
            self.consumer.position(tp)
        self.opc: list[dict[str, Any]] = []  # every opc record seen, in order
        self.model: list[dict[str, Any]] = []

    def poll(self, seconds: float) -> None:
        batches = self.consumer.poll(timeout_ms=int(max(seconds, 0.005) * 1000))
        for tp, records in sorted(batches.items(), key=lambda item: item[0].topic):
            target = self.opc if tp.topic == self.topics["opc"] else self.model
            for record in records:
                try:
                    target.append(decode_json(record.value))
                except (ValueError, TypeError):
                    target.append({"unparsed": record.value})

    def close(self) -> None:
        self.consumer.close()


_LAST_YIELD = re.compile(r"\|>\s*yield\(name:\s*\"[^\"]*\"\)\s*$")


class BatchRunner:
    """Holds the probes of one fuzz stack and runs batches through it."""

    def __init__(self, pipe: Pipeline, types: dict[str, Any]) -> None:
        """`types`: node name -> OpcType (harness.config), for the kinds the change guard needs."""
        self.pipe = pipe
        self.nodes = pipe.nodes
        self.types = types
        self.opc = pipe.opc()
        self.influx = pipe.influxdb()
        self.collector = Collector(pipe.kafka_bootstrap, pipe.topics)
        self.timeout = pipe.hop_timeout
        self.last_written: dict[str, Any] = {}
        self.state: dict[str, float] = {}  # last finite numeric value per field, as seen on the opc topic
        self.kafka_seen = 0
        self.last_stamp_ns = 0
        self.inputs = {i for c in pipe.computations for i in c.inputs}
        for node in self.nodes:  # the server's current values: a first batch equal to them needs a guard
            self.last_written[node.name] = self.opc.read(node.id)

    # ---- injection --------------------------------------------------------------------------------
    def next_stamp(self) -> int:
        """A whole-millisecond stamp, at least 2 ms after the previous one (room for a guard stamp)."""
        now = time.time_ns() // MS * MS
        stamp = max(now, self.last_stamp_ns + 2 * MS)
        self.last_stamp_ns = stamp
        return stamp

    def write(self, values: dict[str, Any], stamp_ns: int) -> None:
        """One OPC-UA Write of every value, typed as declared, with SourceTimestamp = stamp."""
        from asyncua import ua

        when = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=stamp_ns // 1000)
        client = self.opc.client
        nodes, data = [], []
        for node in self.nodes:
            if node.name not in values:
                continue
            variant = ua.Variant(values[node.name], getattr(ua.VariantType, node.type))
            nodes.append(client.get_node(node.id))
            data.append(ua.DataValue(variant, SourceTimestamp=when))
        client.write_values(nodes, data)
        self.last_written.update(values)

    def inject(self, values: dict[str, Any]) -> Injected:
        """Hold the simulation, guard unchanged values, then write the batch in one Write."""
        self.opc.hold("*", 10 * self.timeout)
        stamp = self.next_stamp()
        guarded = {}
        for node in self.nodes:
            old = self.last_written.get(node.name)
            if unchanged(node.type, old, values[node.name]):
                kind = self.types[node.name].kind
                guarded[node.name] = sentinel(node.type, kind, values[node.name])
        if guarded:
            self.write(guarded, stamp - MS)
        self.write(values, stamp)
        return Injected(dict(values), stamp, guarded)

    # ---- collection --------------------------------------------------------------------------------
    def _update_state(self, record: dict[str, Any]) -> None:
        if record.get("name") != self.pipe.measurements["opc"]:
            return
        for key, value in (record.get("fields") or {}).items():
            number = model_input(value) if key in self.inputs else None
            if number is not None:
                self.state[key] = number

    def expected_model_records(self, kafka: dict[str, dict[str, Any]]) -> dict[str, int]:
        """Computation -> how many records the model publishes at the stamp: one per batch record that
        updates one of its inputs with a finite number (the model's rule, docs/INTERFACES.md §3)."""
        updating = {name for name, fields in kafka.items() if model_input(fields.get(name)) is not None}
        return {c.name: len(updating & set(c.inputs)) for c in self.pipe.computations}

    def collect(self, injected: Injected) -> Seen:
        """Wait (bounded by the hop timeout) until every stage holds the batch; return what each held."""
        started = time.monotonic()
        seen = Seen(state_before=dict(self.state))
        stamp = injected.stamp_ns
        ids = {n.id: n.name for n in self.nodes}
        deadline = time.monotonic() + self.timeout
        flux = self.flux(stamp)
        influx_done = model_done = kafka_done = False
        while True:
            self.collector.poll(0.05)
            for record in self.collector.opc[self.kafka_seen:]:
                self._update_state(record)
                node = ids.get((record.get("tags") or {}).get("id", ""))
                if node is not None and record.get("timestamp") == stamp:
                    seen.kafka[node] = dict(record.get("fields") or {})
            self.kafka_seen = len(self.collector.opc)
            seen.model = {}
            for record in self.collector.model:
                if record.get("timestamp") == stamp and isinstance(record.get("name"), str):
                    seen.model.setdefault(record["name"], []).append(record.get("value"))
            kafka_done = len(seen.kafka) == len(self.nodes)
            expect_model = self.expected_model_records(seen.kafka) if kafka_done else {}
            model_done = kafka_done and all(len(seen.model.get(c, [])) >= n for c, n in expect_model.items())
            if kafka_done and model_done:
                self._read_influx(flux, seen)
                influx_done = self._influx_complete(seen, expect_model)
            if (kafka_done and model_done and influx_done) or time.monotonic() >= deadline:
                break
        if not influx_done:
            self._read_influx(flux, seen)
        seen.state_after = dict(self.state)
        seen.complete = kafka_done and model_done and influx_done
        seen.took = time.monotonic() - started
        self.collector.opc = self.collector.opc[-50:]
        self.kafka_seen = len(self.collector.opc)
        self.collector.model = [r for r in self.collector.model[-200:] if r.get("timestamp", 0) >= stamp]
        return seen

    def _influx_complete(self, seen: Seen, expect_model: dict[str, int]) -> bool:
        quality = all("Quality" in seen.influx_opc.get(n.id, {}) for n in self.nodes)
        model = all(c in seen.influx_model for c, n in expect_model.items() if n > 0)
        panels = all(
            seen.panels.get(n.name) for n in self.nodes
            if n.name in seen.influx_opc.get(n.id, {}))
        return quality and model and panels

    def flux(self, stamp_ns: int) -> str:
        """One Flux script: the opc and model measurements at the stamp, and every panel's query over
        [stamp, stamp + 1 ms) with Grafana's macros substituted — each as its own yield."""
        start = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=stamp_ns // 1000)
        stop = start + timedelta(milliseconds=1)
        text = lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # noqa: E731
        bucket = self.pipe.influx["bucket"]
        measurements = self.pipe.measurements
        lines = [
            f'data = from(bucket: "{bucket}") |> range(start: {text(start)}, stop: {text(stop)})',
            f'data |> filter(fn: (r) => r._measurement == "{measurements["opc"]}") |> yield(name: "opc")',
            f'data |> filter(fn: (r) => r._measurement == "{measurements["model"]}") |> yield(name: "model")',
        ]
        for index, panel in enumerate(self.pipe.dashboard.get("panels", [])):
            for target in panel.get("targets", []):
                query = substitute_macros(target.get("query", ""), start=start, stop=stop,
                                          interval_s=self.pipe.panel_window, bucket=bucket,
                                          organization=self.pipe.influx["org"])
                lines.append(_LAST_YIELD.sub("", query.strip()) + f' |> yield(name: "panel{index}")')
        return "\n".join(lines)

    def _read_influx(self, flux: str, seen: Seen) -> None:
        titles = [p.get("title", "") for p in self.pipe.dashboard.get("panels", [])]
        seen.influx_opc, seen.influx_model, seen.panels = {}, {}, {}
        for row in self.influx.query(flux):
            result = row.values.get("result")
            if result == "opc":
                seen.influx_opc.setdefault(str(row.values.get("id")), {})[str(row.values.get("_field"))] = row
            elif result == "model":
                seen.influx_model[str(row.values.get("name"))] = row
            elif isinstance(result, str) and result.startswith("panel"):
                title = titles[int(result.removeprefix("panel"))]
                key = str(row.values.get("_field")) if row.values.get("name") is None else str(row.values["name"])
                seen.panels.setdefault(title if title in self.types else key, []).append(row)

    def close(self) -> None:
        self.collector.close()
