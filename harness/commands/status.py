"""`python -m harness status [--json]`: each service, its PID, ports and health; exit 1 unless all are healthy."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from rich.table import Table

from harness.commands._common import add_target_options, table_console, target_from


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_target_options(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    rows = target_from(args).status()
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        grid = Table(title="pipeline status", title_justify="left")
        for column in ("service", "host", "pid", "ports", "health"):
            grid.add_column(column, no_wrap=True)
        grid.add_column("log", overflow="fold")
        for r in rows:
            health = "[green]healthy[/]" if r.healthy else ("[yellow]running[/]" if r.running else "[red]stopped[/]")
            grid.add_row(r.name, r.host, str(r.pid or "—"), ",".join(map(str, r.ports)) or "—", health, r.log)
        table_console().print(grid)
    return 0 if all(r.healthy for r in rows) else 1
