"""Provision every runtime: use what is on PATH, reuse good cache entries, build the rest atomically."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from harness.errors import HarnessError
from harness.provision import cache, check_known, recipe, spec, toolchain
from harness.provision.progress import Reporter
from harness.provision.steps import Steps


@dataclass
class Outcome:
    """What provisioning did for one component (one row of the final table)."""

    component: str
    version: str = ""
    source: str = ""  # "found on PATH" | "built here" | "cached (built here)" | "unavailable" | "failed"
    path: str = ""
    seconds: float = 0.0
    error: str = ""
    note: str = ""  # why a component is unavailable (Grafana), shown in place of a path

    @property
    def ok(self) -> bool:
        return not self.error


def _build(component: str, report: Reporter, force: bool) -> tuple[Path, dict]:
    """Build one component into a staging directory and install it atomically (under its lock)."""
    module = recipe(component)
    for tool in module.TOOLS:
        toolchain.find(tool, component)
    cache.check_disk(component)
    with cache.lock(component):
        if not force and (hit := cache.good_entry(component)):  # built meanwhile by another provisioner
            return hit
        cache.sweep_staging()
        logs = cache.root() / "logs"
        logs.mkdir(exist_ok=True)
        log_path = logs / f"{component}-{time.strftime('%Y%m%d-%H%M%S')}.log"
        steps = Steps(component, log_path, status=lambda step, detail: report.step(component, step, detail))
        with cache.staging(component) as staged:
            started = time.monotonic()
            manifest = module.build(staged, steps)
            manifest["build_seconds"] = round(time.monotonic() - started, 1)
            manifest["log"] = str(log_path)
            entry = cache.install(component, staged, manifest)
        return entry, cache.read_manifest(entry) or manifest


def _one(component: str, report: Reporter, force: bool) -> Outcome:
    from harness.provision import runtimes

    started = time.monotonic()
    out = Outcome(component)
    if component == "grafana":
        report.start(component, "looking for a Grafana server (never built here)")
        try:
            found = runtimes.runtime("grafana")
            out.version, out.source, out.path = found.version, "found on PATH", str(found.path)
            if found.extra.get("how") == "GRAFANA_HOME":
                out.source = "found via GRAFANA_HOME"
        except HarnessError as exc:  # an absent Grafana is a stated fact, not a provisioning failure
            out.source, out.note = "unavailable", exc.line()
        out.seconds = time.monotonic() - started
        report.done(component, out.note or f"{out.source} {out.version}", ok=True)
        return out
    report.start(component, f"want {spec.version(component)}: looking on PATH and in the cache")
    try:
        found = runtimes.locate(component)
        if found is not None and not (force and found.source == "built"):
            out.version, out.path = found.version, str(found.path)
            out.source = "found on PATH" if found.source == "path" else "cached (built here)"
        else:
            entry, manifest = _build(component, report, force)
            out.version, out.source = manifest["version"], "built here"
            out.path = str(entry / manifest["artifact"])
    except HarnessError as exc:
        out.source, out.error = "failed", exc.line()
    out.seconds = time.monotonic() - started
    report.done(component, f"{out.source} {out.version}".strip() if out.ok else out.error, ok=out.ok)
    return out


def provision(components: Iterable[str], report: Reporter, force: bool = False) -> list[Outcome]:
    """Provision the given components in order; never raises for one component's failure."""
    outcomes = []
    cache.sweep_staging()  # what killed runs left behind (a live run's staging is kept)
    try:
        for component in components:
            check_known(component)
            outcomes.append(_one(component, report, force))  # Grafana is only located: force means nothing there
    finally:
        report.close()
    return outcomes
