"""The run directory's record of what `up` started: service -> PID, ports, log file."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ServiceRow:
    """One service as `status` shows it, on any target."""

    name: str
    host: str
    pid: int | None
    ports: list[int]
    running: bool
    healthy: bool
    log: str


@dataclass
class Started:
    """One running service as `up` recorded it."""

    pid: int
    ports: list[int]
    log: str
    started_at: float
    config: str = ""


@dataclass
class StackState:
    """All services a local stack started, persisted as run_dir/state.json."""

    services: dict[str, Started] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> StackState:
        """Read the state file; a missing file is an empty stack."""
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text())
        return cls({name: Started(**entry) for name, entry in raw.get("services", {}).items()})

    def save(self, path: Path) -> None:
        """Write atomically (temp file + rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"services": {n: asdict(s) for n, s in self.services.items()}}, indent=2))
        os.replace(tmp, path)
