"""Grafana: never built here (AGPL, marked not-to-use; no registry ships a server). Only located."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

NAME = "grafana"
_VERSION = re.compile(r"[Vv]ersion\s+v?(\d+\.\d+\.\d+)")


@dataclass(frozen=True)
class Found:
    """A Grafana server on this machine."""

    binary: Path
    version: str
    homepath: Path | None
    how: str  # "PATH" or "GRAFANA_HOME"


def _homepath(binary: Path) -> Path | None:
    """Grafana's static home (conf/defaults.ini + public/) near the binary, as nixpkgs and tarballs lay it out."""
    prefix = binary.resolve().parent.parent
    for candidate in (prefix / "share" / "grafana", prefix):
        if (candidate / "conf" / "defaults.ini").is_file():
            return candidate
    return None


def _version(binary: Path) -> str | None:
    try:
        proc = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(proc.stdout + proc.stderr)
    return match.group(1) if match else None


def locate() -> tuple[Found | None, str]:
    """A Grafana server from GRAFANA_HOME or PATH, and a one-line reason when there is none."""
    candidates: list[tuple[Path, str]] = []
    home = os.environ.get("GRAFANA_HOME")
    if home:
        for name in ("grafana", "grafana-server"):
            for sub in ("bin", "."):
                path = Path(home) / sub / name
                if path.is_file() and os.access(path, os.X_OK):
                    candidates.append((path, "GRAFANA_HOME"))
    for name in ("grafana", "grafana-server"):
        if found := shutil.which(name):
            candidates.append((Path(found), "PATH"))
    for binary, how in candidates:
        version = _version(binary)
        if version:
            homepath = Path(home) if how == "GRAFANA_HOME" and home else _homepath(binary)
            return Found(binary, version, homepath, how), ""
    if candidates:
        return None, f"grafana: {candidates[0][0]} does not report a version"
    reason = ("no Grafana server on this machine: none on PATH (grafana / grafana-server) and GRAFANA_HOME "
              "is not set; it is never built here (AGPL, no registry ships a server) — use `nix develop`, "
              "the VM test or a deployed host")
    if home:
        reason = f"GRAFANA_HOME={home} holds no bin/grafana or bin/grafana-server; " + reason
    return None, reason
