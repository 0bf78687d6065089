"""`python -m harness config show|render|validate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from config_support import TOPOLOGIES, requires_nix

from harness.cli import main

pytestmark = requires_nix


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert set(shown) == {"topology", "env", "settings"}
    assert shown["settings"]["kafkaClusterId"] == shown["topology"]["kafka"]["clusterId"]


def test_show_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "show", "--target", "nixos"]) == 0
    out = capsys.readouterr().out
    assert "Temperature" in out and "192.168.0.10" in out and "InfluxDB2Flux" in out


def test_render(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "render", "--target", "local", "--out", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 11
    ini = (tmp_path / "grafana" / "grafana.ini").read_text()
    assert f"provisioning = {tmp_path}/grafana/provisioning" in ini
    assert (tmp_path / "grafana" / "dashboards" / "sensor-dashboard.json").is_file()


def test_validate_good_topologies(capsys: pytest.CaptureFixture[str]) -> None:
    for path in sorted((TOPOLOGIES / "good").glob("*.nix")):
        assert main(["config", "validate", "--topology", str(path)]) == 0
    assert capsys.readouterr().out.count("ok: ") == 3
