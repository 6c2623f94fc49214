"""The extractor worker: reports topic -> incidents topic. ``faust -A services.extractor.app
worker`` works too (module-level ``app``), configured from the environment."""

from __future__ import annotations

from services.common.faust_app import ServiceApp
from services.common.faust_app import create_app as create_base_app
from services.common.settings import Settings
from services.common.stage import add_stage
from services.extractor.handler import ExtractHandler

__all__ = ["create_app"]


def create_app(settings: Settings) -> ServiceApp:
    from services.extractor import Resources

    app = create_base_app(settings, "extractor")
    app.extract_handler = ExtractHandler(
        Resources.load(), max_report_bytes=settings.max_report_bytes
    )
    add_stage(app, settings, "extractor", "reports", app.extract_handler)
    return app


def __getattr__(name: str) -> object:
    if name == "app":
        return create_app(Settings())
    raise AttributeError(name)
