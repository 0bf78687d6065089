"""The local stack's generated secrets: owner read-only files, stable across loads, never partial."""

from __future__ import annotations

import os
from pathlib import Path

from harness.stack.secrets import load_or_create


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_generated_once_read_only_and_stable(tmp_path: Path) -> None:
    directory = tmp_path / "secrets"
    first = load_or_create(directory)
    assert mode(directory) == 0o700
    files = sorted(p.name for p in directory.iterdir())
    assert files == ["grafana-admin-password", "grafana-secret-key", "influx-password", "influx-token"]
    assert all(mode(directory / name) == 0o400 for name in files)
    assert len(first.influx_token) >= 48 and first.influx_token != first.influx_password
    assert load_or_create(directory) == first  # read back, not regenerated


def test_a_run_dir_from_before_is_tightened(tmp_path: Path) -> None:
    directory = tmp_path / "secrets"
    directory.mkdir(mode=0o700)
    old = directory / "influx-token"
    old.write_text("kept-token\n")
    os.chmod(old, 0o644)
    assert load_or_create(directory).influx_token == "kept-token"
    assert mode(old) == 0o400
