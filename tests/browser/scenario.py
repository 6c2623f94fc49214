"""A report and the alert events it leads to, with evidence spans cut from the report's text,
built field by field (no extractor or rules engine), for the browser tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from schemas import AlertEvent, Casualties, Evidence, Report
from schemas.alert import Change, MergeNote, Retraction, SourceRef, Statement, TollEntry, ZoneRef
from tests.factories import alert_event, incident

TEXT = ("Government warplanes struck the surgical hospital in Kafr Nabl in southern Idlib "
        "province on Thursday, killing two nurses and a patient, local medics said. The "
        "hospital, which served about 40,000 people, is now out of service.")
SENTENCE = TEXT.split(". ")[0] + "."


def _span(field: str, text: str, rule: str) -> Evidence:
    start = TEXT.index(text)
    return Evidence(field=field, sentence=SENTENCE, start=start, end=start + len(text),
                    text=text, rule_ids=[rule])


def report(report_id: str, now: datetime) -> Report:
    return Report(id=report_id, text=TEXT, published_at=now, title="Kafr Nabl hospital hit",
                  source="Example Wire", url="https://news.example/kafr-nabl")


def events(alert_id: str, report_id: str, now: datetime) -> tuple[AlertEvent, AlertEvent]:
    """The first message of an alert, and an update revising the toll and merging a report."""
    evidence = [_span("event_type", "warplanes struck", "lex:air-strike"),
                _span("target", "surgical hospital", "lex:hospital"),
                _span("location", "Kafr Nabl", "gaz:kafr-nabl"),
                _span("fatalities", "killing two nurses and a patient", "num:killed")]
    first_incident = incident(incident_id=f"{alert_id}-i1", report_id=report_id,
                              evidence=evidence, fatalities=Casualties(total=3, civilians=3))
    zone = ZoneRef(id="idlib-dmz-2018", name="Idlib demilitarized zone", kind="demilitarized",
                   certainty="confirmed")
    first = alert_event(alert_id=alert_id, incident=first_incident, zone=zone, first_seen=now,
                        updated_at=now, fatalities=first_incident.fatalities,
                        title=f"Attack on health care in Kafr Nabl ({alert_id})")
    later = now + timedelta(seconds=1)
    second_incident = incident(incident_id=f"{alert_id}-i2", report_id=f"{report_id}-b",
                               fatalities=Casualties(total=5, qualifier="at_least"))
    data = first.data.model_copy(update={
        "sequence": 2, "status": "updated", "updated_at": later,
        "fatalities": Casualties(total=5, qualifier="at_least"),
        "incidents": [first_incident, second_incident],
        "sources": [*first.data.sources,
                    SourceRef(report_id=f"{report_id}-b", title="Toll rises in Kafr Nabl")],
        "merges": [MergeNote(report_id=f"{report_id}-b", incident_id=f"{alert_id}-i2",
                             reason="0.4 km apart, same day, both Air/drone strike")],
        "changes": [Change(field="fatalities.total", before=3, after=5)],
    })
    second = first.model_copy(update={"id": f"{alert_id}:2", "time": later, "data": data})
    return first, second


def utcnow() -> datetime:
    return datetime.now(UTC)


def corrected_events(alert_id: str, report_id: str, now: datetime
                     ) -> tuple[AlertEvent, AlertEvent]:
    """An alert whose toll was revised down and which a later report then refuted: its first
    message, and the retracted one carrying the toll history, a denial and the retraction."""
    first, _ = events(alert_id, report_id, now)
    t1, t2, t3 = (now + timedelta(minutes=m) for m in (20, 40, 60))
    data = first.data.model_copy(update={
        "sequence": 4, "status": "retracted", "updated_at": t3,
        "fatalities": Casualties(total=6),
        "toll_history": [
            TollEntry(value=3, report_id=report_id, source="Example Wire", at=now, kind="first"),
            TollEntry(value=9, report_id=f"{report_id}-b", source="Second Wire", at=t1,
                      kind="rises"),
            TollEntry(value=6, report_id=f"{report_id}-c", source="Third Desk", at=t2,
                      kind="revised"),
            TollEntry(value=None, report_id=f"{report_id}-d", source="Civil Defence Office",
                      at=t3, kind="refuted")],
        "statements": [Statement(kind="denied_by_accused", report_id=f"{report_id}-e",
                                 source="State Agency",
                                 text="The ministry said none of its aircraft flew that day.")],
        "retraction": Retraction(report_id=f"{report_id}-d", source="Civil Defence Office",
                                 url="https://civil-defence.example/notes/17", by="rescuers",
                                 reason="Rescue teams found the shell hit a closed depot, "
                                        "not the hospital."),
        "changes": [Change(field="status", before="updated", after="retracted",
                           reason="Rescue teams found the shell hit a closed depot.")],
    })
    return first, first.model_copy(update={"id": f"{alert_id}:4", "time": t3, "data": data})


def hostile_event(alert_id: str, report_id: str, now: datetime, url: str) -> AlertEvent:
    """A retracted alert every URL of which (sources, incident, retraction) is ``url``."""
    first, _ = events(alert_id, report_id, now)
    inc = first.data.incidents[0]
    inc = inc.model_copy(update={"source": inc.source.model_copy(update={"url": url})})
    data = first.data.model_copy(update={
        "incidents": [inc], "status": "retracted", "sequence": 2,
        "sources": [SourceRef(report_id=report_id, title="Linked report", url=url)],
        "retraction": Retraction(report_id=f"{report_id}-r", source="Hostile Feed", url=url,
                                 reason="A sentence that withdraws the report.")})
    return first.model_copy(update={"id": f"{alert_id}:2", "data": data})
