"""InfluxDB 2 OSS `influxd`: a small wrapper module of ours that requires influxdb/v2 and calls its launcher.

`go install github.com/influxdata/influxdb/v2/cmd/influxd@v2.7.x` is refused because that module's
go.mod has a `replace`; depending on the module from our own main module is ordinary Go use, and we
repeat its replace lines. Flux's Rust library (libflux) is built by cgo through InfluxData's
pkg-config wrapper, which runs cargo; two environment settings make that work on a current Rust.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.provision import cache, gobuild, spec, toolchain
from harness.provision.steps import Steps

NAME = "influxdb"
TOOLS = ("go", "cargo", "rustc", "cc", "pkg-config")
_VERSION = re.compile(r"InfluxDB v?(\d+\.\d+\.\d+)")
_REPLACE = re.compile(r"^replace\s+.+$", re.MULTILINE)

MAIN_GO = """\
// influxd built from the github.com/influxdata/influxdb/v2 module (see harness/provision/influxdb.py).
package main

import (
\t"context"
\t"fmt"
\t"os"
\t"time"

\t"github.com/influxdata/influxdb/v2"
\t"github.com/influxdata/influxdb/v2/cmd/influxd/launcher"
\t_ "github.com/influxdata/influxdb/v2/tsdb/engine/tsm1"
\t_ "github.com/influxdata/influxdb/v2/tsdb/index/tsi1"
\t"github.com/spf13/cobra"
\t"github.com/spf13/viper"
)

var version = "dev"

func main() {
\tinfluxdb.SetBuildInfo(version, "module", time.Now().UTC().Format(time.RFC3339))
\troot, err := launcher.NewInfluxdCommand(context.Background(), viper.New())
\tif err != nil {
\t\tfmt.Fprintln(os.Stderr, err)
\t\tos.Exit(1)
\t}
\troot.AddCommand(&cobra.Command{Use: "version", Short: "Print the influxd server version",
\t\tRun: func(*cobra.Command, []string) { fmt.Printf("InfluxDB v%s (git: module)\\n", version) }})
\troot.SilenceUsage = true
\tif err := root.Execute(); err != nil {
\t\tfmt.Fprintln(os.Stderr, err)
\t\tos.Exit(1)
\t}
}
"""

# Appends --cap-lints warn to each rustc call that has none: flux-core's deny(warnings) otherwise fails
# on newer lints, and RUSTFLAGS does not reach build dependencies when cargo is given --target.
RUSTC_WRAPPER = """\
#!/bin/sh
rustc="$1"; shift
case " $* " in *" --cap-lints "*) exec "$rustc" "$@";; esac
exec "$rustc" "$@" --cap-lints warn
"""


def binary_version(binary: Path) -> str | None:
    """`influxd version` as "2.7.12", or None."""
    try:
        proc = subprocess.run([str(binary), "version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(proc.stdout)
    return match.group(1) if match else None


def on_path() -> tuple[str, Path] | None:
    """An influxd on PATH with the wanted major version: (version, path), else None."""
    found = shutil.which("influxd")
    if not found:
        return None
    version = binary_version(Path(found))
    if version and spec.major(version) == spec.major(spec.version(NAME)):
        return version, Path(found)
    return None


def _replaces(go: Path, module: str, version: str, src: Path, steps: Steps, env: dict[str, str]) -> list[str]:
    """The replace lines of the required module's own go.mod (our main module must repeat them)."""
    out = steps.run(f"download {module}@v{version}",
                    [str(go), "mod", "download", "-json", f"{module}@v{version}"], cwd=src, env=env)
    try:
        gomod = Path(json.loads(out[out.index("{"):])["GoMod"])
    except (ValueError, KeyError) as exc:
        raise HarnessError(f"influxdb: `go mod download` gave no go.mod path ({exc})",
                           where=str(steps.log_path)) from None
    return _REPLACE.findall(gomod.read_text())


def build(staged: Path, steps: Steps) -> dict[str, Any]:
    """Build `staged/bin/influxd` (and the pkg-config wrapper it needs into `staged/tools`)."""
    info = spec.component(NAME)
    version = info["version"]
    go = toolchain.find("go", NAME)
    tools = {name: toolchain.find(name, NAME) for name in ("cargo", "rustc", "cc", "pkg-config")}
    wrapper = cache.deps_dir("bin") / "rustc-cap-lints"
    if not wrapper.is_file() or wrapper.read_text() != RUSTC_WRAPPER:
        cache.write_atomic(wrapper, RUSTC_WRAPPER, mode=0o755)
    env = {**gobuild.env(), "GOBIN": str(staged / "tools"), "CGO_ENABLED": "1",
           "PKG_CONFIG": str(staged / "tools" / "pkg-config"), "RUSTC_WRAPPER": str(wrapper)}
    if rustup := toolchain.rustup_toolchain():
        env["RUSTUP_TOOLCHAIN"] = rustup  # override flux's pinned rust-toolchain.toml (no download)
    src = staged / "src"
    src.mkdir()
    steps.run("go install InfluxData's pkg-config wrapper",
              [str(go.path), "install", f"{info['pkg_config_module']}@{info['pkg_config_version']}"],
              cwd=src, env=env, show=gobuild.show)
    (src / "go.mod").write_text(f"module pipeline-harness/influxd\n\ngo 1.23\n\nrequire {info['module']} v{version}\n")
    replaces = _replaces(go.path, info["module"], version, src, steps, env)
    with open(src / "go.mod", "a") as handle:
        handle.write("\n" + "\n".join(replaces) + "\n")
    (src / "main.go").write_text(MAIN_GO)
    steps.run("go mod tidy (resolve influxdb's module graph)", [str(go.path), "mod", "tidy"],
              cwd=src, env=env, show=gobuild.show)
    binary = staged / "bin" / "influxd"
    steps.run(f"go build influxd v{version} with libflux (cargo)",
              [str(go.path), "build", "-v", "-trimpath", "-tags", ",".join(info["build_tags"]),
               "-ldflags", f"-s -w -X main.version={version}", "-o", str(binary), "."],
              cwd=src, env=env, show=gobuild.show)
    got = binary_version(binary)
    if got != version:
        raise HarnessError(f"influxdb: the built influxd reports version {got}, expected {version}",
                           where=str(binary))
    return {"version": version, "artifact": "bin/influxd", "files": ["bin/influxd"],
            "toolchain": {"go": go.version, **{k: t.version for k, t in tools.items()}},
            "replaces": replaces}
