"""`python -m harness versions`: the runtime versions in use (version, path, source) per component."""

from __future__ import annotations

import argparse
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print {component: {version, path, source}} as JSON")


def collect() -> dict[str, dict[str, Any]]:
    """{component: {version, path, source[, available, reason]}} for every component."""
    from harness.errors import HarnessError
    from harness.provision import COMPONENTS, spec
    from harness.provision.runtimes import locate

    result: dict[str, dict[str, Any]] = {}
    for component in COMPONENTS:
        wanted = spec.version(component)
        try:
            found = locate(component)
        except HarnessError as exc:
            result[component] = {"available": False, "wanted": wanted, "reason": exc.line()}
            continue
        if found is None:
            result[component] = {"available": False, "wanted": wanted,
                                 "reason": "not provisioned yet — run `python -m harness provision`"}
        else:
            result[component] = {"available": True, "version": found.version, "path": str(found.path),
                                 "source": found.source, "wanted": wanted}
    return result


def run(args: argparse.Namespace) -> int:
    data = collect()
    if args.json:
        import json

        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    from rich.table import Table

    from harness.commands._common import table_console

    table = Table(title="runtime versions")
    for column in ("component", "wanted", "version", "source", "path / reason"):
        table.add_column(column, overflow="fold")
    for name, row in data.items():
        if row["available"]:
            table.add_row(name, row["wanted"], row["version"], row["source"], row["path"])
        else:
            table.add_row(name, row["wanted"], "-", "[yellow]unavailable[/yellow]", row["reason"])

    table_console().print(table)
    return 0
