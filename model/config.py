"""The `model` settings (rendered from topology.nix by nixos/lib), loaded and checked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.computations import FUNCTIONS

OFFSET_RESETS = ("earliest", "latest")


class ConfigError(ValueError):
    """A missing or wrong setting, reported as one line: what, where, how to fix."""


@dataclass(frozen=True)
class ComputationSpec:
    name: str
    function: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class ModelConfig:
    brokers: tuple[str, ...]
    input_topic: str
    output_topic: str
    group_id: str
    measurement: str
    computations: tuple[ComputationSpec, ...]
    auto_offset_reset: str = "earliest"


def _get(obj: Any, key: str, where: str, kind: type) -> Any:
    if not isinstance(obj, dict):
        raise ConfigError(f"{where} must be a JSON object, got {type(obj).__name__}")
    if key not in obj:
        raise ConfigError(f"missing key {key!r} in {where} — fix: render the config from topology.nix")
    value = obj[key]
    if not isinstance(value, kind) or (kind is str and not value):
        raise ConfigError(f"{where}.{key} must be a non-empty {kind.__name__}, got {value!r}")
    return value


def _strings(obj: Any, key: str, where: str) -> tuple[str, ...]:
    items = _get(obj, key, where, list)
    if not items or not all(isinstance(i, str) and i for i in items):
        raise ConfigError(f"{where}.{key} must be a non-empty list of non-empty strings, got {items!r}")
    return tuple(items)


def _computation(raw: Any, where: str) -> ComputationSpec:
    name = _get(raw, "name", where, str)
    function = _get(raw, "function", where, str)
    if function not in FUNCTIONS:
        raise ConfigError(
            f"{where}.function {function!r} (computation {name}) is unknown — fix: use one of {', '.join(FUNCTIONS)}"
        )
    return ComputationSpec(name, function, _strings(raw, "inputs", where))


def parse_config(raw: Any, source: str = "model config") -> ModelConfig:
    """Check the `model` settings; extra keys are ignored, missing or ill-typed ones raise ConfigError."""
    comps_raw = _get(raw, "computations", source, list)
    computations = tuple(_computation(c, f"{source}: computations[{i}]") for i, c in enumerate(comps_raw))
    if not computations:
        raise ConfigError(f"{source}: computations is empty — fix: declare model.computations in topology.nix")
    names = [c.name for c in computations]
    if len(set(names)) != len(names):
        raise ConfigError(f"{source}: computation names repeat ({names}) — fix: make them unique in topology.nix")
    reset = raw.get("autoOffsetReset", "earliest")
    if reset not in OFFSET_RESETS:
        raise ConfigError(f"{source}.autoOffsetReset must be one of {OFFSET_RESETS}, got {reset!r}")
    return ModelConfig(
        brokers=_strings(raw, "brokers", source),
        input_topic=_get(raw, "inputTopic", source, str),
        output_topic=_get(raw, "outputTopic", source, str),
        group_id=_get(raw, "groupId", source, str),
        measurement=_get(raw, "measurement", source, str),
        computations=computations,
        auto_offset_reset=reset,
    )


def load_config(path: Path) -> ModelConfig:
    """Read and check a JSON config file (the rendered `model` settings)."""
    try:
        raw = json.loads(path.read_text())
    except OSError as exc:
        raise ConfigError(f"cannot read model config {path}: {exc.strerror} — fix: pass --config FILE") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"model config {path} is not JSON: {exc}") from None
    return parse_config(raw, f"model config {path}")
