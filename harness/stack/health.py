"""Quick health checks used while waiting for services and by `status`."""

from __future__ import annotations

from pathlib import Path

import requests

from harness.stack.process import port_open


def http_ok(url: str, *, expect_json_status: str | None = None, timeout: float = 1.0) -> bool:
    """GET `url` answers 200 (and, if given, its JSON `status` field equals `expect_json_status`)."""
    try:
        response = requests.get(url, timeout=timeout)
    except requests.RequestException:
        return False
    if response.status_code != 200:
        return False
    if expect_json_status is None:
        return True
    try:
        return response.json().get("status") == expect_json_status
    except ValueError:
        return False


def log_contains(path: Path, text: str) -> bool:
    """The service's log contains `text` (logs are truncated at each start)."""
    try:
        return text in path.read_text(errors="replace")
    except OSError:
        return False


def file_has_data(path: Path) -> bool:
    """A file output exists and is non-empty."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


__all__ = ["file_has_data", "http_ok", "log_contains", "port_open"]
