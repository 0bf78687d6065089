"""The `opcServer` settings (rendered from topology.nix by nixos/lib), loaded and checked."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asyncua import ua

from opc.types import SCALAR_TYPES, ScalarType

DEFAULT_STEP = 1.0


class ConfigError(ValueError):
    """A missing or wrong setting, reported as one line: what, where, how to fix."""


@dataclass(frozen=True)
class Simulation:
    period: float
    start: Any
    step: float


@dataclass(frozen=True)
class NodeSpec:
    name: str
    id: str
    nodeid: ua.NodeId
    type: ScalarType
    simulation: Simulation | None  # None: a static node (declared without simulation)


@dataclass(frozen=True)
class ServerConfig:
    endpoint: str
    bind: str
    port: int
    path: str
    namespace_uri: str
    nodes: tuple[NodeSpec, ...]


def _get(obj: Any, key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(obj, dict):
        raise ConfigError(f"{where} must be a JSON object, got {type(obj).__name__}")
    if key not in obj:
        raise ConfigError(f"missing key {key!r} in {where} — fix: render the config from topology.nix")
    value = obj[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise ConfigError(f"{where}.{key} must be {_kind_name(kind)}, got {value!r}")
    if not isinstance(value, kind):
        raise ConfigError(f"{where}.{key} must be {_kind_name(kind)}, got {value!r}")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


def _node(raw: Any, where: str) -> NodeSpec:
    name = _get(raw, "name", where, str)
    node_id = _get(raw, "id", where, str)
    type_name = _get(raw, "type", where, str)
    scalar = SCALAR_TYPES.get(type_name)
    if scalar is None:
        raise ConfigError(
            f"{where}.type {type_name!r} (node {name}) is not a supported OPC-UA scalar type"
            f" — fix: use one of {', '.join(SCALAR_TYPES)}"
        )
    try:
        nodeid = ua.NodeId.from_string(node_id)
    except Exception as exc:
        raise ConfigError(
            f"{where}.id {node_id!r} (node {name}) is not an OPC-UA node id ({exc})"
            " — fix: write it as ns=<index>;i=<n> | s=<text> | g=<guid>"
        ) from None
    sim_raw = raw.get("simulation")
    sim_raw = {} if sim_raw is None else sim_raw
    sim_where = f"{where}.simulation"
    if not isinstance(sim_raw, dict):
        raise ConfigError(f"{sim_where} must be a JSON object, got {sim_raw!r}")
    simulation = _simulation(sim_raw, scalar, sim_where) if sim_raw else None
    return NodeSpec(name, node_id, nodeid, scalar, simulation)


def _number(raw: dict[str, Any], key: str, default: float, where: str) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"{where}.{key} must be a finite number, got {value!r}")
    return float(value)


def _simulation(raw: dict[str, Any], scalar: ScalarType, where: str) -> Simulation:
    """period is required; numeric start defaults to 0 and step to 1; others ignore step."""
    period = float(_get(raw, "period", where, (int, float)))
    if not (math.isfinite(period) and period > 0):
        raise ConfigError(f"{where}.period must be a positive number of seconds, got {period!r}")
    if not scalar.is_numeric:
        return Simulation(period, raw.get("start"), 0.0)
    step = _number(raw, "step", DEFAULT_STEP, where)
    if step < 0:
        raise ConfigError(f"{where}.step must be >= 0, got {step!r}")
    return Simulation(period, _number(raw, "start", 0.0, where), step)


def parse_config(raw: Any, source: str = "opc config") -> ServerConfig:
    """Check the `opcServer` settings; extra keys are ignored, missing or ill-typed ones raise ConfigError."""
    nodes_raw = _get(raw, "nodes", source, list)
    nodes = tuple(_node(n, f"{source}: nodes[{i}]") for i, n in enumerate(nodes_raw))
    if not nodes:
        raise ConfigError(f"{source}: nodes is empty — fix: declare at least one node in topology.nix")
    for attr in ("name", "id"):
        seen: set[str] = set()
        for node in nodes:
            value = getattr(node, attr)
            if value in seen:
                raise ConfigError(f"{source}: duplicate node {attr} {value!r} — fix: make it unique in topology.nix")
            seen.add(value)
    port = _get(raw, "port", source, int)
    if not 0 < port < 65536:
        raise ConfigError(f"{source}: port {port} is out of range 1..65535")
    return ServerConfig(
        endpoint=_get(raw, "endpoint", source, str),
        bind=_get(raw, "bind", source, str),
        port=port,
        path=_get(raw, "path", source, str),
        namespace_uri=_get(raw, "namespaceUri", source, str),
        nodes=nodes,
    )


def load_config(path: Path) -> ServerConfig:
    """Read and check a JSON config file (the rendered `opcServer` settings)."""
    try:
        raw = json.loads(path.read_text())
    except OSError as exc:
        raise ConfigError(f"cannot read opc config {path}: {exc.strerror} — fix: pass --config FILE") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"opc config {path} is not JSON: {exc}") from None
    return parse_config(raw, f"opc config {path}")
