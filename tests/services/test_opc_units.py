"""The OPC server's pure parts: config checking, value ranges, the per-node simulation."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opc.config import ConfigError, parse_config
from opc.simulation import NodeSimulation, node_rng
from opc.types import FLOAT32_MAX, SCALAR_TYPES, clamp, to_float32

GOOD: dict[str, Any] = {
    "endpoint": "opc.tcp://127.0.0.1:4840/p/", "bind": "127.0.0.1", "port": 4840, "path": "/p/",
    "namespaceUri": "urn:x", "extra": {"ignored": True},
    "nodes": [
        {"name": "T", "id": "ns=2;i=2", "type": "Double", "simulation": {"period": 0.2, "start": 20, "step": 0.5},
         "namespace": 2, "identifierType": "i", "identifier": "2"},
        {"name": "S", "id": "ns=2;s=Text", "type": "String"},
        {"name": "G", "id": "ns=2;g=5c0c8a47-3c8e-4b5a-9d7e-0f6a7c1d2e3f", "type": "UInt64",
         "simulation": {"period": 1}},
    ],
}


def _with(path: list[Any], value: Any = None, delete: bool = False) -> dict[str, Any]:
    raw = copy.deepcopy(GOOD)
    target = raw
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


def test_a_good_config_parses_and_extra_keys_are_ignored() -> None:
    cfg = parse_config(GOOD)
    assert [n.name for n in cfg.nodes] == ["T", "S", "G"]
    assert cfg.nodes[0].simulation is not None and cfg.nodes[0].simulation.step == 0.5
    assert cfg.nodes[1].simulation is None  # declared without simulation: a static node
    sim = cfg.nodes[2].simulation
    assert sim is not None and (sim.start, sim.step) == (0.0, 1.0)  # defaults for a numeric node


@pytest.mark.parametrize(("path", "value", "delete", "expected"), [
    (["endpoint"], None, True, "missing key 'endpoint'"),
    (["nodes"], None, True, "missing key 'nodes'"),
    (["nodes", 0, "type"], None, True, "missing key 'type' in opc config: nodes[0]"),
    (["nodes", 0, "type"], "Dobule", False, "'Dobule' (node T) is not a supported OPC-UA scalar type"),
    (["nodes", 0, "id"], "ns=2;x=1", False, "is not an OPC-UA node id"),
    (["nodes", 1, "name"], "T", False, "duplicate node name 'T'"),
    (["nodes", 1, "id"], "ns=2;i=2", False, "duplicate node id 'ns=2;i=2'"),
    (["nodes", 0, "simulation", "period"], 0, False, "period must be a positive number"),
    (["nodes", 0, "simulation", "period"], None, True, "missing key 'period'"),
    (["nodes", 0, "simulation", "step"], -1, False, "step must be >= 0"),
    (["nodes", 0, "simulation", "start"], "warm", False, "start must be a finite number"),
    (["port"], True, False, "port must be int"),
    (["port"], 70000, False, "out of range"),
    (["nodes"], [], False, "nodes is empty"),
])
def test_a_bad_config_is_one_line_naming_the_place(path: list[Any], value: Any, delete: bool,
                                                   expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(_with(path, value, delete))
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_clamp_rounds_integers_and_narrows_float() -> None:
    assert clamp(SCALAR_TYPES["Byte"], 300.7) == 255
    assert clamp(SCALAR_TYPES["SByte"], -1000) == -128
    assert clamp(SCALAR_TYPES["UInt64"], 1e30) == 2**64 - 1
    assert clamp(SCALAR_TYPES["Int16"], 2.5) == 2  # round half to even
    assert clamp(SCALAR_TYPES["Float"], 1e39) == FLOAT32_MAX
    assert clamp(SCALAR_TYPES["Float"], 0.1) == to_float32(0.1) != 0.1
    with pytest.raises(ValueError):
        clamp(SCALAR_TYPES["String"], 1)


def _spec(type_name: str, simulation: dict[str, Any] | None) -> Any:
    raw = {**GOOD, "nodes": [{"name": "N", "id": "ns=2;i=5", "type": type_name,
                              **({"simulation": simulation} if simulation is not None else {})}]}
    return parse_config(raw).nodes[0]


NUMERIC = [name for name, t in SCALAR_TYPES.items() if t.is_numeric]


@given(type_name=st.sampled_from(NUMERIC), start=st.floats(-1e20, 1e20), step=st.floats(0, 1e19),
       seed=st.integers(0, 2**32))
def test_numeric_walks_stay_in_range_and_keep_their_type(type_name: str, start: float, step: float,
                                                         seed: int) -> None:
    scalar = SCALAR_TYPES[type_name]
    sim = NodeSimulation(_spec(type_name, {"period": 1, "start": start, "step": step}), random.Random(seed))
    for value in [sim.value] + [sim.advance() for _ in range(20)]:
        assert scalar.low <= value <= scalar.high
        if scalar.kind == "int":
            assert isinstance(value, int)
        else:
            assert isinstance(value, float)
            if type_name == "Float":
                assert to_float32(value) == value


def test_a_walk_moves_by_at_most_its_step() -> None:
    sim = NodeSimulation(_spec("Double", {"period": 1, "start": 20, "step": 0.5}), random.Random(1))
    previous = sim.value
    moved = 0
    for _ in range(200):
        value = sim.advance()
        assert abs(value - previous) <= 0.5
        moved += value != previous
        previous = value
    assert moved > 190


def test_a_seed_makes_each_node_reproducible_whatever_the_order() -> None:
    spec = _spec("Int32", {"period": 1, "start": 0, "step": 5})
    first = NodeSimulation(spec, node_rng(42, "N"))
    node_rng(42, "Other").random()  # another node's generator does not disturb this one
    second = NodeSimulation(spec, node_rng(42, "N"))
    assert [first.advance() for _ in range(50)] == [second.advance() for _ in range(50)]
    third = NodeSimulation(spec, node_rng(43, "N"))
    assert [third.advance() for _ in range(50)] != [second.advance() for _ in range(50)]


def test_boolean_string_and_datetime_signals() -> None:
    flag = NodeSimulation(_spec("Boolean", {"period": 1, "start": True}), random.Random(3))
    values = [flag.advance() for _ in range(100)]
    assert set(values) == {True, False}
    text = NodeSimulation(_spec("String", {"period": 1, "start": "pump"}), random.Random(3))
    texts = [text.advance() for _ in range(3)]
    assert texts == ["pump #1", "pump #2", "pump #3"]
    clock = NodeSimulation(_spec("DateTime", {"period": 1}), random.Random(3))
    before = datetime.now(UTC)
    assert before <= clock.advance() <= datetime.now(UTC)
    static = NodeSimulation(_spec("String", None), random.Random(3))
    assert static.value == "N"
