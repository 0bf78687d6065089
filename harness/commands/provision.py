"""`python -m harness provision`: build or locate Kafka, Telegraf and InfluxDB into the cache; find Grafana;
with `--tools`, also the lint checks' nixpkgs-fmt and sops."""

from __future__ import annotations

import argparse
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("components", nargs="*", metavar="COMPONENT",
                        help="kafka, telegraf, influxdb, grafana, nixpkgs-fmt, sops (default: the four runtimes)")
    parser.add_argument("--tools", action="store_true",
                        help="also the development tools of the lint checks (nixpkgs-fmt, sops)")
    parser.add_argument("--force", action="store_true", help="rebuild even when a good cache entry exists")
    parser.add_argument("--cache-dir", help="use this cache directory (sets PIPELINE_CACHE_DIR)")
    parser.add_argument("--built-only", action="store_true",
                        help="ignore binaries on PATH: use or build the cache's own (sets PIPELINE_RUNTIMES=built)")
    parser.add_argument("--plain", action="store_true", default=None,
                        help="plain progress lines instead of the live display (default when not a terminal)")
    parser.add_argument("--json", action="store_true", help="print the outcome as JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    from harness.provision import COMPONENTS, DEV_TOOLS
    from harness.provision.progress import reporter
    from harness.provision.provisioner import provision

    if args.cache_dir:
        os.environ["PIPELINE_CACHE_DIR"] = args.cache_dir
    if args.built_only:
        os.environ["PIPELINE_RUNTIMES"] = "built"
    components = list(args.components or COMPONENTS)
    if args.tools:
        components += [tool for tool in DEV_TOOLS if tool not in components]
    report = reporter(components, plain=args.plain, stream=sys.stderr if args.json else None)
    outcomes = provision(components, report, force=args.force)
    if args.json:
        import json

        print(json.dumps([vars(o) for o in outcomes], indent=2))
    else:
        _table(outcomes)
    failed = [o for o in outcomes if not o.ok]
    for outcome in failed:
        print(f"error: {outcome.error}", file=sys.stderr)
    return 1 if failed else 0


def _table(outcomes: list) -> None:
    from rich.table import Table

    from harness import paths
    from harness.commands._common import table_console

    table = Table(title=f"runtimes (cache {paths.cache_dir()})")
    for column in ("component", "version", "source", "path", "time"):
        table.add_column(column, overflow="fold")
    for o in outcomes:
        source = o.source if o.ok else f"[red]{o.source}[/red]"
        where = o.path or (f"[yellow]{o.note}[/yellow]" if o.note else "-")
        table.add_row(o.component, o.version or "-", source, where, f"{o.seconds:.1f}s")
    table_console().print(table)
