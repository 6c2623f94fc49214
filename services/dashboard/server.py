"""The dashboard's HTTP side (aiohttp): the page and its static files, the JSON API, the live
feed as server-sent events, and the same /healthz /readyz /metrics every worker serves.

    GET /                     the page (static/index.html; filters live in its query string)
    GET /api/alerts           current alerts, filtered (see filters.py), newest first, paginated
    GET /api/alerts/{id}      one alert: full message, history of updates, evidence
    GET /api/incidents        located incidents of the filtered alerts (map markers)
    GET /api/zones            the declared zones (GeoJSON)
    GET /api/boundaries       the base layer: admin1 areas (GeoJSON, Who's On First, CC0)
    GET /api/world            country outlines (GeoJSON, Natural Earth via world-atlas)
    GET /api/stream           server-sent events: one ``alert`` event per new alert version

Every response carries the security headers of ``guard.py``; with a read token, every request
but the probes must carry it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from prometheus_client import Gauge
from pydantic import SecretStr

from services.common.clock import utcnow
from services.common.ops import LAG, broker_reachable, metrics_body
from services.common.settings import Settings
from services.dashboard.build_base import BASE_LAYER
from services.dashboard.build_world import WORLD_LAYER
from services.dashboard.feed import Broadcaster, Feed
from services.dashboard.filters import FilterError, Filters
from services.dashboard.guard import security_headers, token_guard
from services.dashboard.store import AlertStore, ReportTexts
from services.dashboard.views import detail, summary

__all__ = ["create_web_app"]

STATIC = Path(__file__).parent / "static"
FEED = web.AppKey("feed", Feed)
ZONES = web.AppKey("zones", bytes)
CLOCK = web.AppKey("clock", Callable)
#: Seconds between SSE comments that keep proxies from closing an idle stream.
KEEPALIVE_S = 15.0

_CLIENTS = Gauge("conflict_alerts_dashboard_clients", "Live feed connections open.")
_ALERTS_HELD = Gauge("conflict_alerts_dashboard_alerts", "Alerts the dashboard holds.")


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False))


def _filters(request: web.Request) -> Filters:
    try:
        return Filters.from_query(request.query)
    except FilterError as exc:
        raise web.HTTPBadRequest(text=json.dumps({"error": str(exc)}),
                                 content_type="application/json") from exc


def _matching(request: web.Request) -> tuple[Filters, list[Any]]:
    feed, now = request.app[FEED], request.app[CLOCK]()
    feed.store.prune(now)
    filters = _filters(request)
    return filters, [a for a in feed.store.current() if filters.matches(a, now)]


async def alerts(request: web.Request) -> web.Response:
    filters, found = _matching(request)
    page = found[filters.offset: filters.offset + filters.limit]
    return _json({"total": len(found), "offset": filters.offset, "limit": filters.limit,
                  "items": [summary(a) for a in page]})


async def alert(request: web.Request) -> web.Response:
    feed = request.app[FEED]
    entry = feed.store.get(request.match_info["alert_id"])
    if entry is None:
        return _json({"error": "no such alert (unknown, or older than the window)"}, 404)
    return _json(detail(entry, feed.texts))


async def incidents(request: web.Request) -> web.Response:
    _, found = _matching(request)
    points = [p for a in found for p in summary(a)["incidents"]]
    return _json({"total": len(points), "items": points})


async def zones(request: web.Request) -> web.Response:
    return web.Response(body=request.app[ZONES], content_type="application/geo+json")


async def boundaries(request: web.Request) -> web.FileResponse:
    return web.FileResponse(BASE_LAYER, headers={"Content-Type": "application/geo+json"})


async def world(request: web.Request) -> web.FileResponse:
    return web.FileResponse(WORLD_LAYER, headers={"Content-Type": "application/geo+json"})


async def stream(request: web.Request) -> web.StreamResponse:
    """Server-sent events. The page loads /api/alerts first, then applies each event."""
    broadcaster = request.app[FEED].broadcaster
    response = web.StreamResponse(headers={
        "Content-Type": "text/event-stream", "Cache-Control": "no-cache",
        "X-Accel-Buffering": "no"})  # nginx: do not buffer the stream
    await response.prepare(request)
    queue = broadcaster.subscribe()
    _CLIENTS.inc()
    try:
        await response.write(b"retry: 2000\nevent: hello\ndata: {}\n\n")
        while True:
            try:
                message = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
            except TimeoutError:
                await response.write(b": keepalive\n\n")
                continue
            if message is None:  # dropped for falling behind: the page reconnects and reloads
                break
            data = json.dumps(message["alert"], ensure_ascii=False)
            await response.write(f"event: alert\ndata: {data}\n\n".encode())
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    finally:
        broadcaster.unsubscribe(queue)
        _CLIENTS.dec()
    return response


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


async def healthz(request: web.Request) -> web.Response:
    return _json({"status": "ok", "stage": "dashboard"})


async def readyz(request: web.Request) -> web.Response:
    feed = request.app[FEED]
    broker = await broker_reachable(feed.settings.bootstrap_servers)
    ready = broker and feed.ready
    return _json({"ready": ready, "stage": "dashboard", "broker_reachable": broker,
                  "partitions_assigned": feed.ready, "alerts": len(feed.store)},
                 200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    _ALERTS_HELD.set(len(request.app[FEED].store))
    body, content_type = metrics_body()
    return web.Response(body=body, headers={"Content-Type": content_type})


def create_web_app(settings: Settings, *, clock: Callable[[], datetime] = utcnow,
                   consume: bool = True, token: SecretStr | None = None) -> web.Application:
    """The aiohttp app; with ``consume`` it runs the feed's consumer while it serves; with
    ``token`` only requests carrying it are served (``guard.token_guard``)."""
    from services.rules.zones import DEFAULT_ZONES

    store = AlertStore(window=timedelta(hours=settings.dashboard_window_h),
                       max_alerts=settings.dashboard_max_alerts)
    feed = Feed(settings, store, ReportTexts(settings.dashboard_max_reports), Broadcaster(),
                clock=clock)
    app = web.Application(middlewares=[token_guard(token)] if token is not None else [])
    app.on_response_prepare.append(security_headers)
    app[FEED], app[CLOCK] = feed, clock
    app[ZONES] = Path(settings.zones_file or DEFAULT_ZONES).read_bytes()
    LAG.track("dashboard", feed.lag)
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC)
    app.router.add_get("/api/alerts", alerts)
    app.router.add_get("/api/alerts/{alert_id}", alert)
    app.router.add_get("/api/incidents", incidents)
    app.router.add_get("/api/zones", zones)
    app.router.add_get("/api/boundaries", boundaries)
    app.router.add_get("/api/world", world)
    app.router.add_get("/api/stream", stream)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)

    if consume:
        async def consumer(app_: web.Application) -> AsyncIterator[None]:
            task = asyncio.create_task(feed.run())
            yield
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

        app.cleanup_ctx.append(consumer)
    return app
