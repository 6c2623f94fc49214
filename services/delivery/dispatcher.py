"""The dispatcher: routes an alert to subscriptions, records each delivery durably, and keeps
one ``EndpointQueue`` per subscription.

    alerts ──handler──▶ accept(): journal write ─────────────▶ acked: the alert may be committed
                                  endpoint queue ──▶ HTTP
                                                      │
                        settle(): after the journal write is acked:
                                  retry ──▶ journal updated
                                  done  ──▶ [dead letter] + journal tombstone

``accept`` queues the deliveries at once and returns a future that is done when every one of
them is in the journal (the ``deliveries`` topic); the agent commits the alert's offset only
after that, so a SIGKILL at any point loses nothing (``restore`` re-queues what the journal holds
at start-up). The first attempt does not wait for the journal: a kill before the write is acked
leaves the alert uncommitted, so it is handled again and its delivery made again with the same
``webhook-id`` (at least once). Every outcome is written only after the delivery's own journal
record is acked, so a tombstone never lands before the record it removes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from pydantic import ValidationError

from schemas import Alert
from services.delivery.breaker import CircuitBreaker
from services.delivery.config import Route
from services.delivery.endpoint import EndpointQueue
from services.delivery.lifecycle import Retry, Settled, Step, dead_letter_of
from services.delivery.metrics import DeliveryMetrics
from services.delivery.records import PendingDelivery, Subscription, delivery_id
from services.delivery.routing import matches, route_tree
from services.delivery.schedule import RetryPolicy
from services.delivery.sender import Sender
from services.delivery.subscriptions import SubscriptionStore
from services.delivery.urlcheck import Resolver, URLPolicy, system_resolver

__all__ = ["Dispatcher", "Topics"]

log = logging.getLogger(__name__)

#: delivery ids remembered to drop repeats of one alert version
_SEEN_MAX = 100_000

Put = Callable[[str, bytes, bytes | None], Awaitable[None]]


class Topics:
    def __init__(self, deliveries: str, deadletter: str) -> None:
        self.deliveries, self.deadletter = deliveries, deadletter


class Dispatcher:
    def __init__(
        self,
        store: SubscriptionStore,
        put: Put,
        topics: Topics,
        *,
        policy: RetryPolicy,
        timeout_s: float,
        concurrency: int,
        breaker: Callable[[], CircuitBreaker],
        metrics: DeliveryMetrics,
        tree: Route | None = None,
        on_gone: Callable[[str, str], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.time,
        url_policy: URLPolicy | None = None,
        resolve: Resolver = system_resolver,
    ) -> None:
        """``url_policy``/``resolve``: the webhook URL rules every connection is checked
        against (default: the strict production rules) and the resolver it uses."""
        self.store = store
        self._url_policy = url_policy or URLPolicy()
        self._resolve = resolve
        self._put = put
        self._topics = topics
        self._policy = policy
        self._timeout = timeout_s
        self._concurrency = concurrency
        self._breaker = breaker
        self.metrics = metrics
        self._tree = tree
        self._on_gone = on_gone
        self._clock = clock
        self.queues: dict[str, EndpointQueue] = {}
        #: first journal write of each queued delivery, until its first outcome is settled
        self._writes: dict[str, asyncio.Future[None]] = {}
        self._background: set[asyncio.Task[None]] = set()
        store.subscribe(self._changed)

    # -- routing and intake -------------------------------------------------------------------
    def route(self, alert: Alert) -> list[Subscription]:
        tree_names = set(route_tree(alert, self._tree)) if self._tree is not None else None
        targets = []
        for sub in self.store.all():
            if not sub.enabled:
                continue
            if sub.source == "config" and tree_names is not None and sub.id not in tree_names:
                continue
            if matches(alert, sub.filters):
                targets.append(sub)
        return targets

    def accept(self, webhook_id: str, alert_id: str, sequence: int, body: str,
               targets: list[Subscription], *, redelivery: bool = False) -> asyncio.Future[object]:
        """Journal and queue one delivery per target, in the order alerts are accepted; the
        returned future is done when every journal record is acknowledged (it fails when one
        write fails: the alert is then not committed, and the delivery still goes out)."""
        now = self._clock()
        writes = []
        for sub in targets:
            if not redelivery and self._seen(delivery_id(sub.id, webhook_id)):
                continue  # the same alert version again: already journaled, not POSTed twice
            record = PendingDelivery(
                delivery_id=delivery_id(sub.id, webhook_id), subscription_id=sub.id,
                webhook_id=webhook_id, alert_id=alert_id, sequence=sequence, body=body,
                next_attempt_at=self._policy.first_attempt_at(now), created_at=now,
                redelivery=redelivery)
            write = asyncio.ensure_future(self._journal(record))
            self._writes[record.delivery_id] = write
            writes.append(write)
            self._queue(record)
        return asyncio.gather(*writes)

    def _seen(self, key: str) -> bool:
        """Remember the last delivery ids accepted (bounded); True for one seen before."""
        seen: OrderedDict[str, None] = self.__dict__.setdefault("_accepted", OrderedDict())
        if key in seen:
            seen.move_to_end(key)
            return True
        seen[key] = None
        if len(seen) > _SEEN_MAX:
            seen.popitem(last=False)
        return False

    def restore(self, pending: list[PendingDelivery]) -> None:
        """Queue what the journal held at start-up, oldest first."""
        for record in sorted(pending, key=lambda r: (r.created_at, r.sequence)):
            sub = self.store.get(record.subscription_id)
            if sub is None or not sub.enabled:
                verdict = "deleted" if sub is None else "disabled"
                self._spawn(self._give_up(record, verdict, f"subscription {verdict}"))
                continue
            self._queue(record)

    def _queue(self, record: PendingDelivery) -> None:
        queue = self.queues.get(record.subscription_id)
        if queue is None:
            sub = self.store.get(record.subscription_id)
            assert sub is not None
            queue = self._new_queue(sub)
        queue.add(record)

    def _new_queue(self, sub: Subscription) -> EndpointQueue:
        subscription_id = sub.id

        def secrets() -> tuple[str, ...]:
            current = self.store.get(subscription_id)
            return current.secrets if current is not None else sub.secrets

        queue = EndpointQueue(
            subscription_id, self._sender(sub.url), secrets, self.settle,
            policy=self._policy, breaker=self._breaker(), concurrency=self._concurrency,
            metrics=self.metrics, clock=self._clock)
        self.queues[subscription_id] = queue
        queue.start()
        return queue

    def _sender(self, url: str) -> Sender:
        return Sender(url, timeout_s=self._timeout, max_connections=self._concurrency,
                      policy=self._url_policy, resolve=self._resolve)

    # -- persistence of outcomes --------------------------------------------------------------
    async def _journal(self, record: PendingDelivery) -> None:
        await self._put(self._topics.deliveries, record.delivery_id.encode(),
                        record.model_dump_json().encode())

    async def settle(self, step: Step) -> None:
        record = step.delivery
        write = self._writes.pop(record.delivery_id, None)
        if write is not None:  # the outcome must land after the record it updates or removes
            await asyncio.gather(write, return_exceptions=True)
        if isinstance(step, Retry):
            await self._journal(record)
            return
        assert isinstance(step, Settled)
        if step.verdict is None:
            await self._put(self._topics.deliveries, record.delivery_id.encode(), None)
            if record.redelivery:  # the dead letter it came from is now resolved
                await self._put(self._topics.deadletter, record.delivery_id.encode(), None)
            self.metrics.settled("delivered")
            self.metrics.latency.observe(max(0.0, self._clock() - record.created_at))
            return
        await self._give_up(record, step.verdict, step.outcome.reason, step.outcome.status)
        if step.verdict == "gone" and self._on_gone is not None:
            self._spawn(self._on_gone(record.subscription_id, step.outcome.reason))

    async def _give_up(self, record: PendingDelivery, verdict: str, reason: str,
                       status: int | None = None) -> None:
        letter = dead_letter_of(record, verdict, reason, status, self._clock())  # type: ignore[arg-type]
        await self._put(self._topics.deadletter, record.delivery_id.encode(),
                        letter.model_dump_json().encode())
        await self._put(self._topics.deliveries, record.delivery_id.encode(), None)
        self.metrics.settled(verdict)
        log.warning("delivery dead-lettered", extra={
            "subscription": record.subscription_id, "webhook_id": record.webhook_id,
            "verdict": verdict, "reason": reason, "attempts": record.attempts})

    # -- subscription changes -----------------------------------------------------------------
    def _changed(self, subscription_id: str, sub: Subscription | None) -> None:
        queue = self.queues.get(subscription_id)
        if queue is None:
            return
        if sub is None or not sub.enabled:
            del self.queues[subscription_id]
            verdict = "deleted" if sub is None else "disabled"
            self._spawn(queue.drain(verdict, f"subscription {verdict}"))
        elif sub.url != queue.sender.url:
            old, queue.sender = queue.sender, self._sender(sub.url)
            self._spawn(old.aclose())

    def _spawn(self, coro: Awaitable[object]) -> None:
        async def run() -> None:
            try:
                await coro
            except Exception:  # noqa: BLE001 - background work is logged, never lost silently
                log.exception("background delivery task failed")

        task = asyncio.get_running_loop().create_task(run())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def pending(self) -> int:
        return sum(len(q) for q in self.queues.values())

    async def stop(self) -> None:
        await asyncio.gather(*(q.stop() for q in self.queues.values()), return_exceptions=True)
        for task in list(self._background):
            task.cancel()


def parse_pending(value: bytes) -> PendingDelivery | None:
    try:
        return PendingDelivery.model_validate_json(value)
    except ValidationError:
        return None


def utcnow(clock: Callable[[], float] = time.time) -> datetime:
    return datetime.fromtimestamp(clock(), UTC)
