"""Correlation: deciding that a report describes an event already open, and saying why.

Two incidents describe the same real-world event when all hold:
- both are located, in the same country, no further apart than ``max_distance_km`` plus the
  larger of their uncertainty radii (capped at ``max_uncertainty_km``);
- their dates agree: within ``date_tolerance_days`` when both are day-precise, within
  ``week_tolerance_days`` when either is only week-precise; month/year-precise dates never merge;
- their types are compatible: same event type, or both in one ``compatible_event_types`` group.

A correction (a refutation, a revised toll) that names no day of its own is dated by its
publication: it matches an event dated up to ``correction_window_days`` before it. A refutation
must also be about the same kind of target when both name one: "the school was not hit" does not
retract the alert about the hospital.

An incident is compared with every active member of each open event (``state.Member``: the
compact facts the cell index keeps); the closest match wins. The reason (distance, dates, types)
becomes the alert's ``MergeNote``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from services.rules.ruleset import CorrelationSettings
from services.rules.state import EventSummary, Member

__all__ = ["Match", "compare", "distance_km", "find_match"]

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Match:
    """An open event an incident belongs to, with the comparison that decided it."""

    key: str
    event: EventSummary
    other: Member
    distance_km: float
    days_apart: int
    reason: str


def _types(a: Member, b: Member, settings: CorrelationSettings) -> str | None:
    if a.event_type == b.event_type:
        same = "same sub-event type" if a.sub_event_type == b.sub_event_type else "same event type"
        return f"{a.event_type}/{a.sub_event_type} vs {b.event_type}/{b.sub_event_type} ({same})"
    for group in settings.compatible_event_types:
        if a.event_type in group and b.event_type in group:
            return (
                f"{a.event_type}/{a.sub_event_type} vs {b.event_type}/{b.sub_event_type} "
                "(compatible event types)"
            )
    return None


def _dates(
    a: Member, b: Member, settings: CorrelationSettings, late: bool = False
) -> tuple[int, str] | None:
    if late and a.date is None:  # a correction dated only by its publication
        after = (a.published - b.day).days
        window = settings.correction_window_days
        if not 0 <= after <= window:
            return None
        return after, (f"correction published {a.published}, {after} day(s) after the event of "
                       f"{b.day}, within the {window}-day correction window")
    precisions = {a.date_precision, b.date_precision}
    if precisions & {"month", "year"}:
        return None
    limit = settings.week_tolerance_days if "week" in precisions else settings.date_tolerance_days
    da, db = a.day, b.day
    apart = abs((da - db).days)
    if apart > limit:
        return None
    undated = " (undated: publication date used)" if a.date is None or b.date is None else ""
    what = "same date" if apart == 0 else f"{apart} day(s) apart"
    return apart, f"dates {da} vs {db}: {what}, within ±{limit}{undated}"


def compare(
    a: Member, b: Member, settings: CorrelationSettings, late: bool = False
) -> tuple[float, int, str] | None:
    """(distance km, days apart, reason) when ``a`` and ``b`` may be one event, else None.
    ``late``: ``a`` corrects earlier reporting (see the module docstring)."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    if a.country != b.country:
        return None
    if late and a.categories and b.categories and not set(a.categories) & set(b.categories):
        return None
    types = _types(a, b, settings)
    if types is None:
        return None
    dates = _dates(a, b, settings, late)
    if dates is None:
        return None
    dist = distance_km(a.lat, a.lon, b.lat, b.lon)
    slack = min(max(a.radius_km, b.radius_km), settings.max_uncertainty_km)
    limit = settings.max_distance_km + slack
    if dist > limit:
        return None
    apart, date_reason = dates
    reason = (
        f"{dist:.1f} km from {b.name} (limit {limit:.1f} km = {settings.max_distance_km:g} "
        f"+ uncertainty {slack:g}); {date_reason}; types {types}"
    )
    return dist, apart, reason


def find_match(
    member: Member, events: list[tuple[str, EventSummary]], settings: CorrelationSettings,
    late: bool = False,
) -> Match | None:
    """The closest open event (distance, then days apart) the incident correlates with."""
    best: Match | None = None
    for key, event in events:
        for other in event.active():
            result = compare(member, other, settings, late)
            if result is None:
                continue
            dist, apart, reason = result
            if best is None or (dist, apart) < (best.distance_km, best.days_apart):
                best = Match(key, event, other, dist, apart,
                             f"same event as {other.incident_id} (report {other.report_id}): "
                             + reason)
    return best
