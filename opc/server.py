"""The plant simulator: an asyncua server of the topology's nodes, writable, with a Control.Hold method."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import math
from datetime import UTC, datetime
from typing import Any

from asyncua import Node, Server, ua
from asyncua.server.address_space import AttributeService

from opc.config import ConfigError, NodeSpec, ServerConfig
from opc.simulation import NodeSimulation, node_rng

log = logging.getLogger("opc")

ALL_NODES = "*"
CONTROL_ID = "Control"
HOLD_ID = "Control.Hold"


class Holds:
    """Which nodes' simulations are paused, and until when (event-loop time)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self._until: dict[str, float] = {}

    def set(self, name: str, seconds: float, now: float) -> list[str]:
        """Hold `name` (or every node for "*") for `seconds`; 0 releases. Returns the names affected."""
        targets = list(self.names) if name == ALL_NODES else [name]
        for target in targets:
            if seconds == 0:
                self._until.pop(target, None)
            else:
                self._until[target] = now + seconds
        return targets

    def is_held(self, name: str, now: float) -> bool:
        until = self._until.get(name)
        return until is not None and now < until


class StampingAttributeService(AttributeService):
    """Client writes of a Value without a SourceTimestamp get the server's time as SourceTimestamp.

    So a subscriber that timestamps by source (Telegraf `timestamp = "source"`) never sees a null time.
    """

    async def write(self, params: ua.WriteParameters, *args: Any, **kwargs: Any) -> list[ua.StatusCode]:
        now = datetime.now(UTC)
        for item in params.NodesToWrite:
            if item.AttributeId == ua.AttributeIds.Value and item.Value.SourceTimestamp is None:
                item.Value = dataclasses.replace(item.Value, SourceTimestamp=now, SourcePicoseconds=None)
        return await super().write(params, *args, **kwargs)


