"""The target contract: start, stop, status, and where each service is — nothing more."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from harness.stack.secrets import StackSecrets
from harness.stack.state import ServiceRow


class Target(ABC):
    """Where the pipeline runs. Subclasses: local (processes here), nixos (the VM test network)."""

    name: str = ""
    starts_services: bool = False

    def __init__(self, *, topology: Path | None = None, run_dir: Path | None = None) -> None:
        from harness import paths

        self.topology_path = topology or paths.topology_file()
        self.run_dir = run_dir or paths.run_dir()

    @property
    @abstractmethod
    def config(self) -> Any:
        """The configuration evaluated from the topology for this target (harness.config.load)."""

    @property
    def settings(self) -> dict[str, Any]:
        """The service settings rendered by nixos/lib for this target."""
        return self.config.settings

    @property
    def topology(self) -> dict[str, Any]:
        """The evaluated topology."""
        return self.config.topology_data

    @abstractmethod
    def secrets(self) -> StackSecrets:
        """Credentials to query the stack (InfluxDB token, Grafana admin password)."""

    @abstractmethod
    def up(self) -> list[str]:
        """Make every service running and healthy; returns what was (re)started."""

    @abstractmethod
    def down(self) -> list[str]:
        """Stop what this target started; returns what was stopped."""

    @abstractmethod
    def status(self) -> list[ServiceRow]:
        """Each service's PID, ports and health."""

    def log_of(self, service: str) -> str:
        """Where to read a service's log (a path, or a command such as `journalctl -u ...`)."""
        return f"the {service} service's log"

    def dashboard(self) -> dict[str, Any]:
        """The dashboard JSON as this target's Grafana is provisioned with it."""
        return self.settings["dashboard"]

    def grafana_url(self) -> str | None:
        """The URL of the Grafana server of this target, or None where none runs."""
        return None

    def __repr__(self) -> str:
        return f"{self.name}://{self.topology_path.name}"
