"""One e2e round: hold the simulation, write one value per node, and prove each value at every hop."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from harness.e2e import expected as model_math
from harness.e2e.checks import Check, latency_ms
from harness.pipeline import Computation, Node, Pipeline
from harness.probes.influx import InfluxProbe, Row
from harness.steps import StepLog

NS_WINDOW = 120 * 10**9  # a Kafka timestamp must be within 2 minutes of the write, in nanoseconds


@dataclass
class RoundResult:
    """Every check of one round, plus what was injected."""

    injected: dict[str, Any]
    written_ns: dict[str, int]
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def failed_hops(self) -> set[str]:
        return {check.hop for check in self.checks if not check.ok}


def same_value(node_type: str, injected: Any, seen: Any) -> bool:
    """The value seen at a hop equals the injected one (numbers by value, Float through float32)."""
    if isinstance(seen, bool) or isinstance(injected, bool):
        return seen is injected or (seen == injected and type(seen) is type(injected))
    if isinstance(injected, int | float) and isinstance(seen, int | float):
        return float(seen) == float(injected) or (math.isnan(seen) and math.isnan(injected))
    return bool(seen == injected)


def run_round(pipe: Pipeline, values: dict[str, Any], *, steps: StepLog) -> RoundResult:
    """Inject `values` (node name -> value) and check kafka:opc, influx, model, influx:model and panels."""
    started = datetime.now(UTC) - timedelta(seconds=2)
    timeout = pipe.hop_timeout
    with steps.step("open watches on the Kafka topics", tag="db"):
        opc_topic = pipe.watch("opc")
        model_topic = pipe.watch("model")
    influx = pipe.influxdb()
    with steps.step("hold the simulation and write one value per node", tag="opc"):
        opc = pipe.opc()
        opc.hold("*", 6 * timeout)
        written = {node.name: opc.write(node.id, node.type, values[node.name]) for node in pipe.nodes}
    result = RoundResult(dict(values), written)
    try:
        with steps.step(f"expect every value in topic {pipe.topics['opc']!r}", tag="collector"):
            result.checks += check_kafka_opc(pipe, opc_topic, values, written, timeout)
        with steps.step(f"expect every value in bucket {pipe.influx['bucket']!r}", tag="db"):
            result.checks += check_influx_opc(pipe, influx, values, written, started, timeout)
        expected = expected_model(pipe.computations, values)
        last_write = max(written.values())
        with steps.step(f"expect the model's records in topic {pipe.topics['model']!r}", tag="db"):
            result.checks += check_model(pipe, model_topic, expected, last_write, timeout)
        with steps.step("expect the model's measurement in InfluxDB", tag="db"):
            result.checks += check_influx_model(pipe, influx, expected, last_write, started, timeout)
        with steps.step("expect every dashboard panel to show the values", tag="db"):
            from harness.e2e.panels import check_panels

            result.checks += check_panels(pipe, influx, values, expected, written, started, timeout)
    finally:
        opc.hold("*", 0)
    mark_late_latencies(result.checks)
    return result


LATE = "latency is an upper bound: polled after a failed hop's wait"


def mark_late_latencies(checks: list[Check]) -> None:
    """A polled hop (InfluxDB, panels) checked after another hop timed out was first polled late: say so.

    Kafka hops are read continuously in the background, so their latencies stay exact."""
    failed_before = False
    for check in checks:
        if check.ok and failed_before and not check.hop.startswith(("kafka:", "model:")) and not check.note:
            check.note = LATE
        failed_before = failed_before or not check.ok


def expected_model(computations: list[Computation], values: dict[str, Any]) -> dict[str, float]:
    """Each computation over the injected values, as the harness computes it."""
    return {c.name: model_math.compute(c.function, [float(values[name]) for name in c.inputs])
            for c in computations}


def check_kafka_opc(pipe: Pipeline, watch: Any, values: dict[str, Any], written: dict[str, int],
                    timeout: float) -> list[Check]:
    """Each node's value arrives as Telegraf JSON: measurement, field, equal value, id tag, ns timestamp."""
    measurement = pipe.measurements["opc"]

    def expectation(node: Node) -> Any:
        def matches(record: Any) -> bool:
            return (record["name"] == measurement and node.name in record["fields"]
                    and same_value(node.type, values[node.name], record["fields"][node.name])
                    and record["tags"].get("id") == node.id
                    and isinstance(record["timestamp"], int)
                    and abs(record["timestamp"] - written[node.name]) < NS_WINDOW)
        return matches

    found = watch.await_matches({node.name: expectation(node) for node in pipe.nodes}, timeout=timeout)
    checks = []
    for node in pipe.nodes:
        arrival = found[node.name]
        hop = f"kafka:{pipe.topics['opc']}"
        if arrival is not None:
            checks.append(Check(hop, node.name, True, latency_ms(arrival.received_ns, written[node.name]),
                                values[node.name], arrival.value["fields"][node.name]))
        else:
            seen = [a.value for a in watch.seen if _mentions(a.value, node.name)][-3:]
            checks.append(Check(hop, node.name, False, None, _kafka_shape(measurement, node, values[node.name]),
                                seen or f"no record for {node.name} within {timeout:.0f}s",
                                log=pipe.target.log_of("collector")))
    return checks


