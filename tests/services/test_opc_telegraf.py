"""Telegraf's opcua_listener (provisioned binary, rendered collector config) reads every type from our server."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.paths import REPO_ROOT

from .support import ServiceProcess, port_free

pytestmark = [pytest.mark.provision, pytest.mark.timeout(180)]

# How Telegraf's line protocol writes a value of each OPC-UA type.
LINE_VALUE = {
    "Boolean": r"(true|false)", "SByte": r"-?\d+i", "Int16": r"-?\d+i", "Int32": r"-?\d+i", "Int64": r"-?\d+i",
    "Byte": r"\d+u", "UInt16": r"\d+u", "UInt32": r"\d+u", "UInt64": r"\d+u",
    "Float": r"-?[\d.e+-]+", "Double": r"-?[\d.e+-]+", "String": r'"[^"]*"',
    "DateTime": r'"\d{4}-\d\d-\d\dT[\d:.]+Z"',
}


def _skip(reason: str) -> None:
    print(f"SKIP: {reason}")
    pytest.skip(reason)


def test_telegraf_reads_every_scalar_type_from_our_server(tmp_path: Path) -> None:
    if shutil.which("nix-instantiate") is None:
        _skip("nix-instantiate is not installed (apt-get install nix-bin): cannot render topology.nix")
    from harness.provision.runtimes import locate
    from harness.targets.local import LocalTarget

    telegraf = locate("telegraf")
    if telegraf is None:
        _skip("telegraf is not provisioned (run `python -m harness provision telegraf`)")
    topology = REPO_ROOT / "fixtures" / "topologies" / "good" / "all-types.nix"
    declared = LocalTarget(topology=topology, run_dir=tmp_path / "run").topology["services"]["opc"]["port"]
    rng = random.Random()
    while not port_free(port := declared + (offset := rng.randrange(20000, 40000, 10))):
        pass
    target = LocalTarget(topology=topology, run_dir=tmp_path / "run", port_offset=offset)
    files = target.rendered_files()
    opc_settings = json.loads(files["opc.json"].read_text())
    assert opc_settings["port"] == port
    server = ServiceProcess("opc", opc_settings, tmp_path, "--seed", "1")
    try:
        server.wait_line("opc: ready at ", 60)
        env = {**os.environ, "INFLUX_TOKEN": "unused-by-test"}
        run = subprocess.run([*telegraf.telegraf_command(files["collector.toml"]), "--test", "--test-wait", "3"],
                             capture_output=True, text=True, timeout=90, env=env)
    finally:
        server.stop()
    assert run.returncode == 0, run.stderr[-3000:]
    measurement = target.topology["measurements"]["opc"]
    lines = [line.removeprefix("> ") for line in run.stdout.splitlines() if line.startswith(f"> {measurement},")]
    for node in opc_settings["nodes"]:
        pattern = re.compile(rf"[ ,]{node['name']}={LINE_VALUE[node['type']]}[, ]")
        tag = "id=" + node["id"].replace("=", r"\=")
        matching = [line for line in lines if tag + " " in line or tag + "," in line]
        assert any(pattern.search(line) for line in matching), (node, matching[:3], run.stderr[-1500:])
