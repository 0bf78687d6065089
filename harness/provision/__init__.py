"""Provisioned runtimes: Kafka, Telegraf and InfluxDB built from the package registries, Grafana located;
plus the development tools of the lint checks (nixpkgs-fmt, sops).

Light at import time. `runtimes.runtime(component)` is what the rest of the harness uses;
`provisioner.provision(...)` builds or locates everything (`python -m harness provision`).
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.provision.devtools import DevTool

BUILT = ("kafka", "telegraf", "influxdb")
"""Components this package can build into the cache."""

COMPONENTS = (*BUILT, "grafana")
"""Every runtime the pipeline needs; Grafana is only ever located, never built."""

DEV_TOOLS = ("nixpkgs-fmt", "sops")
"""Development tools the lint checks use (`provision --tools`); not runtimes of the pipeline."""

KNOWN = (*COMPONENTS, *DEV_TOOLS)
"""Every name `provision` and `runtimes.locate` accept."""


def check_known(component: str) -> None:
    """The one-line error for a name that is neither a runtime nor a dev tool."""
    if component not in KNOWN:
        from harness.errors import HarnessError

        raise HarnessError(f"unknown component {component!r}", fix=f"use one of {', '.join(KNOWN)}")


def recipe(component: str) -> ModuleType | DevTool:
    """How a buildable component is found on PATH and built (`TOOLS`, `on_path()`, `build(staged, steps)`):
    its module for kafka, telegraf and influxdb, its DevTool for a dev tool."""
    from harness.provision import devtools, influxdb, kafka, telegraf

    return {"kafka": kafka, "telegraf": telegraf, "influxdb": influxdb, **devtools.BY_NAME}[component]


__all__ = ["BUILT", "COMPONENTS", "DEV_TOOLS", "KNOWN", "check_known", "recipe"]
