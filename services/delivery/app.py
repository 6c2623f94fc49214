"""The delivery worker: alerts topic -> webhooks. ``faust -A services.delivery.app worker`` works
too (module-level ``app``), configured from the environment."""

from __future__ import annotations

from services.common.errors import ConfigError
from services.common.faust_app import ServiceApp
from services.common.faust_app import create_app as create_base_app
from services.common.settings import Settings
from services.common.stage import add_stage
from services.delivery.config import Receiver, load_receivers, single_receiver
from services.delivery.handler import DeliveryHandler
from services.delivery.sender import Sender

__all__ = ["create_app", "receivers_from_settings"]


def receivers_from_settings(settings: Settings) -> list[Receiver]:
    receivers: list[Receiver] = []
    if settings.webhook_config is not None:
        receivers.extend(load_receivers(settings.webhook_config))
    if settings.webhook_url:
        if settings.webhook_secret is None:
            raise ConfigError("webhook_url is set but webhook_secret is not")
        secret = settings.webhook_secret.get_secret_value()
        receivers.append(single_receiver(settings.webhook_url, secret))
    return receivers


def create_app(settings: Settings) -> ServiceApp:
    app = create_base_app(settings, "delivery")
    senders = [
        Sender(r, timeout_s=settings.delivery_timeout_s, attempts=settings.delivery_attempts)
        for r in receivers_from_settings(settings)
    ]
    app.delivery_handler = DeliveryHandler(senders)
    add_stage(app, settings, "delivery", "alerts", app.delivery_handler)
    return app


def __getattr__(name: str) -> object:
    # Built on first access so importing the module (tests, tools) needs no environment.
    if name == "app":
        return create_app(Settings())
    raise AttributeError(name)
