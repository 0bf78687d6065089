"""The per-machine cache: entries installed atomically, shared download/build caches, locks.

Layout under `harness.paths.cache_dir()`:

    <component>/<version>-<recipe hash>/   a good entry: complete, with manifest.json (renamed into place)
    .staging/<component>-<random>/        a build in progress (never read as an entry)
    deps/go-mod, deps/go-build, deps/go-path, deps/cargo, deps/m2
                                          the package clients' own download and build caches
    .locks/<component>.lock               one provisioner per component at a time
    logs/<component>-<time>.log           the full output of each build

An entry appears only by `os.rename` of a finished staging directory, so a run that is killed
midway leaves at most a staging directory, which no lookup reads and the next run removes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness import paths
from harness.errors import HarnessError
from harness.provision import spec

MANIFEST = "manifest.json"
OWNER = ".owner-pid"

# Free space needed to build each component (downloads + compiler caches + result), measured here.
DISK_NEEDED = {"kafka": 300 << 20, "telegraf": 3 << 30, "influxdb": 6 << 30}


def root() -> Path:
    """The cache directory (created on demand)."""
    path = paths.cache_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def deps_dir(name: str) -> Path:
    """A shared cache of a package client (`go-mod`, `go-build`, `go-path`, `cargo`, `m2`, `bin`)."""
    path = root() / "deps" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def entry_dir(component: str) -> Path:
    """Where the entry for the component's current recipe lives (it may not exist yet)."""
    return paths.cache_dir() / component / f"{spec.version(component)}-{spec.recipe_hash(component)}"


def read_manifest(entry: Path) -> dict[str, Any] | None:
    """The manifest of a good entry, or None when the entry is absent or incomplete."""
    try:
        data = json.loads((entry / MANIFEST).read_text())
    except (FileNotFoundError, NotADirectoryError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    files = data.get("files", [])
    if not all((entry / name).is_file() for name in files):
        return None
    return data


def good_entry(component: str) -> tuple[Path, dict[str, Any]] | None:
    """The installed entry for the current recipe with its manifest, if there is a good one."""
    entry = entry_dir(component)
    manifest = read_manifest(entry)
    if manifest is None or manifest.get("recipe_hash") != spec.recipe_hash(component):
        return None
    return entry, manifest


def other_entries(component: str) -> list[Path]:
    """Entries of this component for other recipes (older versions), for the "what is there" report."""
    base = paths.cache_dir() / component
    if not base.is_dir():
        return []
    current = entry_dir(component)
    return sorted(p for p in base.iterdir() if p.is_dir() and p != current)


def check_disk(component: str) -> None:
    """Raise a one-line error when the cache's file system has too little free space for a build."""
    needed = DISK_NEEDED.get(component, 0)
    free = shutil.disk_usage(root()).free
    if free < needed:
        raise HarnessError(
            f"{component}: too little disk to build ({free >> 20} MiB free, {needed >> 20} MiB needed)",
            where=str(root()),
            fix="free disk space or point PIPELINE_CACHE_DIR at a larger file system",
        )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_staging() -> list[Path]:
    """Remove staging directories left by builds whose process is gone; returns what was removed."""
    base = paths.cache_dir() / ".staging"
    removed: list[Path] = []
    if not base.is_dir():
        return removed
    for path in base.iterdir():
        try:
            pid = int((path / OWNER).read_text())
        except (OSError, ValueError):
            pid = 0
            if time.time() - path.stat().st_mtime < 60:  # just created; its owner file is on the way
                continue
        if pid and _pid_alive(pid):
            continue
        rmtree(path)
        removed.append(path)
    return removed


def rmtree(path: Path) -> None:
    """Remove a tree even where Go made its module cache read-only."""

    def make_writable(func: Any, target: str, _exc: object) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(target), 0o755)
            os.chmod(target, 0o755)
        with contextlib.suppress(FileNotFoundError):
            func(target)

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=make_writable)
    else:
        shutil.rmtree(path, onerror=make_writable)


@contextlib.contextmanager
def lock(component: str) -> Iterator[None]:
    """Hold the component's build lock (waits while another provisioner builds it)."""
    lock_dir = root() / ".locks"
    lock_dir.mkdir(exist_ok=True)
    with open(lock_dir / f"{component}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def staging(component: str) -> Iterator[Path]:
    """A fresh staging directory on the cache's file system, removed afterwards unless installed."""
    base = root() / ".staging"
    base.mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f"{component}-", dir=base))
    (path / OWNER).write_text(str(os.getpid()))
    try:
        yield path
    finally:
        if path.exists():
            rmtree(path)


def install(component: str, staged: Path, manifest: dict[str, Any]) -> Path:
    """Write the manifest last, then rename the staging directory into place (atomic)."""
    target = entry_dir(component)
    (staged / OWNER).unlink(missing_ok=True)
    manifest = {**manifest, "component": component, "recipe_hash": spec.recipe_hash(component),
                "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    tmp = staged / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    with open(tmp) as handle:
        os.fsync(handle.fileno())
    tmp.rename(staged / MANIFEST)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():  # a bad or older copy of the same recipe: move it aside, then drop it
        aside = Path(tempfile.mkdtemp(prefix=f"{component}-old-", dir=root() / ".staging"))
        target.rename(aside / "entry")
        rmtree(aside)
    staged.rename(target)
    return target


def write_atomic(path: Path, text: str, mode: int = 0o644) -> None:
    """Write a small file so that readers never see it half written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, path)
