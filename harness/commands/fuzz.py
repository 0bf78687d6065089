"""`python -m harness fuzz`: Hypothesis fuzzing of node values through the real (separate) fuzz stack."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--budget", type=float, default=None, metavar="SECONDS",
                        help="keep generating until this many seconds have passed (default: the profile's examples)")
    parser.add_argument("--profile", choices=("ci", "dev", "nightly"), default=None,
                        help="Hypothesis settings profile (default: ci when CI=true, else dev)")
    parser.add_argument("--run-dir", type=Path, default=None, help="run directory (the fuzz stack uses RUN_DIR/fuzz)")
    parser.add_argument("--port-offset", type=int, default=None,
                        help="the local stack's port offset (default $PIPELINE_PORT_OFFSET or 0); the fuzz stack"
                             " uses it + 100")
    parser.add_argument("--keep-stack", action="store_true", help="leave a fuzz stack this command started running")
    parser.add_argument("--record", action="store_true",
                        help="record real observations of converted/absent rules into fixtures/fuzz/observations.json")
    parser.add_argument("--contracts-md", action="store_true",
                        help="only render docs/CONTRACTS.md from the contract table (no services needed)")


def run(args: argparse.Namespace) -> int:
    from harness.commands._common import table_console

    console = table_console()
    if args.contracts_md:
        from harness.fuzz import doc

        console.print(f"wrote {doc.write()}", highlight=False)
        return 0
    from harness.fuzz import profiles
    from harness.fuzz.runner import run_fuzz

    if args.budget is not None and args.budget <= 0:
        console.print("error: --budget must be a positive number of seconds", highlight=False)
        return 2
    from harness.targets import get_target

    beside = get_target("local", run_dir=args.run_dir, port_offset=args.port_offset)
    return run_fuzz(beside.run_dir, base_offset=beside.port_offset, profile=args.profile or profiles.default_profile(),
                    budget=args.budget, record=args.record, keep_stack=args.keep_stack, console=console)
