"""Turning Telegraf JSON metrics into model records (pure: no Kafka here).

Input (one Kafka message, Telegraf `data_format = "json"`, `json_timestamp_units = "1ns"`)::

    {"fields": {"Temperature": 19.86, "Quality": "..."}, "name": "opc_server",
     "tags": {"id": "ns=2;i=2"}, "timestamp": 1796325095072542747}

A batch (`{"metrics": [...]}`) is accepted too. Rules, each skip logged by the caller, never fatal:
- not JSON / not that shape / timestamp not an integer → the message is skipped;
- `name` other than the configured measurement → ignored (not an error);
- an input field that is not a finite number (bool, string, null, NaN, ±Inf, an integer beyond float
  range) → that value is skipped, the previous value of that input stays;
- fields that are no computation's input (e.g. `Quality`) are ignored.
A computation is published when the message updated at least one of its inputs and every input has a value.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from model.computations import FUNCTIONS
from model.config import ComputationSpec


@dataclass(frozen=True)
class Metric:
    name: str
    fields: dict[str, Any]
    timestamp: int


@dataclass
class Outcome:
    """What one Kafka message produced: records to publish and reasons for anything skipped."""

    records: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class Malformed(ValueError):
    """The message is not a Telegraf JSON metric."""


def _metric(obj: Any) -> Metric:
    if not isinstance(obj, dict):
        raise Malformed(f"expected a JSON object, got {type(obj).__name__}")
    name, fields, timestamp = obj.get("name"), obj.get("fields"), obj.get("timestamp")
    if not isinstance(name, str):
        raise Malformed("missing or non-string 'name'")
    if not isinstance(fields, dict):
        raise Malformed("missing or non-object 'fields'")
    if isinstance(timestamp, bool) or not isinstance(timestamp, int):
        raise Malformed(f"'timestamp' must be integer nanoseconds, got {timestamp!r}")
    return Metric(name, fields, timestamp)


def parse_message(raw: bytes | None) -> list[Metric]:
    """Parse one Kafka message value into metrics; raises Malformed."""
    if raw is None:
        raise Malformed("empty message (no value)")
    try:
        obj = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Malformed(f"not JSON: {exc}") from None
    if isinstance(obj, dict) and isinstance(obj.get("metrics"), list):
        return [_metric(m) for m in obj["metrics"]]
    return [_metric(obj)]


def as_input(value: Any) -> float | str:
    """A finite float, or the reason the value cannot be a model input."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"not a number ({type(value).__name__} {value!r:.40})"
    try:
        number = float(value)
    except OverflowError:
        return f"integer {value} is beyond float range"
    return number if math.isfinite(number) else f"not finite ({number!r})"


class ModelState:
    """The last value of every input, and the computations over them."""

    def __init__(self, measurement: str, computations: tuple[ComputationSpec, ...]) -> None:
        self.measurement = measurement
        self.computations = computations
        self.inputs = {i for c in computations for i in c.inputs}
        self.last: dict[str, float] = {}

    def handle(self, raw: bytes | None) -> Outcome:
        """Apply one Kafka message; return the records to publish (in computation order) and skips."""
        outcome = Outcome()
        try:
            metrics = parse_message(raw)
        except Malformed as exc:
            outcome.skipped.append(f"malformed message skipped: {exc}")
            return outcome
        for metric in metrics:
            if metric.name != self.measurement:
                continue
            updated: set[str] = set()
            for key, value in metric.fields.items():
                if key not in self.inputs:
                    continue
                number = as_input(value)
                if isinstance(number, str):
                    outcome.skipped.append(f"input {key} at {metric.timestamp} skipped: {number}")
                    continue
                self.last[key] = number
                updated.add(key)
            outcome.records.extend(self._compute(updated, metric.timestamp, outcome))
        return outcome

    def _compute(self, updated: set[str], timestamp: int, outcome: Outcome) -> list[dict[str, Any]]:
        records = []
        for comp in self.computations:
            if updated.isdisjoint(comp.inputs) or not all(i in self.last for i in comp.inputs):
                continue
            value = FUNCTIONS[comp.function]([self.last[i] for i in comp.inputs])
            if not math.isfinite(value):
                outcome.skipped.append(f"{comp.name} at {timestamp} not published: result {value!r}")
                continue
            records.append({"name": comp.name, "value": value, "timestamp": timestamp})
        return records
