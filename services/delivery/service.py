"""Everything the delivery worker runs besides its faust agents, started and stopped as one:

    1. the Kafka log (producer for the state topics)
    2. subscriptions: read to the end (markers), then followed live; records not sealed with
       the newest secrets key (an older key, or plain text) are re-sealed
    3. the journal (``deliveries``): read to the end, every pending delivery re-queued
    4. the HTTP server (/subscriptions, /metrics, /healthz) when a port is set

``ready`` is set after 2 and 3; the agents wait for it before routing anything.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from prometheus_client import REGISTRY

from services.common.clock import utcnow
from services.common.errors import ConfigError
from services.common.settings import Settings
from services.delivery.api import build_api
from services.delivery.breaker import CircuitBreaker
from services.delivery.config import Route, load_config, single_receiver
from services.delivery.dispatcher import Dispatcher, Topics, parse_pending
from services.delivery.kafkalog import KafkaLog
from services.delivery.metrics import DeliveryMetrics
from services.delivery.records import PendingDelivery, Subscription
from services.delivery.schedule import RetryPolicy
from services.delivery.sealing import sealer_from_settings
from services.delivery.subscriptions import Subscriptions, SubscriptionStore
from services.delivery.urlcheck import URLPolicy

__all__ = ["DeliveryService", "declared_subscriptions"]

log = logging.getLogger(__name__)


def declared_subscriptions(settings: Settings) -> tuple[list[Subscription], Route | None]:
    """The receivers of the config file and ``webhook_url``, as read-only subscriptions."""
    receivers, tree = [], None
    if settings.webhook_config is not None:
        config = load_config(settings.webhook_config)
        receivers.extend(config.receivers)
        tree = config.route
    if settings.webhook_url:
        if settings.webhook_secret is None:
            raise ConfigError("webhook_url is set but webhook_secret is not")
        receivers.append(single_receiver(settings.webhook_url,
                                          settings.webhook_secret.get_secret_value()))
    now = utcnow()
    return [Subscription.from_receiver(r, now) for r in receivers], tree


class DeliveryService:
    def __init__(self, settings: Settings, metrics: DeliveryMetrics | None = None) -> None:
        self.settings = settings
        declared, tree = declared_subscriptions(settings)
        self.metrics = metrics or DeliveryMetrics()
        self.kafka = KafkaLog(settings.bootstrap_servers,
                              fetch_max_wait_ms=settings.effective_feed_fetch_max_wait_ms)
        self.store = SubscriptionStore(declared, sealer=sealer_from_settings(settings))
        self.store.subscribe(lambda sid, sub: self.metrics.subscription_changed(
            sid, sub is not None and sub.unusable is not None))
        self._subscriptions_topic = settings.topic("subscriptions")
        self._deliveries_topic = settings.topic("deliveries")
        url_policy = URLPolicy(allow_loopback=settings.embedded,
                               allowlist=settings.webhook_allowlist)
        self.subscriptions = Subscriptions(self.store, self._write_subscription, url_policy)
        self.dispatcher = Dispatcher(
            self.store, self.kafka.put,
            Topics(self._deliveries_topic, settings.topic("delivery_deadletter")),
            policy=RetryPolicy.from_delays(settings.delivery_retry_schedule,
                                           settings.delivery_jitter,
                                           settings.delivery_max_retry_after_s),
            timeout_s=settings.delivery_timeout_s,
            concurrency=settings.delivery_endpoint_concurrency,
            breaker=lambda: CircuitBreaker(settings.delivery_breaker_failures,
                                           settings.delivery_breaker_cooldown_s),
            metrics=self.metrics, tree=tree, url_policy=url_policy,
            on_gone=lambda sid, reason: self.subscriptions.disable(sid, reason, utcnow()))
        self.ready = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._http: web.AppRunner | None = None

    async def _write_subscription(self, subscription_id: str, value: bytes | None) -> None:
        await self.kafka.put(self._subscriptions_topic, subscription_id.encode(), value)

    async def start(self) -> None:
        try:  # also expose the delivery metrics on the worker's ops /metrics (default registry)
            REGISTRY.register(self.metrics.registry)  # type: ignore[arg-type]
            self._registered = True
        except ValueError:  # another service in this process registered first (tests)
            self._registered = False
        await self.kafka.start()
        subscriptions_loaded = asyncio.Event()
        self._tasks.append(asyncio.create_task(self._follow_subscriptions(subscriptions_loaded)))
        await subscriptions_loaded.wait()
        await self._reseal()
        pending: dict[bytes, PendingDelivery] = {}

        def apply(key: bytes, value: bytes | None) -> None:
            record = parse_pending(value) if value is not None else None
            if record is None:
                pending.pop(key, None)
            else:
                pending[key] = record

        await self.kafka.read(self._deliveries_topic, apply)
        self.dispatcher.restore(list(pending.values()))
        log.info("delivery state loaded", extra={
            "subscriptions": len(self.store.all()), "pending": len(pending)})
        self.ready.set()
        if self.settings.delivery_http_port is not None:
            await self._serve(self.settings.delivery_http_port)

    async def _reseal(self) -> None:
        """Re-seal stale records with the newest key; a failure is logged, never fatal (they
        are still read as they are, and re-sealed at the next start or write)."""
        stale = len(self.store.stale)
        if not stale:
            return
        if not self.store.sealer.configured:
            log.warning("subscriptions stored in plain text and no secrets key is configured "
                        "to seal them", extra={"subscriptions": stale})
            return
        try:
            done = await self.subscriptions.reseal()
        except Exception:  # noqa: BLE001 - delivery goes on with what was read
            log.exception("re-sealing subscriptions failed")
            return
        log.info("subscriptions re-sealed with the newest secrets key",
                 extra={"subscriptions": done})

    async def _follow_subscriptions(self, loaded: asyncio.Event) -> None:
        while True:
            try:
                await self.kafka.read(self._subscriptions_topic, self.store.apply, follow=True,
                                      ready=loaded)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - keep following after a broker hiccup
                log.exception("following the subscriptions topic failed; starting over")
                await asyncio.sleep(1.0)

    async def _serve(self, port: int) -> None:
        api = build_api(self.subscriptions, self.metrics, self.settings.subscriptions_api_token,
                        utcnow, ready=self.ready.is_set)
        self._http = web.AppRunner(api, access_log=None)
        await self._http.setup()
        try:
            await web.TCPSite(self._http, self.settings.delivery_http_host, port).start()
            log.info("delivery HTTP server listening",
                     extra={"host": self.settings.delivery_http_host, "port": port})
        except OSError as exc:  # a taken port must not stop deliveries
            log.error("delivery HTTP server could not start", extra={"error": str(exc)})

    async def stop(self) -> None:
        if getattr(self, "_registered", False):
            REGISTRY.unregister(self.metrics.registry)  # type: ignore[arg-type]
        if self._http is not None:
            await self._http.cleanup()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.dispatcher.stop()
        await self.kafka.stop()
