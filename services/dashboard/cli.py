"""``conflict-alerts dashboard``: serve the dashboard (and its API) until Ctrl-C or SIGTERM.

Loopback only unless ``--expose``, which needs a read token (``guard.py``) from a file or the
environment: a token on the command line would show in ``ps``, so ``--token`` is refused."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from services.common.gctune import tune_gc
from services.common.logs import setup_logging
from services.common.loop import install_event_loop
from services.common.settings import Settings
from services.dashboard.guard import TokenError, check_binding, read_token

__all__ = ["register"]


class _RefuseToken(argparse.Action):
    """``--token VALUE`` would show the token to every user of the machine: refused."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any, **__: Any) -> None:
        parser.error("--token is not accepted (a command line is visible to every user of the "
                     "machine); use --token-file FILE or CONFLICT_ALERTS_DASHBOARD_TOKEN")


def run_dashboard(args: argparse.Namespace) -> int:
    from aiohttp import web

    from services.dashboard.server import create_web_app

    settings = Settings()
    host = args.host or settings.dashboard_host
    port = settings.dashboard_port if args.port is None else args.port
    try:
        token = read_token(settings.dashboard_token,
                           args.token_file or settings.dashboard_token_file)
        check_binding(host, expose=args.expose or settings.dashboard_expose, token=token)
    except TokenError as exc:
        print(exc, file=sys.stderr, flush=True)
        return 2
    setup_logging(settings.log_level, settings.log_format)
    install_event_loop(settings)
    tune_gc()
    shown = f"[{host}]" if ":" in host else host
    print(f"dashboard: http://{shown}:{port}/" + (" (read token required)" if token else ""),
          flush=True)
    web.run_app(create_web_app(settings, token=token), host=host, port=port, print=None,
                handle_signals=True, shutdown_timeout=2.0,
                access_log=None)  # the live feed and probes would flood the log
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("dashboard", help="serve the live dashboard and its JSON API")
    parser.add_argument("--host", default=None, help="bind address (default: settings)")
    parser.add_argument("--port", type=int, default=None, help="port (default: settings)")
    parser.add_argument("--expose", action="store_true",
                        help="allow a non-loopback --host; needs a read token")
    parser.add_argument("--token-file", default=None, metavar="FILE",
                        help="file holding the read token (else CONFLICT_ALERTS_DASHBOARD_TOKEN)")
    parser.add_argument("--token", action=_RefuseToken, nargs="?", help=argparse.SUPPRESS)
    parser.set_defaults(func=run_dashboard)
