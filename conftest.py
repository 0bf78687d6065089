"""Hypothesis settings profiles for the whole suite: `dev` (default), `ci` (auto-loaded when CI=true),
`nightly`. Choose one with `pytest --hypothesis-profile NAME` (Hypothesis' own pytest option).

Failing examples persist in fixtures/fuzz/examples (Hypothesis' example database), replayed first by
`dev` and `nightly`. `ci` is derandomized, which implies no database; it replays the kept examples of
fixtures/fuzz/regressions.json instead (explicit @example phase, always first)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from harness.fuzz.session import DATABASE

_COMMON = {
    "deadline": None,  # one example is a round trip through real services
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    "print_blob": True,
}

settings.register_profile("dev", max_examples=100, database=DirectoryBasedExampleDatabase(DATABASE), **_COMMON)
settings.register_profile(
    "ci", max_examples=60, derandomize=True, database=None,
    phases=(Phase.explicit, Phase.generate, Phase.shrink), **_COMMON,
)
settings.register_profile("nightly", max_examples=3000, database=DirectoryBasedExampleDatabase(DATABASE),
                          **_COMMON)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
