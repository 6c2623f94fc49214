"""The delivery worker: alerts (and redelivery requests) -> durable deliveries -> webhooks.
The only module here that imports faust; ``faust -A services.delivery.app worker`` works too
(module-level ``app``), configured from the environment.

Two thin agents, each inside the per-message error boundary and with concurrency 1 (offsets are
committed only after the handler returned, i.e. after the journal write was acknowledged):

    alerts        -> AlertsHandler      (route, journal, queue)
    redeliveries  -> RedeliveryHandler  (journal, queue)

Everything else (subscriptions, journal recovery, endpoint queues, HTTP) is ``DeliveryService``,
started by a faust task and stopped when the worker stops. With ``delivery_inline`` the rules
worker attaches the same service (``attach_delivery``) and no delivery worker runs.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from services.common.errors import ConfigError
from services.common.faust_app import ServiceApp
from services.common.faust_app import create_app as create_base_app
from services.common.settings import Settings
from services.common.stage import add_stage
from services.delivery.config import Receiver
from services.delivery.handler import AlertsHandler, RedeliveryHandler
from services.delivery.service import DeliveryService, declared_subscriptions

__all__ = ["attach_delivery", "create_app", "observe_lag", "receivers_from_settings"]


def receivers_from_settings(settings: Settings) -> list[Receiver]:
    """The declared receivers (validates the config file; ``ConfigError`` when bad)."""
    return [s.receiver() for s in declared_subscriptions(settings)[0]]


def create_app(settings: Settings) -> ServiceApp:
    if settings.delivery_inline:
        raise ConfigError("delivery_inline is set: the rules worker delivers webhooks, and a "
                          "delivery worker beside it would deliver every alert twice")
    app = create_base_app(settings, "delivery")
    alerts = attach_delivery(app, settings)
    add_stage(app, settings, "delivery", "alerts", alerts,
              after=lambda message: observe_lag(app, app.delivery_service, message))
    return app


def attach_delivery(app: ServiceApp, settings: Settings) -> AlertsHandler:
    """Run a ``DeliveryService`` in ``app``: its redeliveries agent and the task that starts and
    stops it. Returns the handler that hands alerts to it (the delivery worker's alerts agent, or
    the rules worker's own step when delivery runs inline)."""
    if settings.delivery_inline:
        # one inline deliverer per journal on this machine: a second would re-send its entries
        app.journal_lock = lock_journal(settings)
    service = DeliveryService(settings)
    app.delivery_service = service
    add_stage(app, settings, "delivery-redeliveries", "redeliveries",
              RedeliveryHandler(service.dispatcher, service.ready))

    @app.task
    async def run_service() -> None:
        await service.start()
        try:
            await asyncio.Event().wait()
        finally:
            await service.stop()

    return AlertsHandler(service.dispatcher, service.ready)


def lock_journal(settings: Settings) -> Any:
    """Hold an exclusive ``flock`` on ``<data dir>/<journal topic>.lock`` for the life of the
    process (the kernel drops it when the process dies); ``ConfigError`` when another process
    holds it."""
    import fcntl

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    journal = settings.topic("deliveries")
    path = settings.data_dir / f"{journal}.lock"
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until the process ends
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "another process"
        handle.close()
        raise ConfigError(f"the delivery journal {journal} is "
                          f"already delivered from by pid {owner} ({path}); only one inline "
                          "deliverer may own it") from None
    handle.truncate(0)
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def observe_lag(app: ServiceApp, service: DeliveryService, message: Any) -> None:
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
