"""Build prerequisites: find each toolchain, check its version, say how to install it when it is missing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from harness.errors import HarnessError
from harness.provision import spec


@dataclass(frozen=True)
class Tool:
    """A toolchain found on this machine."""

    name: str
    path: Path
    version: str


# name -> (command, version argv, regex for the version, how to install it)
_TOOLS: dict[str, tuple[str, list[str], str, str]] = {
    "java": ("java", ["-version"], r'version "(\d+(?:\.\d+)*)', "apt-get install openjdk-17-jdk-headless"),
    "mvn": ("mvn", ["-v"], r"Apache Maven (\d+(?:\.\d+)*)", "apt-get install maven"),
    "go": ("go", ["version"], r"go(\d+\.\d+(?:\.\d+)?)",
           "install Go >= {min} (Debian 12's golang-go is 1.19, too old), or use `nix develop`"),
    "cargo": ("cargo", ["--version"], r"cargo (\d+\.\d+(?:\.\d+)?)",
              "install Rust >= {min} with cargo (apt-get install cargo-web rustc-web, or rustup), or `nix develop`"),
    "rustc": ("rustc", ["--version"], r"rustc (\d+\.\d+(?:\.\d+)?)",
              "install Rust >= {min} (apt-get install rustc-web cargo-web, or rustup), or `nix develop`"),
    "cc": ("cc", ["--version"], r"(\d+\.\d+(?:\.\d+)?)", "apt-get install build-essential"),
    "pkg-config": ("pkg-config", ["--version"], r"(\d+\.\d+(?:\.\d+)?)", "apt-get install pkg-config"),
}
_MINIMUM = {"java": "java", "go": "go", "cargo": "rust", "rustc": "rust"}


def _as_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def find(name: str, component: str) -> Tool:
    """Locate a toolchain needed to build `component`; raise a one-line HarnessError if absent or too old."""
    command, argv, pattern, fix = _TOOLS[name]
    minimum = spec.toolchain_minimum(_MINIMUM[name]) if name in _MINIMUM else "0"
    fix = fix.format(min=minimum)
    if name == "java" and os.environ.get("JAVA_HOME"):
        candidate = Path(os.environ["JAVA_HOME"]) / "bin" / "java"
        found = str(candidate) if candidate.is_file() else shutil.which(command)
    else:
        found = shutil.which(command)
    if not found:
        raise HarnessError(f"{component}: the {name} toolchain is missing (not on PATH)", fix=fix)
    try:
        proc = subprocess.run([found, *argv], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HarnessError(f"{component}: {name} does not run ({exc})", where=found, fix=fix) from None
    match = re.search(pattern, proc.stdout + proc.stderr)
    if proc.returncode != 0 or not match:
        raise HarnessError(f"{component}: {name} does not report a version (exit {proc.returncode})",
                           where=found, fix=fix)
    version = match.group(1)
    if _as_tuple(version) < _as_tuple(minimum):
        raise HarnessError(f"{component}: {name} {version} is too old (need >= {minimum})", where=found, fix=fix)
    return Tool(name, Path(found), version)


def java() -> Path | None:
    """The Java runtime to run Kafka with ($JAVA_HOME/bin/java, else java on PATH), or None."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return Path(home) / "bin" / "java"
    found = shutil.which("java")
    return Path(found) if found else None


def rustup_toolchain() -> str | None:
    """The active rustup toolchain name, so that a crate's pinned `rust-toolchain.toml` is overridden.

    None when cargo is not managed by rustup (e.g. inside `nix develop`), where no override is needed.
    """
    if os.environ.get("RUSTUP_TOOLCHAIN"):
        return os.environ["RUSTUP_TOOLCHAIN"]
    rustup = shutil.which("rustup")
    if not rustup:
        return None
    proc = subprocess.run([rustup, "default"], capture_output=True, text=True, timeout=60)
    words = proc.stdout.split()
    return words[0] if proc.returncode == 0 and words else "stable"
