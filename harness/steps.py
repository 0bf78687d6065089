"""Nested, timed steps tagged with host and stage, in the style of the NixOS test driver's `nested`."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from rich.console import Console

console = Console(stderr=True, highlight=False)


@dataclass
class StepLog:
    """Records every finished step (name, tag, seconds, ok) so reports can show them."""

    depth: int = 0
    entries: list[tuple[str, str, float, bool]] = field(default_factory=list)
    quiet: bool = False

    def say(self, message: str) -> None:
        """One line at the current nesting depth (no timing)."""
        if not self.quiet:
            console.print(f"{'  ' * self.depth}{message}")

    @contextlib.contextmanager
    def step(self, message: str, *, tag: str = "") -> Iterator[None]:
        """Run a block as one nested, timed step: `with log.step("wait for kafka", tag="db"):`."""
        indent = "  " * self.depth
        label = f"[cyan]{tag}[/]: " if tag else ""
        if not self.quiet:
            console.print(f"{indent}{label}{message}")
        self.depth += 1
        started = time.monotonic()
        ok = False
        try:
            yield
            ok = True
        finally:
            self.depth -= 1
            took = time.monotonic() - started
            self.entries.append((message, tag, took, ok))
            if not self.quiet:
                mark = "[green](done" if ok else "[red](failed"
                console.print(f"{indent}{label}{mark} in {took:.2f}s)[/]")


log = StepLog()
