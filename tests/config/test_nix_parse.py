"""Every .nix file of the repository parses (`nix-instantiate --parse`)."""

from __future__ import annotations

import subprocess

import pytest
from config_support import TOPOLOGIES, requires_nix

from harness.config import NixEvalError, parse_file
from harness.paths import REPO_ROOT

pytestmark = requires_nix
# The one fixture that is broken on purpose: it must fail to parse, with file and line.
SYNTAX_ERROR = TOPOLOGIES / "bad" / "syntax-error.nix"


def _nix_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.nix"],
                            cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout.split()
    return sorted(p for p in listed if (REPO_ROOT / p).exists() and REPO_ROOT / p != SYNTAX_ERROR)


def test_repository_has_nix_files() -> None:
    files = _nix_files()
    assert "topology.nix" in files and "nixos/lib/default.nix" in files


@pytest.mark.parametrize("path", _nix_files())
def test_nix_file_parses(path: str) -> None:
    parse_file(REPO_ROOT / path)


def test_syntax_error_names_file_and_line() -> None:
    with pytest.raises(NixEvalError) as caught:
        parse_file(SYNTAX_ERROR)
    assert caught.value.where == "fixtures/topologies/bad/syntax-error.nix:3"
    assert "syntax error" in caught.value.what and "\n" not in caught.value.line()
