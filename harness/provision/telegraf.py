"""Telegraf: `go install` of a tagged release with the `custom` build tags for exactly our plugins."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.provision import gobuild, spec, toolchain
from harness.provision.steps import Steps

NAME = "telegraf"
TOOLS = ("go",)
KINDS = ("inputs", "outputs", "parsers", "serializers")
_VERSION = re.compile(r"Telegraf v?(\d+\.\d+\.\d+)")


def required_plugins() -> dict[str, list[str]]:
    """The plugins the pipeline uses, by kind, from versions.json."""
    plugins = spec.component(NAME)["plugins"]
    return {kind: list(plugins.get(kind, [])) for kind in KINDS}


def build_tags() -> str:
    """Telegraf's `custom` build tags naming exactly the required plugins."""
    tags = ["custom"] + [f"{kind}.{name}" for kind, names in required_plugins().items() for name in names]
    return ",".join(tags)


def binary_version(binary: Path) -> str | None:
    """`telegraf --version` as "1.39.3", or None when it does not say."""
    try:
        proc = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(proc.stdout)
    return match.group(1) if match else None


def plugins(binary: Path) -> dict[str, set[str]]:
    """The plugins a telegraf binary has, by kind (`telegraf plugins <kind>`), names without the kind prefix."""
    found: dict[str, set[str]] = {}
    for kind in KINDS:
        proc = subprocess.run([str(binary), "plugins", kind], capture_output=True, text=True, timeout=30)
        found[kind] = {line.strip().split(".", 1)[-1] for line in proc.stdout.splitlines() if line.strip()}
    return found


def missing_plugins(binary: Path) -> list[str]:
    """Required plugins the binary lacks, as `kind.name`."""
    have = plugins(binary)
    return [f"{kind}.{name}" for kind, names in required_plugins().items() for name in names
            if name not in have.get(kind, set())]


def on_path() -> tuple[str, Path] | None:
    """A telegraf on PATH with the wanted major version and all required plugins: (version, path), else None."""
    found = shutil.which(NAME)
    if not found:
        return None
    version = binary_version(Path(found))
    if version and spec.major(version) == spec.major(spec.version(NAME)) and not missing_plugins(Path(found)):
        return version, Path(found)
    return None


def build(staged: Path, steps: Steps) -> dict[str, Any]:
    """`go install module/cmd/telegraf@vX` into `staged/bin` with our tags and the version stamped in."""
    info = spec.component(NAME)
    version = info["version"]
    go = toolchain.find("go", NAME)
    env = {**gobuild.env(), "GOBIN": str(staged / "bin"), "CGO_ENABLED": "0"}
    steps.run(
        f"go install telegraf v{version} (custom build, {sum(map(len, required_plugins().values()))} plugins)",
        [str(go.path), "install", "-v", "-trimpath", "-tags", build_tags(),
         "-ldflags", f"-s -w -X {info['version_ldflag']}={version}", f"{info['package']}@v{version}"],
        cwd=staged, env=env, show=gobuild.show,
    )
    binary = staged / "bin" / NAME
    got = binary_version(binary)
    if got != version:
        raise HarnessError(f"telegraf: the built binary reports version {got}, expected {version}",
                           where=str(binary), fix="check version_ldflag in versions.json")
    if missing := missing_plugins(binary):
        raise HarnessError(f"telegraf: the built binary lacks plugins {', '.join(missing)}",
                           where=str(steps.log_path), fix="check the plugin names in versions.json")
    return {"version": version, "artifact": "bin/telegraf", "files": ["bin/telegraf"],
            "toolchain": {"go": go.version}, "tags": build_tags()}
