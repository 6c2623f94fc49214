"""One alert message in, deliveries out: decode the CloudEvent, route it, deliver it to every
matching receiver concurrently (one slow receiver does not hold up the others' requests)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from schemas import AlertEvent
from services.common.codec import decode
from services.common.stage import Output
from services.delivery.config import Receiver
from services.delivery.outcome import Outcome, Verdict
from services.delivery.routing import route
from services.delivery.sender import Sender

__all__ = ["DeliveryHandler"]

log = logging.getLogger(__name__)


class DeliveryHandler:
    def __init__(self, senders: Sequence[Sender]) -> None:
        self._senders = {s.receiver.name: s for s in senders}
        self._receivers: list[Receiver] = [s.receiver for s in senders]
        self.outcomes: dict[str, int] = {}

    async def __call__(self, raw: bytes | None) -> list[Output]:
        event = decode(raw, AlertEvent)
        targets = route(event.data, self._receivers)
        assert raw is not None  # decode() rejected a missing value
        results: list[Outcome] = await asyncio.gather(
            *(self._senders[r.name].deliver(event.id, raw) for r in targets)
        )
        for receiver, outcome in zip(targets, results, strict=True):
            self.outcomes[outcome.verdict.value] = self.outcomes.get(outcome.verdict.value, 0) + 1
            if outcome.verdict is not Verdict.DELIVERED:
                log.warning(
                    "webhook not delivered",
                    extra={"receiver": receiver.name, "webhook_id": event.id,
                           "verdict": outcome.verdict.value, "reason": outcome.reason},
                )
        return []

    async def aclose(self) -> None:
        await asyncio.gather(*(s.aclose() for s in self._senders.values()))
