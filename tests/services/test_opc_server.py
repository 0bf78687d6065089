"""The OPC-UA server for real: a subprocess and an asyncua client (reads, typed writes, Control.Hold)."""

from __future__ import annotations

import asyncio
import contextlib
import math
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from asyncua import Client, Node, ua

from .support import ServiceProcess, free_port, wait_for

pytestmark = [pytest.mark.timeout(180)]

NAMESPACE = "urn:pipeline:test-plant"
PERIOD = 0.05  # short, so that "it changes" and "it stays" are seen within a fraction of a second

# name, type, id, the value injected (typed, far from what the simulation produces)
TYPES: list[tuple[str, str, Any]] = [
    ("Boolean", "ns=2;i=10", None),  # injected: the opposite of the current value
    ("SByte", "ns=2;i=11", -100),
    ("Byte", "ns=2;i=12", 250),
    ("Int16", "ns=2;s=Int16Node", -30000),
    ("UInt16", "ns=2;s=UInt16Node", 65000),
    ("Int32", "ns=2;i=15", -2_000_000_000),
    ("UInt32", "ns=2;i=16", 4_000_000_000),
    ("Int64", "ns=2;i=17", -(2**62)),
    ("UInt64", "ns=2;g=5c0c8a47-3c8e-4b5a-9d7e-0f6a7c1d2e3f", 2**64 - 2),
    ("Float", "ns=2;i=19", 1.5),
    ("Double", "ns=2;i=20", -12345.678),
    ("String", "ns=2;s=Text", "injected ü"),
    ("DateTime", "ns=2;i=22", datetime(2031, 2, 3, 4, 5, 6, 123456, tzinfo=UTC)),
]


