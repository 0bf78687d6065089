"""Every .nix file of the flake's own paths parses with `nix-instantiate --parse`."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.paths import REPO_ROOT

from .nixeval import flake_nix_files, requires_nix, run

pytestmark = requires_nix


def test_the_flake_has_its_files() -> None:
    names = {str(p.relative_to(REPO_ROOT)) for p in flake_nix_files()}
    assert {
        "flake.nix",
        "nixos/modules/pipeline.nix",
        "checks/e2e.nix",
        "checks/parity.nix",
        "checks/lint.nix",
        "nixos/packages/default.nix",
    } <= names


@pytest.mark.parametrize("path", flake_nix_files(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_parses(path: Path) -> None:
    proc = run("--parse", str(path))
    assert proc.returncode == 0, f"{path.relative_to(REPO_ROOT)}: {proc.stderr.strip()}"
