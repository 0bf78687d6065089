"""The Go (and cargo) environment of our builds: every download and compile cache inside the cache dir.

Keeping GOMODCACHE, GOCACHE and CARGO_HOME under `<cache>/deps/` makes the cache self-contained:
a fresh PIPELINE_CACHE_DIR is a truly cold build (nothing reused from ~/go or ~/.cargo), and
deleting the cache directory removes everything provisioning ever wrote.
"""

from __future__ import annotations

import os

from harness.provision import cache


def env() -> dict[str, str]:
    """Environment overrides for `go` commands (and the cargo build that cgo's pkg-config triggers)."""
    flags = os.environ.get("GOFLAGS", "").split()
    for flag in ("-buildvcs=false", "-modcacherw"):
        if flag not in flags:
            flags.append(flag)
    return {
        "GOMODCACHE": str(cache.deps_dir("go-mod")),
        "GOCACHE": str(cache.deps_dir("go-build")),
        "GOPATH": str(cache.deps_dir("go-path")),
        "GOFLAGS": " ".join(flags),
        "GOTOOLCHAIN": "local",  # never download another Go toolchain
        "CARGO_HOME": str(cache.deps_dir("cargo")),
    }


def show(line: str) -> str | None:
    """A progress status for a line of `go`/cargo output (downloads and crate compiles), else None."""
    for prefix in ("go: downloading ", "Compiling ", "Downloaded "):
        if line.startswith(prefix):
            return line[len(prefix):][:70]
    if line and " " not in line and "/" in line:  # `go build -v` names each package it compiles
        return f"compiling {line[:70]}"
    return None
