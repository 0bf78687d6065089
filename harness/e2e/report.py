"""The result table (hop × subject → pass/fail, latency) and the machine-readable report."""

from __future__ import annotations

import json
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from harness.e2e.checks import Check
from harness.e2e.panels import WITHOUT_GRAFANA


def table(checks: list[Check], *, title: str = "end-to-end") -> Table:
    """A rich table of every check."""
    grid = Table(title=title, title_justify="left")
    for column in ("hop", "subject", "result", "latency ms", "seen / note"):
        grid.add_column(column, justify="right" if column == "latency ms" else "left")
    for check in checks:
        result = "[green]pass[/]" if check.ok else "[red]FAIL[/]"
        latency = f"{check.latency_ms:.0f}" if check.latency_ms is not None else "—"
        detail = ("without Grafana" if check.note == WITHOUT_GRAFANA else check.note) if check.ok else str(
            check.seen)[:60]
        grid.add_row(check.hop, check.subject, result, latency, detail)
    return grid


def print_result(checks: list[Check], console: Console, *, title: str = "end-to-end") -> None:
    """Table, then one line per failure, then a summary line."""
    console.print(table(checks, title=title))
    if any(check.note == WITHOUT_GRAFANA for check in checks):
        console.print(f"panel:* rows: {WITHOUT_GRAFANA} (no Grafana server on this machine; each panel's own Flux, "
                      "with Grafana's macro substitution, ran on InfluxDB) — not a Grafana pass", highlight=False,
                      soft_wrap=True)
    for check in checks:
        if not check.ok:
            console.print(check.failure_line(), markup=False, highlight=False, soft_wrap=True)
    passed = sum(c.ok for c in checks)
    console.print(f"{passed} passed, {len(checks) - passed} failed", markup=False, highlight=False)


def write_json(checks: list[Check], directory: Path, *, extra: dict[str, object] | None = None) -> Path:
    """run_dir/reports/e2e-<time>.json and e2e-latest.json."""
    directory.mkdir(parents=True, exist_ok=True)
    payload = {"time": time.time(), "ok": all(c.ok for c in checks), "checks": [c.as_dict() for c in checks],
               **(extra or {})}
    path = directory / f"e2e-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(payload, indent=2))
    (directory / "e2e-latest.json").write_text(json.dumps(payload, indent=2))
    return path
