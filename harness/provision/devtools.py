"""Development tools for the checks CI runs here (not pipeline runtimes): `nixpkgs-fmt` (the formatter of
`checks.lint`) from the crate registry, and `sops` (which decrypts the VM test's test-only secrets) from the
Go module proxy. Inside `nix develop` both come from nixpkgs and are found on PATH.

Each behaves like a built component (`NAME`, `TOOLS`, `on_path()`, `build(staged, steps)`), so the
provisioner caches it atomically like the runtimes: `python -m harness provision --tools`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.provision import cache, gobuild, spec, toolchain
from harness.provision.steps import Steps


@dataclass(frozen=True)
class DevTool:
    """One development tool: how to ask its version, and which registry client builds it."""

    NAME: str
    TOOLS: tuple[str, ...]  # the toolchains its build needs
    version_argv: tuple[str, ...]
    version_pattern: str

    def binary_version(self, binary: Path) -> str | None:
        """The version the binary prints ("1.3.0"), or None."""
        try:
            proc = subprocess.run([str(binary), *self.version_argv], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return None
        match = re.search(self.version_pattern, proc.stdout + proc.stderr)  # nixpkgs-fmt --version exits 1
        return match.group(1) if match else None

    def on_path(self) -> tuple[str, Path] | None:
        """The tool on PATH with the wanted major version: (version, path), else None."""
        found = shutil.which(self.NAME)
        if not found:
            return None
        version = self.binary_version(Path(found))
        if version and spec.major(version) == spec.major(spec.version(self.NAME)):
            return version, Path(found)
        return None

    def build(self, staged: Path, steps: Steps) -> dict[str, Any]:
        """Install the pinned version into `staged/bin` with its registry's own client."""
        info = spec.component(self.NAME)
        version = info["version"]
        if "crate" in info:
            cargo = toolchain.find("cargo", self.NAME)
            env = {"CARGO_HOME": str(cache.deps_dir("cargo"))}
            if rust := toolchain.rustup_toolchain():
                env["RUSTUP_TOOLCHAIN"] = rust
            steps.run(f"cargo install {info['crate']} {version}",
                      [str(cargo.path), "install", "--locked", "--root", str(staged), "--version", version,
                       info["crate"]], cwd=staged, env=env, show=gobuild.show)
            used = {"cargo": cargo.version}
        else:
            go = toolchain.find("go", self.NAME)
            env = {**gobuild.env(), "GOBIN": str(staged / "bin"), "CGO_ENABLED": "0"}
            steps.run(f"go install {self.NAME} v{version}",
                      [str(go.path), "install", "-trimpath", "-ldflags", "-s -w", f"{info['package']}@v{version}"],
                      cwd=staged, env=env, show=gobuild.show)
            used = {"go": go.version}
        binary = staged / "bin" / self.NAME
        got = self.binary_version(binary)
        if got != version:
            raise HarnessError(f"{self.NAME}: the built binary reports version {got}, expected {version}",
                               where=str(steps.log_path), fix=f"check the {self.NAME} entry of versions.json")
        return {"version": version, "artifact": f"bin/{self.NAME}", "files": [f"bin/{self.NAME}"], "toolchain": used}


NIXPKGS_FMT = DevTool("nixpkgs-fmt", ("cargo", "rustc", "cc"), ("--version",), r"nixpkgs-fmt (\d+\.\d+\.\d+)")
SOPS = DevTool("sops", ("go",), ("--version", "--disable-version-check"), r"sops (\d+\.\d+\.\d+)")

BY_NAME = {tool.NAME: tool for tool in (NIXPKGS_FMT, SOPS)}
