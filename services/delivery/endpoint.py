"""The queue of one endpoint (subscription): its own task, its own HTTP client, its own
concurrency limit and circuit breaker, so a slow or dead endpoint never delays another.

Deliveries of one alert reach an endpoint in sequence order: only the oldest pending delivery of
each alert is eligible (``_chains``); deliveries of different alerts run concurrently, up to
``concurrency``. What to do after an attempt is ``lifecycle.next_step`` (pure); persisting it is
the ``settle`` callback (the dispatcher's journal and dead-letter writes), awaited before the
delivery leaves the queue.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence

from services.delivery.breaker import CircuitBreaker
from services.delivery.lifecycle import Retry, Settled, Step, next_step
from services.delivery.metrics import DeliveryMetrics
from services.delivery.outcome import Outcome, Verdict
from services.delivery.records import PendingDelivery
from services.delivery.schedule import RetryPolicy
from services.delivery.sender import Sender

__all__ = ["EndpointQueue"]

log = logging.getLogger(__name__)

Settle = Callable[[Step], Awaitable[None]]

#: the reason a delivery is held: its subscription's secrets could not be opened (sealing.py)
UNSIGNABLE = ("not sent: the subscription's signing secrets cannot be decrypted with the "
              "configured secrets key")


class EndpointQueue:
    def __init__(
        self,
        subscription_id: str,
        sender: Sender,
        secrets: Callable[[], Sequence[str]],
        settle: Settle,
        *,
        policy: RetryPolicy,
        breaker: CircuitBreaker,
        concurrency: int,
        metrics: DeliveryMetrics,
        clock: Callable[[], float] = time.time,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.subscription_id = subscription_id
        self.sender = sender
        self._secrets = secrets
        self._settle = settle
        self._policy = policy
        self.breaker = breaker
        self._concurrency = concurrency
        self._metrics = metrics
        self._clock = clock
        self._rand = rand
        self._known: dict[str, PendingDelivery] = {}
        self._chains: dict[str, deque[str]] = {}
        self._heap: list[tuple[float, int, str]] = []
        self._order = itertools.count()
        self._inflight: set[asyncio.Task[None]] = set()
        self._running = 0  # counted here, not by len(_inflight): done callbacks run late
        self._paused_until = 0.0
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # -- intake -------------------------------------------------------------------------------
    def add(self, delivery: PendingDelivery) -> bool:
        """Queue a delivery; False when it is already queued (a replayed alert message)."""
        if delivery.delivery_id in self._known:
            return False
        self._known[delivery.delivery_id] = delivery
        chain = self._chains.setdefault(delivery.alert_id, deque())
        chain.append(delivery.delivery_id)
        if len(chain) == 1:
            self._push(delivery)
        self._metrics.queue_depth.labels(self.subscription_id).set(len(self._known))
        self._wake.set()
        return True

    def __len__(self) -> int:
        return len(self._known)

    def pending(self) -> list[PendingDelivery]:
        return list(self._known.values())

    def _push(self, delivery: PendingDelivery) -> None:
        heapq.heappush(self._heap, (delivery.next_attempt_at, next(self._order),
                                    delivery.delivery_id))

    # -- the loop -----------------------------------------------------------------------------
    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"endpoint-{self.subscription_id}")

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            now = self._clock()
            timeout: float | None = None
            if self._heap and self._running < self._concurrency:
                due = self._heap[0][0]
                ready_at = max(due, self._paused_until, self.breaker.next_allowed_at(now))
                if ready_at <= now:
                    _, _, delivery_id = heapq.heappop(self._heap)
                    self._launch(self._known[delivery_id], now)
                    continue
                timeout = ready_at - now
            try:
                await asyncio.wait_for(self._wake.wait(), timeout)
            except TimeoutError:
                pass

    def _launch(self, delivery: PendingDelivery, now: float) -> None:
        self.breaker.started(now)
        self._running += 1
        task = asyncio.create_task(self._attempt(delivery))
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

    async def _attempt(self, delivery: PendingDelivery) -> None:
        started = time.perf_counter()
        try:
            secrets = tuple(self._secrets())
            if not secrets:
                # the subscription's secrets cannot be opened: never send unsigned; held as a
                # retry that touches neither the endpoint's breaker nor its attempt metrics
                outcome = Outcome(Verdict.RETRY, None, UNSIGNABLE)
                now = self._clock()
            else:
                outcome = await self.sender.attempt(delivery.webhook_id, delivery.body.encode(),
                                                    secrets)
                now = self._clock()
                self._metrics.attempt(outcome.verdict.value, time.perf_counter() - started)
                self._observe(outcome.verdict, outcome.retry_after_s, now)
            step = next_step(delivery, outcome, now, self._policy, self._rand)
            log.info("webhook attempt", extra={
                "subscription": self.subscription_id, "endpoint": self.sender.endpoint,
                "webhook_id": delivery.webhook_id, "attempt": delivery.attempts + 1,
                "status": outcome.status, "verdict": outcome.verdict.value,
                "reason": outcome.reason})
            await self._settle(step)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - a bug here must not lose the delivery: try it again
            log.exception("delivery attempt failed unexpectedly",
                          extra={"subscription": self.subscription_id,
                                 "webhook_id": delivery.webhook_id})
            step = Retry(delivery.model_copy(
                update={"next_attempt_at": self._clock() + max(1.0, self._policy.schedule[-1])}))
        self._after(step)

    def _observe(self, verdict: Verdict, retry_after_s: float | None, now: float) -> None:
        if verdict is Verdict.DELIVERED:
            self.breaker.record_success()
        elif verdict is Verdict.RETRY:
            self.breaker.record_failure(now)
            if retry_after_s:  # the endpoint asked everyone to wait, not only this delivery
                self._paused_until = now + min(retry_after_s, self._policy.max_retry_after_s)
        else:
            self.breaker.record_neutral()
        self._metrics.breaker_open.labels(self.subscription_id).set(
            0 if self.breaker.allows(now) else 1)

    def _after(self, step: Step) -> None:
        self._running -= 1
        delivery = step.delivery
        if isinstance(step, Retry):
            self._known[delivery.delivery_id] = delivery
            self._push(delivery)
        else:
            self._forget(delivery)
        self._wake.set()

    def _forget(self, delivery: PendingDelivery) -> None:
        self._known.pop(delivery.delivery_id, None)
        chain = self._chains.get(delivery.alert_id)
        if chain is not None:
            try:
                chain.remove(delivery.delivery_id)
            except ValueError:
                pass
            if chain:
                self._push(self._known[chain[0]])
            else:
                del self._chains[delivery.alert_id]
        self._metrics.queue_depth.labels(self.subscription_id).set(len(self._known))

    # -- shutdown and draining ----------------------------------------------------------------
    async def drain(self, verdict: str, reason: str) -> list[PendingDelivery]:
        """Stop and give up every queued delivery (subscription disabled or deleted): each is
        settled as a dead letter with ``verdict``. Returns what was drained."""
        await self.stop()
        drained = list(self._known.values())
        for delivery in drained:
            outcome = Outcome(Verdict.PERMANENT, None, reason)
            await self._settle(Settled(delivery, verdict, outcome))  # type: ignore[arg-type]
            self._forget(delivery)
        return drained

    async def stop(self) -> None:
        tasks = [t for t in (self._task, *self._inflight) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._task = None
        self._inflight.clear()
        self._running = 0
        await self.sender.aclose()
