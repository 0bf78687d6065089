"""Evaluating the flake's pure parts with the local `nix-instantiate` (no Nix store, no nixpkgs)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from harness.paths import REPO_ROOT

NIX = shutil.which("nix-instantiate")
requires_nix = pytest.mark.skipif(NIX is None, reason="nix-instantiate not on PATH (Debian: apt-get install nix-bin)")

# The files and directories this part of the project owns (docs/NIX.md).
FLAKE_PATHS = ["flake.nix", "nixos/modules", "nixos/hosts", "nixos/packages", "checks", "tests/flake"]


def flake_nix_files() -> list[Path]:
    """Every .nix file of the flake's own paths, sorted."""
    files: list[Path] = []
    for entry in FLAKE_PATHS:
        path = REPO_ROOT / entry
        files += [path] if path.is_file() else sorted(path.rglob("*.nix"))
    return files


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """nix-instantiate with a dummy store (evaluation only), from the repository root."""
    assert NIX is not None
    return subprocess.run(
        [NIX, "--store", "dummy://", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )


def evaluate(expression: str) -> Any:
    """The JSON value of a Nix expression (evaluated strictly) or a failure showing Nix's error."""
    proc = run("--eval", "--strict", "--json", "-E", expression)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
