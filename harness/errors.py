"""Typed failures: harness faults (what/where/fix, one line) apart from contract failures."""

from __future__ import annotations


class HarnessError(Exception):
    """A fault of the environment or the input, reported as one line: what, where, how to fix."""

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None) -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.line())

    def line(self) -> str:
        parts = [self.what]
        if self.where:
            parts.append(f"(at {self.where})")
        if self.fix:
            parts.append(f"— fix: {self.fix}")
        return " ".join(parts)


class ContractFailure(AssertionError):
    """A value did not arrive as its stage's contract says: stage, expected, seen."""

    def __init__(self, stage: str, expected: object, seen: object, *, hint: str | None = None) -> None:
        self.stage = stage
        self.expected = expected
        self.seen = seen
        self.hint = hint
        message = f"{stage}: expected {expected!r}, saw {seen!r}"
        if hint:
            message += f" — {hint}"
        super().__init__(message)
