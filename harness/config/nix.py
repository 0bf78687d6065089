"""Evaluating Nix: one `nix-instantiate --eval --strict --json` call, errors as one line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.paths import REPO_ROOT

NIX_INSTANTIATE = "nix-instantiate"
# Evaluation only: a dummy store needs neither a daemon nor a writable /nix (works as non-root).
STORE_ARGS = ["--store", "dummy://"]
INSTALL_HINT = "install Nix (Debian: apt-get install nix-bin) or run inside `nix develop`"

_POSITION = re.compile(r"^\s*at (?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+):?\s*$", re.M)
_OWN_POSITION = re.compile(r"\s*\(at (?P<where>[^()]+:\d+)\)")
_DECLARED = re.compile(r"\(declared at (?P<file>[^()]+):(?P<line>\d+)\)")


class NixEvalError(HarnessError):
    """Nix could not evaluate (or parse) a file: Nix's own message, with file and line."""


def nix_instantiate() -> str:
    """Path of nix-instantiate, or a HarnessError saying how to get it."""
    found = shutil.which(NIX_INSTANTIATE)
    if found is None:
        raise HarnessError("nix-instantiate not found on PATH (needed to evaluate topology.nix)",
                           fix=INSTALL_HINT)
    return found


def relative(path: str) -> str:
    """`path` relative to the repository or the working directory when it lies below one."""
    candidate = Path(path)
    for base in (REPO_ROOT, Path.cwd()):
        try:
            return str(candidate.resolve().relative_to(base.resolve()))
        except (ValueError, OSError):
            continue
    return path


def parse_error(stderr: str, *, subject: str) -> NixEvalError:
    """Turn Nix's stderr into one NixEvalError: message, then `file:line` where Nix knows it."""
    text = stderr.strip()
    start = text.find("error:")
    body = text[start + len("error:"):] if start >= 0 else text
    message_lines: list[str] = []
    for line in body.splitlines():
        if not line.strip() or _POSITION.match(line):
            break
        message_lines.append(line.strip())
    message = " ".join(message_lines) or "unknown Nix error"
    where: str | None = None
    own = _OWN_POSITION.search(message)
    if own:
        file, _, line_no = own.group("where").rpartition(":")
        where = f"{relative(file)}:{line_no}"
        message = _OWN_POSITION.sub("", message, count=1)
    else:
        position = _POSITION.search(body)
        if position:
            where = f"{relative(position.group('file'))}:{position.group('line')}"
    message = _DECLARED.sub(lambda m: f"(declared at {relative(m.group('file'))}:{m.group('line')})", message)
    if message.startswith(("topology:", "env ")):
        return NixEvalError(message, where=where)
    return NixEvalError(f"{subject} does not evaluate: {message}", where=where,
                        fix="correct the Nix at that line")


def evaluate_file(entry: Path, args: dict[str, str], *, subject: str, timeout: float = 60.0) -> Any:
    """`nix-instantiate --eval --strict --json ENTRY --argstr k v ...` -> the decoded JSON value."""
    argv = [nix_instantiate(), *STORE_ARGS, "--eval", "--strict", "--json", str(entry)]
    for key, value in args.items():
        argv += ["--argstr", key, value]
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise NixEvalError(f"{subject}: nix-instantiate took longer than {timeout:.0f}s",
                           fix="look for infinite recursion in the topology") from exc
    if result.returncode != 0:
        raise parse_error(result.stderr, subject=subject)
    return json.loads(result.stdout)


def parse_file(path: Path) -> None:
    """Check that `path` parses as Nix (`nix-instantiate --parse`); raise NixEvalError if not."""
    argv = [nix_instantiate(), *STORE_ARGS, "--parse", str(path)]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    if result.returncode != 0:
        raise parse_error(result.stderr, subject=relative(str(path)))
