"""Hypothesis strategies derived from the topology's declared OPC-UA types (no list per node).

    values_for(node.type)   -> values of one OpcType, edge values always reachable
    batches(topology)       -> {node name: value} for every node: one fuzz example

Strategies are plain values: combine them with .map/.filter/| and `st.fixed_dictionaries`."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from harness.config.model import OpcType, Topology
from harness.fuzz.values import FLOAT32_MAX, FLOAT32_MIN_SUBNORMAL

NAN = float("nan")
INF = float("inf")

#: OPC-UA DateTime covers 1601-01-01 .. 9999-12-31 (asyncua clamps outside it).
DATETIME_MIN = datetime(1601, 1, 1, tzinfo=UTC)
DATETIME_MAX = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
#: The range of Go's int64 nanoseconds since 1970 (what an OPC-UA client decoding to int64 ns can hold).
INT64_NS_MIN = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=-(2**63) // 1000 + 1)
INT64_NS_MAX = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=(2**63 - 1) // 1000)

#: Longest generated text; LONG_STRINGS are always reachable edge values beyond it.
MAX_TEXT = 64
LONG_STRINGS = (("x", 1024), ("é", 40_000))  # 1 KiB; 80 000 UTF-8 bytes, beyond a 64 KiB field limit


def integer_edges(low: int, high: int) -> list[int]:
    """0, ±1, the bounds and their neighbours, and the float64/int64 precision limits inside [low, high]."""
    wanted = [0, 1, -1, low, high, low + 1, high - 1, 2**53, 2**53 + 1, -(2**53) - 1, 2**63 - 1, 2**63,
              -(2**63), 2**31, 2**32]
    return sorted({v for v in wanted if low <= v <= high}, key=lambda v: (abs(v), v))


def float_edges(bits: int) -> list[float]:
    """Zeros, NaN, ±Inf, the largest finite, the smallest subnormal and normal, and 2**53 + 1 (Double)."""
    if bits == 32:
        largest, tiny, normal = FLOAT32_MAX, FLOAT32_MIN_SUBNORMAL, 2.0**-126
        extra = [16777217.0, 0.1]  # 2**24 + 1 and 0.1: float32 must round them
    else:
        largest, tiny, normal = sys.float_info.max, 5e-324, sys.float_info.min
        extra = [float(2**53 + 2), 0.1]
    return [0.0, -0.0, 1.0, -1.0, NAN, INF, -INF, largest, -largest, tiny, -tiny, normal, *extra]


def string_edges() -> list[str]:
    """Empty, whitespace and escapes, non-ASCII (2-, 3- and 4-byte UTF-8), NUL, quotes, long text."""
    return ["", " ", "a", "\x00", "\n", "\t\r", '"', "\\", '"quoted" \\ back', "ü", "€", "𝄞", "日本語",
            "a=b,c d", "\u200b", "\ufeff"]


def datetime_edges() -> list[datetime]:
    """The OPC-UA range ends, the Unix epoch, the int64-nanosecond limits and just beyond them."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    step = timedelta(microseconds=1)
    return [epoch, DATETIME_MIN, DATETIME_MIN + step, DATETIME_MAX, epoch - step, INT64_NS_MIN, INT64_NS_MIN - step,
            INT64_NS_MAX, INT64_NS_MAX + step, datetime(2000, 1, 1, tzinfo=UTC)]


def _text() -> st.SearchStrategy[str]:
    # OPC-UA strings are UTF-8: every code point except the surrogates (which UTF-8 cannot encode).
    return st.text(st.characters(exclude_categories=("Cs",)), max_size=MAX_TEXT)


def values_for(opc_type: OpcType) -> st.SearchStrategy[Any]:
    """Every value a node of `opc_type` can hold, edge values first (they are what shrinking aims for)."""
    kind = opc_type.kind
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        bounds = opc_type.bounds
        if bounds is None:
            raise ValueError(f"integer type {opc_type.name} declares no bits")
        low, high = bounds
        return st.sampled_from(integer_edges(low, high)) | st.integers(low, high)
    if kind == "float":
        bits = opc_type.bits or 64
        if bits not in (32, 64):
            raise ValueError(f"float type {opc_type.name} has {bits} bits; only 32 and 64 exist in OPC-UA")
        edges = st.sampled_from(float_edges(bits)) | st.floats(width=bits)
        if bits == 32:  # any double inside Float's range: the server rounds it to the nearest float32
            edges |= st.floats(min_value=-FLOAT32_MAX, max_value=FLOAT32_MAX)
        return edges
    if kind == "string":
        long_text = st.sampled_from(LONG_STRINGS).map(lambda pair: pair[0] * pair[1])
        return st.sampled_from(string_edges()) | _text() | long_text
    if kind == "datetime":
        naive = st.datetimes(min_value=DATETIME_MIN.replace(tzinfo=None), max_value=DATETIME_MAX.replace(tzinfo=None))
        return st.sampled_from(datetime_edges()) | naive.map(lambda d: d.replace(tzinfo=UTC))
    raise ValueError(f"no strategy for OPC-UA type {opc_type.name} (kind {kind!r})")


def batches(nodes: Iterable[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """One value per node (`nodes` have .name and .type: OpcType): one fuzz example."""
    return st.fixed_dictionaries({node.name: values_for(node.type) for node in nodes})


def batches_of(topology: Topology) -> st.SearchStrategy[dict[str, Any]]:
    """`batches` over every node the topology declares."""
    return batches(topology.nodes)


def simplest(opc_type: OpcType) -> Any:
    """The value Hypothesis shrinks a node of this type to (fills nodes a kept example leaves out)."""
    return {"boolean": False, "integer": 0, "float": 0.0, "string": "",
            "datetime": datetime(1970, 1, 1, tzinfo=UTC)}[opc_type.kind]
