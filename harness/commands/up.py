"""`python -m harness up`: start the whole pipeline (a no-op when it already runs healthy)."""

from __future__ import annotations

import argparse
import time

from harness.commands._common import add_target_options, target_from
from harness.steps import console


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_target_options(parser)


def run(args: argparse.Namespace) -> int:
    began = time.monotonic()
    started = target_from(args).up()
    took = time.monotonic() - began
    if started:
        console.print(f"started {', '.join(started)} in {took:.1f}s")
    else:
        console.print(f"stack already running and healthy ({took:.2f}s)")
    return 0
