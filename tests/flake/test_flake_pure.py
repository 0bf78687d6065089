"""The flake's pure parts, evaluated for real with nix-instantiate: host networking from the
topology, the secrets layout, the generated VM test script, and that the role modules take
their settings from nixos/lib's documented keys only."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.errors import HarnessError
from harness.paths import REPO_ROOT
from harness.provision.runtimes import runtime

from .nixeval import FLAKE_PATHS, evaluate, requires_nix

pytestmark = requires_nix

TOPOLOGY = "import ./topology.nix"
ENV = f"(import ./nixos/lib).envs.nixos ({TOPOLOGY})"
# docs/INTERFACES.md §1: the keys of `settings` the NixOS modules consume.
CONTRACT_KEYS = {
    "telegrafCollector",
    "telegrafModelIngest",
    "kafka",
    "kafkaClusterId",
    "influxdbSetup",
    "influxdbSettings",
    "grafanaDatasources",
    "grafanaDashboardProviders",
    "dashboard",
    "grafanaSettings",
    "opcServer",
    "model",
}
UNITS = {
    "opc": "opc-server.service",
    "collector": "telegraf.service",
    "kafka": "apache-kafka.service",
    "influxdb": "influxdb2.service",
    "grafana": "grafana.service",
    "model": "pipeline-model.service",
    "ingest": "telegraf.service",
}


@pytest.fixture(scope="module")
def topology() -> Any:
    return evaluate(TOPOLOGY)


@pytest.fixture(scope="module")
def script() -> str:
    return evaluate(
        f"import ./checks/e2e-script.nix {{ topology = {TOPOLOGY}; env = {ENV}; "
        'testerAddress = "192.168.0.100"; src = "/nix/store/0000-source"; }'
    )


def test_open_ports_are_each_hosts_service_ports(topology: Any) -> None:
    for host in topology["hosts"]:
        ports = evaluate(
            f'(import ./nixos/modules/net.nix).openPorts {{ topology = {TOPOLOGY}; env = {ENV}; host = "{host}"; }}'
        )
        expected = sorted(s["port"] for s in topology["services"].values() if s["host"] == host)
        assert sorted(ports) == expected, host
    assert 9093 not in evaluate(
        f'(import ./nixos/modules/net.nix).openPorts {{ topology = {TOPOLOGY}; env = {ENV}; host = "db"; }}'
    )


def test_hosts_file_maps_every_declared_address(topology: Any) -> None:
    hosts = evaluate(f"(import ./nixos/modules/net.nix).hosts {{ topology = {TOPOLOGY}; env = {ENV}; }}")
    assert hosts == {h["address"]: [name] for name, h in topology["hosts"].items()}


def test_env_ports_override_the_firewall(topology: Any) -> None:
    ports = evaluate(
        f"(import ./nixos/modules/net.nix).openPorts {{ topology = {TOPOLOGY}; "
        f'env = {ENV} // {{ ports = {{ kafka = 19092; }}; }}; host = "db"; }}'
    )
    assert 19092 in ports and 9092 not in ports


def test_secret_table_names_topology_secrets(topology: Any) -> None:
    table = evaluate("import ./nixos/modules/secret-table.nix")
    for consumer, entry in table.items():
        for name in entry["files"] + entry["env"]:
            assert name in topology["secrets"], f"{consumer} reads {name}, not in topology.secrets"
        assert entry["user"] and (entry["units"] or consumer == "tester")
    assert {n for e in table.values() for n in e["files"] + e["env"]} == set(topology["secrets"])


def test_vm_test_script_compiles_and_waits_for_every_role(topology: Any, script: str) -> None:
    compile(script, "testScript", "exec")
    for host, spec in topology["hosts"].items():
        for role in spec["roles"]:
            assert f"{host}.wait_for_unit('{UNITS[role]}')" in script, (host, role)
    for service in topology["services"].values():
        address = topology["hosts"][service["host"]]["address"]
        assert f"wait_for_open_port({service['port']}, '{address}')" in script
    assert "tester.fail('nc -z -w 2 192.168.0.10 9093')" in script


def test_vm_test_runs_the_same_suite_with_test_secrets(script: str) -> None:
    assert "python -m pytest -m e2e --target nixos" in script
    assert "PIPELINE_INFLUX_TOKEN_FILE=/run/secrets/influxToken" in script
    assert "cp -rL --no-preserve=mode /nix/store/0000-source /tmp/src" in script


def test_vm_test_checks_secret_ownership(script: str) -> None:
    assert "/run/secrets/influxToken)\\\" = '400 influxdb2'" in script
    assert "/run/secrets/rendered/grafana.env)\\\" = '400 grafana'" in script
    assert "/run/secrets/rendered/telegraf.env)\\\" = '400 telegraf'" in script


def test_role_modules_read_only_contract_keys() -> None:
    used: set[str] = set()
    for path in (REPO_ROOT / "nixos/modules").rglob("*.nix"):
        text = path.read_text()
        used |= set(re.findall(r"\bsettings\.([A-Za-z]\w*)", text))
        if re.search(r"\bs = p\.settings;", text):
            used |= set(re.findall(r"\bs\.([A-Za-z]\w*)", text))
    used.discard("settings")
    assert used <= CONTRACT_KEYS, used - CONTRACT_KEYS
    assert used == CONTRACT_KEYS, f"not consumed by any module: {CONTRACT_KEYS - used}"


def test_each_host_module_names_a_topology_host(topology: Any) -> None:
    for host in topology["hosts"]:
        text = (REPO_ROOT / "nixos/modules" / f"{host}.nix").read_text()
        assert f'pipeline.host = "{host}";' in text


def test_test_secrets_are_test_only_and_complete(topology: Any) -> None:
    data = yaml.safe_load((REPO_ROOT / "secrets/test/secrets.yaml").read_text())
    assert set(data) - {"sops"} == set(topology["secrets"])
    assert all(str(v).startswith("ENC[AES256_GCM,") for k, v in data.items() if k != "sops")
    recipient = (REPO_ROOT / "secrets/test/age-recipient.txt").read_text().strip()
    assert [r["recipient"] for r in data["sops"]["age"]] == [recipient]
    assert recipient in (REPO_ROOT / "secrets/.sops.yaml").read_text()
    real = REPO_ROOT / "secrets/pipeline.yaml"
    assert not real.exists() or "sops:" in real.read_text(), "secrets/pipeline.yaml must be sops-encrypted"


def dev_tool(name: str) -> Path:
    """A development tool on PATH (as in `nix develop`) or provisioned in the cache; else a skip saying how."""
    try:
        return runtime(name).path
    except HarnessError as exc:
        pytest.skip(exc.line())


def test_committed_test_key_decrypts_the_test_secrets() -> None:
    sops = dev_tool("sops")
    spec = importlib.util.spec_from_file_location("regenerate", REPO_ROOT / "secrets/test/regenerate.py")
    assert spec and spec.loader
    regenerate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regenerate)
    identity, recipient = regenerate.age_keys(*regenerate._read_openssh_ed25519(regenerate.KEY))
    assert recipient == (REPO_ROOT / "secrets/test/age-recipient.txt").read_text().strip()
    plain = subprocess.run(
        [sops, "decrypt", str(regenerate.SOPS_FILE)],
        env={"SOPS_AGE_KEY": identity, "HOME": "/"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert all(str(v).startswith("test-only-") for v in yaml.safe_load(plain).values())


def test_nix_files_are_formatted() -> None:
    """checks.lint's `nixpkgs-fmt --check` on the same paths, so that `nix flake check` cannot fail on format."""
    proc = subprocess.run([str(dev_tool("nixpkgs-fmt")), "--check", *FLAKE_PATHS], cwd=REPO_ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
