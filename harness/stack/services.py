"""What the local target runs: one ServiceSpec per service, built from the rendered configuration."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse


@dataclass
class ServiceSpec:
    """How to start one service, know it is healthy, and which files configure it."""

    name: str
    host: str
    argv: list[str]
    ports: list[int]
    config_files: list[Path]
    healthy: Callable[[], bool]
    wave: int
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[], None] | None = None
    after_start: Callable[[], None] | None = None
    health_timeout: float = 90.0
    log: Path = Path()

    def config_hash(self) -> str:
        """Digest of the service's argv and config files: a change means it must restart."""
        digest = hashlib.sha256("\0".join(self.argv).encode())
        for path in self.config_files:
            digest.update(path.read_bytes() if path.exists() else b"<missing>")
        return digest.hexdigest()[:16]


def host_port(url_or_address: str) -> tuple[str, int]:
    """'http://127.0.0.1:8086' or '127.0.0.1:9092' or 'opc.tcp://h:4840/p' -> ('127.0.0.1', port)."""
    text = url_or_address if "://" in url_or_address else f"tcp://{url_or_address}"
    parsed = urlparse(text)
    if parsed.hostname is None or parsed.port is None:
        raise ValueError(f"no host:port in {url_or_address!r}")
    return parsed.hostname, parsed.port


@dataclass(frozen=True)
class LocalLayout:
    """Directories of one local run."""

    run_dir: Path

    @property
    def config(self) -> Path:
        return self.run_dir / "config"

    @property
    def logs(self) -> Path:
        return self.run_dir / "logs"

    @property
    def data(self) -> Path:
        return self.run_dir / "data"

    @property
    def secrets(self) -> Path:
        return self.run_dir / "secrets"

    def log(self, service: str) -> Path:
        return self.logs / f"{service}.log"


def python_service(module: str, config: Path) -> list[str]:
    """argv for one of our Python services (`python -m opc --config ...`)."""
    return [sys.executable, "-m", module, "--config", str(config)]


def base_environment(extra: dict[str, str]) -> dict[str, str]:
    """A service's environment: ours plus the run's secrets, nothing from the caller's secrets."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INFLUX_", "GF_"))}
    env.update(extra)
    return env


def settings_value(settings: dict[str, Any], *path: str) -> Any:
    """Read a nested settings value, naming the missing key if absent."""
    value: Any = settings
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise KeyError(f"settings.{'.'.join(path)} is missing (nixos/lib did not render it)")
        value = value[key]
    return value
