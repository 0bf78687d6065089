"""Provisioned runtimes: Kafka, Telegraf and InfluxDB built from the package registries, Grafana located;
plus the development tools of the lint checks (nixpkgs-fmt, sops).

Light at import time. `runtimes.runtime(component)` is what the rest of the harness uses;
`provisioner.provision(...)` builds or locates everything (`python -m harness provision`).
"""

from __future__ import annotations

BUILT = ("kafka", "telegraf", "influxdb")
"""Components this package can build into the cache."""

COMPONENTS = (*BUILT, "grafana")
"""Every runtime the pipeline needs; Grafana is only ever located, never built."""

DEV_TOOLS = ("nixpkgs-fmt", "sops")
"""Development tools the lint checks use (`provision --tools`); not runtimes of the pipeline."""

__all__ = ["BUILT", "COMPONENTS", "DEV_TOOLS"]
