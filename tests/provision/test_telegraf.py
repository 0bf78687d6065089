"""The provisioned Telegraf has our plugins and, run once, reads a real OPC-UA server into the expected line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.provision import telegraf as telegraf_build

from .support import Service, free_port, need, port_open, wait_until

pytestmark = [pytest.mark.provision, pytest.mark.timeout(120)]

OPC_SERVER = """
import asyncio, sys
from asyncua import Server, ua

async def main(port):
    server = Server()
    await server.init()
    server.set_endpoint(f"opc.tcp://127.0.0.1:{port}/")
    server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
    idx = await server.register_namespace("urn:pipeline-harness:test")
    await server.nodes.objects.add_variable(ua.NodeId("Temperature", idx), "Temperature", 21.5,
                                            varianttype=ua.VariantType.Double)
    async with server:
        print("ready", idx, flush=True)
        while True:
            await asyncio.sleep(1)

asyncio.run(main(int(sys.argv[1])))
"""


def test_plugin_list_has_the_pipeline_plugins() -> None:
    telegraf = need("telegraf")
    have = telegraf_build.plugins(telegraf.path)
    for kind, names in telegraf_build.required_plugins().items():
        assert set(names) <= have[kind], f"{kind}: missing {set(names) - have[kind]}"
    assert {"opcua_listener", "opcua", "kafka_consumer"} <= have["inputs"]
    assert {"kafka", "influxdb_v2", "file"} <= have["outputs"]
    assert {"json", "influx"} <= have["serializers"] and {"json_v2", "influx"} <= have["parsers"]


def test_version_is_stamped() -> None:
    telegraf = need("telegraf")
    out = subprocess.run([str(telegraf.path), "--version"], capture_output=True, text=True, timeout=30).stdout
    assert out.startswith(f"Telegraf {telegraf.version}"), out


def _config(tmp: Path, port: int, idx: int, out_file: Path) -> Path:
    config = tmp / "telegraf.toml"
    config.write_text(f"""
[agent]
  interval = "1s"
  omit_hostname = true
[[inputs.opcua]]
  name = "opc_test"
  endpoint = "opc.tcp://127.0.0.1:{port}/"
  security_policy = "None"
  security_mode = "None"
  auth_method = "Anonymous"
  connect_timeout = "10s"
  request_timeout = "5s"
  [[inputs.opcua.nodes]]
    name = "Temperature"
    namespace = "{idx}"
    identifier_type = "s"
    identifier = "Temperature"
[[outputs.file]]
  files = ["{out_file}"]
  data_format = "json"
  json_timestamp_units = "1ns"
""")
    return config


@pytest.fixture
def opc_server(tmp_path: Path, services: list[Service]) -> tuple[int, int]:
    port = free_port()
    script = tmp_path / "opc_server.py"
    script.write_text(OPC_SERVER)
    server = Service([sys.executable, str(script), str(port)], tmp_path / "opc.log")
    services.append(server)
    wait_until(lambda: port_open(port) and "ready" in server.log.read_text(), 30, "OPC-UA test server", server.log)
    idx = int(server.log.read_text().split("ready", 1)[1].split()[0])
    return port, idx


def test_once_reads_opcua_into_line_and_json(tmp_path: Path, opc_server: tuple[int, int]) -> None:
    telegraf = need("telegraf")
    port, idx = opc_server
    out_file = tmp_path / "metrics.json"
    config = _config(tmp_path, port, idx, out_file)

    test_run = subprocess.run([*telegraf.telegraf_command(config), "--test"], capture_output=True, text=True,
                              timeout=60)
    assert test_run.returncode == 0, test_run.stderr[-2000:]
    # `--test` prints each metric as line protocol, prefixed with "> ".
    lines = [line.removeprefix("> ") for line in test_run.stdout.splitlines() if line.startswith("> opc_test")]
    assert len(lines) == 1, test_run.stdout + test_run.stderr[-2000:]
    assert "Temperature=21.5" in lines[0] and f"id=ns\\={idx};s\\=Temperature" in lines[0], lines[0]

    once = subprocess.run([*telegraf.telegraf_command(config), "--once"], capture_output=True, text=True,
                          timeout=60)
    assert once.returncode == 0, once.stderr[-2000:]
    record = json.loads(out_file.read_text().splitlines()[0])
    assert record["name"] == "opc_test"
    assert record["fields"]["Temperature"] == 21.5
    assert record["tags"]["id"] == f"ns={idx};s=Temperature"
    assert record["timestamp"] > 10**18  # nanoseconds
