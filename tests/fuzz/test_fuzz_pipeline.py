"""Fuzzing node values through the whole real pipeline: every generated batch keeps every stage's contract.

Generation (harness.fuzz.strategies), injection/collection (harness.fuzz.batch) and checking
(harness.fuzz.check against harness.fuzz.contracts) stay separate; this test only asserts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from harness.fuzz.session import fuzz_topology, kept_examples
from harness.fuzz.strategies import batches_of

pytestmark = [pytest.mark.e2e, pytest.mark.fuzz]


def _kept(test: Any) -> Any:
    """Every kept regression example (fixtures/fuzz/regressions.json) as an explicit @example, run first."""
    try:
        kept = kept_examples()
    except Exception:  # no Nix here: the fixture skips with the reason
        return test
    for _name, batch in reversed(kept):
        test = example(batch=batch)(test)
    return test


@_kept
@given(batch=st.deferred(lambda: batches_of(fuzz_topology())))
def test_every_value_keeps_its_stage_contracts(fuzz_session: Any, batch: dict[str, Any]) -> None:
    fuzz_session.check(batch)
