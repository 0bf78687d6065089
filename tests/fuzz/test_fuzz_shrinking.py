"""Shrinking works end to end: against the real stack, a contract that is wrong for negative Int16 values
fails, and Hypothesis reduces the failing batch to the minimal value, named with its type and stage."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import Phase, given, settings

from harness.errors import ContractFailure
from harness.fuzz import contracts
from harness.fuzz.strategies import batches_of

pytestmark = [pytest.mark.e2e, pytest.mark.fuzz]


def test_a_breach_shrinks_to_the_minimal_value(fuzz_session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = (contracts.Rule("any", contracts.CONVERTED, "deliberately wrong for this test", "abs"),)
    monkeypatch.setitem(contracts.CONTRACTS["Int16"], "kafka:opc", wrong)

    @settings(max_examples=200, derandomize=True, database=None, deadline=None,
              phases=(Phase.generate, Phase.shrink), print_blob=False)
    @given(batch=batches_of(fuzz_session.topology))
    def pipeline_keeps_contracts(batch: dict[str, Any]) -> None:
        fuzz_session.check(batch)

    with pytest.raises(ContractFailure) as caught:
        pipeline_keeps_contracts()
    failure = caught.value
    assert failure.stage == "kafka:opc" and failure.expected == 1.0 and failure.seen == -1.0
    assert failure.hint and failure.hint.startswith("FuzzInt16 is Int16 -1 (")
