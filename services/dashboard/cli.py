"""``conflict-alerts dashboard``: serve the dashboard (and its API) until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
from typing import Any

from services.common.gctune import tune_gc
from services.common.logs import setup_logging
from services.common.loop import install_event_loop
from services.common.settings import Settings

__all__ = ["register"]


def run_dashboard(args: argparse.Namespace) -> int:
    from aiohttp import web

    from services.dashboard.server import create_web_app

    settings = Settings()
    setup_logging(settings.log_level, settings.log_format)
    install_event_loop(settings)
    tune_gc()
    host = args.host or settings.dashboard_host
    port = settings.dashboard_port if args.port is None else args.port
    print(f"dashboard: http://{host}:{port}/", flush=True)
    web.run_app(create_web_app(settings), host=host, port=port, print=None,
                handle_signals=True, shutdown_timeout=2.0,
                access_log=None)  # the live feed and probes would flood the log
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("dashboard", help="serve the live dashboard and its JSON API")
    parser.add_argument("--host", default=None, help="bind address (default: settings)")
    parser.add_argument("--port", type=int, default=None, help="port (default: settings)")
    parser.set_defaults(func=run_dashboard)
