"""Command line: `python -m harness <command>`. Commands load lazily from a name -> module registry."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from harness.errors import HarnessError

# name -> (module, one-line help). Each module defines `add_arguments(parser)` and `run(args) -> int`.
COMMANDS: dict[str, tuple[str, str]] = {
    "provision": ("harness.commands.provision", "build or locate Kafka, Telegraf and InfluxDB into the cache"),
    "versions": ("harness.commands.versions", "show the runtime versions in use"),
    "config": ("harness.commands.config", "show, validate and render the configuration from topology.nix"),
    "up": ("harness.commands.up", "start the whole pipeline on a target"),
    "down": ("harness.commands.down", "stop everything `up` started"),
    "status": ("harness.commands.status", "show each service, its PID, port and health (exit 1 unless all healthy)"),
    "e2e": ("harness.commands.e2e", "inject values and prove them at every hop (the main job)"),
    "fuzz": ("harness.commands.fuzz", "Hypothesis fuzzing of node values through the real pipeline"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m harness", description=__doc__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.set_defaults(_module=module_name)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            command_parser.set_defaults(_missing=True)
            continue
        module.add_arguments(command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m harness`."""
    args = build_parser().parse_args(argv)
    if getattr(args, "_missing", False):
        print(f"error: command {args.command!r} is not available in this build", file=sys.stderr)
        return 2
    module = importlib.import_module(args._module)
    try:
        return int(module.run(args) or 0)
    except HarnessError as exc:
        print(f"error: {exc.line()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`status --json | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
