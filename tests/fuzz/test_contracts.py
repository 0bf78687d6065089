"""The contract table: well-formed, backed by real observations, rendered into docs/CONTRACTS.md."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from harness.fuzz import doc
from harness.fuzz.batch import Injected, Seen, decode_json, sentinel, unchanged
from harness.fuzz.check import MISSING, geomean_abs, mean_abs, verdicts
from harness.fuzz.contracts import (
    ABSENT,
    ABSENT_,
    CASES,
    CONTRACTS,
    CONVERSIONS,
    CONVERTED,
    STAGES,
    expectations,
    rules,
)
from harness.fuzz.session import kept_examples, load_observations
from harness.fuzz.values import telegraf_datetime
from harness.probes.influx import Row

OPC_TYPES = ["Boolean", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Float",
             "Double", "String", "DateTime"]


def test_every_type_has_every_stage() -> None:
    assert sorted(CONTRACTS) == sorted(OPC_TYPES)
    for type_name, stages in CONTRACTS.items():
        assert set(stages) == set(STAGES), type_name


def test_rules_name_known_cases_and_conversions_and_give_reasons() -> None:
    for type_name, stage, rule in rules():
        assert rule.case in CASES, (type_name, stage, rule)
        if rule.outcome == CONVERTED:
            assert rule.convert in CONVERSIONS and rule.reason, (type_name, stage, rule)
        if rule.outcome == ABSENT_:
            assert rule.reason, (type_name, stage, rule)


def test_every_converted_or_absent_rule_is_backed_by_a_real_observation() -> None:
    observed = load_observations()
    needed = {f"{t}|{s}|{r.case}" for t, s, r in rules() if r.outcome in (CONVERTED, ABSENT_)}
    assert needed - set(observed) == set(), "run `python -m harness fuzz --record` on the real stack"
    assert set(observed) - needed == set(), "observations of rules that no longer exist"


def test_the_doc_is_current() -> None:
    assert doc.DOC.read_text() == doc.render(load_observations()), (
        "docs/CONTRACTS.md is stale: run `python -m harness fuzz --contracts-md`")


@pytest.mark.parametrize(("type_name", "value", "stage", "expected"), [
    ("Float", 0.1, "kafka:opc", 0.10000000149011612),
    ("Double", math.nan, "influx:opc", ABSENT),
    ("Double", math.inf, "model", ABSENT),
    ("UInt64", 2**64 - 1, "influx:opc", 2**64 - 1),
    ("UInt64", 2**64 - 1, "model", 1.8446744073709552e19),
    ("String", "", "influx:opc", None),
    ("String", "a\nb\r", "panel", "a\r\nb"),
    ("DateTime", datetime(1601, 1, 1, tzinfo=UTC), "kafka:opc", "0001-01-01T00:00:00Z"),
    ("DateTime", datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), "kafka:opc",
     "2185-07-21T23:34:33.709551516Z"),
    ("DateTime", datetime(2024, 2, 29, 12, 0, 0, 120000, tzinfo=UTC), "influx:opc", "2024-02-29T12:00:00.12Z"),
])
def test_expectations_follow_the_table(type_name: str, value: Any, stage: str, expected: Any) -> None:
    got = expectations(type_name, value)[stage].value
    assert got is expected if expected is ABSENT else got == expected


def test_datetime_rule_matches_go_formatting_at_the_int64_limits() -> None:
    assert telegraf_datetime(datetime(2262, 4, 11, 23, 47, 16, 854775, tzinfo=UTC)) == "2262-04-11T23:47:16.854775Z"
    low = datetime(1677, 9, 21, 0, 12, 43, 145225, tzinfo=UTC)
    assert telegraf_datetime(low) == "1677-09-21T00:12:43.145225Z"
    assert telegraf_datetime(low - timedelta(microseconds=1)).startswith("2262-04-11")


def test_decode_json_keeps_negative_zero() -> None:
    value = decode_json(b'{"x": -0, "y": 0, "z": 54532476626068830}')
    assert math.copysign(1, value["x"]) < 0 and value["y"] == 0 and value["z"] == 54532476626068830


def test_change_guard() -> None:
    assert unchanged("Double", 0.0, -0.0) and unchanged("Float", 0.1, 0.10000000149011612)
    assert not unchanged("Double", math.nan, math.nan) and not unchanged("Double", None, 1.0)
    late = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    assert unchanged("DateTime", late, late - timedelta(milliseconds=500))
    assert sentinel("Int64", "integer", 2**63 - 1) == 2**63 - 2 and sentinel("Byte", "integer", 0) == 1


def test_model_functions_are_exact_and_defined_at_zero() -> None:
    assert mean_abs([1.7976931348623157e308] * 3) == 1.7976931348623157e308
    assert geomean_abs([0.0, 5.0]) == 0.0 and math.isclose(geomean_abs([2.0, 8.0]), 4.0)


class _Node:
    def __init__(self, name: str, id_: str, type_: str) -> None:
        self.name, self.id, self.type = name, id_, type_


def _row(value: Any, value_type: str) -> Row:
    return Row({"_value": value}, value_type)


def test_verdicts_name_stage_expected_and_seen() -> None:
    node = _Node("FuzzDouble", "ns=2;i=110", "Double")
    seen = Seen(kafka={"FuzzDouble": {"Quality": "ok"}},
                influx_opc={"ns=2;i=110": {"Quality": _row("ok", "string"), "FuzzDouble": _row(1.0, "double")}})
    result = verdicts([node], {"FuzzDouble": "Double"}, [], Injected({"FuzzDouble": math.nan}, 0, {}), seen)
    by_stage = {v.stage: v for v in result}
    assert by_stage["kafka:opc"].ok
    assert not by_stage["influx:opc"].ok and "influx:opc [FuzzDouble: Double = nan]" in by_stage["influx:opc"].line()
    missing = verdicts([node], {"FuzzDouble": "Double"}, [], Injected({"FuzzDouble": 1.0}, 0, {}), Seen())
    assert all(not v.ok for v in missing) and missing[0].seen is MISSING


def test_kept_examples_are_complete_batches() -> None:
    kept = kept_examples()
    assert kept and all(len(batch) == len(OPC_TYPES) for _name, batch in kept)
