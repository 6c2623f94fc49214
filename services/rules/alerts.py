"""Composing Alert messages from an open event: title, toll, sources, and what changed.

Owns how an event's incidents become one ``Alert`` (best toll = the highest reported since the
latest revision, best location = the most precise, title from the most severe rule), the toll's
history, the statements and retraction it carries, and the ``changes`` list of an update
(field, before, after, and why when a report says so).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from schemas.alert import (
    Alert,
    AlertStatus,
    Change,
    Retraction,
    SourceRef,
    Statement,
    TollEntry,
    TollKind,
    ZoneRef,
)
from schemas.incident import Casualties, Incident, Location, Target
from services.rules.ruleset import SEVERITY_RANK, Rule
from services.rules.state import OpenEvent, effective_date, is_retraction
from services.rules.titles import render

__all__ = [
    "alert_id_for",
    "best_casualties",
    "best_date",
    "best_location",
    "compose",
    "current_targets",
    "diff",
    "retraction_of",
    "since_revision",
    "statements",
    "title_context",
    "toll_history",
]


def alert_id_for(incident_id: str) -> str:
    """Deterministic alert id from the first incident, so replays give the same ids."""
    return "alt-" + hashlib.sha256(incident_id.encode("utf-8")).hexdigest()[:20]


def _revises(incident: Incident, attr: str) -> bool:
    rev = incident.revision
    return (rev is not None and rev.field == attr and rev.kind == "revised"
            and getattr(incident, attr).total is not None)


def best_casualties(incidents: list[Incident], attr: str = "fatalities") -> Casualties:
    """Highest total reported since the latest revision (a wire repeating an early, lower toll
    does not lower it; "revised down to six" does)."""
    start = max((k for k, i in enumerate(incidents) if _revises(i, attr)), default=0)
    counts: list[Casualties] = [getattr(i, attr) for i in incidents[start:]]
    with_total = [c for c in counts if c.total is not None]
    if not with_total:
        base = Casualties()
    else:
        base = max(with_total, key=lambda c: c.total or 0)

    def top(name: str) -> int | None:
        vals = [getattr(c, name) for c in counts if getattr(c, name) is not None]
        return max(vals) if vals else None

    return Casualties(total=base.total, civilians=top("civilians"), children=top("children"),
                      qualifier=base.qualifier)


def toll_history(incidents: list[Incident], withdrawn: set[str]) -> list[TollEntry]:
    """Every report's killed figure in arrival order, with what it did to the toll; a
    refutation closes it. Withdrawn reports are left out."""
    out: list[TollEntry] = []
    best: int | None = None
    for i in incidents:
        kind: TollKind
        value = i.fatalities.total
        if is_retraction(i):
            kind, value = "refuted", None
        elif i.incident_id in withdrawn or value is None:
            continue
        elif _revises(i, "fatalities"):
            kind, best = "revised", value
        elif best is None:
            kind, best = "first", value
        elif value > best:
            kind, best = "rises", value
        else:
            kind = "reported"
        out.append(TollEntry(value=value, report_id=i.report_id, source=i.source.name,
                             at=i.source.published_at, kind=kind))
    return out


def statements(incidents: list[Incident]) -> list[Statement]:
    """Denials by the accused party the reports carry (evidence items of field 'denial')."""
    out: dict[tuple[str, str], Statement] = {}
    for i in incidents:
        for e in i.evidence:
            if e.field == "denial":
                out.setdefault((i.report_id, e.sentence), Statement(
                    kind="denied_by_accused", report_id=i.report_id, source=i.source.name,
                    text=e.sentence, rule_ids=e.rule_ids))
    return list(out.values())


def retraction_of(incidents: list[Incident]) -> Retraction | None:
    """Who withdrew the event and why: the latest retraction among the incidents."""
    last = next((i for i in reversed(incidents) if is_retraction(i)), None)
    if last is None:
        return None
    r = last.refutation
    reason = r.reason if r is not None else next(
        (e.sentence for e in last.evidence if e.field in ("retraction", "status")), last.summary)
    return Retraction(report_id=last.report_id, source=last.source.name, url=last.source.url,
                      by=r.by if r is not None else None, reason=reason)


def since_revision(incidents: list[Incident], field: str) -> list[Incident]:
    """The incidents from the latest one that revises ``field`` ("date", "location", "targets":
    "on Sunday, not Monday as first reported") on; all of them when none does. What came before
    is the detail as first reported, which the revision replaces."""
    start = max((k for k, i in enumerate(incidents) if i.revision is not None
                 and i.revision.field == field and i.revision.kind == "revised"), default=0)
    return incidents[start:]


def best_location(incidents: list[Incident]) -> Location | None:
    """The most precise place told since the latest revision of the place."""
    located = [i.location for i in since_revision(incidents, "location") if i.location is not None]
    return min(located, key=lambda loc: loc.radius_km) if located else None


def best_date(incidents: list[Incident]) -> dt.date | None:
    """The first incident's date, or the latest revision's ("on Sunday, not Monday")."""
    return since_revision(incidents, "date")[0].date


def current_targets(incidents: list[Incident]) -> list[Target]:
    """What was hit, as told since the latest revision of the target."""
    return [t for i in since_revision(incidents, "targets") for t in i.targets]


def title_context(
    primary: Incident,
    incidents: list[Incident],
    location: Location | None,
    zone: ZoneRef | None,
    area_attacks: int,
    window_days: int,
) -> dict[str, Any]:
    targets = current_targets(incidents)
    perps = [a.name for i in incidents for a in i.actors if a.role == "perpetrator"]
    return {
        "location": location.model_dump() if location else {},
        "event_type": primary.event_type,
        "sub_event_type": primary.sub_event_type,
        "date": (best_date(incidents) or effective_date(primary)).isoformat(),
        "fatalities": best_casualties(incidents).model_dump(),
        "injured": best_casualties(incidents, "injured").model_dump(),
        "target": targets[0].model_dump() if targets else {},
        "perpetrator": perps[0] if perps else None,
        "zone": zone.model_dump() if zone else {},
        "area_attacks": area_attacks or None,
        "window_days": window_days,
    }


def _sources(incidents: list[Incident]) -> list[SourceRef]:
    seen: dict[str, SourceRef] = {}
    for i in incidents:
        seen.setdefault(i.report_id, SourceRef(report_id=i.report_id, title=i.source.title,
                                               url=i.source.url, source=i.source.name))
    return list(seen.values())


def _summary(primary: Incident, incidents: list[Incident], location: Location | None) -> str:
    text = primary.summary.strip() or (
        f"{primary.sub_event_type} in {location.name if location else 'an unknown place'} "
        f"on {effective_date(primary)}."
    )
    n_reports = len({i.report_id for i in incidents})
    if n_reports > 1:
        text += f" ({n_reports} reports)"
    return text


def compose(
    event: OpenEvent,
    rules: list[Rule],
    zone: ZoneRef | None,
    context_extra: dict[str, int],
    status: AlertStatus,
    now: dt.datetime,
    incidents: list[Incident] | None = None,
) -> Alert:
    """The alert for ``event`` with the given (sticky, ruleset-ordered) rules fired."""
    incidents = incidents if incidents is not None else event.active()
    incidents = [i for i in incidents if not is_retraction(i)] or incidents
    primary = incidents[0]
    location = best_location(incidents)
    top = max(rules, key=lambda r: SEVERITY_RANK[r.severity])  # first of the most severe
    ctx = title_context(primary, incidents, location, zone, context_extra.get("area_attacks", 0),
                        context_extra.get("window_days", 0))
    prev = event.alert
    return Alert(
        alert_id=event.event_id,
        sequence=prev.sequence + 1 if prev else 1,
        status=status,
        rule_ids=[r.id for r in rules],
        severity=top.severity,
        title=render(top.title, ctx),
        summary=_summary(primary, incidents, location),
        event_type=primary.event_type,
        sub_event_type=primary.sub_event_type,
        event_date=best_date(incidents) or event.event_date,
        fatalities=best_casualties(incidents),
        incidents=incidents,
        location=location,
        zone=zone,
        sources=_sources(incidents),
        merges=event.merges,
        first_seen=prev.first_seen if prev else now,
        updated_at=now,
        changes=[],
        toll_history=toll_history(event.incidents, set(event.withdrawn)),
        statements=statements([*incidents, *event.noted]),
        retraction=retraction_of(event.incidents) if status == "retracted" else None,
    )


def _view(alert: Alert) -> dict[str, Any]:
    return {
        "status": alert.status,
        "rule_ids": alert.rule_ids,
        "severity": alert.severity,
        "title": alert.title,
        "event_date": alert.event_date.isoformat() if alert.event_date else None,
        "fatalities.total": alert.fatalities.total,
        "fatalities.civilians": alert.fatalities.civilians,
        "fatalities.children": alert.fatalities.children,
        "location": alert.location.name if alert.location else None,
        "zone": f"{alert.zone.id} ({alert.zone.certainty})" if alert.zone else None,
        "targets": sorted({f"{t.category}:{t.type}" for t in current_targets(alert.incidents)}),
        "sources": [s.report_id for s in alert.sources],
        "incidents": [i.incident_id for i in alert.incidents],
        "statements": [s.text for s in alert.statements],
    }


def diff(before: Alert, after: Alert) -> list[Change]:
    """Fields whose value differs between two messages of one alert."""
    b, a = _view(before), _view(after)
    changes = [Change(field=k, before=b[k], after=a[k]) for k in a if a[k] != b[k]]
    # The status is already on the message; only a retraction (or re-opening) is a change.
    return [c for c in changes if c.field != "status" or "retracted" in (c.before, c.after)]
