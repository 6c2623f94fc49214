"""Which receivers an alert goes to: small pure functions of the alert, the filters and the
routing tree (Alertmanager's ``route``: a node matches when all its matchers hold; its children
are tried in order, the first match wins unless it says ``continue``; a matching node none of
whose children match is itself the target)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from schemas import Alert
from services.delivery.config import Filters, Receiver, Route
from services.delivery.matchers import Matcher, labels, parse_matcher

__all__ = ["SEVERITY_ORDER", "matches", "route", "route_tree"]

SEVERITY_ORDER = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


@lru_cache(maxsize=4096)
def _compiled(texts: tuple[str, ...]) -> tuple[Matcher, ...]:
    return tuple(parse_matcher(t) for t in texts)


def _all_match(texts: tuple[str, ...], alert_labels: dict[str, tuple[str, ...]]) -> bool:
    return all(m.matches(alert_labels[m.name]) for m in _compiled(tuple(texts)))


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
        not filters.matchers or _all_match(filters.matchers, labels(alert)),
    )
    return all(checks)


def route_tree(alert: Alert, node: Route) -> list[str]:
    """Receiver names the tree sends ``alert`` to (in order, without duplicates)."""
    found: list[str] = []
    _walk(node, labels(alert), found, root=True)
    return list(dict.fromkeys(found))


def _walk(node: Route, alert_labels: dict[str, tuple[str, ...]], found: list[str], *,
          root: bool = False) -> bool:
    if not root and not _all_match(node.matchers, alert_labels):
        return False
    if root and node.matchers and not _all_match(node.matchers, alert_labels):
        return False
    child_matched = False
    for child in node.routes:
        if _walk(child, alert_labels, found):
            child_matched = True
            if not child.continue_:
                break
    if not child_matched and node.receiver:
        found.append(node.receiver)
    return True


def route(alert: Alert, receivers: Iterable[Receiver], tree: Route | None = None) -> list[Receiver]:
    """Receivers ``alert`` goes to: by the tree when given, then by each receiver's filters."""
    candidates = list(receivers)
    if tree is not None:
        by_name = {r.name: r for r in candidates}
        candidates = [by_name[n] for n in route_tree(alert, tree) if n in by_name]
    return [r for r in candidates if matches(alert, r.filters)]
