"""`load()`: evaluate topology.nix through nixos/lib for one target (cached), typed and renderable."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from harness import paths
from harness.config import model, nix, render
from harness.errors import HarnessError

LIB_DIR = paths.REPO_ROOT / "nixos" / "lib"
ENTRY = LIB_DIR / "harness-eval.nix"
TARGETS = ("local", "netns", "nixos")


@dataclass(frozen=True)
class Config:
    """One topology evaluated for one target: typed topology, raw settings, the env, renderers."""

    topology_path: Path
    target: str
    run_dir: Path
    config_dir: Path
    topology: model.Topology
    topology_data: dict[str, Any]
    settings: dict[str, Any]
    env: dict[str, Any]
    opcua_types: dict[str, model.OpcType]

    def texts(self) -> dict[str, str]:
        """Every rendered file: relative path -> exact text (nothing written)."""
        return render.render_texts(self.settings)

    def render(self, out_dir: Path | None = None) -> dict[str, Path]:
        """Write every service's file below `out_dir` (default: config_dir, which the paths
        inside the files refer to) and return relative path -> written path."""
        return render.write_files(self.texts(), Path(out_dir) if out_dir else self.config_dir)


def _fingerprint(topology_path: Path) -> tuple[tuple[str, int, int], ...]:
    """mtime/size of every .nix file an evaluation may read, so edits invalidate the cache."""
    files = {topology_path, paths.REPO_ROOT / "topology.nix", *LIB_DIR.glob("*.nix"),
             *topology_path.parent.glob("*.nix")}
    stamps = []
    for file in sorted(files):
        try:
            stat = file.stat()
        except OSError:
            continue
        stamps.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


@cache
def _evaluate(topology: str, target: str, env_args: str, fingerprint: object) -> dict[str, Any]:
    del fingerprint  # part of the cache key only
    return nix.evaluate_file(ENTRY, {"topologyFile": topology, "target": target, "envArgs": env_args},
                             subject=nix.relative(topology))


def load(topology_path: Path | str | None = None, target: str = "local", run_dir: Path | str | None = None,
         *, config_dir: Path | str | None = None, ports: dict[str, int] | None = None,
         env: dict[str, Any] | None = None) -> Config:
    """Evaluate `topology_path` (default: $PIPELINE_TOPOLOGY or topology.nix) for `target`.

    One `nix-instantiate` call per distinct (topology, target, env) and file state. `run_dir`
    (default harness.paths.run_dir()) holds service state; `config_dir` (default run_dir/config)
    is where `render()` writes and what the rendered files refer to. `ports` overrides service
    ports ({"kafka": 19092, "kafka.controllerPort": 19093}); `env` replaces the env entirely.
    """
    topology = Path(topology_path).expanduser().resolve() if topology_path else paths.topology_file()
    if not topology.is_file():
        raise HarnessError(f"topology file not found: {topology}",
                           fix="pass --topology PATH or set PIPELINE_TOPOLOGY")
    if env is None and target not in TARGETS:
        raise HarnessError(f"unknown target {target!r}", fix=f"use one of {', '.join(TARGETS)}")
    run = Path(run_dir).expanduser().resolve() if run_dir else paths.run_dir()
    conf = Path(config_dir).expanduser().resolve() if config_dir else run / "config"
    args: dict[str, Any] = {"env": env} if env is not None else \
        {"runDir": str(run), "configDir": str(conf), "ports": dict(ports or {})}
    result = _evaluate(str(topology), target, json.dumps(args, sort_keys=True), _fingerprint(topology))
    types = model.opc_types(result["opcuaTypes"])
    return Config(
        topology_path=topology,
        target=target,
        run_dir=run,
        config_dir=conf,
        topology=model.build(result["topology"], result["settings"], types),
        topology_data=result["topology"],
        settings=result["settings"],
        env=result["env"],
        opcua_types=types,
    )


def clear_cache() -> None:
    """Forget cached evaluations (tests)."""
    _evaluate.cache_clear()
