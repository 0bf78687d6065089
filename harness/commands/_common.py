"""Options every stack command shares: --target, --topology, --run-dir."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from harness.targets import REGISTRY, Target, get_target

if TYPE_CHECKING:
    from rich.console import Console


def add_target_options(parser: argparse.ArgumentParser) -> None:
    """--target/--topology/--run-dir."""
    parser.add_argument("--target", default="local", choices=sorted(REGISTRY), help="where the pipeline runs")
    parser.add_argument("--topology", type=Path, default=None, help="topology file (default: topology.nix)")
    parser.add_argument("--run-dir", type=Path, default=None, help="run directory (default: .run/)")
    parser.add_argument("--port-offset", type=int, default=None,
                        help="move every port of a local stack by N (default $PIPELINE_PORT_OFFSET or 0)")


def target_from(args: argparse.Namespace) -> Target:
    """The target the options name."""
    return get_target(args.target, topology=args.topology, run_dir=args.run_dir, port_offset=args.port_offset)


def table_console() -> Console:
    """A console for result tables: the terminal's width, or 160 columns when output is not a terminal."""
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160)
