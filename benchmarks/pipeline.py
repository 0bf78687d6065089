"""Benchmark of the local stack (not a test): cold start, warm reuse, per-hop latency, total RSS.

    python benchmarks/pipeline.py [--values 50] [--keep]

Cold start = provisioned binaries, fresh run directory → every service healthy.
Warm reuse = `up` on the running, healthy stack.
Latency = ms from the OPC-UA write to arrival at each hop, p50/p95 over --values injected values.
RSS = resident memory of every process of the stack (each service's whole process group)."""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from harness.e2e.round import run_round
from harness.e2e.values import unique_values
from harness.pipeline import Pipeline
from harness.stack.state import StackState
from harness.steps import StepLog
from harness.targets.local import LocalTarget


def group_rss_kib(leader: int) -> int:
    """Sum of VmRSS over every process whose process group is `leader`."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            pgid = int(stat.rsplit(")", 1)[1].split()[2])
            if pgid != leader:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--values", type=int, default=50, help="values to inject (spread over the nodes)")
    parser.add_argument("--keep", action="store_true", help="leave the benchmark stack running")
    args = parser.parse_args()
    console = Console()
    run_dir = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    target = LocalTarget(run_dir=run_dir)
    try:
        began = time.monotonic()
        target.up()
        cold = time.monotonic() - began
        began = time.monotonic()
        target.up()
        warm = time.monotonic() - began

        pipe = Pipeline(target)
        latencies: dict[str, list[float]] = defaultdict(list)
        failures = 0
        rounds = math.ceil(args.values / len(pipe.nodes))
        steps = StepLog(quiet=True)
        for seed in range(rounds):
            result = run_round(pipe, unique_values(pipe.nodes, seed), steps=steps)
            for check in result.checks:
                # panels are one hop however many there are: "panel:Temperature" -> "panel"
                hop = check.hop.split(":")[0] if check.hop.startswith(("panel:", "grafana:")) else check.hop
                if check.ok and check.latency_ms is not None:
                    latencies[hop].append(check.latency_ms)
                elif not check.ok:
                    failures += 1
        pipe.close()

        state = StackState.load(run_dir / "state.json")
        rss = {name: group_rss_kib(entry.pid) for name, entry in state.services.items()}

        figures = Table(title="local stack", title_justify="left")
        figures.add_column("figure")
        figures.add_column("value", justify="right")
        figures.add_row("cold start (cached binaries → all healthy)", f"{cold:.1f} s")
        figures.add_row("warm reuse (`up` on a healthy stack)", f"{warm * 1000:.0f} ms")
        figures.add_row("values injected", str(rounds * len(pipe.nodes)))
        figures.add_row("failed checks", str(failures))
        figures.add_row("total RSS", f"{sum(rss.values()) / 1024:.0f} MiB")
        for name, kib in sorted(rss.items()):
            figures.add_row(f"  RSS {name}", f"{kib / 1024:.0f} MiB")
        console.print(figures)

        hops = Table(title="per-hop latency since the OPC-UA write (ms)", title_justify="left")
        for column in ("hop", "n", "p50", "p95", "max"):
            hops.add_column(column, justify="left" if column == "hop" else "right")
        for hop, values in latencies.items():
            hops.add_row(hop, str(len(values)), f"{statistics.median(values):.0f}", f"{percentile(values, 0.95):.0f}",
                         f"{max(values):.0f}")
        console.print(hops)
        return 0 if failures == 0 else 1
    finally:
        if not args.keep:
            target.down()
            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            console.print(f"stack left running in {run_dir}")
        os.environ.pop("PIPELINE_RUN_DIR", None)


if __name__ == "__main__":
    raise SystemExit(main())
