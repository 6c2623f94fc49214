"""The dashboard's filters, parsed from a query string (so a filtered view is a shareable URL).

    rule=health-care-attack     alerts any of whose rules is one of these (comma-separated)
    severity=high,critical      exactly these severities;  min_severity=high  this or worse
    country=SY  admin1=Idlib    the alert's location (case-insensitive)
    zone=idlib-dmz-2018         the declared zone the alert is in
    hours=24                    updated within the last 24 hours (or since=/until=, ISO 8601)
    limit=50  offset=0          pagination of /api/alerts

Pure: ``matches`` takes ``now``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from schemas import Alert

__all__ = ["MAX_LIMIT", "SEVERITIES", "Filters", "FilterError"]

SEVERITIES = ("info", "low", "medium", "high", "critical")
MAX_LIMIT = 500


class FilterError(ValueError):
    """A query parameter that cannot be understood; the message names it (HTTP 400)."""


def _list(query: Mapping[str, str], name: str) -> tuple[str, ...]:
    raw = query.get(name) or ""
    return tuple(v.strip() for v in raw.split(",") if v.strip())


def _time(query: Mapping[str, str], name: str) -> datetime | None:
    raw = query.get(name)
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise FilterError(f"{name}: not an ISO 8601 time: {raw!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _int(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise FilterError(f"{name}: not an integer: {raw!r}") from exc
    if not low <= value <= high:
        raise FilterError(f"{name}: must be between {low} and {high}")
    return value


@dataclass(frozen=True)
class Filters:
    rules: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    min_severity: str | None = None
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    hours: float | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    offset: int = 0

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        severities = _list(query, "severity")
        min_severity = query.get("min_severity") or None
        for value in (*severities, *([min_severity] if min_severity else [])):
            if value not in SEVERITIES:
                raise FilterError(f"severity: {value!r} is not one of {', '.join(SEVERITIES)}")
        hours = None
        if query.get("hours"):
            try:
                hours = float(query["hours"])
            except ValueError as exc:
                raise FilterError(f"hours: not a number: {query['hours']!r}") from exc
            if hours <= 0:
                raise FilterError("hours: must be positive")
        return cls(
            rules=_list(query, "rule"),
            severities=severities,
            min_severity=min_severity,
            countries=tuple(c.upper() for c in _list(query, "country")),
            admin1=tuple(a.casefold() for a in _list(query, "admin1")),
            zones=_list(query, "zone"),
            hours=hours,
            since=_time(query, "since"),
            until=_time(query, "until"),
            limit=_int(query, "limit", 50, 1, MAX_LIMIT),
            offset=_int(query, "offset", 0, 0, 10**9),
        )

    def matches(self, alert: Alert, now: datetime) -> bool:
        if self.rules and not set(self.rules) & set(alert.rule_ids):
            return False
        if self.severities and alert.severity not in self.severities:
            return False
        if self.min_severity and (
            SEVERITIES.index(alert.severity) < SEVERITIES.index(self.min_severity)
        ):
            return False
        location = alert.location
        if self.countries and (location is None or location.country not in self.countries):
            return False
        if self.admin1 and (
            location is None or (location.admin1 or "").casefold() not in self.admin1
        ):
            return False
        if self.zones and (alert.zone is None or alert.zone.id not in self.zones):
            return False
        if self.hours is not None and alert.updated_at < now - timedelta(hours=self.hours):
            return False
        if self.since is not None and alert.updated_at < self.since:
            return False
        return self.until is None or alert.updated_at <= self.until
