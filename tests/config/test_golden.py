"""Golden files: every renderer's exact output for the reference topology, per target.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/config/test_golden.py`
and review the diff.
"""

from __future__ import annotations

import os

import pytest
from config_support import GOLDEN, RUN_DIR, requires_nix

from harness import config
from harness.paths import REPO_ROOT

pytestmark = requires_nix
CASES = [("local", REPO_ROOT / "topology.nix"), ("nixos", REPO_ROOT / "topology.nix")]
FILES = sorted(config.FILES)


def _rendered(target: str) -> dict[str, str]:
    return config.load(REPO_ROOT / "topology.nix", target=target, run_dir=RUN_DIR).texts()


@pytest.mark.parametrize("target", ["local", "nixos"])
@pytest.mark.parametrize("template", FILES)
def test_renderer_matches_golden(target: str, template: str) -> None:
    texts = _rendered(target)
    name = template.format(dashboard="sensor-dashboard")
    golden = GOLDEN / target / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(texts[name])
    assert golden.exists(), f"no golden file {golden}; run with UPDATE_GOLDEN=1 and review"
    assert texts[name] == golden.read_text(), f"{name} for {target} differs from {golden}"


def test_every_rendered_file_has_a_golden_file() -> None:
    for target in ("local", "nixos"):
        assert sorted(_rendered(target)) == sorted(
            str(p.relative_to(GOLDEN / target)) for p in (GOLDEN / target).rglob("*") if p.is_file())
