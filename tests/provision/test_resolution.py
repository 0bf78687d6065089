"""A runtime already on PATH with the wanted major version is used instead of the cache's build."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from harness.paths import REPO_ROOT

from .support import need

pytestmark = pytest.mark.provision


def _versions(**env: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "harness", "versions", "--json"], cwd=REPO_ROOT,
                            env={**os.environ, **env}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_binary_on_path_wins_unless_built_only() -> None:
    built = need("telegraf")
    if built.source != "built":
        pytest.skip(f"telegraf already comes from PATH ({built.path}); nothing to compare")
    path = f"{built.path.parent}{os.pathsep}{os.environ['PATH']}"
    on_path = _versions(PATH=path)["telegraf"]
    assert on_path["source"] == "path" and on_path["version"] == built.version
    assert on_path["path"].endswith("/bin/telegraf")
    cache_only = _versions(PATH=path, PIPELINE_RUNTIMES="built")["telegraf"]
    assert cache_only["source"] == "built" and cache_only["path"] == str(built.path)
