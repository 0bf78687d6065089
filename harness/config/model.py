"""The topology as typed Python values (read-only views of what Nix evaluated; no rules here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class OpcType:
    """An OPC-UA scalar type as nixos/lib/opcua-types.nix declares it."""

    name: str
    kind: str  # boolean | integer | float | string | datetime
    numeric: bool
    bits: int | None = None
    signed: bool | None = None

    @property
    def bounds(self) -> tuple[int, int] | None:
        """(min, max) of an integer type, else None."""
        if self.kind != "integer" or self.bits is None:
            return None
        if self.signed:
            return -(2 ** (self.bits - 1)), 2 ** (self.bits - 1) - 1
        return 0, 2**self.bits - 1


@dataclass(frozen=True)
class Host:
    name: str
    address: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Service:
    """A network service: its host and declared ports (`port` plus any `*Port`)."""

    name: str
    host: str
    port: int
    ports: dict[str, int]
    path: str | None = None


@dataclass(frozen=True)
class Node:
    """An OPC-UA variable: `id` as declared, its parsed parts, its type and simulation."""

    name: str
    id: str
    type: OpcType
    namespace: int
    identifier_type: str
    identifier: str
    simulation: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Computation:
    name: str
    function: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class Panel:
    """A dashboard panel as declared (`query` only when the topology overrides it)."""

    title: str
    datasource: str
    measurement: str | None
    fields: tuple[str, ...]
    group_by: tuple[str, ...]
    query: str | None


@dataclass(frozen=True)
class Topology:
    """Everything topology.nix declares, typed. `data` is the raw evaluated attrset."""

    name: str
    hosts: dict[str, Host]
    services: dict[str, Service]
    namespace_uri: str
    nodes: tuple[Node, ...]
    topics: dict[str, str]
    measurements: dict[str, str]
    influx_org: str
    influx_bucket: str
    influx_user: str
    computations: tuple[Computation, ...]
    datasource_name: str
    datasource_uid: str
    dashboard_uid: str
    dashboard_title: str
    panels: tuple[Panel, ...]
    secrets: dict[str, str]
    data: dict[str, Any]

    def node(self, name: str) -> Node:
        """The node called `name` (KeyError naming the known ones otherwise)."""
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(f"no node {name!r} (nodes: {', '.join(n.name for n in self.nodes)})")


def opc_types(data: dict[str, Any]) -> dict[str, OpcType]:
    """nixos/lib/opcua-types.nix as OpcType values."""
    return {name: OpcType(name=name, kind=t["kind"], numeric=t["numeric"], bits=t.get("bits"),
                          signed=t.get("signed")) for name, t in data.items()}


def build(data: dict[str, Any], settings: dict[str, Any], types: dict[str, OpcType]) -> Topology:
    """Typed view of the evaluated topology; node ids come parsed from settings.opcServer."""
    services = {
        name: Service(name=name, host=s["host"], port=s["port"], path=s.get("path"),
                      ports={k: v for k, v in s.items() if k == "port" or k.endswith("Port")})
        for name, s in data["services"].items()
    }
    nodes = tuple(
        Node(name=n["name"], id=n["id"], type=types[n["type"]], namespace=n["namespace"],
             identifier_type=n["identifierType"], identifier=n["identifier"],
             simulation=dict(n.get("simulation") or {}))
        for n in settings["opcServer"]["nodes"]
    )
    grafana = data["grafana"]
    panels = tuple(
        Panel(title=p["title"], datasource=p["datasource"], measurement=p.get("measurement"),
              fields=tuple(p.get("fields", ())), group_by=tuple(p.get("groupBy", ())), query=p.get("query"))
        for p in grafana["dashboard"]["panels"]
    )
    return Topology(
        name=data["name"],
        hosts={name: Host(name, h["address"], tuple(h["roles"])) for name, h in data["hosts"].items()},
        services=services,
        namespace_uri=data["opcua"]["namespaceUri"],
        nodes=nodes,
        topics=dict(data["kafka"]["topics"]),
        measurements=dict(data["measurements"]),
        influx_org=data["influxdb"]["org"],
        influx_bucket=data["influxdb"]["bucket"],
        influx_user=data["influxdb"]["user"],
        computations=tuple(Computation(c["name"], c["function"], tuple(c["inputs"]))
                           for c in data["model"]["computations"]),
        datasource_name=grafana["datasource"]["name"],
        datasource_uid=grafana["datasource"]["uid"],
        dashboard_uid=grafana["dashboard"]["uid"],
        dashboard_title=grafana["dashboard"]["title"],
        panels=panels,
        secrets=dict(settings["secrets"]),
        data=data,
    )
