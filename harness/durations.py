"""Telegraf/Go duration strings ("250ms", "1s", "1m30s") to seconds, and timeouts derived from them."""

from __future__ import annotations

import re

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")


def seconds(duration: str | float | int) -> float:
    """Parse a Go-style duration ("250ms", "1m30s") or a number of seconds."""
    if isinstance(duration, int | float):
        return float(duration)
    text = duration.strip()
    parts = _PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"not a duration: {duration!r} (expected e.g. '250ms', '1s', '1m30s')")
    return sum(float(n) * _UNITS[u] for n, u in parts)
