"""Fixtures of the provisioning tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .support import Service


@pytest.fixture
def services() -> Iterator[list[Service]]:
    """Services started by a test; every one is stopped (by PID) afterwards."""
    started: list[Service] = []
    yield started
    for service in reversed(started):
        service.stop()
