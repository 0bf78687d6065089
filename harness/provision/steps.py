"""Running one build step: output to the build log, a status line to the progress display, one-line failures."""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import signal
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harness.errors import HarnessError

# Output that means a package registry did not answer (Go proxy, crates, Maven Central).
_REGISTRY_DOWN = re.compile(
    r"dial tcp|i/o timeout|no such host|connection refused|TLS handshake timeout|proxyconnect"
    r"|Could not transfer artifact|Could not resolve dependencies|Connection timed out|Network is unreachable"
    r"|failed to download from|spurious network error|failed to get .* from .*registry"
    r"|unexpected status \(\S+\): 5\d\d|reading \S+: 5\d\d",
)
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the provisioner dies, so no build outlives an interrupted run."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Steps:
    """Runs the build steps of one component, appending everything to one log file."""

    component: str
    log_path: Path
    status: Callable[[str, str | None], None] = lambda _step, _detail: None
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    def log(self, text: str) -> None:
        """Append a line of our own to the build log."""
        with open(self.log_path, "a") as handle:
            handle.write(text.rstrip("\n") + "\n")

    def run(self, what: str, argv: Sequence[str], *, cwd: Path | None = None,
            env: Mapping[str, str] | None = None, show: Callable[[str], str | None] | None = None) -> str:
        """Run one step; return its output. `show` maps an output line to a status line (or None)."""
        self.status(what, None)
        merged = {**self.env, **(env or {})}
        self.log(f"\n$ {' '.join(argv)}    # {what} (cwd {cwd or os.getcwd()})")
        lines: list[str] = []
        with open(self.log_path, "a") as log:
            try:
                proc = subprocess.Popen(
                    list(argv), cwd=cwd, env=merged, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, text=True, errors="replace", bufsize=1,
                    preexec_fn=_die_with_parent,
                )
            except OSError as exc:
                raise HarnessError(f"{self.component}: cannot start {argv[0]} ({exc.strerror})",
                                   where=str(self.log_path)) from None
            try:
                assert proc.stdout is not None
                for line in proc.stdout:
                    log.write(line)
                    lines.append(line)
                    if show is not None and (shown := show(line.strip())):
                        self.status(what, shown)
                code = proc.wait()
            except BaseException:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                raise
        output = "".join(lines)
        if code != 0:
            self.fail(what, code, output)
        return output

    def fail(self, what: str, code: int, output: str) -> None:
        """Raise the one-line error for a failed step: registry unreachable, or the build failed."""
        if _REGISTRY_DOWN.search(output):
            raise HarnessError(f"{self.component}: a package registry did not answer during '{what}'",
                               where=str(self.log_path),
                               fix="check the network to the package registries (proxy settings) and run again")
        raise HarnessError(f"{self.component}: build step '{what}' failed (exit {code}); full log",
                           where=str(self.log_path), fix="read the end of that log")
