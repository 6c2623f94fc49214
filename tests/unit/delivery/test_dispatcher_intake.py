"""Dispatcher intake: journal writes of consecutive alerts overlap, deliveries queue in order."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime

import pytest

from services.delivery.breaker import CircuitBreaker
from services.delivery.config import single_receiver
from services.delivery.dispatcher import Dispatcher, Topics
from services.delivery.metrics import DeliveryMetrics
from services.delivery.records import Subscription
from services.delivery.schedule import RetryPolicy
from services.delivery.subscriptions import SubscriptionStore

SECRET = "whsec_" + base64.b64encode(b"k" * 24).decode()


class Journal:
    """A journal whose writes complete when the test says so."""

    def __init__(self) -> None:
        self.writes: dict[bytes, asyncio.Future[None]] = {}

    async def put(self, topic: str, key: bytes, value: bytes | None) -> None:
        future = self.writes[key] = asyncio.get_running_loop().create_future()
        await future

    def complete(self, webhook_id: str, error: Exception | None = None) -> None:
        future = self.writes[f"default/{webhook_id}".encode()]
        future.set_exception(error) if error else future.set_result(None)


def dispatcher(journal: Journal) -> tuple[Dispatcher, list[str]]:
    sub = Subscription.from_receiver(single_receiver("http://127.0.0.1:9/hook", SECRET),
                                     datetime(2026, 1, 1, tzinfo=UTC))
    d = Dispatcher(SubscriptionStore([sub]), journal.put, Topics("deliveries", "dlq"),
                   policy=RetryPolicy.from_delays((0.0,), 0.0, 0.0), timeout_s=1.0,
                   concurrency=1, breaker=lambda: CircuitBreaker(5, 30.0),
                   metrics=DeliveryMetrics())
    queued: list[str] = []
    d._queue = lambda record: queued.append(record.webhook_id)  # what reached the queues
    return d, queued


async def test_deliveries_queue_only_once_journaled_and_in_acceptance_order():
    journal = Journal()
    d, queued = dispatcher(journal)
    sub = d.store.all()
    first = d.accept("w1", "a1", 1, "{}", sub)
    second = d.accept("w2", "a1", 2, "{}", sub)
    await asyncio.sleep(0)
    assert set(journal.writes) == {b"default/w1", b"default/w2"}  # both writes in flight
    journal.complete("w2")
    await asyncio.sleep(0.01)
    assert queued == [] and not second.done()  # durable, but the earlier alert is not yet
    journal.complete("w1")
    await asyncio.gather(first, second)
    assert queued == ["w1", "w2"]


async def test_a_failed_journal_write_fails_the_alert_and_queues_nothing():
    journal = Journal()
    d, queued = dispatcher(journal)
    task = d.accept("w1", "a1", 1, "{}", d.store.all())
    await asyncio.sleep(0)
    journal.complete("w1", ConnectionError("broker away"))
    with pytest.raises(ConnectionError):
        await task
    assert queued == []
    later = d.accept("w2", "a2", 1, "{}", d.store.all())  # the next alert is not held back
    await asyncio.sleep(0)
    journal.complete("w2")
    await later
    assert queued == ["w2"]
