"""Kafka probe: make sure topics exist, and watch a topic for expected records."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from harness.errors import HarnessError


def ensure_topics(bootstrap: str, topics: list[dict[str, Any]]) -> None:
    """Create the declared topics (`{name, partitions, replicationFactor}`) that do not exist yet."""
    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.errors import TopicAlreadyExistsError

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    try:
        existing = set(admin.list_topics())
        missing = [NewTopic(t["name"], num_partitions=int(t["partitions"]),
                            replication_factor=int(t["replicationFactor"]))
                   for t in topics if t["name"] not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                admin.create_topics(missing)
    finally:
        admin.close()


@dataclass(frozen=True)
class Arrival:
    """A record seen on a topic: its decoded value (or raw text), and when the harness received it."""

    value: Any
    raw: bytes
    received_ns: int
    offset: int


class TopicWatch:
    """Reads a topic from its current end: open it before injecting, then wait for expected records."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        from kafka import KafkaConsumer, TopicPartition

        self.topic = topic
        self.consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                      consumer_timeout_ms=1000, request_timeout_ms=15000)
        partitions = self.consumer.partitions_for_topic(topic)
        if not partitions:
            raise HarnessError(f"kafka topic {topic!r} does not exist", where=bootstrap,
                               fix="start the stack with `python -m harness up`")
        assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
        self.consumer.assign(assigned)
        self.consumer.seek_to_end(*assigned)
        for tp in assigned:  # resolve the end offsets now, before anything is injected
            self.consumer.position(tp)
        self.seen: list[Arrival] = []

    def _poll(self, budget: float) -> None:
        batches = self.consumer.poll(timeout_ms=int(max(budget, 0.01) * 1000))
        now = time.time_ns()
        for records in batches.values():
            for record in records:
                try:
                    value: Any = json.loads(record.value)
                except (ValueError, TypeError):
                    value = record.value.decode("utf-8", "replace") if record.value else None
                self.seen.append(Arrival(value, record.value or b"", now, record.offset))

    def await_matches(self, expectations: dict[str, Callable[[Any], bool]], *, timeout: float,
                      ) -> dict[str, Arrival | None]:
        """Poll until every expectation has matched a record (first match wins) or `timeout` passes."""
        found: dict[str, Arrival | None] = {key: None for key in expectations}
        checked = 0
        deadline = time.monotonic() + timeout
        while True:
            for arrival in self.seen[checked:]:
                for key, matches in expectations.items():
                    if found[key] is None and _safe(matches, arrival.value):
                        found[key] = arrival
            checked = len(self.seen)
            remaining = deadline - time.monotonic()
            if all(v is not None for v in found.values()) or remaining <= 0:
                return found
            self._poll(min(remaining, 0.5))

    def close(self) -> None:
        """Leave no consumer behind."""
        self.consumer.close()


def _safe(predicate: Callable[[Any], bool], value: Any) -> bool:
    try:
        return bool(predicate(value))
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
