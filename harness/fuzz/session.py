"""A fuzz session: the separate fuzz stack, a BatchRunner on it, counters, kept examples, observations.

    with fuzz_session(run_dir) as session:      # starts the fuzz stack if it is not running
        session.check(batch)                    # inject, collect, raise ContractFailure on a breach
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.fuzz import strategies
from harness.fuzz.check import Verdict, failure, verdicts
from harness.fuzz.contracts import ABSENT_, CONVERTED
from harness.fuzz.values import decode, encode, same, short
from harness.paths import REPO_ROOT

FUZZ_DIR = REPO_ROOT / "fixtures" / "fuzz"
TOPOLOGY = FUZZ_DIR / "topology.nix"
DATABASE = FUZZ_DIR / "examples"  # Hypothesis' example database: failing examples, replayed first
REGRESSIONS = FUZZ_DIR / "regressions.json"  # kept examples, human-readable, run first as @example
OBSERVATIONS = FUZZ_DIR / "observations.json"  # one real observation per converted/absent rule
PORT_OFFSET = 100  # the fuzz stack runs beside the reference stack (4940, 9192, 8186, … plus any --port-offset)


@dataclass
class Stats:
    """Progress counters: examples run, values verified end to end, failures, verdicts."""

    examples: int = 0
    values: int = 0
    verified: int = 0
    failures: int = 0
    verdicts: int = 0
    started: float = field(default_factory=time.monotonic)
    seconds_in_batches: float = 0.0
    last_failure: str = ""

    def per_minute(self) -> float:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return 60.0 * self.verified / elapsed


def fuzz_topology() -> Any:
    """The fuzz topology, typed (harness.config)."""
    from harness.config import load

    return load(TOPOLOGY).topology


def kept_examples(topology: Any | None = None) -> list[tuple[str, dict[str, Any]]]:
    """fixtures/fuzz/regressions.json as complete batches (nodes an entry leaves out get the simplest value)."""
    if not REGRESSIONS.exists():
        return []
    topology = topology or fuzz_topology()
    kept = []
    for entry in json.loads(REGRESSIONS.read_text())["examples"]:
        batch = {node.name: strategies.simplest(node.type) for node in topology.nodes}
        unknown = set(entry["values"]) - set(batch)
        if unknown:
            raise HarnessError(f"kept example {entry['name']!r} names unknown nodes {sorted(unknown)}",
                               where=str(REGRESSIONS), fix="use node names of fixtures/fuzz/topology.nix")
        batch.update({name: decode(raw) for name, raw in entry["values"].items()})
        kept.append((entry["name"], batch))
    return kept


class FuzzSession:
    """Runs batches through a running fuzz stack and checks every stage's contract."""

    def __init__(self, pipe: Any, topology: Any, *, record: bool = False) -> None:
        from harness.fuzz.batch import BatchRunner

        self.pipe = pipe
        self.topology = topology
        self.types = {node.name: node.type.name for node in topology.nodes}
        self.runner = BatchRunner(pipe, {node.name: node.type for node in topology.nodes})
        self.stats = Stats()
        self.record = record
        self.observations: dict[str, dict[str, Any]] = load_observations() if record else {}

    def warm_up(self, timeout: float = 90.0) -> None:
        """Wait until a plain batch passes every stage (subscription live, model assigned and primed):
        readiness, not a test — the first examples then see the same pipeline as the last."""
        plain = {node.name: strategies.simplest(node.type) for node in self.topology.nodes}
        deadline = time.monotonic() + timeout
        while True:
            injected = self.runner.inject(plain)
            result = verdicts(self.pipe.nodes, self.types, self.pipe.computations, injected,
                              self.runner.collect(injected))
            failed = [v for v in result if not v.ok]
            if not failed:
                self.stats = Stats()
                return
            if time.monotonic() >= deadline:
                raise HarnessError(f"the fuzz stack never passed a plain batch: {failed[0].line()}",
                                   where=str(self.pipe.target.run_dir),
                                   fix="check `python -m harness status` and the logs under the run dir")

    def run(self, batch: dict[str, Any]) -> list[Verdict]:
        """Inject one batch, collect every stage, return the verdicts (and count them)."""
        started = time.monotonic()
        injected = self.runner.inject(batch)
        seen = self.runner.collect(injected)
        result = verdicts(self.pipe.nodes, self.types, self.pipe.computations, injected, seen)
        self.stats.seconds_in_batches += time.monotonic() - started
        self.stats.examples += 1
        self.stats.values += len(batch)
        self.stats.verdicts += len(result)
        failed = {v.subject for v in result if not v.ok}
        self.stats.verified += sum(1 for name in batch if name not in failed and f"abs_{name}" not in failed)
        if self.record:
            self._observe(result)
        return result

    def check(self, batch: dict[str, Any]) -> None:
        """`run`, then raise ContractFailure naming the first failed stage (what Hypothesis shrinks on)."""
        failed = [v for v in self.run(batch) if not v.ok]
        if failed:
            self.stats.failures += 1
            self.stats.last_failure = failed[0].line()
            raise failure(failed)

    def _observe(self, result: list[Verdict]) -> None:
        for verdict in result:
            rule = verdict.rule
            if not verdict.ok or rule is None or rule.outcome not in (CONVERTED, ABSENT_):
                continue
            key = f"{verdict.type_name}|{verdict.stage}|{rule.case}"
            known = self.observations.get(key)
            changed = rule.outcome == ABSENT_ or not same(verdict.injected, verdict.seen)
            if known is None or (changed and not known.get("changed")):
                self.observations[key] = {"injected": encode(verdict.injected), "seen": encode(verdict.seen)
                                          if verdict.seen is not None else None, "seen_type": verdict.seen_type,
                                          "changed": changed,
                                          "shown": f"{short(verdict.injected)} → {short(verdict.seen)}"}

    def save_observations(self) -> Path:
        """Write the observations (sorted, stable) to fixtures/fuzz/observations.json."""
        from harness.fuzz.contracts import ABSENT

        for entry in self.observations.values():
            if entry.get("seen") is ABSENT:
                entry["seen"] = "<absent>"
        OBSERVATIONS.write_text(json.dumps(dict(sorted(self.observations.items())), indent=1,
                                           ensure_ascii=False, default=str) + "\n")
        return OBSERVATIONS

    def close(self) -> None:
        self.runner.close()
        self.pipe.close()


