"""The dashboard's consumer and live feed.

``Feed`` reads the ``alerts`` topic (and ``reports``, for the text behind evidence spans) from the
beginning of every partition with aiokafka and *no consumer group*: each dashboard replica sees
everything, commits nothing and never rebalances the workers. Each new alert version goes into the
``AlertStore`` and out to every live client through the ``Broadcaster``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from schemas import AlertEvent
from services.common.bounds import DEFAULT_BOUNDS
from services.common.clock import Clock, utcnow
from services.common.codec import decode, load_json
from services.common.errors import InvalidMessage
from services.common.settings import Settings
from services.dashboard.store import AlertStore, ReportTexts
from services.dashboard.views import summary

__all__ = ["Broadcaster", "Feed"]

log = logging.getLogger(__name__)


class Broadcaster:
    """Fan-out to live clients. A client that falls ``backlog`` messages behind is dropped (its
    stream ends; the page reconnects and reloads) so one slow phone never holds memory."""

    def __init__(self, backlog: int = 256) -> None:
        self._backlog = backlog
        self._clients: set[asyncio.Queue[dict[str, Any] | None]] = set()

    def __len__(self) -> int:
        return len(self._clients)

    def subscribe(self) -> asyncio.Queue[dict[str, Any] | None]:
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(self._backlog)
        self._clients.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        self._clients.discard(queue)

    def publish(self, message: dict[str, Any]) -> None:
        for queue in list(self._clients):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                self._clients.discard(queue)
                queue._queue.clear()  # type: ignore[attr-defined] - make room for the end mark
                queue.put_nowait(None)


class Feed:
    """Consume, store, broadcast. ``ready`` once partitions are assigned."""

    def __init__(self, settings: Settings, store: AlertStore, texts: ReportTexts,
                 broadcaster: Broadcaster, *, clock: Clock = utcnow) -> None:
        self.settings = settings
        self.store, self.texts, self.broadcaster = store, texts, broadcaster
        self._clock = clock
        self._consumer: Any = None
        self.ready = False
        self.consumed = 0
        self.invalid = 0
        self._positions: dict[Any, int] = {}
        self._bounds = replace(DEFAULT_BOUNDS, max_bytes=settings.max_report_bytes)

    def handle(self, topic: str, value: bytes | None) -> dict[str, Any] | None:
        """Apply one record; return the live message it produced, if any. Never raises: a
        record that cannot be shown is counted and skipped (the workers dead-letter it)."""
        self.consumed += 1
        if value is None:
            return None
        try:
            return self._apply(topic, value)
        except Exception as exc:  # noqa: BLE001 - one record must never stop the feed
            self.invalid += 1
            log.warning("record skipped", extra={"topic": topic, "reason": str(exc)[:200]})
            return None

    def _apply(self, topic: str, value: bytes) -> dict[str, Any] | None:
        if topic == self.settings.topic("reports"):
            report = load_json(value, bounds=self._bounds)
            if not isinstance(report, dict) or not {"id", "text"} <= report.keys():
                raise InvalidMessage("not a report")
            self.texts.add(str(report["id"]), str(report["text"]))
            return None
        event = decode(value, AlertEvent, bounds=self._bounds)
        alert = self.store.add(event, self._clock())
        if alert is None:
            return None
        message = {"type": "alert", "alert": summary(alert)}
        self.broadcaster.publish(message)
        return message

    async def run(self) -> None:
        """Consume until cancelled; if the broker goes away, start over (the store is kept:
        re-reading from the beginning re-adds nothing it already holds)."""
        delay = 0.5
        while True:
            try:
                await self._consume()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - broker unreachable or lost: retry with backoff
                log.warning("dashboard consumer failed; retrying in %.1f s", delay, exc_info=True)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def _consume(self) -> None:
        from aiokafka import AIOKafkaConsumer

        topics = [self.settings.topic("alerts")]
        if self.settings.dashboard_max_reports > 0:
            topics.append(self.settings.topic("reports"))
        consumer = AIOKafkaConsumer(
            *topics,
            bootstrap_servers=self.settings.bootstrap_servers,
            group_id=None,  # no group: all partitions, nothing committed, workers undisturbed
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            # Tansu holds every fetch for the full wait; a human reading the page does not
            # notice 0.1 s, and the shorter path wait would cost 10x the idle polls.
            fetch_max_wait_ms=self.settings.effective_feed_fetch_max_wait_ms,
            max_partition_fetch_bytes=16 * 1024 * 1024,
            fetch_max_bytes=32 * 1024 * 1024,
        )
        self._consumer = consumer
        await consumer.start()
        try:
            while True:
                batches = await consumer.getmany(timeout_ms=1000, max_records=500)
                self.ready = bool(consumer.assignment())
                for tp, records in batches.items():
                    for record in records:
                        self.handle(tp.topic, record.value)
                    if records:
                        self._positions[tp] = records[-1].offset + 1
        finally:
            self.ready = False
            await consumer.stop()

    def lag(self) -> dict[str, int]:
        """Records behind the last known end offset, per topic (best effort: Tansu may
        under-report end offsets, so this is a gauge, never a wait condition)."""
        consumer = self._consumer
        out: dict[str, int] = {}
        if consumer is None:
            return out
        for tp in consumer.assignment():
            end = consumer.highwater(tp)
            if end is not None:
                behind = max(0, end - self._positions.get(tp, 0))
                out[tp.topic] = out.get(tp.topic, 0) + behind
        return out
