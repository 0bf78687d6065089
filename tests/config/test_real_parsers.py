"""The rendered Telegraf configs pass the real Telegraf's `config check` (unknown keys fail it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from config_support import RUN_DIR, TOPOLOGIES, requires_nix

from harness import config
from harness.errors import HarnessError
from harness.paths import REPO_ROOT

pytestmark = [requires_nix, pytest.mark.provision]


def _telegraf() -> str:
    try:
        from harness.provision.runtimes import runtime

        return str(runtime("telegraf").path)
    except (ImportError, HarnessError) as exc:
        found = shutil.which("telegraf")
        if found is None:
            pytest.skip(f"no Telegraf binary ({exc}); run `python -m harness provision`")
        return found


@pytest.mark.parametrize("topology", [REPO_ROOT / "topology.nix", TOPOLOGIES / "good" / "all-types.nix"],
                         ids=["reference", "all-types"])
@pytest.mark.parametrize("name", ["collector.toml", "model-ingest.toml"])
def test_telegraf_accepts_rendered_config(topology: Path, name: str, tmp_path: Path) -> None:
    telegraf = _telegraf()
    files = config.load(topology, target="local", run_dir=RUN_DIR).render(tmp_path)
    result = subprocess.run([telegraf, "config", "check", "--config", str(files[name])],
                            capture_output=True, text=True, timeout=60, check=False,
                            env={"PATH": "/usr/bin:/bin", "INFLUX_TOKEN": "not-a-real-token"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "failed" not in result.stderr
