"""Value helpers shared by strategies, contracts and fixtures: exact comparison, float32, a JSON codec.

Values are the Python values the harness writes with asyncua: bool, int, float, str, aware datetime."""

from __future__ import annotations

import math
import struct
from datetime import UTC, datetime, timedelta
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


# ---- OPC-UA DateTime as it travels: asyncua ticks, then an int64-nanosecond decoder (gopcua) ----------
TICKS_TO_UNIX = 116_444_736_000_000_000  # 100 ns ticks from 1601-01-01 to 1970-01-01
MAX_INT64 = 2**63 - 1
OPC_MIN = datetime(1601, 1, 1, tzinfo=UTC)
OPC_MAX = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)  # asyncua encodes this and later as MAX_INT64


def opc_ticks(value: datetime) -> int:
    """The OPC-UA DateTime (100 ns ticks since 1601) asyncua sends: 0 at or before 1601-01-01,
    Int64.MAX from 9999-12-31T23:59:59 on, else whole microseconds."""
    value = value.astimezone(UTC)
    if value <= OPC_MIN:
        return 0
    if value >= OPC_MAX:
        return MAX_INT64
    return 10 * ((value - OPC_MIN) // timedelta(microseconds=1))


def go_rfc3339nano(unix_ns: int) -> str:
    """Go's time.Unix(0, ns).UTC().Format(time.RFC3339Nano): trailing zeros of the fraction dropped."""
    seconds, nanos = divmod(unix_ns, 10**9)
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if nanos:
        text += "." + f"{nanos:09d}".rstrip("0")
    return text + "Z"


def telegraf_datetime(value: datetime) -> str:
    """What Telegraf's OPC-UA input makes of a DateTime value: gopcua turns the ticks into int64 Unix
    nanoseconds with wrapping arithmetic, 0 ticks into Go's zero time; Telegraf formats RFC3339Nano."""
    ticks = opc_ticks(value)
    if ticks == 0:
        return "0001-01-01T00:00:00Z"
    wrapped = ((ticks - TICKS_TO_UNIX) * 100) % 2**64
    return go_rfc3339nano(wrapped - 2**64 if wrapped >= 2**63 else wrapped)


def in_int64_ns(value: datetime) -> bool:
    """True when the value's ticks fit int64 nanoseconds since 1970 (1677-09-21 .. 2262-04-11)."""
    ticks = opc_ticks(value)
    return ticks != 0 and -(2**63) <= (ticks - TICKS_TO_UNIX) * 100 <= MAX_INT64


def flux_csv_text(value: str) -> str:
    """A string as a Flux query over HTTP returns it to the Python client: the annotated CSV is written
    with CRLF line ends, so CR is dropped and LF becomes CRLF; an empty string reads back as None."""
    return value.replace("\r", "").replace("\n", "\r\n")
