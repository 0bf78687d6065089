"""Checking one collected batch against the contracts: pure functions, no I/O.

`verdicts(...)` returns one Verdict per (node, stage) and per batch computation; `failure(...)` turns the
failed ones into a ContractFailure naming value, type, stage, expected and seen."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from harness.errors import ContractFailure
from harness.fuzz.batch import Injected, Seen
from harness.fuzz.contracts import ABSENT, ABSENT_, JSON_FLOATS, NA, Expectation, Rule, expectations
from harness.fuzz.values import close, same, short

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<no record at the batch's timestamp>"})()


@dataclass(frozen=True)
class Verdict:
    """One stage for one subject (a node, or a batch computation)."""

    subject: str
    type_name: str
    stage: str
    injected: Any
    expected: Any
    seen: Any
    ok: bool
    rule: Rule | None
    seen_type: str = ""

    def line(self) -> str:
        outcome = self.rule.outcome if self.rule else "computed"
        stored = f" stored as {self.rule.stored}" if self.rule and self.rule.stored else ""
        seen_type = f" ({self.seen_type})" if self.seen_type else ""
        return (f"{self.stage} [{self.subject}: {self.type_name} = {short(self.injected)}]: expected "
                f"{short(self.expected)}{stored} ({outcome}), saw {short(self.seen)}{seen_type}")


def _row_value(row: Any) -> tuple[Any, str]:
    return (row.value, row.value_type) if row is not None else (ABSENT, "")


def seen_at(stage: str, node: Any, computation: str | None, seen: Seen) -> tuple[Any, str]:
    """What `stage` held for `node` (MISSING when not even its record/Quality point arrived)."""
    if stage == "kafka:opc":
        if node.name not in seen.kafka:
            return MISSING, ""
        return seen.kafka[node.name].get(node.name, ABSENT), ""
    if stage == "influx:opc":
        rows = seen.influx_opc.get(node.id)
        if not rows or "Quality" not in rows:
            return MISSING, ""
        return _row_value(rows.get(node.name))
    if stage == "model":
        values = seen.model.get(computation or "", [])
        return (values[-1] if values else ABSENT), ""
    if stage == "influx:model":
        return _row_value(seen.influx_model.get(computation or ""))
    rows = seen.panels.get(node.name) or []
    return _row_value(rows[-1] if rows else None)


def matches(expectation: Expectation, seen: Any, seen_type: str) -> bool:
    """The stage holds what the contract says (model stages to float tolerance, Flux types exactly)."""
    rule = expectation.rule
    if rule.outcome == ABSENT_:
        return seen is ABSENT
    if seen is ABSENT or seen is MISSING:
        return False
    if rule.stored and seen_type and seen_type != rule.stored:
        return False
    if expectation.stage in ("model", "influx:model"):
        return close(seen, expectation.value)
    return same(expectation.value, seen)


def node_verdicts(node: Any, type_name: str, injected: Any, seen: Seen, abs_name: str | None,
                  ) -> list[Verdict]:
    """Every stage's verdict for one node's injected value."""
    result = []
    for stage, expectation in expectations(type_name, injected).items():
        if expectation.rule.outcome == NA:
            continue
        value, value_type = seen_at(stage, node, abs_name, seen)
        if stage == "kafka:opc" and type_name in JSON_FLOATS and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)  # a JSON number of a float field denotes a double (see JSON_FLOAT_DIGITS)
        ok = value is not MISSING and matches(expectation, value, value_type)
        subject = abs_name if stage in ("model", "influx:model") and abs_name else node.name
        result.append(Verdict(subject, type_name, stage, injected, expectation.value, value, ok,
                              expectation.rule, value_type))
    return result


def mean_abs(values: list[float]) -> float:
    """Exact mean of |x| (rational arithmetic), correctly rounded: independent of the model's formula."""
    return float(sum((Fraction(abs(v)) for v in values), Fraction(0)) / len(values))


def geomean_abs(values: list[float]) -> float:
    """Geometric mean of |x|; 0.0 when any value is 0 (the model's documented limit)."""
    if any(v == 0 for v in values):
        return 0.0
    return math.exp(math.fsum(math.log(abs(v)) for v in values) / len(values))


FUNCTIONS = {"mean_abs": mean_abs, "geomean_abs": geomean_abs}


def computation_verdicts(computations: list[Any], seen: Seen, injected: Injected, single: set[str],
                         ) -> list[Verdict]:
    """Batch computations (several inputs): the last record at the stamp, and the stored point, equal
    the function over the model's inputs after the batch (the last finite value of each on the topic)."""
    result = []
    for comp in computations:
        if comp.name in single or not all(i in seen.state_after for i in comp.inputs):
            continue
        inputs = [seen.state_after[i] for i in comp.inputs]
        expected = FUNCTIONS[comp.function](inputs)
        updated = any(seen.kafka.get(i, {}).get(i, ABSENT) is not ABSENT for i in comp.inputs)
        values = seen.model.get(comp.name, [])
        row = seen.influx_model.get(comp.name)
        pairs = (("model", values[-1] if values else ABSENT, ""),
                 ("influx:model", row.value if row else ABSENT, row.value_type if row else ""))
        for stage, value, value_type in pairs:
            ok = close(value, expected) if updated else value is ABSENT
            result.append(Verdict(comp.name, f"{comp.function}({len(comp.inputs)} inputs)", stage,
                                  {i: injected.values.get(i) for i in comp.inputs}, expected if updated else ABSENT,
                                  value, ok, None, value_type))
    return result


def verdicts(nodes: list[Any], types: dict[str, str], computations: list[Any], injected: Injected,
             seen: Seen) -> list[Verdict]:
    """All verdicts for one batch: per node and stage, then per batch computation."""
    single = {c.name: c.inputs[0] for c in computations if len(c.inputs) == 1 and c.function == "mean_abs"}
    abs_of = {node: name for name, node in single.items()}
    result = []
    for node in nodes:
        result += node_verdicts(node, types[node.name], injected.values[node.name], seen, abs_of.get(node.name))
    return result + computation_verdicts(computations, seen, injected, set(single))


def failure(failed: list[Verdict]) -> ContractFailure:
    """One ContractFailure for a batch: the first failure in pipeline order, the others as a hint."""
    first = failed[0]
    others = "; ".join(v.line() for v in failed[1:4])
    more = f" (+{len(failed) - 4} more)" if len(failed) > 4 else ""
    hint = f"{first.subject} is {first.type_name} {short(first.injected)}"
    if first.rule is not None:
        reason = f": {first.rule.reason}" if first.rule.reason else ""
        hint += f" ({first.rule.outcome} rule for '{first.rule.case}'{reason})"
    if others:
        hint += f"; also: {others}{more}"
    return ContractFailure(first.stage, first.expected, first.seen, hint=hint)
