"""Operations endpoints and metrics: what an orchestrator probes and Prometheus scrapes.

Every worker serves, on ``Settings.ops_port`` through faust's own web server (aiohttp):

    /healthz   liveness: the process and its event loop answer
    /readyz    readiness: the broker accepts a connection and partitions were assigned (503 if not)
    /metrics   prometheus-client's default registry, so metrics any module registers appear

The metrics themselves are defined here once; ``services.common.stage`` counts messages and times
handlers, the dashboard reuses ``LagCollector``. Only ``enable_ops`` touches faust.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from services.common.settings import Settings

__all__ = [
    "ALERTS",
    "REGISTRY",
    "DEAD_LETTERED",
    "HANDLER_SECONDS",
    "PROCESSED",
    "REREADS",
    "LAG",
    "LagCollector",
    "broker_reachable",
    "count_reread",
    "count_alert",
    "enable_ops",
    "metrics_body",
    "ops_options",
]

PROCESSED = Counter("conflict_alerts_messages_processed_total",
                    "Messages a stage handled successfully.", ["stage"])
DEAD_LETTERED = Counter("conflict_alerts_messages_dead_lettered_total",
                        "Messages a stage sent to the dead-letter topic.", ["stage"])
HANDLER_SECONDS = Histogram(
    "conflict_alerts_handler_seconds",
    "Time to handle one message, per stage (stage='extractor' is the extraction time).",
    ["stage"],
    # Extraction takes milliseconds for a short report and up to seconds for a long article.
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
ALERTS = Counter("conflict_alerts_alerts_total",
                 "Alert messages published, per rule that fires and status.", ["rule", "status"])

#: Set by ``up`` when it starts a worker again after a crash (0 at first start).
RESTARTS = Gauge("conflict_alerts_worker_restarts",
                 "Times the supervisor (`up`) restarted this worker after it crashed.")
_restarts = os.environ.get("CONFLICT_ALERTS_WORKER_RESTARTS", "0")
RESTARTS.set(int(_restarts) if _restarts.isdigit() else 0)


REREADS = Counter("conflict_alerts_partition_rereads_total",
                  "Times a stalled partition (records fetched, never committed) was read again "
                  "from its committed offset.", ["topic"])


def count_reread(topic: str) -> None:
    REREADS.labels(topic=topic).inc()


def count_alert(rule_ids: list[str], status: str) -> None:
    """Count one published alert message under each of its rules."""
    for rule in rule_ids:
        ALERTS.labels(rule=rule, status=status).inc()


class LagCollector(Collector):
    """``conflict_alerts_consumer_lag{topic, consumer}``: records behind the end offsets, read
    from each tracked consumer on scrape. One instance (``LAG``) is registered per process."""

    def __init__(self) -> None:
        self._sources: dict[str, Callable[[], Mapping[str, int]]] = {}

    def track(self, consumer: str, lag: Callable[[], Mapping[str, int]]) -> None:
        self._sources[consumer] = lag

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("conflict_alerts_consumer_lag",
                                   "Records behind the partition end offsets, per topic.",
                                   labels=["topic", "consumer"])
        for consumer, source in sorted(self._sources.items()):
            try:
                lags = dict(source())
            except Exception:  # noqa: BLE001 - a scrape must not fail while a consumer starts
                continue
            for topic, lag in sorted(lags.items()):
                family.add_metric([topic, consumer], lag)
        yield family


LAG = LagCollector()
REGISTRY.register(LAG)


def metrics_body() -> tuple[bytes, str]:
    """The default registry in Prometheus text format, and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


async def broker_reachable(bootstrap: str, timeout_s: float = 1.0) -> bool:
    """True when any bootstrap server accepts a TCP connection."""
    for server in bootstrap.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), timeout_s)
        except (TimeoutError, OSError, ValueError):
            continue
        writer.close()
        return True
    return False


def _faust_lag(app: Any) -> dict[str, int]:
    consumer = app.consumer
    out: dict[str, int] = {}
    for tp in consumer.assignment():
        end = consumer.highwater(tp)
        if end is None:
            continue
        committed = consumer._committed_offset.get(tp)  # faust's own bookkeeping
        out[tp.topic] = out.get(tp.topic, 0) + max(0, end - (committed or 0))
    return out


def ops_options(settings: Settings) -> dict[str, Any]:
    """faust settings that turn its web server on for the ops endpoints (or leave it off)."""
    if settings.ops_port is None:
        return {"web_enabled": False}
    return {"web_enabled": True, "web_port": settings.ops_port, "web_bind": settings.ops_host,
            "web_host": settings.ops_host}


def enable_ops(app: Any, settings: Settings, stage: str) -> None:
    """Register /healthz, /readyz and /metrics on a faust app (served when ``ops_port`` is set)."""
    state = {"assigned": False, "started": time.monotonic()}

    @app.on_partitions_assigned.connect
    async def _assigned(app_: Any, assigned: Any, **_: Any) -> None:
        state["assigned"] = True

    LAG.track(stage, lambda: _faust_lag(app))

    @app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        return web.json({"status": "ok", "stage": stage})

    @app.page("/readyz")
    async def readyz(web: Any, request: Any) -> Any:
        broker = await broker_reachable(settings.bootstrap_servers)
        ready = broker and bool(state["assigned"]) and not app.rebalancing
        body = {"ready": ready, "stage": stage, "broker_reachable": broker,
                "partitions_assigned": bool(state["assigned"]),
                "rebalancing": bool(app.rebalancing)}
        return web.json(body, status=200 if ready else 503)

    @app.page("/metrics")
    async def metrics(web: Any, request: Any) -> Any:
        body, content_type = metrics_body()
        # aiohttp refuses a charset inside content_type=; pass the header whole.
        return web.bytes(body, headers={"Content-Type": content_type})
