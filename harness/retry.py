"""The one retry helper: every wait in the harness goes through `retry`."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from harness.errors import HarnessError

T = TypeVar("T")


def retry(
    attempt: Callable[[bool], T | None],
    *,
    timeout: float,
    what: str,
    interval: float = 0.1,
    max_interval: float = 1.0,
    on_timeout: Callable[[], HarnessError | AssertionError] | None = None,
) -> T:
    """Call `attempt(last_try)` until it returns something other than None or False, or `timeout` passes.

    `attempt` is told when it is on its last try, so it can record what it saw. Polls back off
    from `interval` to `max_interval`. On timeout raises `on_timeout()` or a HarnessError naming `what`.
    """
    deadline = time.monotonic() + timeout
    delay = interval
    while True:
        last_try = time.monotonic() + delay >= deadline
        result = attempt(last_try)
        if result is not None and result is not False:
            return result
        if last_try:
            if on_timeout is not None:
                raise on_timeout()
            raise HarnessError(f"timed out after {timeout:.1f}s waiting for {what}")
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 1.5, max_interval)
