"""checks/parity.py against the harness's real `config render --target nixos` output.

The NixOS side is built here the way checks/parity.nix builds it on a Nix machine (files in the
formats the NixOS modules write, module defaults added, option values where no file exists), from
the harness's own settings: parity must hold; then single changes must be caught."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import tomli_w
import yaml

from harness.paths import REPO_ROOT

from .nixeval import requires_nix

pytestmark = requires_nix


def _load_parity() -> ModuleType:
    spec = importlib.util.spec_from_file_location("parity", REPO_ROOT / "checks" / "parity.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


parity = _load_parity()


def _harness(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "harness", "config", *args, "--target", "nixos"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("parity")
    _harness("render", "--out", str(root / "harness"))
    show = root / "show.json"
    show.write_text(_harness("show", "--json"))
    return root / "harness", show, json.loads(show.read_text())["settings"]


def _java_properties(data: dict[str, Any]) -> str:
    """What pkgs.formats.javaProperties writes: `:`/`=` escaped, lists comma-joined by the module."""

    def text(v: Any) -> str:
        if isinstance(v, bool):
            return str(v).lower()
        return ",".join(map(text, v)) if isinstance(v, list) else str(v)

    return "".join(
        f"{k}={text(v).replace(':', chr(92) + ':').replace('=', chr(92) + '=')}\n" for k, v in sorted(data.items())
    )


def nixos_manifest(s: dict[str, Any], where: Path) -> dict[str, Any]:
    """A manifest shaped like checks/parity.nix's, from settings `s`, files under `where`."""
    where.mkdir(parents=True, exist_ok=True)

    def file(name: str, text: str) -> str:
        path = where / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return str(path)

    datasources = copy.deepcopy(s["grafanaDatasources"]) | {"deleteDatasources": [], "prune": False}
    providers = copy.deepcopy(s["grafanaDashboardProviders"])
    grafana = copy.deepcopy(s["grafanaSettings"]) | {"database": {"type": "sqlite3"}}
    grafana["paths"] = {"provisioning": "/nix/store/0000-grafana-provisioning"}
    setup = s["influxdbSetup"]
    files = {
        "collector.toml": {"format": "toml", "file": file("c.toml", tomli_w.dumps(s["telegrafCollector"]))},
        "model-ingest.toml": {"format": "toml", "file": file("m.toml", tomli_w.dumps(s["telegrafModelIngest"]))},
        "kafka/server.properties": {
            "format": "properties",
            "file": file("server.properties", _java_properties(s["kafka"])),
        },
        "influxdb/setup.json": {
            "format": "json",
            "only": ["org", "bucket", "username", "retentionSeconds"],
            "value": {k: setup[k] for k in ("org", "bucket", "username", "retentionSeconds")},
        },
        "influxdb/config.json": {"format": "json", "value": s["influxdbSettings"]},
        "grafana/grafana.ini": {"format": "ini-value", "subset": True, "ignoreTop": ["paths"], "value": grafana},
        "grafana/provisioning/datasources/datasource.yaml": {
            "format": "yaml-dir",
            "subset": True,
            "dir": str(Path(file("ds/datasource.yaml", yaml.safe_dump(datasources))).parent),
        },
        "grafana/provisioning/dashboards/dashboards.yaml": {
            "format": "yaml-dir",
            "subset": True,
            "dir": str(Path(file("db/dashboard.yaml", yaml.safe_dump(providers))).parent),
        },
        f"grafana/dashboards/{s['dashboard']['uid']}.json": {
            "format": "json",
            "file": file("d.json", json.dumps(s["dashboard"])),
        },
        "opc.json": {"format": "json", "file": file("opc.json", json.dumps(s["opcServer"]))},
        "model.json": {"format": "json", "file": file("model.json", json.dumps(s["model"]))},
    }
    return {"files": files, "values": {"kafkaClusterId": s["kafkaClusterId"]}}


def _run(
    manifest: dict[str, Any], harness: Path, show: Path, tmp: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    path = tmp / "manifest.json"
    path.write_text(json.dumps(manifest))
    code = parity.main(["--nixos", str(path), "--harness", str(harness), "--show", str(show)])
    return code, capsys.readouterr().out


def test_parity_holds_for_the_same_settings(rendered, tmp_path, capsys) -> None:
    harness, show, settings = rendered
    code, out = _run(nixos_manifest(settings, tmp_path / "nixos"), harness, show, tmp_path, capsys)
    assert code == 0, out
    assert "parity: 12 passed, 0 failed" in out
    assert "NixOS module adds" in out and "/paths: not compared" in out


def test_a_changed_kafka_listener_is_caught(rendered, tmp_path, capsys) -> None:
    harness, show, settings = rendered
    changed = copy.deepcopy(settings)
    changed["kafka"]["listeners"] = ["PLAINTEXT://127.0.0.1:9092"]
    code, out = _run(nixos_manifest(changed, tmp_path / "nixos"), harness, show, tmp_path, capsys)
    assert code == 1 and "FAIL kafka/server.properties" in out


def test_a_grafana_key_missing_on_nixos_is_caught(rendered, tmp_path, capsys) -> None:
    harness, show, settings = rendered
    changed = copy.deepcopy(settings)
    del changed["grafanaSettings"]["security"]["secret_key"]
    code, out = _run(nixos_manifest(changed, tmp_path / "nixos"), harness, show, tmp_path, capsys)
    assert code == 1 and "/security/secret_key: missing on NixOS" in out


def test_a_harness_file_without_nixos_counterpart_is_caught(rendered, tmp_path, capsys) -> None:
    harness, show, settings = rendered
    manifest = nixos_manifest(settings, tmp_path / "nixos")
    del manifest["files"]["model.json"]
    code, out = _run(manifest, harness, show, tmp_path, capsys)
    assert code == 1 and "FAIL model.json: rendered by the harness but no NixOS counterpart" in out


def test_java_properties_parser_unescapes() -> None:
    assert parity.parse_properties("# c\na\\:b = x\\:y\\=z\nlisteners=P\\://h\\:1,C\\://h\\:2\n") == {
        "a:b": "x:y=z",
        "listeners": "P://h:1,C://h:2",
    }
