"""Serialisers for what each service reads: TOML, Java properties, YAML, INI, JSON. Deterministic."""

from __future__ import annotations

import json
from typing import Any

import tomli_w
import yaml

from harness.errors import HarnessError

HEADER = "Generated from topology.nix by nixos/lib (python -m harness config render). Do not edit."


def to_toml(data: dict[str, Any]) -> str:
    """TOML (Telegraf); lists of tables become [[arrays of tables]]."""
    try:
        return f"# {HEADER}\n" + tomli_w.dumps(data)
    except TypeError as exc:
        raise HarnessError(f"settings cannot be written as TOML: {exc}", fix="no nulls in Telegraf settings") from exc


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_scalar(v) for v in value)
    if value is None:
        return ""
    return str(value)


def _escape_properties(text: str, *, key: bool) -> str:
    out = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    if key:
        for char in "=: #!":
            out = out.replace(char, "\\" + char)
    elif out.startswith(" "):
        out = "\\" + out
    return out


def to_properties(data: dict[str, Any]) -> str:
    """Java properties (Kafka server.properties): sorted keys, lists comma-joined, booleans lowercase."""
    lines = [f"# {HEADER}"]
    lines += [f"{_escape_properties(k, key=True)}={_escape_properties(_scalar(v), key=False)}"
              for k, v in sorted(data.items())]
    return "\n".join(lines) + "\n"


def to_ini(data: dict[str, dict[str, Any]]) -> str:
    """INI (grafana.ini): one [section] per top-level key, sorted; lists space-joined."""
    lines = [f"# {HEADER}"]
    for section, values in sorted(data.items()):
        lines += ["", f"[{section}]"]
        for key, value in sorted(values.items()):
            text = " ".join(_scalar(v) for v in value) if isinstance(value, list) else _scalar(value)
            lines.append(f"{key} = {text}")
    return "\n".join(lines) + "\n"


def to_yaml(data: Any) -> str:
    """YAML (Grafana provisioning)."""
    return f"# {HEADER}\n" + yaml.safe_dump(data, sort_keys=True, default_flow_style=False, allow_unicode=True)


def to_json(data: Any) -> str:
    """JSON, two-space indent, sorted keys, trailing newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
