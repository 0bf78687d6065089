"""The Kafka loop: consume Telegraf metrics, publish model records, commit only after they are produced."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from kafka import ConsumerRebalanceListener, KafkaConsumer, KafkaProducer, TopicPartition
from kafka import errors as kafka_errors
from kafka.errors import CommitFailedError, KafkaError, KafkaTimeoutError
from kafka.structs import OffsetAndMetadata

from model.config import ModelConfig
from model.messages import ModelState, Outcome

log = logging.getLogger("model")

# kafka-python 3 raises KafkaTimeoutError when it cannot bootstrap; 2.x raised NoBrokersAvailable.
_NO_BROKER = (KafkaTimeoutError, getattr(kafka_errors, "NoBrokersAvailable", KafkaTimeoutError))
BOOTSTRAP_TIMEOUT_S = 30

READY_PREFIX = "model: ready"

# A member left with no partitions while the input topic has some is re-subscribed after this long, doubling
# up to the cap (kafka-python can keep an empty assignment made before the topic's metadata arrived).
IDLE_REJOIN_S = 15.0
IDLE_REJOIN_MAX_S = 300.0


def _next_offset(offset: int) -> OffsetAndMetadata:
    """The offset to commit (kafka-python >= 2.1 adds a leader epoch; -1 = unknown)."""
    if len(OffsetAndMetadata._fields) == 3:
        return OffsetAndMetadata(offset, "", -1)
    return OffsetAndMetadata(offset, "")  # type: ignore[call-arg]


class Unavailable(RuntimeError):
    """Kafka could not be reached at start-up (one line: what, where, fix)."""


class _Ready(ConsumerRebalanceListener):
    """Announces readiness once, on the first non-empty partition assignment."""

    def __init__(self, announce: Callable[[set[TopicPartition]], None]) -> None:
        self.announce = announce
        self.done = False

    def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        log.info("partitions revoked: %s", _names(revoked))

    def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        log.info("partitions assigned: %s", _names(assigned))
        if assigned and not self.done:
            self.done = True
            self.announce(assigned)


def _names(partitions: set[TopicPartition]) -> str:
    return ",".join(sorted(f"{p.topic}[{p.partition}]" for p in partitions)) or "none"


class _IdleWatch:
    """Notices a consumer that holds no partitions although its input topic has some, and says when to rejoin."""

    def __init__(self, after_s: float = IDLE_REJOIN_S, cap_s: float = IDLE_REJOIN_MAX_S) -> None:
        self.first_s = self.after_s = after_s
        self.cap_s = cap_s
        self.idle_since: float | None = None

    def due(self, assigned: bool, now: float) -> bool:
        """True when the consumer has been without partitions for the current waiting time."""
        if assigned:
            self.idle_since = None
            self.after_s = self.first_s
            return False
        if self.idle_since is None:
            self.idle_since = now
            return False
        if now - self.idle_since < self.after_s:
            return False
        self.idle_since = now
        self.after_s = min(self.after_s * 2, self.cap_s)
        return True


class ModelService:
    """One consumer and one producer; `run` loops until `stop` is set."""

    def __init__(self, config: ModelConfig, stop: threading.Event) -> None:
        self.config = config
        self.stop = stop
        self.state = ModelState(config.measurement, config.computations)
        self.counts = {"consumed": 0, "published": 0, "skipped": 0}

    def _connect(self) -> tuple[KafkaConsumer, KafkaProducer]:
        cfg = self.config
        brokers = list(cfg.brokers)
        try:
            consumer = KafkaConsumer(
                bootstrap_servers=brokers,
                group_id=cfg.group_id,
                client_id=f"{cfg.group_id}-consumer",
                enable_auto_commit=False,
                auto_offset_reset=cfg.auto_offset_reset,
                metadata_max_age_ms=5000,  # notice the input topic soon after it is created
                session_timeout_ms=10000,  # a crashed instance's partitions move within 10 s
                heartbeat_interval_ms=1000,
            )
            producer = KafkaProducer(
                bootstrap_servers=brokers,
                client_id=f"{cfg.group_id}-producer",
                acks="all",
                key_serializer=str.encode,
                value_serializer=lambda v: json.dumps(v, allow_nan=False).encode(),
            )
        except _NO_BROKER:
            raise Unavailable(
                f"no Kafka broker answered at {','.join(brokers)} within {BOOTSTRAP_TIMEOUT_S}s"
                " — fix: start Kafka first, or check services.kafka in topology.nix"
            ) from None
        return consumer, producer

    def run(self, announce: Callable[[str], None]) -> None:
        """Consume until stopped. Raises KafkaError if a record cannot be produced (nothing is committed)."""
        cfg = self.config
        consumer, producer = self._connect()
        listener = _Ready(lambda parts: announce(f"{READY_PREFIX}, consuming {_names(parts)} as group {cfg.group_id}"))
        consumer.subscribe([cfg.input_topic], listener=listener)
        log.info("subscribed to %s as group %s (offset reset %s)", cfg.input_topic, cfg.group_id, cfg.auto_offset_reset)
        last_stats = time.monotonic()
        idle = _IdleWatch()
        try:
            while not self.stop.is_set():
                batch = consumer.poll(timeout_ms=200)
                if batch:
                    self._process(batch, consumer, producer)
                if idle.due(bool(consumer.assignment()), time.monotonic()):
                    self._rejoin_if_starved(consumer, listener)
                if time.monotonic() - last_stats >= 60:
                    last_stats = time.monotonic()
                    log.info("stats: %s", self.counts)
        finally:
            log.info("stopping: %s", self.counts)
            consumer.close(autocommit=False)
            producer.close(timeout=5)

    def _rejoin_if_starved(self, consumer: KafkaConsumer, listener: ConsumerRebalanceListener) -> None:
        """Re-subscribe when the group gave this member nothing although the input topic has partitions."""
        topic = self.config.input_topic
        partitions = consumer.partitions_for_topic(topic) or set()
        if not partitions:
            return
        log.warning("no partitions assigned although %s has %d: re-subscribing to rejoin group %s",
                    topic, len(partitions), self.config.group_id)
        consumer.unsubscribe()
        consumer.subscribe([topic], listener=listener)

    def _process(
        self, batch: dict[TopicPartition, list[Any]], consumer: KafkaConsumer, producer: KafkaProducer
    ) -> None:
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        futures = []
        for tp, records in batch.items():
            for record in records:
                self.counts["consumed"] += 1
                try:
                    outcome = self.state.handle(record.value)
                except Exception:  # a bug must not stop the pipeline: log it and move past the record
                    log.exception("%s[%d]@%d: unexpected error, record skipped", tp.topic, tp.partition, record.offset)
                    outcome = Outcome(skipped=[])
                for reason in outcome.skipped:
                    self.counts["skipped"] += 1
                    log.warning("%s[%d]@%d: %s", tp.topic, tp.partition, record.offset, reason)
                for out in outcome.records:
                    futures.append(producer.send(self.config.output_topic, key=out["name"], value=out))
                    log.debug("publish %s", out)
                offsets[tp] = _next_offset(record.offset + 1)
        if futures:
            producer.flush()
            for future in futures:
                future.get(timeout=0)  # raises the KafkaError of a record that was not produced
            self.counts["published"] += len(futures)
        try:
            consumer.commit(offsets)
        except CommitFailedError as exc:  # the group rebalanced: the new owner reprocesses (at-least-once)
            log.warning("commit failed after a rebalance, records will be reprocessed: %s", exc)


__all__ = ["READY_PREFIX", "KafkaError", "ModelService", "Unavailable"]
