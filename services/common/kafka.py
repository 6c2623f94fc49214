"""kafka-python, kept to this one module: topic admin, a blocking producer for publishing and
seeding, and a consumer for tests and tools. Workers talk to Kafka through faust (aiokafka)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from services.common.topics import TopicSpec

__all__ = ["consume", "ensure_topics", "producer", "wait_for_broker"]

_MAX_REQUEST = 16 * 1024 * 1024


def wait_for_broker(bootstrap: str, timeout_s: float = 30.0) -> None:
    """Block until the broker answers a metadata request, or raise ``TimeoutError``."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
            admin.list_topics()
            admin.close()
            return
        except (KafkaError, OSError) as exc:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no Kafka broker answered at {bootstrap}: {exc}") from exc
            time.sleep(0.2)


def ensure_topics(bootstrap: str, specs: Iterable[TopicSpec]) -> list[str]:
    """Create missing topics; return the names created. Existing topics are left as they are."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    try:
        existing = set(admin.list_topics())
        missing = [s for s in specs if s.name not in existing]
        for spec in missing:
            try:
                admin.create_topics(
                    [
                        NewTopic(
                            spec.name,
                            num_partitions=spec.partitions,
                            replication_factor=spec.replication,
                            topic_configs=spec.config,
                        )
                    ]
                )
            except TopicAlreadyExistsError:
                pass
        return [s.name for s in missing]
    finally:
        admin.close()


def producer(bootstrap: str, **overrides) -> KafkaProducer:
    """A producer that waits for the leader's ack and accepts large reports."""
    options = {"acks": 1, "linger_ms": 0, "max_request_size": _MAX_REQUEST} | overrides
    return KafkaProducer(bootstrap_servers=bootstrap, **options)


def consume(
    bootstrap: str, topic: str, *, timeout_s: float, group_id: str | None = None
) -> Iterator[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]]:
    """Yield (key, value, headers) from the beginning of ``topic`` until ``timeout_s`` passes
    with no new record. Records are counted by consuming them, never from end offsets."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group_id,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=int(timeout_s * 1000),
        fetch_max_wait_ms=50,
        max_partition_fetch_bytes=_MAX_REQUEST,
        fetch_max_bytes=_MAX_REQUEST * 2,
    )
    try:
        for record in consumer:
            yield record.key, record.value, list(record.headers or [])
    finally:
        consumer.close()
