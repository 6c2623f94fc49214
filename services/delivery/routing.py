"""Which receivers an alert goes to: a small pure function of the alert and the filters."""

from __future__ import annotations

from collections.abc import Iterable

from schemas import Alert
from services.delivery.config import Filters, Receiver

__all__ = ["SEVERITY_ORDER", "matches", "route"]

SEVERITY_ORDER = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def matches(alert: Alert, filters: Filters) -> bool:
    location = alert.location
    checks = (
        filters.rule_ids is None or bool(filters.rule_ids.intersection(alert.rule_ids)),
        filters.min_severity is None
        or SEVERITY_ORDER[alert.severity] >= SEVERITY_ORDER[filters.min_severity],
        filters.countries is None
        or (location is not None and location.country in filters.countries),
        filters.admin1 is None or (location is not None and location.admin1 in filters.admin1),
        filters.zones is None or (alert.zone is not None and alert.zone.id in filters.zones),
        filters.event_types is None or alert.event_type in filters.event_types,
    )
    return all(checks)


def route(alert: Alert, receivers: Iterable[Receiver]) -> list[Receiver]:
    return [r for r in receivers if matches(alert, r.filters)]
