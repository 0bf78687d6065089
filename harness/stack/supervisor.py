"""Start services in dependency waves with a live health display; stop them by PID; report status."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table

from harness.errors import HarnessError
from harness.stack import process
from harness.stack.services import ServiceSpec
from harness.stack.state import ServiceRow, StackState, Started

console = Console(stderr=True, highlight=False)


class Supervisor:
    """Owns the processes of one local stack (recorded in run_dir/state.json)."""

    def __init__(self, specs: list[ServiceSpec], state_file: Path) -> None:
        self.specs = sorted(specs, key=lambda s: s.wave)
        self.state_file = state_file
        self.state = StackState.load(state_file)

    # ---- queries -------------------------------------------------------------------------
    def _running(self, spec: ServiceSpec) -> Started | None:
        entry = self.state.services.get(spec.name)
        return entry if entry is not None and process.is_alive(entry.pid) else None

    def _current(self, spec: ServiceSpec) -> bool:
        """Running, with the configuration it would be started with now, and healthy."""
        entry = self._running(spec)
        return entry is not None and entry.config == spec.config_hash() and spec.healthy()

    def status(self) -> list[ServiceRow]:
        """Every service: PID, ports, running, healthy."""
        rows = []
        for spec in self.specs:
            entry = self._running(spec)
            rows.append(ServiceRow(spec.name, spec.host, entry.pid if entry else None, spec.ports,
                                   entry is not None, entry is not None and spec.healthy(), str(spec.log)))
        return rows

    # ---- up ------------------------------------------------------------------------------
    def up(self) -> list[str]:
        """Bring every service to running-and-healthy; returns the names (re)started. No-op when all are."""
        pending = [spec for spec in self.specs if not self._current(spec)]
        if not pending:
            return []
        started: list[ServiceSpec] = []
        try:
            for wave in sorted({spec.wave for spec in pending}):
                batch = [spec for spec in pending if spec.wave == wave]
                for spec in batch:
                    self._start(spec)
                    started.append(spec)
                self._wait_healthy(batch)
                for spec in batch:
                    if spec.after_start is not None:
                        spec.after_start()
        except BaseException:
            for spec in reversed(started):
                self._stop(spec)
            self.state.save(self.state_file)
            raise
        return [spec.name for spec in started]

    def _start(self, spec: ServiceSpec) -> None:
        if self._running(spec) is not None:
            self._stop(spec)
        for port in spec.ports:
            if process.port_open("127.0.0.1", port):
                raise HarnessError(
                    f"{spec.name}: port {port} is already in use by a process this stack did not start",
                    where=f"127.0.0.1:{port}, the {spec.host} host's {spec.name}",
                    fix=f"stop that process (`ss -ltnp 'sport = :{port}'` shows it), or run this stack beside it "
                        "with --port-offset N",
                )
        if spec.prepare is not None:
            spec.prepare()
        pid = process.start(spec.argv, log_file=spec.log, env=spec.env, cwd=spec.log.parent)
        self.state.services[spec.name] = Started(pid, spec.ports, str(spec.log), time.time(), spec.config_hash())
        self.state.save(self.state_file)

    def _wait_healthy(self, batch: list[ServiceSpec]) -> None:
        began = time.monotonic()
        waiting = {spec.name: spec for spec in batch}
        ready: dict[str, float] = {}

        def table() -> Table:
            grid = Table.grid(padding=(0, 2))
            for spec in batch:
                if spec.name in ready:
                    grid.add_row(f"[green]✔[/] {spec.name}", spec.host, f"healthy in {ready[spec.name]:.1f}s")
                else:
                    grid.add_row(f"[yellow]…[/] {spec.name}", spec.host,
                                 f"waiting {time.monotonic() - began:.1f}s / {spec.health_timeout:.0f}s")
            return grid

        with Live(table(), console=console, transient=not console.is_terminal, auto_refresh=False) as live:
            delay = 0.05
            while waiting:
                for name, spec in list(waiting.items()):
                    entry = self.state.services[name]
                    if not process.is_alive(entry.pid):
                        raise HarnessError(
                            f"{name} exited while starting; last lines of its log:\n{process.tail(spec.log)}",
                            where=str(spec.log),
                        )
                    if spec.healthy():
                        ready[name] = time.monotonic() - began
                        del waiting[name]
                        if not console.is_terminal:
                            console.print(f"{name} ({spec.host}) healthy in {ready[name]:.1f}s")
                    elif time.monotonic() - began > spec.health_timeout:
                        raise HarnessError(
                            f"{name} not healthy after {spec.health_timeout:.0f}s; last lines of its log:\n"
                            f"{process.tail(spec.log)}",
                            where=str(spec.log),
                        )
                live.update(table(), refresh=True)
                time.sleep(delay)
                delay = min(delay * 1.5, 0.5)

    # ---- down ----------------------------------------------------------------------------
    def _stop(self, spec: ServiceSpec) -> None:
        entry = self.state.services.pop(spec.name, None)
        if entry is not None:
            process.stop(entry.pid)

    def down(self) -> list[str]:
        """Stop every recorded service by PID, last wave first; returns the names stopped."""
        stopped = []
        by_name = {spec.name: spec for spec in self.specs}
        for name in sorted(self.state.services, key=lambda n: -(by_name[n].wave if n in by_name else 9)):
            entry = self.state.services.pop(name)
            if process.is_alive(entry.pid):
                process.stop(entry.pid)
                stopped.append(name)
        self.state.save(self.state_file)
        return stopped