def plant_config(port: int, nodes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A test plant: one node per scalar type (named after it), each on a short period."""
    if nodes is None:
        nodes = [{"name": t, "id": i, "type": t,
                  "simulation": {"period": PERIOD, "start": 10, "step": 3} if t not in ("Boolean", "String",
                                                                                      "DateTime")
                  else {"period": PERIOD}} for t, i, _ in TYPES]
    return {"endpoint": f"opc.tcp://127.0.0.1:{port}/test/plant/", "bind": "127.0.0.1", "port": port,
            "path": "/test/plant/", "namespaceUri": NAMESPACE, "nodes": nodes, "unknownKey": "ignored"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServiceProcess, str]]:
    port = free_port()
    config = plant_config(port)
    proc = ServiceProcess("opc", config, tmp_path_factory.mktemp("opc"), "--seed", "7")
    try:
        proc.wait_line("opc: ready at ", 60)
        yield proc, config["endpoint"]
    finally:
        proc.stop()


def run(endpoint: str, body: Callable[[Client], Awaitable[None]]) -> None:
    async def main() -> None:
        async with Client(endpoint, timeout=10) as client:
            await body(client)

    asyncio.run(main())


async def hold(client: Client, name: str, seconds: float) -> None:
    control = await client.nodes.objects.get_child(["2:Control"])
    await control.call_method("2:Hold", ua.Variant(name, ua.VariantType.String),
                              ua.Variant(seconds, ua.VariantType.Double))


def injected(type_name: str, current: Any) -> Any:
    value = next(v for t, _, v in TYPES if t == type_name)
    return (not current) if type_name == "Boolean" else value


async def changes_from(node: Node, old: Any, timeout: float, what: str) -> Any:
    async def check() -> tuple[Any] | None:
        value = await node.read_value()
        return (value,) if value != old else None  # a tuple: False is a legitimate new value

    return (await wait_for(check, timeout, what))[0]


def test_ready_line_names_the_endpoint(server: tuple[ServiceProcess, str]) -> None:
    proc, endpoint = server
    ready = next(line for line in proc.stdout if line.startswith("opc: ready at "))
    assert ready.startswith(f"opc: ready at {endpoint} ")
    assert f"{NAMESPACE} = ns=2" in ready


def test_every_node_has_its_declared_id_type_and_name(server: tuple[ServiceProcess, str]) -> None:
    async def body(client: Client) -> None:
        assert await client.get_namespace_index(NAMESPACE) == 2
        for type_name, node_id, _ in TYPES:
            node = client.get_node(node_id)
            assert (await node.read_browse_name()).to_string() == f"2:{type_name}"
            assert await node.read_data_type_as_variant_type() == getattr(ua.VariantType, type_name)
            data = await node.read_data_value()
            assert data.Value.VariantType == getattr(ua.VariantType, type_name), type_name
            level = await node.read_attribute(ua.AttributeIds.UserAccessLevel)
            assert level.Value.Value & (1 << ua.AccessLevel.CurrentWrite), f"{type_name} is not writable"

    run(server[1], body)


def test_simulation_moves_every_type_within_its_range(server: tuple[ServiceProcess, str]) -> None:
    bounds = {"SByte": (-128, 127), "Byte": (0, 255), "Int16": (-(2**15), 2**15 - 1), "UInt16": (0, 2**16 - 1),
              "Int32": (-(2**31), 2**31 - 1), "UInt32": (0, 2**32 - 1), "Int64": (-(2**63), 2**63 - 1),
              "UInt64": (0, 2**64 - 1)}

    async def body(client: Client) -> None:
        for type_name, node_id, _ in TYPES:
            node = client.get_node(node_id)
            first = await node.read_value()
            value = await changes_from(node, first, 5, f"{type_name} simulated")
            if type_name in bounds:
                low, high = bounds[type_name]
                assert isinstance(value, int) and low <= value <= high
            elif type_name in ("Float", "Double"):
                assert isinstance(value, float) and math.isfinite(value)
            elif type_name == "DateTime":
                assert abs(value - datetime.now(UTC)) < timedelta(seconds=5)

    run(server[1], body)


def test_typed_writes_to_every_type_stay_while_held_and_change_after_release(
    server: tuple[ServiceProcess, str],
) -> None:
    async def body(client: Client) -> None:
        nodes = {t: client.get_node(i) for t, i, _ in TYPES}
        await hold(client, "*", 60)
        written = {}
        for type_name, node in nodes.items():
            value = injected(type_name, await node.read_value())
            await node.write_value(ua.DataValue(ua.Variant(value, getattr(ua.VariantType, type_name))))
            written[type_name] = value
        # Every node is held: observe them over at least 10 simulation periods (the loop is the observation).
        began, reads = time.monotonic(), 0
        while time.monotonic() - began < 10 * PERIOD or reads < 5:
            for type_name, node in nodes.items():
                value = await node.read_value()
                assert value == written[type_name], f"{type_name} changed while held"
            reads += 1
        await hold(client, "*", 0)
        for type_name, node in nodes.items():
            await changes_from(node, written[type_name], 5, f"{type_name} after release")

    run(server[1], body)


def test_hold_of_one_node_while_a_sibling_keeps_moving(server: tuple[ServiceProcess, str]) -> None:
    async def body(client: Client) -> None:
        held, sibling = client.get_node("ns=2;i=20"), client.get_node("ns=2;i=19")  # Double, Float
        await hold(client, "Double", 60)
        await held.write_value(ua.DataValue(ua.Variant(-12345.678, ua.VariantType.Double)))
        # The sibling's simulation is the witness that time passed: five of its changes.
        value = await sibling.read_value()
        for _ in range(5):
            value = await changes_from(sibling, value, 5, "the unheld sibling moves")
            assert await held.read_value() == -12345.678
        await hold(client, "Double", 0)
        await changes_from(held, -12345.678, 5, "the released node moves")

    run(server[1], body)


def test_hold_expires_by_itself(server: tuple[ServiceProcess, str]) -> None:
    async def body(client: Client) -> None:
        node = client.get_node("ns=2;i=15")  # Int32
        began = time.monotonic()
        await hold(client, "Int32", 0.5)
        await node.write_value(ua.DataValue(ua.Variant(-2_000_000_000, ua.VariantType.Int32)))
        await changes_from(node, -2_000_000_000, 5, "the node moves once its hold expired")
        assert time.monotonic() - began >= 0.5

    run(server[1], body)


def test_a_write_of_the_wrong_variant_type_is_refused(server: tuple[ServiceProcess, str]) -> None:
    async def body(client: Client) -> None:
        node = client.get_node("ns=2;i=15")  # Int32
        for wrong in (ua.Variant(1.0, ua.VariantType.Double), ua.Variant(1, ua.VariantType.Int64),
                      ua.Variant("1", ua.VariantType.String)):
            with pytest.raises(ua.uaerrors.BadTypeMismatch):
                await node.write_value(ua.DataValue(wrong))

    run(server[1], body)


def test_a_write_without_source_timestamp_gets_the_server_time(server: tuple[ServiceProcess, str]) -> None:
    async def body(client: Client) -> None:
        node = client.get_node("ns=2;i=12")  # Byte
        await hold(client, "Byte", 30)
        before = datetime.now(UTC) - timedelta(seconds=1)
        await node.write_value(ua.DataValue(ua.Variant(250, ua.VariantType.Byte)))
        data = await node.read_data_value()
        assert data.Value.Value == 250
        assert data.SourceTimestamp is not None and data.SourceTimestamp >= before
        stamp = datetime(2030, 1, 1, tzinfo=UTC)
        await node.write_value(ua.DataValue(ua.Variant(251, ua.VariantType.Byte), SourceTimestamp=stamp))
        assert (await node.read_data_value()).SourceTimestamp == stamp
        await hold(client, "Byte", 0)

    run(server[1], body)


def test_hold_of_an_unknown_node_or_bad_duration_is_a_bad_status_with_a_message(
    server: tuple[ServiceProcess, str],
) -> None:
    async def body(client: Client) -> None:
        with pytest.raises(ua.uaerrors.BadNotFound):
            await hold(client, "NoSuchNode", 1)
        for seconds in (-1.0, math.nan, math.inf):
            with pytest.raises(ua.uaerrors.BadOutOfRange):
                await hold(client, "Double", seconds)
        control = await client.nodes.objects.get_child(["2:Control"])
        method = await control.get_child(["2:Hold"])
        request = ua.CallMethodRequest(ObjectId=control.nodeid, MethodId=method.nodeid, InputArguments=[
            ua.Variant("NoSuchNode", ua.VariantType.String), ua.Variant(1.0, ua.VariantType.Double)])
        (result,) = await client.uaclient.call([request])
        assert result.StatusCode.value == ua.StatusCodes.BadNotFound
        assert "unknown node 'NoSuchNode'" in result.InputArgumentDiagnosticInfos[0].AdditionalInfo

    run(server[1], body)
    assert "Hold: unknown node 'NoSuchNode'" in server[0].stderr()


def test_sigterm_with_a_client_connected_exits_cleanly(tmp_path: Path) -> None:
    port = free_port()
    proc = ServiceProcess("opc", plant_config(port), tmp_path)
    try:
        proc.wait_line("opc: ready at ", 60)

        async def main() -> tuple[int, float]:
            client = Client(f"opc.tcp://127.0.0.1:{port}/test/plant/", timeout=10)
            await client.connect()
            exited = await asyncio.to_thread(proc.terminate, 20)
            with contextlib.suppress(Exception):  # the server has gone: disconnecting may fail
                await client.disconnect()
            return exited

        code, took = asyncio.run(main())
        assert code == 0, proc.stderr()
        assert "opc: stopping" in proc.stderr()
        print(f"opc shut down in {took:.2f}s with a client connected")
    finally:
        proc.stop()


def test_a_namespace_index_other_than_the_registered_one_is_refused(tmp_path: Path) -> None:
    config = plant_config(free_port(), [{"name": "Wrong", "id": "ns=3;i=2", "type": "Double",
                                         "simulation": {"period": 1}}])
    proc = ServiceProcess("opc", config, tmp_path)
    try:
        assert proc.proc.wait(timeout=60) == 2
    finally:
        proc.stop()
    errors = [line for line in proc.stderr().splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "ns=3" in errors[0] and "write ns=2" in errors[0], proc.stderr()


def test_a_busy_port_is_a_one_line_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        proc = ServiceProcess("opc", plant_config(busy.getsockname()[1]), tmp_path)
        try:
            assert proc.proc.wait(timeout=60) == 2
        finally:
            proc.stop()
    errors = [line for line in proc.stderr().splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cannot listen on 127.0.0.1:" in errors[0], proc.stderr()
