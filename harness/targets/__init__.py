"""Targets: how to reach (and, where the harness runs them, start and stop) the pipeline's hosts.

A name -> class registry, loaded lazily (as testinfra's backends are)."""

from __future__ import annotations

import importlib
from pathlib import Path

from harness.errors import HarnessError
from harness.targets.base import Target

REGISTRY: dict[str, str] = {
    "local": "harness.targets.local:LocalTarget",
    "nixos": "harness.targets.nixos:NixosTarget",
}


def get_target(name: str, *, topology: Path | None = None, run_dir: Path | None = None) -> Target:
    """Instantiate the target called `name` (local, nixos)."""
    if name not in REGISTRY:
        raise HarnessError(f"unknown target {name!r}", fix=f"use one of: {', '.join(REGISTRY)}")
    module_name, class_name = REGISTRY[name].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(topology=topology, run_dir=run_dir)


__all__ = ["REGISTRY", "Target", "get_target"]
