"""Benchmark of fuzzing throughput (not a test): values verified end to end per minute.

    python benchmarks/fuzz.py [--seconds 60] [--profile dev] [--keep]

Runs the same path as `python -m harness fuzz` (Hypothesis generation, one OPC-UA Write per batch, one
Kafka consumer and one Flux query per poll, every stage checked) for --seconds on the fuzz stack, then
prints examples, values verified, values/minute and the time per batch. Aim: >= 1000 values/min."""

from __future__ import annotations

import argparse
import io
import json
import time

from rich.console import Console

from harness import paths
from harness.fuzz.runner import run_fuzz


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--profile", default="dev", choices=("ci", "dev", "nightly"))
    parser.add_argument("--keep", action="store_true", help="leave the fuzz stack running")
    args = parser.parse_args()
    run_dir = paths.run_dir()
    started = time.monotonic()
    code = run_fuzz(run_dir, profile=args.profile, budget=args.seconds, record=False, keep_stack=args.keep,
                    console=Console(file=io.StringIO()))
    wall = time.monotonic() - started
    result = json.loads((run_dir / "fuzz" / "reports" / "fuzz-latest.json").read_text())
    examples, verified = result["examples"], result["verified"]
    print(f"fuzz benchmark ({args.profile}, budget {args.seconds:.0f}s, wall {wall:.0f}s incl. stack start/stop)")
    print(f"  examples (batches)          {examples}")
    print(f"  values verified end to end  {verified}/{result['values']}")
    print(f"  values verified per minute  {result['values_per_minute']}  (aim >= 1000)")
    if examples:
        print(f"  seconds per batch           {args.seconds / examples:.3f}")
    print(f"  contract failures           {'none' if result['ok'] else result['failure']}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
