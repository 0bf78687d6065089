"""Failures are one line each, naming the component: missing toolchain, silent registry, failed build, full disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import HarnessError
from harness.paths import REPO_ROOT
from harness.provision import cache
from harness.provision.steps import Steps

from .support import free_port


def _harness(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PIPELINE_CACHE_DIR": str(tmp_path / "cache"), **env}
    return subprocess.run([sys.executable, "-m", "harness", *args], cwd=REPO_ROOT, env=full_env,
                          capture_output=True, text=True, timeout=300)


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_missing_toolchain_names_it_and_the_fix(tmp_path: Path) -> None:
    result = _harness(tmp_path, "provision", "telegraf", "--plain", PATH="/usr/bin:/bin")
    assert result.returncode == 1
    [line] = _error_lines(result.stderr)
    assert line.startswith("error: telegraf: the go toolchain is missing") and "fix: install Go" in line, line
    assert not (tmp_path / "cache" / "telegraf").exists()


def test_registry_that_does_not_answer(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there: the "registry" refuses
    result = _harness(tmp_path, "provision", "telegraf", "--plain", GOPROXY=closed, GOSUMDB="off")
    assert result.returncode == 1
    [line] = _error_lines(result.stderr)
    assert "telegraf: a package registry did not answer" in line and "(at " in line, line
    log = Path(line.split("(at ", 1)[1].split(")", 1)[0])
    assert log.is_file() and "connection refused" in log.read_text()
    assert not (tmp_path / "cache" / "telegraf").exists()


def test_failed_build_step_points_at_the_full_log(tmp_path: Path) -> None:
    steps = Steps("influxdb", tmp_path / "build.log")
    with pytest.raises(HarnessError) as caught:
        steps.run("compile something", ["sh", "-c", "echo compiling; echo 'error: it broke' >&2; exit 3"])
    line = caught.value.line()
    assert line.startswith("influxdb: build step 'compile something' failed (exit 3)") and "\n" not in line
    assert str(tmp_path / "build.log") in line
    assert "error: it broke" in (tmp_path / "build.log").read_text()


def test_too_little_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(cache.DISK_NEEDED, "influxdb", 1 << 60)
    with pytest.raises(HarnessError) as caught:
        cache.check_disk("influxdb")
    assert caught.value.line().startswith("influxdb: too little disk to build")
    assert "PIPELINE_CACHE_DIR" in caught.value.line()


def test_versions_json_before_provisioning(tmp_path: Path) -> None:
    result = _harness(tmp_path, "versions", "--json", PATH="/usr/bin:/bin", GRAFANA_HOME="")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"kafka", "telegraf", "influxdb", "grafana"}
    for name in ("kafka", "telegraf", "influxdb"):
        assert data[name]["available"] is False and "not provisioned" in data[name]["reason"], data[name]
    assert data["grafana"]["available"] is False and "no Grafana server" in data["grafana"]["reason"]


def test_half_built_entry_is_not_good(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path))
    with cache.staging("telegraf") as staged:
        (staged / "bin").mkdir()
        (staged / "bin" / "telegraf").write_bytes(b"\x7fELF")
        assert cache.good_entry("telegraf") is None  # staging is never an entry
        entry = cache.install("telegraf", staged, {"version": "x", "artifact": "bin/telegraf",
                                                   "files": ["bin/telegraf"]})
    assert cache.good_entry("telegraf") is not None
    (entry / "bin" / "telegraf").unlink()  # a file the manifest lists is gone: not good any more
    assert cache.good_entry("telegraf") is None
