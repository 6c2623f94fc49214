"""Endpoint queues in-process with fake senders: retries until delivered, per-alert order, one
endpoint hanging while another flows, the concurrency limit."""

from __future__ import annotations

import asyncio

from services.delivery.breaker import CircuitBreaker
from services.delivery.endpoint import EndpointQueue
from services.delivery.lifecycle import Retry, Settled
from services.delivery.metrics import DeliveryMetrics
from services.delivery.outcome import Outcome, Verdict
from services.delivery.records import PendingDelivery
from services.delivery.schedule import RetryPolicy

POLICY = RetryPolicy((0.0, 0.01, 0.01, 0.01), jitter=0.0)


class FakeSender:
    url = "https://hooks.example.org/h"
    endpoint = "https://hooks.example.org/…"

    def __init__(self, answers=None, hang: asyncio.Event | None = None) -> None:
        self.answers = list(answers or [])
        self.hang = hang
        self.calls: list[str] = []
        self.inflight = self.peak = 0

    async def attempt(self, msg_id, body, secrets) -> Outcome:
        self.calls.append(msg_id)
        self.inflight += 1
        self.peak = max(self.peak, self.inflight)
        try:
            if self.hang is not None:
                await self.hang.wait()
            await asyncio.sleep(0)
            status = self.answers.pop(0) if self.answers else 204
            verdict = Verdict.DELIVERED if status < 300 else Verdict.RETRY
            return Outcome(verdict, status, f"HTTP {status}")
        finally:
            self.inflight -= 1

    async def aclose(self) -> None:
        pass


def pending(alert: str, seq: int = 1, sub: str = "s") -> PendingDelivery:
    return PendingDelivery(delivery_id=f"{sub}/{alert}:{seq}", subscription_id=sub,
                           webhook_id=f"{alert}:{seq}", alert_id=alert, sequence=seq, body="{}",
                           next_attempt_at=0.0, created_at=0.0)


def queue(sender, settled, concurrency=4, sub="s") -> EndpointQueue:
    async def settle(step):
        settled.append(step)

    q = EndpointQueue(sub, sender, lambda: ("whsec_x",), settle, policy=POLICY,
                      breaker=CircuitBreaker(10), concurrency=concurrency,
                      metrics=DeliveryMetrics())
    q.start()
    return q


async def _until(predicate, timeout=2.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.005)


async def test_retries_until_delivered_and_persists_each_step():
    sender, settled = FakeSender([503, 500]), []
    q = queue(sender, settled)
    assert q.add(pending("a"))
    assert not q.add(pending("a"))  # the same delivery twice (a replayed alert) is ignored
    await _until(lambda: any(isinstance(s, Settled) for s in settled))
    await q.stop()
    assert sender.calls == ["a:1"] * 3
    assert [type(s) for s in settled] == [Retry, Retry, Settled]
    assert settled[-1].verdict is None and settled[-1].delivery.attempts == 3
    assert len(q) == 0


async def test_updates_of_one_alert_stay_in_order():
    sender, settled = FakeSender([503]), []
    q = queue(sender, settled)
    for seq in (1, 2, 3):
        q.add(pending("a", seq))
    q.add(pending("b"))
    await _until(lambda: len([s for s in settled if isinstance(s, Settled)]) == 4)
    await q.stop()
    a_calls = [c for c in sender.calls if c.startswith("a:")]
    assert a_calls == ["a:1", "a:1", "a:2", "a:3"]


async def test_a_hanging_endpoint_does_not_hold_another():
    release = asyncio.Event()
    stuck, healthy = FakeSender(hang=release), FakeSender()
    settled_stuck, settled_ok = [], []
    q1 = queue(stuck, settled_stuck, concurrency=2, sub="stuck")
    q2 = queue(healthy, settled_ok, sub="ok")
    for n in range(10):
        q1.add(pending(f"x{n}", sub="stuck"))
        q2.add(pending(f"x{n}", sub="ok"))
    await _until(lambda: len(settled_ok) == 10)
    assert stuck.peak == 2 and len(stuck.calls) == 2  # concurrency limit
    release.set()
    await _until(lambda: len(settled_stuck) == 10)
    await asyncio.gather(q1.stop(), q2.stop())
