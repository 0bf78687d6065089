"""A node of any OPC-UA scalar type flows through every renderer with no code change."""

from __future__ import annotations

import json
import tomllib

import pytest
from config_support import RUN_DIR, TOPOLOGIES, requires_nix

from harness import config
from harness.paths import REPO_ROOT

pytestmark = requires_nix
SCALAR_TYPES = ["Boolean", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64",
                "Float", "Double", "String", "DateTime"]


def _load(name: str, target: str = "local") -> config.Config:
    return config.load(TOPOLOGIES / "good" / name, target=target, run_dir=RUN_DIR)


def _flows_through(cfg: config.Config, node: config.Node) -> None:
    """The node reaches Telegraf (subscription), the OPC server, and its dashboard panel."""
    texts = cfg.texts()
    collector = tomllib.loads(texts["collector.toml"])
    listener = collector["inputs"]["opcua_listener"][0]
    assert {"name": node.name, "namespace": str(node.namespace), "identifier_type": node.identifier_type,
            "identifier": node.identifier} in listener["nodes"]
    opc = json.loads(texts["opc.json"])
    served = next(n for n in opc["nodes"] if n["name"] == node.name)
    assert (served["id"], served["type"]) == (node.id, node.type.name)
    dashboard = json.loads(texts[f"grafana/dashboards/{cfg.topology.dashboard_uid}.json"])
    panel = next(p for p in dashboard["panels"] if p["title"] == node.name)
    assert f'(r._field == "{node.name}")' in panel["targets"][0]["query"]
    assert panel["datasource"] == {"type": "influxdb", "uid": cfg.topology.datasource_uid}
    assert panel["type"] == ("timeseries" if node.type.numeric else "table")


def test_extra_uint32_node_flows_through_every_renderer() -> None:
    cfg = _load("extra-node.nix")
    node = cfg.topology.node("BatchCounter")
    assert node.type.name == "UInt32" and node.type.bounds == (0, 2**32 - 1)
    _flows_through(cfg, node)
    # Everything not about nodes is exactly the reference topology's output.
    reference = config.load(REPO_ROOT / "topology.nix", target="local", run_dir=RUN_DIR).texts()
    extra = cfg.texts()
    unchanged = {n for n in reference if reference[n] == extra[n]}
    assert set(reference) - unchanged == {"collector.toml", "opc.json", "grafana/dashboards/sensor-dashboard.json"}


def test_one_node_of_every_scalar_type() -> None:
    cfg = _load("all-types.nix")
    assert sorted(cfg.opcua_types) == sorted(SCALAR_TYPES)
    fuzz = [n for n in cfg.topology.nodes if n.name.startswith("Fuzz")]
    assert [n.type.name for n in fuzz] == SCALAR_TYPES
    for node in fuzz:
        _flows_through(cfg, node)
    # The model still computes over the numeric sensors only.
    assert all(cfg.topology.node(i).type.numeric for c in cfg.topology.computations for i in c.inputs)
    assert cfg.opcua_types["UInt64"].bounds == (0, 2**64 - 1)
    assert cfg.opcua_types["SByte"].bounds == (-128, 127)
    assert cfg.opcua_types["String"].bounds is None


def test_every_identifier_kind_and_a_custom_query() -> None:
    cfg = _load("string-ids.nix")
    kinds = {n.name: (n.identifier_type, n.identifier) for n in cfg.topology.nodes}
    assert kinds["Label"] == ("s", "Line1.Label")
    assert kinds["Batch"] == ("g", "09087e75-8e5e-499b-954f-f2a9603db28a")
    assert kinds["Blob"] == ("b", "M/RbKBsRVkePCePcx24oRA==")
    dashboard = cfg.settings["dashboard"]
    custom = next(p for p in dashboard["panels"] if p["title"] == "Temperature and Pressure")
    assert custom["targets"][0]["query"] == cfg.topology.panels[-1].query


@pytest.mark.parametrize("target", config.TARGETS)
def test_all_types_render_for_every_target(target: str) -> None:
    assert len(_load("all-types.nix", target).texts()) == len(config.FILES)
