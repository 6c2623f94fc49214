"""The delivery worker: alerts (and redelivery requests) -> durable deliveries -> webhooks.
The only module here that imports faust; ``faust -A services.delivery.app worker`` works too
(module-level ``app``), configured from the environment.

Two thin agents, each inside the per-message error boundary and with concurrency 1 (offsets are
committed only after the handler returned, i.e. after the journal write was acknowledged):

    alerts        -> AlertsHandler      (route, journal, queue)
    redeliveries  -> RedeliveryHandler  (journal, queue)

Everything else (subscriptions, journal recovery, endpoint queues, HTTP) is ``DeliveryService``,
started by a faust task and stopped when the worker stops.
"""

from __future__ import annotations

import asyncio
from typing import Any

from schemas import DeadLetter
from services.common.boundary import Boundary, MessageMeta
from services.common.codec import encode
from services.common.faust_app import ServiceApp
from services.common.faust_app import create_app as create_base_app
from services.common.settings import Settings
from services.common.stage import declare_topics
from services.delivery.config import Receiver
from services.delivery.handler import AlertsHandler, RedeliveryHandler
from services.delivery.service import DeliveryService, declared_subscriptions

__all__ = ["create_app", "receivers_from_settings"]


def receivers_from_settings(settings: Settings) -> list[Receiver]:
    """The declared receivers (validates the config file; ``ConfigError`` when bad)."""
    return [s.receiver() for s in declared_subscriptions(settings)[0]]


def create_app(settings: Settings) -> ServiceApp:
    app = create_base_app(settings, "delivery")
    service = DeliveryService(settings)
    app.delivery_service = service
    topics = declare_topics(app, settings)
    redeliveries = app.topic(settings.topic("redeliveries"), key_serializer="raw",
                             value_serializer="raw", partitions=settings.topic_partitions)

    async def send_dead_letter(letter: DeadLetter, key: bytes | None) -> None:
        await (await topics["deadletter"].send(key=key, value=encode(letter)))

    def agent(name: str, topic: Any, handler: Any, track_lag: bool) -> Boundary:
        boundary = Boundary(f"delivery-{name}" if name != "alerts" else "delivery",
                            send_dead_letter,
                            max_payload_bytes=settings.max_dead_letter_payload_bytes)

        async def process(stream: Any) -> None:
            async for event in stream.events():
                message = event.message
                meta = MessageMeta(message.topic, message.partition, message.offset, message.key)
                await boundary.run(meta, event.value, handler)
                if track_lag:
                    _observe_lag(app, service, message)

        # concurrency=1: commits must follow the handler's success (faust-streaming #606).
        app.agent(topic, name=f"delivery-{name}-agent", concurrency=1)(process)
        return boundary

    app.delivery_boundary = agent("alerts", topics["alerts"],
                                  AlertsHandler(service.dispatcher, service.ready), True)
    agent("redeliveries", redeliveries, RedeliveryHandler(service.dispatcher, service.ready),
          False)

    @app.task
    async def run_service() -> None:
        await service.start()
        try:
            await asyncio.Event().wait()
        finally:
            await service.stop()

    return app


def _observe_lag(app: ServiceApp, service: DeliveryService, message: Any) -> None:
    """Lag from the consumer's high watermark (from fetch responses, not end offsets)."""
    try:
        highwater = app.consumer.highwater(message.tp)
    except Exception:  # noqa: BLE001 - a metric must never break consumption
        return
    if highwater is not None:
        service.metrics.consumer_lag.labels(str(message.partition)).set(
            max(0, highwater - message.offset - 1))


def __getattr__(name: str) -> object:
    # Built on first access so importing the module (tests, tools) needs no environment.
    if name == "app":
        return create_app(Settings())
    raise AttributeError(name)