class PlantServer:
    """Serves `config.nodes` with their declared ids and types, simulates them, and honours holds."""

    def __init__(self, config: ServerConfig, seed: int | None = None) -> None:
        self.config = config
        self.seed = seed
        self.server = Server()
        self.namespace_index = -1
        self.holds = Holds([n.name for n in config.nodes])
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Build the address space, listen on bind:port, and start each node's simulation."""
        cfg = self.config
        await self.server.init()
        iserver = self.server.iserver
        iserver.attribute_service = StampingAttributeService(iserver.aspace)
        self.server.set_server_name("pipeline plant simulator")
        if "socket_address" in vars(self.server):
            self.server.set_endpoint(cfg.endpoint)  # what clients are told
            self.server.socket_address = (cfg.bind, cfg.port)  # what we listen on
        else:  # an asyncua without socket_address listens where the endpoint says
            self.server.set_endpoint(f"opc.tcp://{cfg.bind}:{cfg.port}{cfg.path}")
        self.server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        idx = await self.server.register_namespace(cfg.namespace_uri)
        self.namespace_index = idx
        self._check_ids(idx)
        objects = self.server.nodes.objects
        sims: list[tuple[NodeSimulation, Node]] = []
        for spec in cfg.nodes:
            sim = NodeSimulation(spec, node_rng(self.seed, spec.name))
            var = await objects.add_variable(
                spec.nodeid, ua.QualifiedName(spec.name, idx), sim.value, spec.type.variant
            )
            await var.set_writable()
            sims.append((sim, var))
        await self._add_control(objects, idx)
        try:
            await self.server.start()
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {cfg.bind}:{cfg.port}: {exc.strerror or exc}"
                " — fix: stop whatever holds the port, or change services.opc.port in topology.nix"
            ) from None
        for sim, var in sims:
            if sim.spec.simulation is None:
                continue  # a static node: only client writes change it
            self._tasks.append(asyncio.create_task(self._simulate(sim, var), name=f"sim:{sim.spec.name}"))

    async def stop(self) -> None:
        """Stop the simulations, then the server."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.server.stop()

    def _check_ids(self, idx: int) -> None:
        reserved = {ua.NodeId(CONTROL_ID, idx), ua.NodeId(HOLD_ID, idx)}
        for spec in self.config.nodes:
            if spec.nodeid.NamespaceIndex != idx:
                raise ConfigError(
                    f"node {spec.name} id {spec.id!r} uses namespace index {spec.nodeid.NamespaceIndex},"
                    f" but {self.config.namespace_uri!r} is registered as ns={idx}"
                    f" — fix: write ns={idx} in the node's id in topology.nix"
                )
            if spec.nodeid in reserved:
                raise ConfigError(
                    f"node {spec.name} id {spec.id!r} collides with the server's own Control node ids"
                    " — fix: choose another id in topology.nix"
                )
            if spec.name == ALL_NODES:
                raise ConfigError(f"node name {ALL_NODES!r} is reserved for Hold — fix: rename it in topology.nix")

    async def _add_control(self, objects: Node, idx: int) -> None:
        control = await objects.add_object(ua.NodeId(CONTROL_ID, idx), ua.QualifiedName(CONTROL_ID, idx))
        inputs = [
            _argument("name", ua.ObjectIds.String, f"node name, or {ALL_NODES!r} for every node"),
            _argument("seconds", ua.ObjectIds.Double, "how long to pause its simulation; 0 releases"),
        ]
        await control.add_method(ua.NodeId(HOLD_ID, idx), ua.QualifiedName("Hold", idx), self._hold, inputs, [])

    async def _hold(self, parent: ua.NodeId, name: ua.Variant, seconds: ua.Variant) -> Any:
        """Method Control.Hold(name: String, seconds: Double)."""
        target, duration = name.Value, seconds.Value
        if not isinstance(target, str) or (target != ALL_NODES and target not in self.holds.names):
            return _bad(
                ua.StatusCodes.BadNotFound,
                0,
                f"Hold: unknown node {target!r}; known: {', '.join(self.holds.names)} or {ALL_NODES!r}",
            )
        if (
            isinstance(duration, bool)
            or not isinstance(duration, int | float)
            or not (math.isfinite(duration) and duration >= 0)
        ):
            return _bad(ua.StatusCodes.BadOutOfRange, 1, f"Hold: seconds must be finite and >= 0, got {duration!r}")
        affected = self.holds.set(target, float(duration), asyncio.get_running_loop().time())
        if duration == 0:
            log.info("released %s", ",".join(affected))
        else:
            log.info("holding %s for %.3fs", ",".join(affected), duration)
        return []

    async def _simulate(self, sim: NodeSimulation, var: Node) -> None:
        spec: NodeSpec = sim.spec
        loop = asyncio.get_running_loop()
        assert spec.simulation is not None
        period = spec.simulation.period
        due = loop.time()
        while True:
            due += period
            now = loop.time()
            if due < now:  # fell behind (e.g. a stalled loop): skip the missed ticks
                due = now + period - ((now - due) % period)
            await asyncio.sleep(due - now)
            if self.holds.is_held(spec.name, loop.time()):
                continue
            # No await between the hold check and the store: a Hold that returned is always honoured.
            value = sim.advance()
            stamp = datetime.now(UTC)
            await self.server.write_attribute_value(
                var.nodeid,
                ua.DataValue(ua.Variant(value, spec.type.variant), SourceTimestamp=stamp, ServerTimestamp=stamp),
            )


def _argument(name: str, datatype: int, description: str) -> ua.Argument:
    arg = ua.Argument()
    arg.Name = name
    arg.DataType = ua.NodeId(datatype)
    arg.ValueRank = -1
    arg.Description = ua.LocalizedText(description)
    return arg


def _bad(code: int, arg_index: int, message: str) -> ua.CallMethodResult:
    """A Bad method result naming the offending argument, with the message as its diagnostic info."""
    log.warning("%s", message)
    result = ua.CallMethodResult()
    result.StatusCode = ua.StatusCode(code)
    result.InputArgumentResults = [
        ua.StatusCode(ua.StatusCodes.BadInvalidArgument if i == arg_index else ua.StatusCodes.Good) for i in range(2)
    ]
    result.InputArgumentDiagnosticInfos = [
        ua.DiagnosticInfo(AdditionalInfo=message) if i == arg_index else ua.DiagnosticInfo() for i in range(2)
    ]
    return result
