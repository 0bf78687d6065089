"""Flake check (a script, not a CI test): run the `ci`-profile fuzz test N times and compare the results.

    python tests/fuzz/repeat_ci.py [--runs 10]

The fuzz stack is started once and kept between runs (stopped at the end if this script started it).
Each run's outcome (passed/failed, examples, values verified, failure) must be identical."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time

from harness import paths
from harness.fuzz.session import fuzz_target

SUMMARY = re.compile(r"fuzz: (\d+) examples, (\d+)/(\d+) values verified end to end, (\d+) failing examples")


def one_run(index: int) -> tuple[tuple[object, ...], float]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-m", "fuzz", "--keep-stack",
         "tests/fuzz/test_fuzz_pipeline.py"],
        cwd=paths.REPO_ROOT, env={**os.environ, "CI": "true"}, capture_output=True, text=True, check=False)
    took = time.monotonic() - started
    match = SUMMARY.search(proc.stdout)
    failure = next((line for line in proc.stdout.splitlines() if "ContractFailure" in line or line.startswith("E ")),
                   "")
    outcome = (proc.returncode, match.groups() if match else None, failure)
    print(f"run {index + 1}: rc={proc.returncode} {match.group(0) if match else 'no summary'} ({took:.0f}s)"
          + (f" — {failure}" if failure else ""), flush=True)
    return outcome, took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    target = fuzz_target(paths.run_dir())
    started_stack = target.up()
    try:
        results = [one_run(i) for i in range(args.runs)]
    finally:
        if started_stack:
            target.down()
    outcomes = {outcome for outcome, _ in results}
    times = [took for _, took in results]
    verdict = "IDENTICAL" if len(outcomes) == 1 else f"DIFFERENT ({len(outcomes)} distinct outcomes)"
    print(f"{args.runs} runs: {verdict}; each {min(times):.0f}-{max(times):.0f}s")
    return 0 if len(outcomes) == 1 and next(iter(outcomes))[0] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
