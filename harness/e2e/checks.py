"""One check = one hop for one subject (a node or a computation): pass/fail, latency, what was seen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Check:
    """The outcome of one hop for one node or computation."""

    hop: str
    subject: str
    ok: bool
    latency_ms: float | None
    expected: Any
    seen: Any
    log: str = ""
    note: str = ""

    def failure_line(self) -> str:
        """One line: which hop, expected, seen, which log to read."""
        text = f"FAIL {self.hop} [{self.subject}]: expected {self.expected!r}, saw {self.seen!r}"
        if self.note:
            text += f" ({self.note})"
        if self.log:
            text += f" — read {self.log}"
        return text

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for the machine-readable report."""
        return {
            "hop": self.hop, "subject": self.subject, "ok": self.ok, "latency_ms": self.latency_ms,
            "expected": repr(self.expected), "seen": repr(self.seen), "log": self.log, "note": self.note,
        }


def latency_ms(arrived_ns: int, written_ns: int) -> float:
    """Milliseconds from the OPC write to the arrival."""
    return round((arrived_ns - written_ns) / 1e6, 1)
