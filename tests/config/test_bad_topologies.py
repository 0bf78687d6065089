"""Bad topologies: each fails with one line naming the offending entry, file and line.

Each fixtures/topologies/bad/*.nix starts with `# expect: <text the error must contain>`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from config_support import RUN_DIR, TOPOLOGIES, requires_nix

from harness import config
from harness.cli import main

pytestmark = requires_nix
BAD = sorted((TOPOLOGIES / "bad").glob("*.nix"))


def _expected(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), f"{path} must start with '# expect: '"
    return first.removeprefix("# expect: ")


def test_there_are_at_least_fifteen_bad_topologies() -> None:
    assert len(BAD) >= 15


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_topology_fails_with_one_clear_line(path: Path) -> None:
    with pytest.raises(config.NixEvalError) as caught:
        config.load(path, target="local", run_dir=RUN_DIR)
    error = caught.value
    line = error.line()
    assert "\n" not in line
    assert _expected(path) in line
    assert error.where and re.fullmatch(r"[^\s]+\.nix:\d+", error.where), line


@pytest.mark.parametrize("target", ["nixos", "netns"])
def test_bad_topology_fails_for_every_target(target: str) -> None:
    path = TOPOLOGIES / "bad" / "unknown-type.nix"
    with pytest.raises(config.NixEvalError, match="unknown data type 'Double64'"):
        config.load(path, target=target, run_dir=RUN_DIR)


def test_cli_validate_prints_the_line_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    path = TOPOLOGIES / "bad" / "flux-and-or.nix"
    assert main(["config", "validate", "--topology", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("error: topology: panel 'Custom': Flux query mixes 'and' and 'or'")
    assert "(at fixtures/topologies/bad/flux-and-or.nix:5)" in err
