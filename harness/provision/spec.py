"""versions.json: the one place that says which version of each runtime the pipeline uses."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.paths import REPO_ROOT

VERSIONS_FILE = REPO_ROOT / "versions.json"


@cache
def load(path: Path = VERSIONS_FILE) -> dict[str, Any]:
    """The parsed versions file (cached per path)."""
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise HarnessError("versions file is missing", where=str(path), fix="restore versions.json") from None
    except json.JSONDecodeError as exc:
        raise HarnessError(f"versions file is not valid JSON: {exc.msg}", where=f"{path}:{exc.lineno}",
                           fix="correct the JSON syntax") from None
    if not isinstance(data, dict):
        raise HarnessError("versions file must hold a JSON object", where=str(path))
    return data


def component(name: str) -> dict[str, Any]:
    """The entry of one component (`kafka`, `telegraf`, `influxdb`, `grafana`)."""
    data = load()
    entry = data.get(name)
    if not isinstance(entry, dict) or "version" not in entry:
        raise HarnessError(f"versions.json has no entry with a version for {name!r}", where=str(VERSIONS_FILE),
                           fix=f'add "{name}": {{"version": ...}}')
    return entry


def version(name: str) -> str:
    """The wanted version of a component, e.g. "4.1.1"."""
    return str(component(name)["version"])


def major(version_text: str) -> str:
    """The major version of a version string ("v2.7.12" -> "2")."""
    return version_text.lstrip("v").split(".", 1)[0]


def toolchain_minimum(tool: str) -> str:
    """Minimum toolchain version from versions.json (`java`, `go`, `rust`)."""
    return str(load().get("toolchains", {}).get(tool, "0"))


def recipe_hash(name: str) -> str:
    """Short digest of a component's whole entry: a changed recipe is a different cache entry."""
    text = json.dumps(component(name), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:10]
