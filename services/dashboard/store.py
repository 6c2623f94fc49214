"""The dashboard's view of the ``alerts`` topic: every version of each recent alert, bounded.

Memory is bounded three ways: alerts not updated within the window are dropped, at most
``max_alerts`` are kept (least recently updated dropped first), and each alert keeps at most
``MAX_VERSIONS`` versions. Report texts (for evidence highlighting) live in an LRU of their own.
Pure: the caller passes ``now``.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from schemas import Alert, AlertEvent

__all__ = ["MAX_VERSIONS", "AlertEntry", "AlertStore", "ReportTexts"]

#: Versions kept per alert; an alert revised more often keeps its first and latest ones.
MAX_VERSIONS = 50


@dataclass
class AlertEntry:
    """One alert: its versions in sequence order (the last is current)."""

    versions: list[Alert] = field(default_factory=list)

    @property
    def current(self) -> Alert:
        return self.versions[-1]

    def add(self, alert: Alert) -> bool:
        """Insert a version; False when it is a duplicate or older than one already held."""
        if any(v.sequence == alert.sequence for v in self.versions):
            return False
        self.versions.append(alert)
        self.versions.sort(key=lambda v: v.sequence)
        if len(self.versions) > MAX_VERSIONS:
            del self.versions[1]  # keep the first (how it began) and the latest
        return self.versions[-1] is alert


class AlertStore:
    """Recent alerts by id, most recently updated last."""

    def __init__(self, *, window: timedelta, max_alerts: int) -> None:
        self.window = window
        self.max_alerts = max_alerts
        self._entries: OrderedDict[str, AlertEntry] = OrderedDict()
        # (updated_at, alert_id) of every current version, oldest first: pruning looks only at
        # the expired head instead of scanning all alerts on every message. Entries whose alert
        # has a newer version since are skipped when they surface.
        self._expiry: list[tuple[datetime, str]] = []

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, event: AlertEvent, now: datetime) -> Alert | None:
        """Record one message; return the alert when it is the alert's newest version (to be
        pushed to live clients), None when it is stale, a duplicate or outside the window."""
        alert = event.data
        if alert.updated_at < now - self.window:
            return None
        entry = self._entries.get(alert.alert_id)
        if entry is None:
            entry = self._entries[alert.alert_id] = AlertEntry()
        newest = entry.add(alert)
        if newest:
            self._entries.move_to_end(alert.alert_id)
            heapq.heappush(self._expiry, (alert.updated_at, alert.alert_id))
        self.prune(now)
        return alert if newest and alert.alert_id in self._entries else None

    def prune(self, now: datetime) -> None:
        """Drop alerts past the window, then the least recently updated beyond ``max_alerts``."""
        cutoff = now - self.window
        while self._expiry and self._expiry[0][0] < cutoff:
            _, alert_id = heapq.heappop(self._expiry)
            entry = self._entries.get(alert_id)
            if entry is not None and entry.current.updated_at < cutoff:
                del self._entries[alert_id]
        while len(self._entries) > self.max_alerts:
            self._entries.popitem(last=False)
        if len(self._expiry) > 2 * len(self._entries) + 64:  # drop the superseded entries
            self._expiry = [(e.current.updated_at, k) for k, e in self._entries.items()]
            heapq.heapify(self._expiry)

    def get(self, alert_id: str) -> AlertEntry | None:
        return self._entries.get(alert_id)

    def current(self) -> list[Alert]:
        """The current version of every alert, most recently updated first."""
        alerts = [e.current for e in self._entries.values()]
        alerts.sort(key=lambda a: (a.updated_at, a.alert_id), reverse=True)
        return alerts


class ReportTexts:
    """Report id -> text, least recently added dropped first (``capacity`` 0 keeps nothing)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._texts: OrderedDict[str, str] = OrderedDict()

    def add(self, report_id: str, text: str) -> None:
        if self.capacity <= 0:
            return
        self._texts[report_id] = text
        self._texts.move_to_end(report_id)
        while len(self._texts) > self.capacity:
            self._texts.popitem(last=False)

    def get(self, report_id: str) -> str | None:
        return self._texts.get(report_id)

    def __len__(self) -> int:
        return len(self._texts)