def load_observations() -> dict[str, dict[str, Any]]:
    """fixtures/fuzz/observations.json: "Type|stage|case" -> what the real services showed."""
    return json.loads(OBSERVATIONS.read_text()) if OBSERVATIONS.exists() else {}


def fuzz_target(run_dir: Path, base_offset: int = 0) -> Any:
    """The local fuzz stack beside the stack in `run_dir` (whose ports are moved by `base_offset`): its own
    topology, run dir `<run_dir>/fuzz`, ports moved by `base_offset` + 100."""
    from harness.targets.local import LocalTarget

    return LocalTarget(topology=TOPOLOGY, run_dir=run_dir / "fuzz", port_offset=base_offset + PORT_OFFSET)


@contextlib.contextmanager
def fuzz_session(run_dir: Path, *, base_offset: int = 0, keep_stack: bool = False,
                 record: bool = False) -> Iterator[FuzzSession]:
    """Bring the fuzz stack up (if needed), yield a session, stop the stack if this call started it."""
    from harness.pipeline import Pipeline

    target = fuzz_target(run_dir, base_offset)
    started = target.up()
    session = None
    try:
        session = FuzzSession(Pipeline(target), target.config.topology, record=record)
        session.warm_up()
        yield session
    finally:
        if session is not None:
            session.close()
        if started and not keep_stack:
            target.down()
