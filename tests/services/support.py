"""Support for the service tests: real processes of our services, torn down by PID, and polling waits."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from harness.paths import REPO_ROOT

T = TypeVar("T")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:`port` right now."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) != 0


class ServiceProcess:
    """`python -m <module> --config FILE ...` with stdout read line by line and stderr in a file."""

    def __init__(self, module: str, config: dict[str, Any], tmp: Path, *args: str) -> None:
        self.config_path = tmp / f"{module}.json"
        self.config_path.write_text(json.dumps(config))
        self.stderr_path = tmp / f"{module}.stderr.log"
        self._stderr = open(self.stderr_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, "--config", str(self.config_path), *args],
            stdout=subprocess.PIPE, stderr=self._stderr, stdin=subprocess.DEVNULL, text=True,
            cwd=REPO_ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stdout: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.stdout.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def stderr(self) -> str:
        if not self._stderr.closed:
            self._stderr.flush()
        return self.stderr_path.read_text(errors="replace")

    def wait_line(self, prefix: str, timeout: float) -> str:
        """The first stdout line starting with `prefix`; fails with stderr's tail on exit or timeout."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                self.proc.wait(timeout=10)
                pytest.fail(f"{self.proc.args[2]} exited ({self.proc.returncode}) before {prefix!r}:\n"
                            f"{self.stderr()[-3000:]}")
            if line.startswith(prefix):
                return line
        pytest.fail(f"no {prefix!r} line within {timeout:.0f}s; stderr tail:\n{self.stderr()[-3000:]}")

    def terminate(self, timeout: float = 20.0) -> tuple[int, float]:
        """SIGTERM by PID; (exit code, seconds it took). Kills after `timeout`."""
        began = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            raise
        return code, time.monotonic() - began

    def stop(self) -> None:
        """Best-effort teardown (SIGTERM, then SIGKILL)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.terminate()
        self._stderr.close()


async def wait_for(check: Callable[[], Awaitable[T | None]], timeout: float, what: str,
                   interval: float = 0.02) -> T:
    """Poll the coroutine `check` until it returns something other than None/False, or fail after `timeout`."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = await check()
        if last is not None and last is not False:
            return last
        await asyncio.sleep(interval)
    pytest.fail(f"{what}: not within {timeout:.1f}s (last: {last!r})")


def wait_until(check: Callable[[], T | None], timeout: float, what: str, interval: float = 0.1) -> T:
    """Synchronous `wait_for`."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last is not None and last is not False:
            return last
        time.sleep(interval)
    pytest.fail(f"{what}: not within {timeout:.1f}s (last: {last!r})")
