"""Kafka probe: make sure topics exist, and watch a topic for expected records."""

from __future__ import annotations

import contextlib
import json
import threading
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
    """Reads a topic from its current end: open it before injecting, then wait for expected records.

    A background thread consumes all the time, so an arrival is stamped when it reaches the harness even
    while the harness is busy waiting on another hop."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        from kafka import KafkaConsumer, TopicPartition

        self.topic = topic
        self.consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                      consumer_timeout_ms=1000, request_timeout_ms=15000)
        partitions = self.consumer.partitions_for_topic(topic)
        if not partitions:
            self.consumer.close()
            raise HarnessError(f"kafka topic {topic!r} does not exist", where=bootstrap,
                               fix="start the stack with `python -m harness up`")
        assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
        self.consumer.assign(assigned)
        self.consumer.seek_to_end(*assigned)
        for tp in assigned:  # resolve the end offsets now, before anything is injected
            self.consumer.position(tp)
        self.seen: list[Arrival] = []
        self.error: BaseException | None = None
        self._arrived = threading.Condition()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, name=f"watch-{topic}", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            while not self._stop.is_set():
                batches = self.consumer.poll(timeout_ms=200)
                now = time.time_ns()
                arrivals = [Arrival(_decode(record.value), record.value or b"", now, record.offset)
                            for records in batches.values() for record in records]
                if arrivals:
                    with self._arrived:
                        self.seen.extend(arrivals)
                        self._arrived.notify_all()
        except Exception as exc:  # reported by await_matches, never lost in a thread
            with self._arrived:
                self.error = exc
                self._arrived.notify_all()

    def await_matches(self, expectations: dict[str, Callable[[Any], bool]], *, timeout: float,
                      ) -> dict[str, Arrival | None]:
        """Wait until every expectation has matched a record (first match wins) or `timeout` passes."""
        found: dict[str, Arrival | None] = {key: None for key in expectations}
        checked = 0
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for arrival in self.seen[checked:]:
                    for key, matches in expectations.items():
                        if found[key] is None and _safe(matches, arrival.value):
                            found[key] = arrival
                checked = len(self.seen)
                if self.error is not None:
                    raise HarnessError(f"reading kafka topic {self.topic!r} failed: {self.error}",
                                       fix="check that Kafka is running: `python -m harness status`")
                remaining = deadline - time.monotonic()
                if all(v is not None for v in found.values()) or remaining <= 0:
                    return found
                self._arrived.wait(remaining)

    def close(self) -> None:
        """Stop the reader and leave no consumer behind."""
        self._stop.set()
        self._reader.join(timeout=5)
        self.consumer.close()


def _decode(raw: bytes | None) -> Any:
    """JSON if it parses, else the text."""
    try:
        return json.loads(raw) if raw is not None else None
    except (ValueError, TypeError):
        return raw.decode("utf-8", "replace") if raw else None


def _safe(predicate: Callable[[Any], bool], value: Any) -> bool:
    try:
        return bool(predicate(value))
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
