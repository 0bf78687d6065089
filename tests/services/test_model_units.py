"""The model's pure parts: the computations, message handling, and config checking."""

from __future__ import annotations

import copy
import json
import math
import statistics
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.computations import FUNCTIONS, geomean_abs, mean_abs
from model.config import ConfigError, parse_config
from model.messages import Malformed, ModelState, as_input, parse_message

CONFIG: dict[str, Any] = {
    "brokers": ["127.0.0.1:9092"], "inputTopic": "opc", "outputTopic": "model", "groupId": "g",
    "measurement": "opc_server", "extra": 1,
    "computations": [
        {"name": "model1", "function": "mean_abs", "inputs": ["A", "B", "C"]},
        {"name": "model2", "function": "geomean_abs", "inputs": ["A", "B", "C"]},
        {"name": "onlyA", "function": "mean_abs", "inputs": ["A"]},
    ],
}
finite = st.floats(allow_nan=False, allow_infinity=False)
values = st.lists(finite, min_size=1, max_size=20)


# ---- computations -------------------------------------------------------------------------------
def test_known_values() -> None:
    assert mean_abs([19.5, -1013.0, 50.5]) == 361.0
    assert geomean_abs([2.0, -8.0]) == 4.0
    assert geomean_abs([1.0, 0.0, 5.0]) == 0.0
    assert geomean_abs([-0.0, 3.0]) == 0.0
    assert mean_abs([sys.float_info.max] * 3) == sys.float_info.max  # no overflow
    assert set(FUNCTIONS) == {"mean_abs", "geomean_abs"}
    with pytest.raises(ValueError):
        mean_abs([])
    with pytest.raises(ValueError):
        geomean_abs([])


@given(values)
def test_mean_abs_agrees_with_an_independent_mean(xs: list[float]) -> None:
    result = mean_abs(xs)
    assert math.isfinite(result)
    # within the inputs' range, up to the last-bit rounding of fsum(|x|) / n
    assert min(map(abs, xs)) * (1 - 1e-15) <= result <= max(map(abs, xs)) * (1 + 1e-15)
    if all(abs(x) < 1e300 for x in xs):
        assert math.isclose(result, statistics.fmean([abs(x) for x in xs]), rel_tol=1e-12, abs_tol=1e-300)


@given(values)
def test_geomean_abs_agrees_with_an_independent_geometric_mean(xs: list[float]) -> None:
    result = geomean_abs(xs)
    assert math.isfinite(result)
    magnitudes = [abs(x) for x in xs]
    if 0.0 in magnitudes:
        assert result == 0.0
        return
    assert math.isclose(result, statistics.geometric_mean(magnitudes), rel_tol=1e-9)
    assert min(magnitudes) * (1 - 1e-12) <= result <= max(magnitudes) * (1 + 1e-12)
    assert result <= mean_abs(xs) * (1 + 1e-12)  # AM-GM


@given(values, st.floats(1e-3, 1e3))
def test_both_scale_with_their_inputs(xs: list[float], k: float) -> None:
    scaled = [k * x for x in xs]
    if all(math.isfinite(x) and abs(x) > 1e-300 for x in scaled) and all(abs(x) < 1e300 for x in xs):
        assert math.isclose(mean_abs(scaled), k * mean_abs(xs), rel_tol=1e-9)
        assert math.isclose(geomean_abs(scaled), k * geomean_abs(xs), rel_tol=1e-9)


# ---- messages -----------------------------------------------------------------------------------
def msg(fields: dict[str, Any], timestamp: Any = 1796325095072542747, name: str = "opc_server") -> bytes:
    return json.dumps({"fields": {**fields, "Quality": "The operation succeeded. StatusGood (0x0)"},
                       "name": name, "tags": {"id": "ns=2;i=2"}, "timestamp": timestamp}).encode()


def state() -> ModelState:
    return ModelState("opc_server", parse_config(CONFIG).computations)


def test_records_appear_once_every_input_has_a_value_with_the_triggering_timestamp() -> None:
    s = state()
    first = s.handle(msg({"A": 2.0}, 100))
    assert first.records == [{"name": "onlyA", "value": 2.0, "timestamp": 100}] and not first.skipped
    assert s.handle(msg({"B": -8.0}, 200)).records == []
    out = s.handle(msg({"C": 4}, 300))  # integers are numbers too
    assert out.records == [
        {"name": "model1", "value": 14.0 / 3, "timestamp": 300},
        {"name": "model2", "value": geomean_abs([2.0, -8.0, 4.0]), "timestamp": 300},
    ]
    assert math.isclose(out.records[1]["value"], 4.0)
    # The last value per input is kept: a new B recomputes the computations B feeds, not onlyA.
    assert [r["name"] for r in s.handle(msg({"B": 1.0}, 400)).records] == ["model1", "model2"]


def test_other_measurements_and_other_fields_are_ignored() -> None:
    s = state()
    out = s.handle(msg({"A": 1.0}, name="cpu"))
    assert out.records == [] and out.skipped == [] and s.last == {}
    out = s.handle(msg({"Unrelated": 5.0}))
    assert out.records == [] and out.skipped == []


