"""Every configuration test starts with an empty evaluation cache."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    from harness.config import clear_cache

    clear_cache()
    yield
    clear_cache()