def _mentions(record: Any, field_name: str) -> bool:
    return isinstance(record, dict) and field_name in (record.get("fields") or {})


def _kafka_shape(measurement: str, node: Node, value: Any) -> dict[str, Any]:
    return {"name": measurement, "fields": {node.name: value}, "tags": {"id": node.id}, "timestamp": "<ns>"}


def poll_rows(influx: InfluxProbe, flux: str, wanted: dict[str, Any], timeout: float,
              ) -> tuple[dict[str, tuple[Row, int]], list[Row]]:
    """Re-run `flux` until every `wanted[key](row)` has matched a row, or `timeout`.

    Returns key -> (row, ns when first seen) for the matches, and the rows of the last query."""
    deadline = time.monotonic() + timeout
    delay = 0.1
    found: dict[str, tuple[Row, int]] = {}
    while True:
        rows = influx.query(flux)
        now = time.time_ns()
        for key, accept in wanted.items():
            if key not in found:
                match = next((row for row in rows if accept(row)), None)
                if match is not None:
                    found[key] = (match, now)
        if len(found) == len(wanted) or time.monotonic() >= deadline:
            return found, rows
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 1.5, 1.0)


def flux_range(bucket: str, start: datetime) -> str:
    """`from(bucket) |> range(start)` with an RFC 3339 start."""
    return f'from(bucket: "{bucket}") |> range(start: {start.strftime("%Y-%m-%dT%H:%M:%S.%fZ")})'


def check_influx_opc(pipe: Pipeline, influx: InfluxProbe, values: dict[str, Any], written: dict[str, int],
                     started: datetime, timeout: float) -> list[Check]:
    """Each node's value is queryable with Flux (one query for all nodes), stored as a float field."""
    measurement = pipe.measurements["opc"]
    hop = f"influx:{measurement}"
    flux = f'{flux_range(pipe.influx["bucket"], started)} |> filter(fn: (r) => (r._measurement == "{measurement}"))'

    def accept(node: Node) -> Any:
        return lambda r: r.values.get("_field") == node.name and same_value(node.type, values[node.name], r.value)

    found, rows = poll_rows(influx, flux, {node.name: accept(node) for node in pipe.nodes}, timeout)
    checks = []
    for node in pipe.nodes:
        value = values[node.name]
        row, arrived = found.get(node.name, (None, 0))
        if row is not None and (row.value_type == "double" or node.type not in ("Double", "Float")):
            checks.append(Check(hop, node.name, True, latency_ms(arrived, written[node.name]), value,
                                f"{row.value} ({row.value_type})"))
        else:
            seen = f"{row.value} stored as {row.value_type}" if row else [
                f"{r.value} ({r.value_type})" for r in rows if r.values.get("_field") == node.name][-3:] or "no rows"
            checks.append(Check(hop, node.name, False, None, f"{value} (double)", seen,
                                log=pipe.target.log_of("collector")))
    return checks


def check_model(pipe: Pipeline, watch: Any, expected: dict[str, float], last_write: int,
                timeout: float) -> list[Check]:
    """The model publishes each computation over the injected values, with a ns timestamp."""
    def expectation(name: str, value: float) -> Any:
        return lambda r: (r["name"] == name and model_math.close(r["value"], value)
                          and isinstance(r["timestamp"], int) and abs(r["timestamp"] - last_write) < NS_WINDOW)

    found = watch.await_matches({n: expectation(n, v) for n, v in expected.items()}, timeout=timeout)
    hop = f"model:{pipe.topics['model']}"
    checks = []
    for name, value in expected.items():
        arrival = found[name]
        if arrival is not None:
            checks.append(Check(hop, name, True, latency_ms(arrival.received_ns, last_write), value,
                                arrival.value["value"]))
        else:
            seen = [a.value for a in watch.seen if isinstance(a.value, dict) and a.value.get("name") == name][-3:]
            checks.append(Check(hop, name, False, None, value, seen or "no record", log=pipe.target.log_of("model")))
    return checks


def check_influx_model(pipe: Pipeline, influx: InfluxProbe, expected: dict[str, float], last_write: int,
                       started: datetime, timeout: float) -> list[Check]:
    """The model-ingest Telegraf writes each computation into the model measurement."""
    measurement = pipe.measurements["model"]
    hop = f"influx:{measurement}"
    flux = f'{flux_range(pipe.influx["bucket"], started)} |> filter(fn: (r) => (r._measurement == "{measurement}"))'

    def accept(name: str, value: float) -> Any:
        return lambda r: r.values.get("name") == name and model_math.close(r.value, value)

    found, rows = poll_rows(influx, flux, {n: accept(n, v) for n, v in expected.items()}, timeout)
    checks = []
    for name, value in expected.items():
        if name in found:
            row, arrived = found[name]
            checks.append(Check(hop, name, True, latency_ms(arrived, last_write), value, row.value))
        else:
            seen = [r.value for r in rows if r.values.get("name") == name][-3:] or "no rows"
            checks.append(Check(hop, name, False, None, value, seen, log=pipe.target.log_of("model-ingest")))
    return checks
