"""OPC-UA probe: write typed values into the plant's nodes, and hold their simulation meanwhile."""

from __future__ import annotations

import time
from typing import Any

from harness.errors import HarnessError

SESSION_TIMEOUT_MS = 600_000


class OpcProbe:
    """A connected asyncua client to the pipeline's OPC-UA server."""

    def __init__(self, endpoint: str, namespace_uri: str, *, timeout: float = 10.0) -> None:
        from asyncua.sync import Client

        self.endpoint = endpoint
        self.client = Client(endpoint, timeout=timeout)
        # ask for what asyncua servers grant at most (10 min), so the session is not revised with a warning
        self.client.aio_obj.session_timeout = SESSION_TIMEOUT_MS
        try:
            self.client.connect()
        except Exception as exc:  # asyncua raises OSError, TimeoutError or ua errors
            self.client.tloop.stop()
            raise HarnessError(f"cannot connect to the OPC-UA server: {exc}", where=endpoint,
                               fix="is the opc service running? `python -m harness status`") from exc
        self.namespace = self.client.get_namespace_index(namespace_uri)

    def write(self, node_id: str, type_name: str, value: Any) -> int:
        """Write `value` with OPC-UA type `type_name` to `node_id`; returns the wall-clock ns just before it."""
        from asyncua import ua

        variant_type = getattr(ua.VariantType, type_name)
        node = self.client.get_node(node_id)
        written_ns = time.time_ns()
        node.write_value(ua.DataValue(ua.Variant(value, variant_type)))
        return written_ns

    def read(self, node_id: str) -> Any:
        """The node's current value."""
        return self.client.get_node(node_id).read_value()

    def hold(self, name: str, seconds: float) -> None:
        """Pause the simulation of node `name` ("*" for all) for `seconds` (0 releases)."""
        from asyncua import ua

        control = self.client.nodes.objects.get_child([f"{self.namespace}:Control"])
        control.call_method(f"{self.namespace}:Hold", ua.Variant(name, ua.VariantType.String),
                            ua.Variant(float(seconds), ua.VariantType.Double))

    def close(self) -> None:
        """Disconnect."""
        try:
            self.client.disconnect()
        except Exception:  # best effort on teardown: the server may already be gone
            self.client.tloop.stop()
