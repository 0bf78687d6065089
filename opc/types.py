"""The OPC-UA scalar types the server can serve: variant type, value range and value coercion."""

from __future__ import annotations

import math
import struct
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from asyncua import ua

FLOAT32_MAX = 3.4028234663852886e38
DOUBLE_MAX = sys.float_info.max


@dataclass(frozen=True)
class ScalarType:
    """One OPC-UA scalar type: its variant type and, for numbers, the inclusive value range."""

    name: str
    variant: ua.VariantType
    kind: str  # "int" | "float" | "bool" | "string" | "datetime"
    low: float = 0.0
    high: float = 0.0

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("int", "float")


def _int(name: str, low: int, high: int) -> ScalarType:
    return ScalarType(name, getattr(ua.VariantType, name), "int", low, high)


SCALAR_TYPES: dict[str, ScalarType] = {
    t.name: t
    for t in (
        ScalarType("Boolean", ua.VariantType.Boolean, "bool"),
        _int("SByte", -(2**7), 2**7 - 1),
        _int("Byte", 0, 2**8 - 1),
        _int("Int16", -(2**15), 2**15 - 1),
        _int("UInt16", 0, 2**16 - 1),
        _int("Int32", -(2**31), 2**31 - 1),
        _int("UInt32", 0, 2**32 - 1),
        _int("Int64", -(2**63), 2**63 - 1),
        _int("UInt64", 0, 2**64 - 1),
        ScalarType("Float", ua.VariantType.Float, "float", -FLOAT32_MAX, FLOAT32_MAX),
        ScalarType("Double", ua.VariantType.Double, "float", -DOUBLE_MAX, DOUBLE_MAX),
        ScalarType("String", ua.VariantType.String, "string"),
        ScalarType("DateTime", ua.VariantType.DateTime, "datetime"),
    )
}


def to_float32(value: float) -> float:
    """The nearest IEEE single-precision value (what a client reads back from a Float node)."""
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


def clamp(scalar: ScalarType, value: float) -> int | float:
    """Clamp a number into the type's range; integer types are rounded, Float is rounded to 32 bits."""
    if scalar.kind == "int":
        if math.isnan(value):
            value = 0.0
        clamped = min(max(value, scalar.low), scalar.high)
        return min(max(round(clamped), int(scalar.low)), int(scalar.high))
    if scalar.kind == "float":
        clamped = min(max(value, scalar.low), scalar.high)
        return to_float32(clamped) if scalar.name == "Float" else clamped
    raise ValueError(f"{scalar.name} is not numeric")


def initial_value(scalar: ScalarType, start: Any, name: str) -> Any:
    """The value a node starts with: the declared `simulation.start`, else 0 / false / its name / now."""
    if scalar.kind == "bool":
        return bool(start)
    if scalar.kind == "string":
        return name if start is None else str(start)
    if scalar.kind == "datetime":
        return datetime.now(UTC)
    return clamp(scalar, 0.0 if start is None else float(start))
