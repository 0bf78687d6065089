"""The provisioned influxd serves /health, accepts setup and a write, and answers a Flux query with the value."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
import requests

from .support import Service, free_port, need, wait_until

pytestmark = [pytest.mark.provision, pytest.mark.timeout(180)]


def test_influxdb_health_setup_write_query(tmp_path: Path, services: list[Service]) -> None:
    from influxdb_client import InfluxDBClient
    from influxdb_client.client.write_api import SYNCHRONOUS

    influxdb = need("influxdb")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    argv = influxdb.influxd_command({
        "bolt-path": tmp_path / "influxd.bolt",
        "engine-path": tmp_path / "engine",
        "sqlite-path": tmp_path / "influxd.sqlite",
        "http-bind-address": f"127.0.0.1:{port}",
    })
    assert "--reporting-disabled" in argv
    server = Service(argv, tmp_path / "influxd.log", env={"HOME": str(tmp_path)})
    services.append(server)

    def healthy() -> dict | None:
        if not server.alive():
            pytest.fail("influxd exited:\n" + server.log.read_text()[-2000:])
        answer = requests.get(f"{url}/health", timeout=2).json()
        return answer if answer.get("status") == "pass" else None

    health = wait_until(healthy, 60, "influxd /health", server.log)
    assert health["version"].lstrip("v") == influxdb.version

    token = secrets.token_urlsafe(24)
    setup = requests.post(f"{url}/api/v2/setup", timeout=10, json={
        "username": "admin", "password": secrets.token_urlsafe(12), "org": "test", "bucket": "b",
        "token": token, "retentionPeriodSeconds": 0})
    assert setup.status_code == 201, setup.text

    with InfluxDBClient(url=url, token=token, org="test") as client:
        client.write_api(write_options=SYNCHRONOUS).write("b", record="probe,node=t value=21.5")
        tables = client.query_api().query(
            'from(bucket:"b") |> range(start:-1h) |> filter(fn:(r)=> r._measurement=="probe") |> last()')
    values = [(r.get_field(), r.get_value(), r.values.get("node")) for t in tables for r in t.records]
    assert values == [("value", 21.5, "t")]
