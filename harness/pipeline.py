"""The pipeline as the tests see it: one target plus the probes bound to its addresses (testinfra's Host)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from harness.durations import seconds
from harness.targets.base import Target


@dataclass(frozen=True)
class Node:
    """One OPC-UA node as declared in the topology."""

    name: str
    id: str
    type: str


@dataclass(frozen=True)
class Computation:
    """One model computation as declared in the topology."""

    name: str
    function: str
    inputs: tuple[str, ...]


class Pipeline:
    """Binds probes to a target's endpoints; probes open lazily and close together."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self._opened: list[Any] = []

    # ---- declared facts (all from the rendered settings / topology) ----------------------
    @property
    def settings(self) -> dict[str, Any]:
        return self.target.settings

    @cached_property
    def nodes(self) -> list[Node]:
        return [Node(n["name"], n["id"], n["type"]) for n in self.settings["opcServer"]["nodes"]]

    @cached_property
    def computations(self) -> list[Computation]:
        return [Computation(c["name"], c["function"], tuple(c["inputs"]))
                for c in self.settings["model"]["computations"]]

    @property
    def measurements(self) -> dict[str, str]:
        return dict(self.target.topology["measurements"])

    @property
    def topics(self) -> dict[str, str]:
        return {"opc": self.settings["model"]["inputTopic"], "model": self.settings["model"]["outputTopic"]}

    @property
    def kafka_bootstrap(self) -> str:
        return self.settings["model"]["brokers"][0]

    @property
    def influx(self) -> dict[str, Any]:
        return self.settings["influxdbSetup"]

    @property
    def dashboard(self) -> dict[str, Any]:
        return self.target.dashboard()

    @cached_property
    def hop_timeout(self) -> float:
        """Seconds one hop may take, derived from the declared Telegraf intervals."""
        telegraf = self.target.topology["telegraf"]
        collector = seconds(telegraf["collector"]["subscriptionInterval"]) + seconds(
            telegraf["collector"]["flushInterval"])
        ingest = seconds(telegraf["modelIngest"]["flushInterval"])
        return max(15.0, 20 * (collector + ingest))

    @cached_property
    def panel_window(self) -> float:
        """The window period panels are queried with: the collector's flush interval, at least 1 s."""
        return max(1.0, seconds(self.target.topology["telegraf"]["collector"]["flushInterval"]))

    # ---- probes ------------------------------------------------------------------------------
    def opc(self) -> Any:
        from harness.probes.opc import OpcProbe

        server = self.settings["opcServer"]
        return self._keep(OpcProbe(server["endpoint"], server["namespaceUri"]))

    def watch(self, topic_key: str) -> Any:
        from harness.probes.kafka import TopicWatch

        return self._keep(TopicWatch(self.kafka_bootstrap, self.topics[topic_key]))

    def influxdb(self) -> Any:
        from harness.probes.influx import InfluxProbe

        return self._keep(InfluxProbe(self.influx["url"], self.target.secrets().influx_token, self.influx["org"]))

    def grafana(self) -> Any | None:
        """A Grafana probe where a Grafana server runs for this target, else None."""
        url = self.target.grafana_url()
        if url is None:
            return None
        from harness.probes.grafana import GrafanaProbe

        admin = self.settings["grafanaSettings"].get("security", {}).get("admin_user", "admin")
        return self._keep(GrafanaProbe(url, admin, self.target.secrets().grafana_admin_password))

    def _keep(self, probe: Any) -> Any:
        self._opened.append(probe)
        return probe

    def close(self) -> None:
        """Close every probe opened through this pipeline."""
        while self._opened:
            probe = self._opened.pop()
            close = getattr(probe, "close", None)
            if close is not None:
                close()
