"""Which file each service reads, rendered from which settings key and in which format."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.config import formats

# relative path -> (settings key, serializer). `{dashboard}` is the dashboard's uid.
FILES: dict[str, tuple[str, Callable[[Any], str]]] = {
    "collector.toml": ("telegrafCollector", formats.to_toml),
    "model-ingest.toml": ("telegrafModelIngest", formats.to_toml),
    "kafka/server.properties": ("kafka", formats.to_properties),
    "influxdb/setup.json": ("influxdbSetup", formats.to_json),
    "influxdb/config.json": ("influxdbSettings", formats.to_json),
    "grafana/grafana.ini": ("grafanaSettings", formats.to_ini),
    "grafana/provisioning/datasources/datasource.yaml": ("grafanaDatasources", formats.to_yaml),
    "grafana/provisioning/dashboards/dashboards.yaml": ("grafanaDashboardProviders", formats.to_yaml),
    "grafana/dashboards/{dashboard}.json": ("dashboard", formats.to_json),
    "opc.json": ("opcServer", formats.to_json),
    "model.json": ("model", formats.to_json),
}


def render_texts(settings: dict[str, Any]) -> dict[str, str]:
    """Every file's relative path -> its exact text."""
    uid = settings["dashboard"]["uid"]
    return {path.format(dashboard=uid): serialize(settings[key]) for path, (key, serialize) in FILES.items()}


def write_files(texts: dict[str, str], out_dir: Path) -> dict[str, Path]:
    """Write `texts` below `out_dir` (atomically, 0644; unchanged files are left alone)."""
    written: dict[str, Path] = {}
    for name, text in texts.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (path.exists() and path.read_text() == text):
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(text)
            os.chmod(tmp, 0o644)
            tmp.replace(path)
        written[name] = path
    return written
