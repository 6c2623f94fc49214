"""The JSON the API returns, built from alerts (pure). The live feed sends ``summary`` too, so
the page renders one shape whether an alert came from ``/api/alerts`` or the feed.

Every URL leaving here has been through ``safe_link``: an ``http(s)`` URL or null, never a
``javascript:`` or ``data:`` one, whatever the message on the topic carried."""

from __future__ import annotations

from typing import Any

from schemas import Alert, Incident
from services.common.links import safe_link
from services.dashboard.store import AlertEntry, ReportTexts

__all__ = ["detail", "incident_points", "retraction", "summary"]


def _location(alert_or_incident: Alert | Incident) -> dict[str, Any] | None:
    loc = alert_or_incident.location
    return loc.model_dump(mode="json") if loc else None


def summary(alert: Alert) -> dict[str, Any]:
    """What a list row and a map marker need."""
    return {
        "alert_id": alert.alert_id,
        "sequence": alert.sequence,
        "status": alert.status,
        "severity": alert.severity,
        "rule_ids": alert.rule_ids,
        "title": alert.title,
        "summary": alert.summary,
        "event_type": alert.event_type,
        "sub_event_type": alert.sub_event_type,
        "event_date": alert.event_date.isoformat() if alert.event_date else None,
        "fatalities": alert.fatalities.model_dump(mode="json"),
        "location": _location(alert),
        "zone": alert.zone.model_dump(mode="json") if alert.zone else None,
        "sources": len(alert.sources),
        "first_seen": alert.first_seen.isoformat(),
        "updated_at": alert.updated_at.isoformat(),
        "incidents": incident_points(alert),
        "retraction": retraction(alert),
    }


def retraction(alert: Alert) -> dict[str, Any] | None:
    """Who withdrew the alert and why, with the refuting report's URL only when it is safe."""
    r = alert.retraction
    if r is None:
        return None
    return {"report_id": r.report_id, "source": r.source, "url": safe_link(r.url), "by": r.by,
            "reason": r.reason}


def incident_points(alert: Alert) -> list[dict[str, Any]]:
    """One map point per located incident of the alert."""
    return [
        {"incident_id": inc.incident_id, "report_id": inc.report_id, "alert_id": alert.alert_id,
         "severity": alert.severity, "rule_ids": alert.rule_ids, "title": alert.title,
         "sub_event_type": inc.sub_event_type, "location": _location(inc)}
        for inc in alert.incidents if inc.location is not None
    ]


def _evidence(incident: Incident, texts: ReportTexts) -> dict[str, Any]:
    """The report text (when held) with the spans to highlight, else the evidence sentences."""
    spans = sorted(
        ({"field": e.field, "start": e.start, "end": e.end, "text": e.text,
          "sentence": e.sentence, "rule_ids": e.rule_ids} for e in incident.evidence),
        key=lambda s: (s["start"], s["end"]),
    )
    text = texts.get(incident.report_id)
    # A span is only usable against the text it was cut from.
    if text is not None and not all(text[s["start"]:s["end"]] == s["text"] for s in spans):
        text = None
    return {"incident_id": incident.incident_id, "report_id": incident.report_id,
            "report_title": incident.source.title, "report_url": safe_link(incident.source.url),
            "text": text, "spans": spans}


def _alert_json(alert: Alert) -> dict[str, Any]:
    """The full alert, every URL in it replaced by its ``safe_link`` (null when unsafe)."""
    data = alert.model_dump(mode="json")
    for source in data["sources"]:
        source["url"] = safe_link(source["url"])
    for inc in data["incidents"]:
        inc["source"]["url"] = safe_link(inc["source"]["url"])
    if data["retraction"] is not None:
        data["retraction"]["url"] = safe_link(data["retraction"]["url"])
    return data


def detail(entry: AlertEntry, texts: ReportTexts) -> dict[str, Any]:
    """The current alert in full, its history of updates, and the evidence per incident."""
    alert = entry.current
    history, seen = [], set()
    for v in entry.versions:
        # Each version repeats every merge so far; the history shows the ones it added.
        new = [m for m in v.merges if (m.report_id, m.incident_id) not in seen]
        seen |= {(m.report_id, m.incident_id) for m in v.merges}
        history.append({
            "sequence": v.sequence, "status": v.status, "severity": v.severity,
            "rule_ids": v.rule_ids, "updated_at": v.updated_at.isoformat(),
            "fatalities": v.fatalities.model_dump(mode="json"),
            "changes": [c.model_dump(mode="json") for c in v.changes],
            "merges": [m.model_dump(mode="json") for m in new]})
    return {
        "alert": _alert_json(alert),
        "summary": summary(alert),
        "history": history,
        "evidence": [_evidence(inc, texts) for inc in alert.incidents],
    }
