"""Contract objects for tests, built field by field (no extractor or rules engine involved)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from schemas import Alert, AlertEvent, Casualties, Incident, Location, ReportSource, Target

NOW = datetime(2019, 5, 10, 9, 0, tzinfo=UTC)


def incident(**overrides: Any) -> Incident:
    fields: dict[str, Any] = {
        "incident_id": "inc-1",
        "report_id": "rep-1",
        "source": ReportSource(title="Strike on a hospital", url="https://news.example/1",
                               name="Example News", published_at=NOW),
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "date": date(2019, 5, 9),
        "location": Location(name="Kafr Nabl", admin1="Idlib", country="SY", lat=35.6133,
                             lon=36.5617, precision="town", radius_km=2.0),
        "fatalities": Casualties(total=3, civilians=3),
        "targets": [Target(type="hospital", category="health")],
        "summary": "An air strike hit the hospital of Kafr Nabl.",
        "confidence": 0.9,
        "extracted_at": NOW,
    }
    fields.update(overrides)
    return Incident(**fields)


def alert(**overrides: Any) -> Alert:
    inc = overrides.pop("incident", None) or incident()
    fields: dict[str, Any] = {
        "alert_id": "alert-1",
        "sequence": 1,
        "status": "new",
        "rule_ids": ["health-care-attack"],
        "severity": "high",
        "title": "Attack on health care in Kafr Nabl",
        "summary": inc.summary,
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "event_date": inc.date,
        "fatalities": inc.fatalities,
        "incidents": [inc],
        "location": inc.location,
        "sources": [{"report_id": inc.report_id, "title": inc.source.title,
                     "url": inc.source.url, "source": inc.source.name}],
        "first_seen": NOW,
        "updated_at": NOW,
    }
    fields.update(overrides)
    return Alert(**fields)


def alert_event(**overrides: Any) -> AlertEvent:
    a = alert(**overrides)
    return AlertEvent(id=f"{a.alert_id}:{a.sequence}", source="/conflict-alerts/rules",
                      subject=a.alert_id, time=a.updated_at, data=a)
