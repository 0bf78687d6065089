"""Value helpers shared by strategies, contracts and fixtures: exact comparison, float32, a JSON codec.

Values are the Python values the harness writes with asyncua: bool, int, float, str, aware datetime."""

from __future__ import annotations

import math
import struct
from datetime import UTC, datetime
from typing import Any

FLOAT32_MAX = struct.unpack("<f", b"\xff\xff\x7f\x7f")[0]
FLOAT32_MIN_SUBNORMAL = struct.unpack("<f", b"\x01\x00\x00\x00")[0]


def to_float32(value: float) -> float:
    """The float32 nearest `value`, as a Python float (what a Float node holds)."""
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


def is_float32(value: float) -> bool:
    """True when `value` is exactly representable as an IEEE single (or is NaN/±Inf)."""
    return math.isnan(value) or to_float32(value) == value


def same(a: Any, b: Any) -> bool:
    """Exact equality as the pipeline must keep it: types agree (bool is not int), floats bit-for-bit
    up to NaN payloads (NaN == NaN, -0.0 != 0.0), ints and floats compare by exact value."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            return False
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        if a != b:
            return False
        return math.copysign(1.0, a) == math.copysign(1.0, b)
    return type(a) is type(b) and a == b


def close(seen: Any, expected: float) -> bool:
    """Model arithmetic tolerance: relative 1e-9, or absolute 1e-320 (a few subnormal ulps)."""
    if isinstance(seen, bool) or not isinstance(seen, int | float):
        return False
    return math.isclose(float(seen), expected, rel_tol=1e-9, abs_tol=1e-320)


def encode(value: Any) -> Any:
    """A JSON-safe form of a value: non-finite and negative-zero floats and datetimes become tagged."""
    if isinstance(value, float):
        if math.isnan(value):
            return {"float": "nan"}
        if math.isinf(value):
            return {"float": "inf" if value > 0 else "-inf"}
        if value == 0 and math.copysign(1.0, value) < 0:
            return {"float": "-0.0"}
        return {"float": value.hex()}
    if isinstance(value, datetime):
        return {"datetime": value.astimezone(UTC).isoformat()}
    return value


def decode(raw: Any) -> Any:
    """Inverse of `encode`."""
    if isinstance(raw, dict) and "float" in raw:
        text = raw["float"]
        return float(text) if text in ("nan", "inf", "-inf", "-0.0") else float.fromhex(text)
    if isinstance(raw, dict) and "datetime" in raw:
        return datetime.fromisoformat(raw["datetime"])
    return raw


def short(value: Any, limit: int = 60) -> str:
    """A readable repr, long strings elided in the middle (their length kept)."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[: limit // 2]!r}…({len(value)} chars)…{value[-8:]!r}"
    if isinstance(value, datetime):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= limit * 2 else text[:limit] + "…"
