"""The nixos target: the hosts of the NixOS VM test network (or deployed hosts at their declared
addresses). The VMs run every service; the harness starts nothing and only checks health."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.stack import health
from harness.stack.secrets import StackSecrets
from harness.stack.services import host_port
from harness.stack.state import ServiceRow
from harness.targets.base import Target

SECRET_FILES = {
    "influx_token": "PIPELINE_INFLUX_TOKEN_FILE",
    "influx_password": "PIPELINE_INFLUX_PASSWORD_FILE",
    "grafana_admin_password": "PIPELINE_GRAFANA_ADMIN_PASSWORD_FILE",
}


class NixosTarget(Target):
    """Services at the topology's declared addresses, run by systemd on the NixOS hosts."""

    name = "nixos"
    starts_services = False

    @cached_property
    def config(self) -> Any:
        from harness.config import load

        return load(self.topology_path, target="nixos", run_dir=self.run_dir)

    def secrets(self) -> StackSecrets:
        values: dict[str, str] = {}
        for field, variable in SECRET_FILES.items():
            path = os.environ.get(variable)
            if path is None:
                if field == "influx_token":
                    raise HarnessError(f"the nixos target needs ${variable}", fix=f"set {variable} to the "
                                       "InfluxDB token file (the VM test's tester does)")
                values[field] = ""
                continue
            values[field] = Path(path).read_text().strip()
        return StackSecrets(**values)

    def _endpoints(self) -> list[tuple[str, str, str, int, Any]]:
        s = self.settings
        opc_host, opc_port = host_port(s["opcServer"]["endpoint"])
        kafka_host, kafka_port = host_port(s["model"]["brokers"][0])
        influx_url = s["influxdbSetup"]["url"]
        influx_host, influx_port = host_port(influx_url)
        return [
            ("opc", "opc", opc_host, opc_port, lambda: health.port_open(opc_host, opc_port)),
            ("kafka", "db", kafka_host, kafka_port, lambda: health.port_open(kafka_host, kafka_port)),
            ("influxdb", "db", influx_host, influx_port,
             lambda: health.http_ok(f"{influx_url}/health", expect_json_status="pass")),
        ]

    def up(self) -> list[str]:
        """Nothing to start: wait until every service answers at its declared address."""
        from harness.retry import retry

        for name, host, address, port, healthy in self._endpoints():
            retry(lambda _last, h=healthy: h(), timeout=120, what=f"{name} on {host} ({address}:{port})")
        return []

    def down(self) -> list[str]:
        return []

    def status(self) -> list[ServiceRow]:
        return [ServiceRow(name, host, None, [port], True, healthy(), self.log_of(name))
                for name, host, _address, port, healthy in self._endpoints()]

    def log_of(self, service: str) -> str:
        units = {"opc": "opc-server", "kafka": "apache-kafka", "influxdb": "influxdb2", "model": "pipeline-model",
                 "collector": "telegraf", "model-ingest": "telegraf", "grafana": "grafana"}
        return f"`journalctl -u {units.get(service, service)}` on its host"

    def grafana_url(self) -> str | None:
        """Grafana on the host the topology puts it on, if it answers."""
        service = self.topology["services"]["grafana"]
        url = f"http://{self.config.env['addresses'][service['host']]}:{self.settings['grafanaSettings']['server']['http_port']}"
        return url if health.http_ok(f"{url}/api/health") else None
