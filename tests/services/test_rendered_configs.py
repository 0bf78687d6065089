"""Our services accept the settings nixos/lib really renders, for every topology and target we ship."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.paths import REPO_ROOT

TOPOLOGIES = [REPO_ROOT / "topology.nix", REPO_ROOT / "fixtures" / "fuzz" / "topology.nix",
              *sorted((REPO_ROOT / "fixtures" / "topologies" / "good").glob("*.nix"))]


@pytest.fixture(autouse=True)
def _nix() -> None:
    if shutil.which("nix-instantiate") is None:
        reason = "nix-instantiate is not installed (apt-get install nix-bin): cannot render topology.nix"
        print(f"SKIP: {reason}")
        pytest.skip(reason)


@pytest.mark.parametrize("target", ["local", "netns", "nixos"])
@pytest.mark.parametrize("topology", TOPOLOGIES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_rendered_opc_and_model_settings_parse(topology: Path, target: str, tmp_path: Path) -> None:
    from harness import config
    from model.config import parse_config as parse_model
    from opc.config import parse_config as parse_opc

    cfg = config.load(topology, target=target, run_dir=tmp_path)
    opc = parse_opc(cfg.settings["opcServer"])
    declared = cfg.topology_data["opcua"]["nodes"]
    assert [(n.name, n.id, n.type.name) for n in opc.nodes] == [(n["name"], n["id"], n["type"]) for n in declared]
    for node, raw in zip(opc.nodes, cfg.settings["opcServer"]["nodes"], strict=True):
        assert node.nodeid.NamespaceIndex == raw["namespace"]
    assert opc.endpoint.startswith("opc.tcp://") and opc.endpoint.endswith(opc.path)
    assert f":{opc.port}/" in opc.endpoint

    model = parse_model(cfg.settings["model"])
    names = {n.name for n in opc.nodes}
    assert all(set(c.inputs) <= names for c in model.computations)
    assert model.measurement == cfg.topology_data["measurements"]["opc"]
