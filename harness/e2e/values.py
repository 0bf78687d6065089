"""Unique values to inject, one per node, each recognisable at every hop."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from harness.pipeline import Node

INTEGER_RANGES = {
    "SByte": (-128, 127), "Byte": (0, 255), "Int16": (-32768, 32767), "UInt16": (0, 65535),
    "Int32": (-(2**31), 2**31 - 1), "UInt32": (0, 2**32 - 1),
    "Int64": (-(2**63), 2**63 - 1), "UInt64": (0, 2**64 - 1),
}


def unique_value(node: Node, rng: random.Random) -> Any:
    """A fresh value of the node's declared type, unlikely to equal anything the simulation produces."""
    if node.type in ("Double", "Float"):
        # a value with few significant bits in Float's case, so float32 keeps it exactly
        whole = rng.randint(-9000, 9000) or 1
        return whole + rng.choice((0.25, 0.5, 0.75, 0.125)) if node.type == "Float" else whole + rng.random()
    if node.type in INTEGER_RANGES:
        low, high = INTEGER_RANGES[node.type]
        return rng.randint(max(low, -(10**6)), min(high, 10**6))
    if node.type == "Boolean":
        return rng.random() < 0.5
    if node.type == "String":
        return f"e2e-{rng.getrandbits(48):012x}"
    if node.type == "DateTime":
        return datetime(2020, 1, 1, tzinfo=UTC) + timedelta(milliseconds=rng.randint(0, 10**11))
    raise ValueError(f"node {node.name}: no value generator for OPC-UA type {node.type}")


def unique_values(nodes: list[Node], seed: int | None = None) -> dict[str, Any]:
    """One unique value per node."""
    rng = random.Random(seed)
    return {node.name: unique_value(node, rng) for node in nodes}
