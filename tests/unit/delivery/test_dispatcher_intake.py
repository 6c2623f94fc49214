"""Dispatcher intake: deliveries queue at once and in order, the alert's commit waits for their
journal records, and an outcome is written only after the record it updates or removes."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime

import pytest

from services.delivery.breaker import CircuitBreaker
from services.delivery.config import single_receiver
from services.delivery.dispatcher import Dispatcher, Topics
from services.delivery.lifecycle import Settled
from services.delivery.metrics import DeliveryMetrics
from services.delivery.outcome import Outcome, Verdict
from services.delivery.records import PendingDelivery, Subscription
from services.delivery.schedule import RetryPolicy
from services.delivery.subscriptions import SubscriptionStore

SECRET = "whsec_" + base64.b64encode(b"k" * 24).decode()


class Journal:
    """A journal whose record writes complete when the test says so (tombstones at once);
    ``calls`` lists every write in the order it was made."""

    def __init__(self) -> None:
        self.writes: dict[bytes, asyncio.Future[None]] = {}
        self.calls: list[tuple[bytes, bool]] = []  # (key, a tombstone)

    async def put(self, topic: str, key: bytes, value: bytes | None) -> None:
        self.calls.append((key, value is None))
        if value is None:
            return
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
    queued: list[PendingDelivery] = []
    d._queue = queued.append  # what reached the queues
    return d, queued


def delivered(record: PendingDelivery) -> Settled:
    return Settled(record, None, Outcome(Verdict.DELIVERED, 200, "200 OK"))


async def test_deliveries_queue_at_once_in_order_and_the_alert_waits_for_the_journal():
    journal = Journal()
    d, queued = dispatcher(journal)
    sub = d.store.all()
    first = d.accept("w1", "a1", 1, "{}", sub)
    second = d.accept("w2", "a1", 2, "{}", sub)
    assert [r.webhook_id for r in queued] == ["w1", "w2"]  # no wait for the broker
    await asyncio.sleep(0)
    assert set(journal.writes) == {b"default/w1", b"default/w2"}  # both writes in flight
    journal.complete("w2")
    await asyncio.sleep(0.01)
    assert second.done() and not first.done()  # committable only once its own record is in
    journal.complete("w1")
    await asyncio.gather(first, second)


async def test_an_outcome_is_journaled_only_after_the_record_it_removes():
    journal = Journal()
    d, queued = dispatcher(journal)
    d.accept("w1", "a1", 1, "{}", d.store.all())
    settling = asyncio.ensure_future(d.settle(delivered(queued[0])))  # delivered before the ack
    await asyncio.sleep(0.01)
    assert journal.calls == [(b"default/w1", False)] and not settling.done()
    journal.complete("w1")
    await settling
    assert journal.calls == [(b"default/w1", False), (b"default/w1", True)]


async def test_a_failed_journal_write_fails_the_alert_and_the_delivery_still_settles():
    journal = Journal()
    d, queued = dispatcher(journal)
    task = d.accept("w1", "a1", 1, "{}", d.store.all())
    await asyncio.sleep(0)
    journal.complete("w1", ConnectionError("broker away"))
    with pytest.raises(ConnectionError):
        await task  # the alert is not committed: it will be handled again
    await d.settle(delivered(queued[0]))
    assert journal.calls[-1] == (b"default/w1", True)
    later = d.accept("w2", "a2", 1, "{}", d.store.all())  # the next alert is not held back
    await asyncio.sleep(0)
    journal.complete("w2")
    await later
    assert [r.webhook_id for r in queued] == ["w1", "w2"]


async def test_a_repeated_alert_version_is_queued_and_journaled_once():
    journal = Journal()
    d, queued = dispatcher(journal)
    sub = d.store.all()
    first = d.accept("a1:1", "a1", 1, '{"x":1}', sub)
    for _ in range(499):
        again = d.accept("a1:1", "a1", 1, '{"x":1}', sub)
        await again  # nothing to wait for: nothing new was journaled
    assert [r.webhook_id for r in queued] == ["a1:1"]
    await asyncio.sleep(0.01)
    assert list(journal.writes) == [b"default/a1:1"]
    d.accept("a1:2", "a1", 2, '{"x":2}', sub)  # the next version still goes out
    assert [r.webhook_id for r in queued] == ["a1:1", "a1:2"]
    await asyncio.sleep(0.01)
    journal.complete("a1:1")
    journal.complete("a1:2")
    await first
