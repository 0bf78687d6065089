"""Strategies are derived from the declared types and reach every edge value."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.config.model import OpcType
from harness.fuzz import strategies as S
from harness.fuzz.values import FLOAT32_MAX, decode, encode, is_float32, same

TYPES = {
    "Boolean": OpcType("Boolean", "boolean", False), "SByte": OpcType("SByte", "integer", True, 8, True),
    "Byte": OpcType("Byte", "integer", True, 8, False), "Int64": OpcType("Int64", "integer", True, 64, True),
    "UInt64": OpcType("UInt64", "integer", True, 64, False), "Float": OpcType("Float", "float", True, 32),
    "Double": OpcType("Double", "float", True, 64), "String": OpcType("String", "string", False),
    "DateTime": OpcType("DateTime", "datetime", False),
}


@pytest.mark.parametrize("name", ["SByte", "Byte", "Int64", "UInt64"])
@settings(max_examples=200, database=None)
@given(data=st.data())
def test_integers_stay_in_their_declared_range(name: str, data: st.DataObject) -> None:
    low, high = TYPES[name].bounds or (0, 0)
    value = data.draw(S.values_for(TYPES[name]))
    assert isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


@settings(max_examples=300, database=None)
@given(S.values_for(TYPES["Float"]))
def test_float_values_fit_a_float32_range(value: float) -> None:
    assert math.isnan(value) or math.isinf(value) or abs(value) <= FLOAT32_MAX


@settings(max_examples=200, database=None)
@given(S.values_for(TYPES["String"]))
def test_strings_are_utf8_encodable(value: str) -> None:
    value.encode("utf-8")


@settings(max_examples=200, database=None)
@given(S.values_for(TYPES["DateTime"]))
def test_datetimes_are_aware_and_in_the_opc_range(value: datetime) -> None:
    assert value.tzinfo is not None and S.DATETIME_MIN <= value <= S.DATETIME_MAX


def test_edges_are_reachable() -> None:
    doubles = S.float_edges(64)
    assert any(math.isnan(v) for v in doubles) and math.inf in doubles and -math.inf in doubles
    assert any(v == 0 and math.copysign(1, v) < 0 for v in doubles) and 5e-324 in doubles
    assert all(is_float32(v) or v in (16777217.0, 0.1) for v in S.float_edges(32))
    assert 2**64 - 1 in S.integer_edges(0, 2**64 - 1) and 2**63 in S.integer_edges(0, 2**64 - 1)
    assert 2**53 + 1 in S.integer_edges(-(2**63), 2**63 - 1)
    assert "" in S.string_edges() and "\x00" in S.string_edges() and "𝄞" in S.string_edges()
    assert S.INT64_NS_MAX in S.datetime_edges() and S.DATETIME_MIN in S.datetime_edges()


class _Node:
    def __init__(self, name: str, type_: OpcType) -> None:
        self.name, self.type = name, type_


NODES = [_Node(f"N{name}", t) for name, t in TYPES.items()]


@settings(max_examples=20, database=None)
@given(S.batches(NODES))
def test_a_batch_has_one_value_per_node(batch: dict[str, object]) -> None:
    assert set(batch) == {n.name for n in NODES}


def test_unknown_kind_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match="Weird"):
        S.values_for(OpcType("Weird", "blob", False))


@settings(max_examples=300, database=None)
@given(st.one_of(*(S.values_for(t) for t in TYPES.values())))
def test_codec_round_trips_exactly(value: object) -> None:
    assert same(decode(encode(value)), value) or (isinstance(value, datetime) and decode(encode(value)) == value)


def test_simplest_values() -> None:
    assert S.simplest(TYPES["DateTime"]) == datetime(1970, 1, 1, tzinfo=UTC)
    assert S.simplest(TYPES["Boolean"]) is False
