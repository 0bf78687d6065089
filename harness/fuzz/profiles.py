"""Hypothesis settings profiles: `dev` (default), `ci` (auto-loaded when CI=true), `nightly`.

Failing examples persist in fixtures/fuzz/examples (Hypothesis' example database), replayed first by
`dev` and `nightly`. `ci` is derandomized, which implies no database; it replays the kept examples of
fixtures/fuzz/regressions.json instead (explicit @example phase, always first)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from harness.fuzz.session import DATABASE

PROFILES = ("ci", "dev", "nightly")
_COMMON = {
    "deadline": None,  # one example is a round trip through real services
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    "print_blob": True,
}


def register() -> None:
    """Register the three profiles (idempotent)."""
    database = DirectoryBasedExampleDatabase(DATABASE)
    settings.register_profile("dev", max_examples=100, database=database, **_COMMON)
    settings.register_profile("ci", max_examples=60, derandomize=True, database=None,
                              phases=(Phase.explicit, Phase.generate, Phase.shrink), **_COMMON)
    settings.register_profile("nightly", max_examples=3000, database=database, **_COMMON)


def default_profile() -> str:
    """`ci` when CI=true, else `dev`."""
    return "ci" if os.environ.get("CI", "").lower() == "true" else "dev"
