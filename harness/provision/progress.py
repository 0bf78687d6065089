"""Live progress of provisioning: a rich display per component on a terminal, plain lines elsewhere (CI)."""

from __future__ import annotations

import sys
import time
from typing import Any, Protocol, TextIO

from harness.provision import KNOWN

NAME_WIDTH = max(map(len, KNOWN))
"""Width of the component column, so that every name fits."""


class Reporter(Protocol):
    """What the provisioner tells the person watching."""

    def start(self, component: str, text: str) -> None: ...
    def step(self, component: str, step: str, detail: str | None) -> None: ...
    def done(self, component: str, text: str, ok: bool) -> None: ...
    def close(self) -> None: ...


class PlainReporter:
    """One line per step change (details such as each downloaded module are left to the build log)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.started: dict[str, float] = {}
        self.last: dict[str, str] = {}

    def _print(self, component: str, text: str) -> None:
        elapsed = time.monotonic() - self.started.get(component, time.monotonic())
        print(f"[{component:{NAME_WIDTH}}] {elapsed:6.1f}s {text}", file=self.stream, flush=True)

    def start(self, component: str, text: str) -> None:
        self.started[component] = time.monotonic()
        self._print(component, text)

    def step(self, component: str, step: str, detail: str | None) -> None:
        if self.last.get(component) != step:
            self.last[component] = step
            self._print(component, step)

    def done(self, component: str, text: str, ok: bool) -> None:
        self._print(component, ("done: " if ok else "FAILED: ") + text)

    def close(self) -> None:
        pass


class RichReporter:
    """A rich Progress with one task per component: spinner, step, latest detail, elapsed time."""

    def __init__(self, components: list[str], stream: TextIO | None = None) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.table import Column

        self.progress = Progress(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("[bold]{task.fields[component]}", table_column=Column(width=NAME_WIDTH, no_wrap=True)),
            TextColumn("{task.description}", table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis")),
            TimeElapsedColumn(),
            expand=True,
            console=Console(file=stream or sys.stdout),
            transient=False,
        )
        self.tasks: dict[str, Any] = {
            name: self.progress.add_task("waiting", component=name, total=1, start=False) for name in components
        }
        self.progress.start()

    def start(self, component: str, text: str) -> None:
        task = self.tasks[component]
        self.progress.start_task(task)
        self.progress.update(task, description=text)

    def step(self, component: str, step: str, detail: str | None) -> None:
        text = step if not detail else f"{step} [dim]· {detail}[/dim]"
        self.progress.update(self.tasks[component], description=text)

    def done(self, component: str, text: str, ok: bool) -> None:
        colour = "green" if ok else "red"
        task = self.tasks[component]
        self.progress.update(task, description=f"[{colour}]{text}[/{colour}]", completed=1)
        self.progress.stop_task(task)

    def close(self) -> None:
        self.progress.stop()


def reporter(components: list[str], plain: bool | None = None, stream: TextIO | None = None) -> Reporter:
    """A rich display on a terminal, plain lines otherwise (or when `plain` says so), on `stream` (stdout)."""
    stream = stream or sys.stdout
    if plain is None:
        plain = not stream.isatty()
    return PlainReporter(stream) if plain else RichReporter(components, stream)
