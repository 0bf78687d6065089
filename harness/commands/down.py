"""`python -m harness down`: stop every service `up` started, by PID."""

from __future__ import annotations

import argparse

from harness.commands._common import add_target_options, target_from
from harness.steps import console


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_target_options(parser)


def run(args: argparse.Namespace) -> int:
    stopped = target_from(args).down()
    console.print(f"stopped {', '.join(stopped)}" if stopped else "nothing was running")
    return 0
