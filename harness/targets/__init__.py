"""Targets: how to reach (and, where the harness runs them, start and stop) the pipeline's hosts.

A name -> class registry, loaded lazily (as testinfra's backends are)."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from harness.errors import HarnessError
from harness.targets.base import Target

REGISTRY: dict[str, str] = {
    "local": "harness.targets.local:LocalTarget",
    "nixos": "harness.targets.nixos:NixosTarget",
}


def get_target(name: str, *, topology: Path | None = None, run_dir: Path | None = None,
               port_offset: int | None = None) -> Target:
    """Instantiate the target called `name` (local, nixos).

    `port_offset` (default $PIPELINE_PORT_OFFSET or 0) moves every port of a stack the harness runs,
    so a second stack fits beside the first; targets that run their own services refuse it."""
    if name not in REGISTRY:
        raise HarnessError(f"unknown target {name!r}", fix=f"use one of: {', '.join(REGISTRY)}")
    offset = int(os.environ.get("PIPELINE_PORT_OFFSET", "0")) if port_offset is None else port_offset
    module_name, class_name = REGISTRY[name].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not cls.starts_services:
        if offset:
            raise HarnessError(f"--port-offset applies to stacks the harness runs, not to target {name!r}",
                               fix="drop --port-offset / PIPELINE_PORT_OFFSET")
        return cls(topology=topology, run_dir=run_dir)
    return cls(topology=topology, run_dir=run_dir, port_offset=offset)


__all__ = ["REGISTRY", "Target", "get_target"]
