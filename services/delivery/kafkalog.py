"""The delivery worker's own Kafka I/O (aiokafka; faust only drives the agents): durable writes
that wait for the broker's ack, and reading a compacted topic to its end.

"The end" is found with markers, never with end offsets (Tansu 0.6 under-reports them when the
last batch holds several records): the reader writes one marker record to every partition, then
consumes from the beginning until it has seen each of its markers. Everything before a marker
was written before the read began. Markers are tombstoned afterwards.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaError
from aiokafka.structs import TopicPartition

__all__ = ["KafkaLog", "MARKER_PREFIX"]

log = logging.getLogger(__name__)

MARKER_PREFIX = b"\x00marker:"
_MAX_REQUEST = 16 * 1024 * 1024

Apply = Callable[[bytes, bytes | None], None]


class KafkaLog:
    """One producer for the worker's state topics, and readers of them."""

    def __init__(self, bootstrap: str, *, fetch_max_wait_ms: int = 100,
                 write_deadline_s: float = 60.0) -> None:
        self._bootstrap = bootstrap
        self._fetch_wait = fetch_max_wait_ms
        self._deadline = write_deadline_s
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap, acks="all", linger_ms=0,
            max_request_size=_MAX_REQUEST, enable_idempotence=False,
        )
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def put(self, topic: str, key: bytes, value: bytes | None,
                  partition: int | None = None) -> None:
        """Write one record (None: tombstone) and wait for the ack; retried until the write
        deadline, then the error is raised."""
        assert self._producer is not None, "KafkaLog.start() first"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._deadline
        delay = 0.1
        while True:
            try:
                await self._producer.send_and_wait(topic, value, key=key, partition=partition)
                return
            except KafkaError as exc:
                if loop.time() + delay > deadline:
                    raise
                log.warning("kafka write failed; retrying",
                            extra={"topic": topic, "error": type(exc).__name__})
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def partitions(self, topic: str) -> list[int]:
        assert self._producer is not None
        return sorted(await self._producer.partitions_for(topic))

    async def read(self, topic: str, apply: Apply, *, follow: bool = False,
                   ready: asyncio.Event | None = None) -> None:
        """Apply every record of ``topic`` from the beginning, in order per partition, until
        the markers written now are seen; then set ``ready``; with ``follow`` go on forever."""
        partitions = await self.partitions(topic)
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap, group_id=None, enable_auto_commit=False,
            auto_offset_reset="earliest", fetch_max_wait_ms=self._fetch_wait,
            max_partition_fetch_bytes=_MAX_REQUEST, fetch_max_bytes=_MAX_REQUEST * 2,
        )
        tps = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(tps)
        await consumer.start()
        try:
            await consumer.seek_to_beginning(*tps)
            token = uuid.uuid4().hex.encode()
            markers = {MARKER_PREFIX + token + b":" + str(p).encode(): p for p in partitions}
            for key, partition in markers.items():
                await self.put(topic, key, b"", partition=partition)
            unseen = set(markers)
            caught_up = False
            while True:
                batches = await consumer.getmany(timeout_ms=1000)
                for records in batches.values():
                    for record in records:
                        if record.key is None:
                            continue
                        if record.key.startswith(MARKER_PREFIX):
                            unseen.discard(record.key)
                            continue
                        apply(record.key, record.value)
                if unseen:
                    continue
                if not caught_up:
                    caught_up = True
                    if ready is not None:
                        ready.set()
                    for key, partition in markers.items():
                        await self.put(topic, key, None, partition=partition)
                if not follow:
                    return
        finally:
            await consumer.stop()
