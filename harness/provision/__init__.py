"""Provisioned runtimes: Kafka, Telegraf and InfluxDB built from the package registries, Grafana located.

Light at import time. `runtimes.runtime(component)` is what the rest of the harness uses;
`provisioner.provision(...)` builds or locates everything (`python -m harness provision`).
"""

from __future__ import annotations

BUILT = ("kafka", "telegraf", "influxdb")
"""Components this package can build into the cache."""

COMPONENTS = (*BUILT, "grafana")
"""Every runtime the pipeline needs; Grafana is only ever located, never built."""

__all__ = ["BUILT", "COMPONENTS"]
