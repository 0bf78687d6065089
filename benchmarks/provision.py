"""Provisioning time per component: cold (a fresh, empty cache directory) and warm (the same directory again).

    python benchmarks/provision.py [--keep] [--cache-dir DIR] [COMPONENT ...]

Cold means everything the package clients fetch or compile starts empty: Maven's local repository,
the Go module and build caches, cargo's registry and libflux's target all live inside the cache
directory (see harness/provision/gobuild.py), so a fresh directory re-downloads and rebuilds all
of it. Only the machine's toolchains (JDK, Maven, Go, Rust) are reused. Binaries on PATH are
ignored (PIPELINE_RUNTIMES=built) so that cold really builds. Budget: cold total under 10 minutes
on a 2-core machine; a warm run under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLD_BUDGET_S = 600.0
WARM_BUDGET_S = 2.0


def run_provision(cache: Path, components: list[str]) -> tuple[float, list[dict]]:
    """One `python -m harness provision --json` run; its wall time and per-component outcomes."""
    env = {**os.environ, "PIPELINE_CACHE_DIR": str(cache), "PIPELINE_RUNTIMES": "built"}
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "harness", "provision", "--json", "--plain", *components],
                          cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
    wall = time.monotonic() - started
    outcomes = json.loads(proc.stdout) if proc.stdout.strip() else []
    if proc.returncode != 0:
        failed = [o["error"] for o in outcomes if o.get("error")]
        raise SystemExit(f"provisioning failed: {'; '.join(failed) or proc.returncode}")
    return wall, outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("components", nargs="*", default=["kafka", "telegraf", "influxdb"])
    parser.add_argument("--cache-dir", help="cold cache directory to use (must be empty; default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the cold cache directory afterwards")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    from harness.provision import cache as provision_cache

    cache = Path(args.cache_dir) if args.cache_dir else Path(tempfile.mkdtemp(prefix="provision-bench-"))
    if cache.exists() and any(cache.iterdir()):
        raise SystemExit(f"{cache} is not empty: a cold run needs an empty cache directory")
    print(f"cold cache: {cache}  ({os.cpu_count()} cores)", file=sys.stderr)
    try:
        cold_wall, cold = run_provision(cache, args.components)
        warm_wall, warm = run_provision(cache, args.components)
    finally:
        if not args.keep:
            provision_cache.rmtree(cache)

    warm_by = {o["component"]: o for o in warm}
    print(f"{'component':<10} {'version':<8} {'cold s':>8} {'warm s':>8}  source (cold / warm)")
    for outcome in cold:
        other = warm_by.get(outcome["component"], {})
        print(f"{outcome['component']:<10} {outcome['version']:<8} {outcome['seconds']:>8.1f} "
              f"{other.get('seconds', 0):>8.2f}  {outcome['source']} / {other.get('source', '-')}")
    print(f"{'total':<10} {'':<8} {cold_wall:>8.1f} {warm_wall:>8.2f}  (wall time of each whole run)")
    ok = cold_wall < COLD_BUDGET_S and warm_wall <= WARM_BUDGET_S
    print(f"budget: cold < {COLD_BUDGET_S:.0f}s, warm <= {WARM_BUDGET_S:.0f}s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
