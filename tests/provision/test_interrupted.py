"""A provisioning run killed midway leaves no entry that a later run takes for good; the rerun succeeds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.paths import REPO_ROOT
from harness.provision import spec

from .support import wait_until

pytestmark = [pytest.mark.provision, pytest.mark.slow, pytest.mark.timeout(420)]


def _harness(cache: Path, *args: str, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PIPELINE_CACHE_DIR": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "harness", *args], cwd=REPO_ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, **kwargs)


def _jars_downloaded(cache: Path) -> int:
    return sum(1 for _ in (cache / "deps" / "m2").rglob("*.jar")) if (cache / "deps" / "m2").is_dir() else 0


def test_kill_midway_then_rerun(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build = _harness(cache, "provision", "kafka", "--plain")
    try:
        # Wait until mvn is really working: staging exists and jars are arriving in the Maven cache.
        wait_until(lambda: build.poll() is None and any((cache / ".staging").glob("kafka-*"))
                   and _jars_downloaded(cache) >= 3, 120, "mvn downloading into a staging build")
    finally:
        os.killpg(build.pid, signal.SIGKILL)  # the provisioner and its mvn, by process group id
        build.wait(timeout=30)
    assert build.returncode == -signal.SIGKILL
    leftovers = list((cache / ".staging").iterdir())
    assert leftovers, "the killed run should have left its staging directory behind"

    entries = list((cache / "kafka").glob("4*")) if (cache / "kafka").is_dir() else []
    assert entries == [], f"an interrupted build must not leave an entry: {entries}"

    env = {**os.environ, "PIPELINE_CACHE_DIR": str(cache)}
    versions = subprocess.run([sys.executable, "-m", "harness", "versions", "--json"], cwd=REPO_ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
    kafka = json.loads(versions.stdout)["kafka"]
    assert kafka["available"] is False and "not provisioned" in kafka["reason"], kafka

    started = time.monotonic()
    rerun = _harness(cache, "provision", "kafka", "--plain")
    out, _ = rerun.communicate(timeout=360)
    assert rerun.returncode == 0, out
    assert "built here" in out
    assert not any(p.exists() for p in leftovers), "the rerun should sweep the dead run's staging directory"
    manifest = json.loads(next((cache / "kafka").glob("4*/manifest.json")).read_text())
    assert manifest["version"] == spec.version("kafka") and manifest["jars"] > 40

    again = _harness(cache, "provision", "kafka", "--plain")
    out, _ = again.communicate(timeout=60)
    assert again.returncode == 0 and "cached (built here)" in out, out
    print(f"rerun + warm run took {time.monotonic() - started:.1f}s")
