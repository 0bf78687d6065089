"""Constants and guards shared by the configuration tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.paths import REPO_ROOT

TOPOLOGIES = REPO_ROOT / "fixtures" / "topologies"
GOLDEN = Path(__file__).parent / "golden"
# A run dir that never exists: golden files must not depend on the machine.
RUN_DIR = Path("/run/pipeline")

requires_nix = pytest.mark.skipif(
    shutil.which("nix-instantiate") is None,
    reason="nix-instantiate is not installed (apt-get install nix-bin); configuration tests need it",
)