@pytest.mark.parametrize(("value", "reason"), [
    (True, "not a number (bool"), ("12", "not a number (str"), (None, "not a number (NoneType"),
    (float("nan"), "not finite (nan)"), (float("inf"), "not finite (inf)"), (10**400, "beyond float range"),
    ([1], "not a number (list"),
])
def test_a_non_finite_or_non_numeric_input_is_skipped_and_the_last_value_stays(value: Any, reason: str) -> None:
    s = state()
    s.handle(msg({"A": 3.0}, 1))
    raw = json.dumps({"fields": {"A": value}, "name": "opc_server", "timestamp": 2}).encode()
    out = s.handle(raw)
    assert out.records == []
    assert len(out.skipped) == 1 and reason in out.skipped[0] and "input A at 2" in out.skipped[0]
    assert s.last == {"A": 3.0}


@pytest.mark.parametrize(("raw", "reason"), [
    (b"not json", "not JSON"), (b"\xff\xfe", "not JSON"), (None, "empty message"), (b"[1, 2]", "JSON object"),
    (b'{"fields": {"A": 1}, "timestamp": 1}', "'name'"),
    (b'{"name": "opc_server", "fields": [1], "timestamp": 1}', "'fields'"),
    (b'{"name": "opc_server", "fields": {"A": 1}, "timestamp": 1.5}', "integer nanoseconds"),
    (b'{"name": "opc_server", "fields": {"A": 1}, "timestamp": true}', "integer nanoseconds"),
    (b'{"name": "opc_server", "fields": {"A": 1}}', "integer nanoseconds"),
])
def test_a_malformed_message_is_skipped_with_its_reason(raw: bytes | None, reason: str) -> None:
    s = state()
    out = s.handle(raw)
    assert out.records == [] and len(out.skipped) == 1
    assert out.skipped[0].startswith("malformed message skipped:") and reason in out.skipped[0]
    with pytest.raises(Malformed):
        parse_message(raw)


def test_a_batch_of_metrics_is_handled_in_order() -> None:
    batch = {"metrics": [json.loads(msg({"A": 1.0}, 1)), json.loads(msg({"A": -3.0}, 2))]}
    out = state().handle(json.dumps(batch).encode())
    assert out.records == [{"name": "onlyA", "value": 1.0, "timestamp": 1},
                           {"name": "onlyA", "value": 3.0, "timestamp": 2}]


def test_as_input() -> None:
    assert as_input(1) == 1.0 and isinstance(as_input(1), float)
    assert as_input(-2.5) == -2.5
    assert isinstance(as_input(False), str)


@given(st.lists(st.tuples(st.sampled_from("ABC"), finite | st.booleans() | st.text(max_size=3)), max_size=30))
def test_outputs_always_equal_the_computations_over_the_last_finite_values(events: list[tuple[str, Any]]) -> None:
    s = state()
    last: dict[str, float] = {}
    for ts, (key, value) in enumerate(events):
        out = s.handle(json.dumps({"fields": {key: value}, "name": "opc_server", "timestamp": ts}).encode())
        if isinstance(value, float):
            last[key] = value
        for record in out.records:
            assert record["timestamp"] == ts
            json.dumps(record, allow_nan=False)  # always valid JSON
        expected = [name for name, inputs in (("model1", "ABC"), ("model2", "ABC"), ("onlyA", "A"))
                    if isinstance(value, float) and key in inputs and all(i in last for i in inputs)]
        assert [r["name"] for r in out.records] == expected
    assert s.last == last


# ---- config -------------------------------------------------------------------------------------
def test_the_config_parses_with_a_default_offset_reset() -> None:
    cfg = parse_config(CONFIG)
    assert cfg.brokers == ("127.0.0.1:9092",) and cfg.auto_offset_reset == "earliest"
    assert cfg.computations[1].inputs == ("A", "B", "C")
    assert parse_config({**CONFIG, "autoOffsetReset": "latest"}).auto_offset_reset == "latest"


@pytest.mark.parametrize(("change", "expected"), [
    (lambda c: c.pop("brokers"), "missing key 'brokers'"),
    (lambda c: c.update(brokers=[]), "brokers must be a non-empty list"),
    (lambda c: c.update(groupId=""), "groupId must be a non-empty str"),
    (lambda c: c.pop("measurement"), "missing key 'measurement'"),
    (lambda c: c["computations"][0].update(function="median"), "'median' (computation model1) is unknown"),
    (lambda c: c["computations"][0].update(inputs=[]), "inputs must be a non-empty list"),
    (lambda c: c["computations"][1].update(name="model1"), "computation names repeat"),
    (lambda c: c.update(computations=[]), "computations is empty"),
    (lambda c: c.update(autoOffsetReset="none"), "autoOffsetReset must be one of"),
])
def test_a_bad_config_is_one_line_naming_the_key(change: Any, expected: str) -> None:
    raw = copy.deepcopy(CONFIG)
    change(raw)
    with pytest.raises(ConfigError) as caught:
        parse_config(raw)
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_an_idle_consumer_is_told_to_rejoin_after_a_while_then_less_and_less_often() -> None:
    from model.service import _IdleWatch

    watch = _IdleWatch(after_s=10, cap_s=40)
    assert not watch.due(assigned=False, now=0)  # idle starts now
    assert not watch.due(assigned=False, now=9.9)
    assert watch.due(assigned=False, now=10)
    assert not watch.due(assigned=False, now=29.9)  # waiting time doubled to 20 s
    assert watch.due(assigned=False, now=30)
    assert watch.due(assigned=False, now=70)  # 40 s, the cap
    assert watch.due(assigned=False, now=110)
    assert not watch.due(assigned=True, now=111)  # partitions arrived: back to the first waiting time
    assert not watch.due(assigned=False, now=112)
    assert watch.due(assigned=False, now=122)
