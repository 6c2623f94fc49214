"""The live dashboard and its JSON API: reads the ``alerts`` topic (and ``reports``, for the text
behind the evidence) with its own group-less consumer, keeps a bounded in-memory view, and serves
a page (plain SVG map, vanilla JS, no third-party assets), ``/api/*`` and a server-sent event feed.

    store.py    the bounded view of recent alerts and report texts (pure)
    filters.py  the query string filters and pagination (pure)
    views.py    JSON shapes the API returns (pure)
    feed.py     the consumer that fills the store and the broadcaster behind the live feed
    server.py   the aiohttp application: page, API, SSE, /healthz /readyz /metrics
    cli.py      ``conflict-alerts dashboard``
"""

from services.dashboard.filters import Filters
from services.dashboard.store import AlertStore, ReportTexts

__all__ = ["AlertStore", "Filters", "ReportTexts"]
