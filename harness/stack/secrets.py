"""Per-run secrets of the local stack: generated once, kept in run_dir/secrets as 0400 files (directory 0700)."""

from __future__ import annotations

import os
import secrets as _secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StackSecrets:
    """Secret values a local stack needs; they never enter configs, logs or the repository."""

    influx_token: str
    influx_password: str
    grafana_admin_password: str
    grafana_secret_key: str = ""

    def environment(self) -> dict[str, str]:
        """The environment variables the rendered configs reference."""
        return {
            "INFLUX_TOKEN": self.influx_token,
            "INFLUX_PASSWORD": self.influx_password,
            "GF_SECURITY_ADMIN_PASSWORD": self.grafana_admin_password,
            "GF_SECURITY_SECRET_KEY": self.grafana_secret_key,
        }


def _read_or_create(path: Path, length: int) -> str:
    """The secret in `path`; a missing one is generated and written atomically, read-only for its owner."""
    if path.exists():
        if path.stat().st_mode & 0o777 != 0o400:  # a run dir from before: tighten it
            os.chmod(path, 0o400)
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    value = _secrets.token_urlsafe(length)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # 0600 until complete
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(value)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o400)
        os.link(tmp, path)  # never replaces a secret another process wrote meanwhile
    except FileExistsError:
        return path.read_text().strip()
    finally:
        os.unlink(tmp)
    return value


def load_or_create(directory: Path) -> StackSecrets:
    """Read the run's secrets, generating any that are missing (files 0400, directory 0700)."""
    return StackSecrets(
        influx_token=_read_or_create(directory / "influx-token", 48),
        influx_password=_read_or_create(directory / "influx-password", 24),
        grafana_admin_password=_read_or_create(directory / "grafana-admin-password", 24),
        grafana_secret_key=_read_or_create(directory / "grafana-secret-key", 32),
    )


def from_files(token_file: Path, password_file: Path | None = None) -> StackSecrets:
    """Secrets of a stack the harness did not start (nixos/remote targets): read from given files."""
    token = token_file.read_text().strip()
    password = password_file.read_text().strip() if password_file else ""
    return StackSecrets(influx_token=token, influx_password=password, grafana_admin_password=password)
