"""The loader: one nix-instantiate per load (cached, invalidated by edits), clear errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from config_support import RUN_DIR, requires_nix

from harness import config
from harness.errors import HarnessError
from harness.paths import REPO_ROOT

pytestmark = requires_nix


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = subprocess.run

    def run(argv, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(list(argv))
        return real(argv, *args, **kwargs)

    monkeypatch.setattr("harness.config.nix.subprocess.run", run)
    return calls


def test_one_evaluation_per_load_and_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    first = config.load(REPO_ROOT / "topology.nix", target="local", run_dir=RUN_DIR)
    again = config.load(REPO_ROOT / "topology.nix", target="local", run_dir=RUN_DIR)
    assert len(calls) == 1 and again.settings == first.settings
    config.load(REPO_ROOT / "topology.nix", target="nixos", run_dir=RUN_DIR)
    assert len(calls) == 2 and "--strict" in calls[0] and "--json" in calls[0]


def test_cache_follows_edits(tmp_path: Path) -> None:
    topology = tmp_path / "topology.nix"
    topology.write_text(f"(import {REPO_ROOT}/topology.nix) // {{ name = \"first\"; }}\n")
    assert config.load(topology, run_dir=RUN_DIR).topology.name == "first"
    topology.write_text(f"(import {REPO_ROOT}/topology.nix) // {{ name = \"second-edit\"; }}\n")
    assert config.load(topology, run_dir=RUN_DIR).topology.name == "second-edit"


def test_missing_nix_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(HarnessError) as caught:
        config.load(REPO_ROOT / "topology.nix", run_dir=RUN_DIR)
    assert "nix-instantiate not found" in caught.value.line()
    assert "apt-get install nix-bin" in caught.value.line()


def test_env_port_clash_is_reported() -> None:
    with pytest.raises(config.NixEvalError) as caught:
        config.load(REPO_ROOT / "topology.nix", run_dir=RUN_DIR, ports={"grafana": 8086})
    assert caught.value.line().startswith("env 'local': service ")
    assert "clashes with service" in caught.value.line() and "127.0.0.1" in caught.value.line()


def test_unknown_target_and_missing_file() -> None:
    with pytest.raises(HarnessError, match="unknown target 'mars'"):
        config.load(REPO_ROOT / "topology.nix", target="mars")
    with pytest.raises(HarnessError, match="topology file not found"):
        config.load(REPO_ROOT / "no-such-topology.nix")


def test_explicit_env_for_other_targets() -> None:
    nixos = config.load(REPO_ROOT / "topology.nix", target="nixos", run_dir=RUN_DIR)
    custom = dict(nixos.env, name="remote", addresses={"opc": "10.0.0.5", "collector": "10.0.0.7", "db": "10.0.0.10"})
    remote = config.load(REPO_ROOT / "topology.nix", target="remote", env=custom)
    assert remote.settings["model"]["brokers"] == ["10.0.0.10:9092"]


def test_render_writes_every_file(tmp_path: Path) -> None:
    cfg = config.load(REPO_ROOT / "topology.nix", run_dir=tmp_path)
    files = cfg.render()
    assert set(files) == {name.format(dashboard="sensor-dashboard") for name in config.FILES}
    assert all(path.is_file() and path.is_relative_to(tmp_path / "config") for path in files.values())
    assert files["kafka/server.properties"].read_text() == cfg.texts()["kafka/server.properties"]
