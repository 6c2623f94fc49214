"""The rules worker: incidents topic -> alerts topic, correlation state in a faust table backed
by a changelog topic (so it survives restarts). ``faust -A services.rules.app worker`` works too.

With ``delivery_inline`` it also delivers the alerts it raises (the delivery worker's service,
attached in-process): an incident is committed once its alerts are published and their
deliveries journaled, and no delivery worker runs."""

from __future__ import annotations

from services.common.faust_app import ServiceApp
from services.common.faust_app import create_app as create_base_app
from services.common.settings import Settings
from services.common.stage import add_stage
from services.rules.handler import RulesHandler

__all__ = ["create_app"]


def create_app(settings: Settings) -> ServiceApp:
    from services.rules import Rulebook

    app = create_base_app(settings, "rules")
    book = Rulebook.load(rules=settings.rules_file, zones=settings.zones_file)
    # Partitioned like the incidents topic (keyed by correlation bucket), so each worker holds
    # the state of exactly the buckets it processes.
    table = app.Table(
        "correlation", default=None, partitions=settings.topic_partitions,
        # keys: str, faust's JSON codec; values: the JSON text the engine writes, kept as is
        # (bytes: faust's raw codec)
        value_type=bytes,
    )
    app.rules_handler = RulesHandler(book, table)
    if not settings.delivery_inline:
        add_stage(app, settings, "rules", "incidents", app.rules_handler)
        return app
    from services.delivery.app import attach_delivery, observe_lag
    from services.delivery.handler import DeliveringRulesHandler

    handler = DeliveringRulesHandler(app.rules_handler, attach_delivery(app, settings))
    add_stage(app, settings, "rules", "incidents", handler,
              after=lambda message: observe_lag(app, app.delivery_service, message))
    return app


def __getattr__(name: str) -> object:
    if name == "app":
        return create_app(Settings())
    raise AttributeError(name)
