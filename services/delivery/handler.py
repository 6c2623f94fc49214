"""One message in, deliveries recorded: the alerts handler routes an alert to its subscriptions;
the redeliveries handler re-queues a dead letter; the delivering rules handler runs the rules step
and routes the alerts it raises (delivery inside the rules worker). Each hands the stage the
journal writes to wait for (``Await``): the message is committed only once the journal holds its
deliveries, while the agent already handles the next message."""

from __future__ import annotations

import asyncio
import logging
import time

from schemas import AlertEvent
from services.common.codec import decode
from services.common.stage import Await, Output
from services.delivery.dispatcher import Dispatcher
from services.delivery.records import DeliveryDeadLetter
from services.rules.handler import RulesHandler

__all__ = ["AlertsHandler", "DeliveringRulesHandler", "RedeliveryHandler"]

log = logging.getLogger(__name__)


class AlertsHandler:
    def __init__(self, dispatcher: Dispatcher, ready: asyncio.Event) -> None:
        self._dispatcher = dispatcher
        self._ready = ready  # subscriptions loaded: routing before that would miss some

    async def __call__(self, raw: bytes | None) -> list[Output | Await]:
        event = decode(raw, AlertEvent)
        assert raw is not None  # decode() rejected a missing value
        return [await self.deliver(event, raw)]

    async def deliver(self, event: AlertEvent, body: bytes) -> Await:
        """Route one alert event (``body``: its JSON, sent as is) and start journaling its
        deliveries; the returned ``Await`` is done once the journal holds them all."""
        await self._ready.wait()
        self._dispatcher.metrics.alert_age.set(max(0.0, time.time() - event.time.timestamp()))
        targets = self._dispatcher.route(event.data)
        durable = self._dispatcher.accept(event.id, event.data.alert_id, event.data.sequence,
                                          body.decode("utf-8"), targets)
        return Await(durable)


class DeliveringRulesHandler:
    """The rules step with delivery in the same process: each alert it raises is published to
    the alerts topic (for dashboards) and handed to the dispatcher directly, not read back from
    that topic. The incident is committed once both the alerts and their journal records are
    acknowledged, so a kill at any point loses no delivery the commit promised."""

    def __init__(self, rules: RulesHandler, alerts: AlertsHandler) -> None:
        self._rules = rules
        self._alerts = alerts

    async def __call__(self, raw: bytes | None) -> list[Output | Await]:
        results: list[Output | Await] = []
        for event in self._rules.events(raw):
            output = self._rules.output(event)
            results.append(output)
            results.append(await self._alerts.deliver(event, output.value))
        return results


class RedeliveryHandler:
    def __init__(self, dispatcher: Dispatcher, ready: asyncio.Event) -> None:
        self._dispatcher = dispatcher
        self._ready = ready
        self.skipped = 0

    async def __call__(self, raw: bytes | None) -> list[Output | Await]:
        letter = decode(raw, DeliveryDeadLetter)
        await self._ready.wait()
        sub = self._dispatcher.store.get(letter.subscription_id)
        if sub is None or not sub.enabled:
            self.skipped += 1
            log.warning("redelivery skipped: subscription missing or disabled",
                        extra={"subscription": letter.subscription_id,
                               "webhook_id": letter.webhook_id})
            return []
        durable = self._dispatcher.accept(letter.webhook_id, letter.alert_id, letter.sequence,
                                          letter.body, [sub], redelivery=True)
        return [Await(durable)]
