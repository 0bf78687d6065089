"""The local target: every host's services as processes on 127.0.0.1, data and logs under a run dir."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from harness.stack import catalog
from harness.stack.secrets import StackSecrets, load_or_create
from harness.stack.services import LocalLayout, ServiceSpec
from harness.stack.state import ServiceRow
from harness.stack.supervisor import Supervisor
from harness.targets.base import Target


class LocalTarget(Target):
    """Runs the pipeline on this machine; `up` starts what is missing, `down` stops it by PID."""

    name = "local"
    starts_services = True

    def __init__(self, *, topology: Path | None = None, run_dir: Path | None = None, port_offset: int = 0) -> None:
        if run_dir is None and port_offset:
            from harness import paths

            run_dir = paths.run_dir().with_name(f"{paths.run_dir().name}-ports+{port_offset}")
        super().__init__(topology=topology, run_dir=run_dir)
        self.layout = LocalLayout(self.run_dir)
        self.mutations: list[Any] = []
        self.port_offset = port_offset

    @cached_property
    def config(self) -> Any:
        """The configuration for this machine; every declared port shifted by `port_offset` if set."""
        from harness.config import load

        config = load(self.topology_path, target="local", run_dir=self.run_dir)
        if not self.port_offset:
            return config
        return load(self.topology_path, target="local", run_dir=self.run_dir,
                    ports=shifted_ports(config.topology_data["services"], self.port_offset))

    def secrets(self) -> StackSecrets:
        return load_or_create(self.layout.secrets)

    def rendered_files(self) -> dict[str, Path]:
        """Render every service's configuration into run_dir/config (then apply any mutations)."""
        files = self.config.render(self.layout.config)
        for mutation in self.mutations:
            mutation.apply(files)
        return files

    def dashboard(self) -> dict[str, Any]:
        """The rendered dashboard file (mutations included): what a local Grafana would load."""
        import json

        uid = self.settings["dashboard"]["uid"]
        return json.loads(self.rendered_files()[f"grafana/dashboards/{uid}.json"].read_text())

    def specs(self) -> list[ServiceSpec]:
        """The services of this stack, configured from freshly rendered files."""
        from harness.provision.runtimes import optional_runtime, runtime

        runtimes: dict[str, Any] = {name: runtime(name) for name in ("kafka", "influxdb", "telegraf")}
        runtimes["grafana"] = optional_runtime("grafana")
        return catalog.build(self.settings, self.rendered_files(), self.layout, self.secrets(), runtimes)

    def supervisor(self) -> Supervisor:
        return Supervisor(self.specs(), self.run_dir / "state.json")

    def up(self) -> list[str]:
        return self.supervisor().up()

    def down(self) -> list[str]:
        return self.supervisor().down()

    def status(self) -> list[ServiceRow]:
        return self.supervisor().status()

    def log_of(self, service: str) -> str:
        return str(self.layout.log(service))

    def grafana_url(self) -> str | None:
        from harness.provision.runtimes import optional_runtime

        if optional_runtime("grafana") is None:
            return None
        server = self.settings["grafanaSettings"]["server"]
        return f"http://{server.get('http_addr') or '127.0.0.1'}:{server['http_port']}"


def shifted_ports(services: dict[str, Any], offset: int) -> dict[str, int]:
    """Port overrides moving every declared service port (`port`, `*Port`) by `offset`."""
    overrides: dict[str, int] = {}
    for name, service in services.items():
        for key, value in service.items():
            if key == "port":
                overrides[name] = value + offset
            elif key.endswith("Port") and isinstance(value, int):
                overrides[f"{name}.{key}"] = value + offset
    return overrides
