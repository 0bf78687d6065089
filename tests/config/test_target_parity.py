"""Dev == Test == Prod: between targets only addresses, ports and paths differ, byte for byte."""

from __future__ import annotations

import re
from typing import Any

from config_support import RUN_DIR, requires_nix

from harness import config
from harness.paths import REPO_ROOT

pytestmark = requires_nix
# Local ports moved away from the declared ones, to prove ports are the only other difference.
LOCAL_PORTS = {"opc": 14840, "kafka": 19092, "kafka.controllerPort": 19093, "influxdb": 18086, "grafana": 13000}


def _masks(env: dict[str, Any]) -> list[tuple[str, str]]:
    """(literal, token) pairs, longest literal first, for everything a target may change."""
    pairs = [(v, f"<PATH:{k}>") for k, v in env["paths"].items()]
    pairs += [(a, "<ADDR>") for a in {*env["addresses"].values(), *env["bind"].values()}]
    return sorted(pairs, key=lambda p: -len(p[0]))


def _mask(text: str, env: dict[str, Any], ports: dict[str, int]) -> str:
    for literal, token in _masks(env):
        text = text.replace(literal, token)
    for name, port in ports.items():
        text = re.sub(rf"(?<![0-9]){port}(?![0-9])", f"<PORT:{name}>", text)
    return text


def test_local_and_nixos_renders_differ_only_in_addresses_ports_and_paths() -> None:
    topology = REPO_ROOT / "topology.nix"
    nixos = config.load(topology, target="nixos", run_dir=RUN_DIR)
    local = config.load(topology, target="local", run_dir=RUN_DIR, ports=LOCAL_PORTS)
    declared = {"opc": 4840, "kafka": 9092, "kafka.controllerPort": 9093, "influxdb": 8086, "grafana": 3000}
    nixos_texts, local_texts = nixos.texts(), local.texts()
    assert sorted(nixos_texts) == sorted(local_texts)
    differing = 0
    for name in nixos_texts:
        a = _mask(nixos_texts[name], nixos.env, declared)
        b = _mask(local_texts[name], local.env, LOCAL_PORTS)
        assert a == b, f"{name}: targets differ beyond addresses, ports and paths"
        differing += nixos_texts[name] != local_texts[name]
    assert differing >= 8  # the comparison is not vacuous: most files do carry addresses/ports/paths


def test_local_binds_loopback_only() -> None:
    local = config.load(REPO_ROOT / "topology.nix", target="local", run_dir=RUN_DIR)
    assert set(local.env["addresses"].values()) == {"127.0.0.1"} == set(local.env["bind"].values())
    assert all(v.startswith(str(RUN_DIR)) for v in local.env["paths"].values())
    nixos = config.load(REPO_ROOT / "topology.nix", target="nixos", run_dir=RUN_DIR)
    assert nixos.env["addresses"] == {"opc": "192.168.0.5", "collector": "192.168.0.7", "db": "192.168.0.10"}
