"""The checks can fail: break one setting at a time in a rendered copy of the configuration, restart
only the service that reads it, and the round must fail at the hop that setting feeds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.e2e.round import run_round
from harness.e2e.values import unique_values
from harness.mutations import Mutation, all_mutations
from harness.pipeline import Pipeline
from harness.steps import StepLog

pytestmark = pytest.mark.e2e

MUTATIONS = all_mutations()


@pytest.fixture
def mutated(pipeline: Pipeline, request: pytest.FixtureRequest, steps: StepLog) -> Iterator[Mutation]:
    """The pipeline with one mutation applied; the declared configuration is restored afterwards."""
    target = pipeline.target
    if not target.starts_services:
        pytest.skip(f"target {target.name!r} runs its own services; mutations edit configs the harness renders "
                    "and restarts, so they run on the local target")
    mutation: Mutation = MUTATIONS[request.param]
    target.mutations = [mutation]
    try:
        with steps.step(f"apply mutation {mutation.name}: {mutation.why}", tag=target.name):
            target.up()  # restarts the service reading the file (none for the dashboard without Grafana)
        yield mutation
    finally:
        target.mutations = []
        with steps.step("restore the declared configuration", tag=target.name):
            target.up()


@pytest.mark.parametrize("mutated", sorted(MUTATIONS), indirect=True)
def test_broken_setting_fails_at_its_hop(pipeline: Pipeline, mutated: Mutation, steps: StepLog) -> None:
    result = run_round(pipeline, unique_values(pipeline.nodes), steps=steps)
    failed = {hop.replace("grafana:", "panel:") for hop in result.failed_hops()}
    assert not result.ok, f"mutation {mutated.name} went unnoticed: every hop passed"
    assert mutated.hop in failed, f"mutation {mutated.name} should fail hop {mutated.hop}; failed: {sorted(failed)}"
    first = next(c for c in result.checks if c.hop.replace("grafana:", "panel:") == mutated.hop and not c.ok)
    assert first.log, "a failure must name the log to read"
