"""Where things live: the repository, the per-machine cache, the per-run directory."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def cache_dir() -> Path:
    """Per-machine cache of provisioned runtimes: $PIPELINE_CACHE_DIR, else $XDG_CACHE_HOME/pipeline-harness."""
    explicit = os.environ.get("PIPELINE_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser().resolve()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser().resolve() / "pipeline-harness"


def run_dir() -> Path:
    """Per-run state of a local stack (data, logs, rendered configs, secrets): $PIPELINE_RUN_DIR or .run/."""
    explicit = os.environ.get("PIPELINE_RUN_DIR")
    return Path(explicit).expanduser().resolve() if explicit else REPO_ROOT / ".run"


def topology_file() -> Path:
    """The topology to use: $PIPELINE_TOPOLOGY or topology.nix at the repository root."""
    explicit = os.environ.get("PIPELINE_TOPOLOGY")
    return Path(explicit).expanduser().resolve() if explicit else REPO_ROOT / "topology.nix"
