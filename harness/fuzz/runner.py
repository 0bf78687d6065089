"""`python -m harness fuzz`: the pytest fuzz test's pieces driven from the command line, with a live
progress display (examples, values verified, failures so far) and the usual result table."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table

from harness.e2e.checks import Check
from harness.errors import ContractFailure

CHUNK = 25  # examples per Hypothesis run when a --budget is given (each run replays the database first)


@dataclass
class Tally:
    """Pass/fail per (stage, type) over the whole run, for the result table."""

    passed: Counter[tuple[str, str]] = field(default_factory=Counter)
    failed: Counter[tuple[str, str]] = field(default_factory=Counter)
    example: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, verdicts: list[Any]) -> None:
        for verdict in verdicts:
            key = (verdict.stage, verdict.type_name)
            if verdict.ok:
                self.passed[key] += 1
            else:
                self.failed[key] += 1
                self.example.setdefault(key, verdict.line())

    def checks(self) -> list[Check]:
        keys = sorted(set(self.passed) | set(self.failed), key=lambda k: (_stage_order(k[0]), k[1]))
        return [Check(stage, type_name, self.failed[(stage, type_name)] == 0, None,
                      f"{self.passed[(stage, type_name)] + self.failed[(stage, type_name)]} values",
                      self.example.get((stage, type_name), ""),
                      note=f"{self.passed[(stage, type_name)]} ok, {self.failed[(stage, type_name)]} failed")
                for stage, type_name in keys]


def _stage_order(stage: str) -> int:
    from harness.fuzz.contracts import STAGES

    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def _progress(stats: Any, budget: float | None, profile: str) -> Table:
    grid = Table.grid(padding=(0, 2))
    elapsed = time.monotonic() - stats.started
    limit = f" / {budget:.0f}s" if budget else ""
    grid.add_row("[bold]fuzz[/]", f"profile {profile}", f"{elapsed:.0f}s{limit}")
    grid.add_row("examples", str(stats.examples), "")
    grid.add_row("values verified", f"{stats.verified}/{stats.values}", f"{stats.per_minute():.0f}/min")
    grid.add_row("failures", f"[red]{stats.failures}[/]" if stats.failures else "0", stats.last_failure[:90])
    return grid


def run_fuzz(run_dir: Path, *, profile: str, budget: float | None, record: bool, keep_stack: bool,
             console: Console, base_offset: int = 0) -> int:
    """Run the fuzz test's body under Hypothesis with `profile`; returns 0 when every contract held."""
    from hypothesis import example, given, settings

    from harness.fuzz import profiles
    from harness.fuzz.session import fuzz_session, kept_examples
    from harness.fuzz.strategies import batches_of

    profiles.register()
    chosen = settings.get_profile(profile)
    failure: BaseException | None = None
    tally = Tally()
    with fuzz_session(run_dir, base_offset=base_offset, keep_stack=keep_stack, record=record) as session:
        stats = session.stats

        def body(batch: dict[str, Any]) -> None:
            verdicts = session.run(batch)
            tally.add(verdicts)
            failed = [v for v in verdicts if not v.ok]
            if failed:
                from harness.fuzz.check import failure as to_failure

                stats.failures += 1
                stats.last_failure = failed[0].line()
                raise to_failure(failed)

        with Live(_progress(stats, budget, profile), console=console, refresh_per_second=4, transient=False) as live:
            def example_body(batch: dict[str, Any]) -> None:
                try:
                    body(batch)
                finally:
                    live.update(_progress(stats, budget, profile))

            kept = kept_examples(session.topology)
            deadline = time.monotonic() + budget if budget else None
            first = True
            while True:
                whole = deadline is None or chosen.derandomize  # a derandomized run is one fixed sequence
                limit = chosen.max_examples if whole else min(CHUNK, chosen.max_examples)
                test: Any = given(batch=batches_of(session.topology))(example_body)
                for _name, batch in reversed(kept if first else []):  # kept examples run first, once
                    test = example(batch=batch)(test)
                first = False
                try:
                    settings(chosen, max_examples=limit)(test)()
                except ContractFailure as exc:
                    failure = exc
                except Exception as exc:  # Hypothesis' own errors (flaky, unsatisfiable) end the run too
                    failure = exc
                live.update(_progress(stats, budget, profile))
                if failure is not None or deadline is None or time.monotonic() >= deadline or chosen.derandomize:
                    break
        if record:
            console.print(f"observations: {session.save_observations()}", highlight=False)
    return _report(tally, stats, failure, run_dir, profile, console)


def _report(tally: Tally, stats: Any, failure: BaseException | None, run_dir: Path, profile: str,
            console: Console) -> int:
    from harness.e2e import report

    report.print_result(tally.checks(), console, title=f"fuzz ({profile})")
    console.print(f"{stats.examples} examples, {stats.verified}/{stats.values} values verified end to end, "
                  f"{stats.failures} failing examples, {stats.per_minute():.0f} values/min", highlight=False)
    if failure is not None:
        console.print(f"[red]minimal failing example[/]: {failure}", highlight=False)
    directory = run_dir / "fuzz" / "reports"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "fuzz-latest.json"
    path.write_text(json.dumps({"time": time.time(), "profile": profile, "ok": failure is None,
                                "examples": stats.examples, "values": stats.values, "verified": stats.verified,
                                "values_per_minute": round(stats.per_minute()), "failure": str(failure or ""),
                                "checks": [c.as_dict() for c in tally.checks()]}, indent=1))
    console.print(f"report: {path}", highlight=False)
    return 0 if failure is None else 1
