"""Properties of the rules engine on generated incidents: it answers for any incident the schema
admits (alerts, or a typed refusal with a reason), threads its state through a stream of them,
and numbers each alert's messages 1, 2, 3... without a gap."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.alert import Alert
from schemas.incident import (
    NEW_EVENT_STATUSES,
    SUB_EVENT_TYPES,
    Casualties,
    DatePrecision,
    Evidence,
    Incident,
    Location,
    LocationPrecision,
    MentionStatus,
    Refutation,
    RefutationKind,
    RefuterRole,
    Revision,
    RevisionKind,
    Target,
    TargetCategory,
)
from services.rules import Rulebook, evaluate
from services.rules.handler import RulesHandler
from services.rules.state import load_value
from services.rules.step import step
from tests.unit.properties import hostile
from tests.unit.properties.tally import budget, seen
from tests.unit.properties.test_boundary_properties import refused_with_reason

NOW = dt.datetime(2019, 5, 10, 12, tzinfo=dt.UTC)
#: ``now`` is the worker's clock (or, in ``replay``, a publication time the boundary checked),
#: not input: any moment of two centuries.
clock_times = st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2150, 1, 1),
                           timezones=st.just(dt.UTC))


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return Rulebook.load()


counts = st.none() | st.integers(0, 10**30)
#: Short text of any category but surrogates (no decoded message holds one: the codec refuses
#: them): the engine copies names and sentences, it does not parse them.
short = st.text(st.characters(codec="utf-8", categories=hostile.CATEGORIES), max_size=12)
names = st.none() | short


@st.composite
def locations(draw, near: bool) -> Location | None:
    if near:  # around Khan Shaykhun, so generated incidents correlate with one another
        lat = draw(st.floats(35.3, 35.6))
        lon = draw(st.floats(36.5, 36.8))
        country, admin1 = "SY", draw(st.sampled_from(["Idleb", "Idleb", "Hama"]))
    else:
        if draw(st.booleans()) and draw(st.booleans()):
            return None
        lat = draw(st.floats(-90, 90) | st.sampled_from([-90.0, 90.0, 0.0]))
        lon = draw(st.floats(-180, 180) | st.sampled_from([-180.0, 180.0]))
        country = draw(st.sampled_from(["SY", "IQ", "UA", "XX", "ZZ"]))
        admin1 = draw(st.none() | short)
    return Location(
        name=draw(short), admin1=admin1, country=country,
        lat=lat, lon=lon, precision=draw(st.sampled_from(get_args(LocationPrecision))),
        radius_km=draw(st.floats(0, 1e6) | st.sampled_from([0.0, 20_037.5])),
    )


@st.composite
def incidents(draw, near: bool = False, ids: st.SearchStrategy[str] | None = None) -> Incident:
    sub = draw(st.sampled_from(sorted(SUB_EVENT_TYPES)))
    if near:
        day = draw(st.dates(dt.date(2019, 4, 20), dt.date(2019, 5, 12)))
        published = dt.datetime.combine(day, dt.time(18), dt.UTC) + dt.timedelta(
            days=draw(st.integers(0, 3)))
        date: dt.date | None = draw(st.none() | st.just(day))
    else:
        published = draw(hostile.aware_datetimes)
        date = draw(st.none() | hostile.extreme_dates)
    status = draw(st.sampled_from(get_args(MentionStatus)))
    retraction = status == "refuted" or (draw(st.booleans()) and draw(st.booleans()))
    background = status not in NEW_EVENT_STATUSES or (draw(st.booleans()) and draw(st.booleans()))
    evidence = draw(st.lists(st.builds(
        Evidence, field=st.sampled_from(["retraction", "denial", "date", "location", "x"]),
        sentence=short, start=st.integers(0, 10**9), end=st.integers(0, 10**9),
        text=short, rule_ids=st.lists(short, max_size=2)), max_size=2))
    refutation = draw(st.none() | st.builds(
        Refutation, by=st.sampled_from(get_args(RefuterRole)),
        kind=st.sampled_from(get_args(RefutationKind)), reason=short))
    revision = draw(st.none() | st.builds(
        Revision, field=st.sampled_from(["fatalities", "injured"]),
        kind=st.sampled_from(get_args(RevisionKind)), value=counts, reason=short))
    return Incident(
        incident_id=draw(ids if ids is not None else short.map(lambda t: "i" + t)),
        report_id=draw(short.map(lambda t: "r" + t)),
        source={"title": draw(names), "url": draw(names), "name": draw(names),
                "published_at": published},
        event_type=SUB_EVENT_TYPES[sub], sub_event_type=sub, date=date,
        date_precision=draw(st.sampled_from(get_args(DatePrecision))),
        location=draw(locations(near)),
        fatalities=Casualties(total=draw(counts), civilians=draw(counts), children=draw(counts)),
        injured=Casualties(total=draw(counts)),
        targets=draw(st.lists(st.builds(Target, type=short,
                                        category=st.sampled_from(get_args(TargetCategory))),
                              max_size=3)),
        background=background, status=status,
        retraction=retraction, refutation=refutation, revision=revision,
        summary=draw(short), evidence=evidence,
        confidence=draw(st.floats(0, 1)), extracted_at=published,
    )


@settings(max_examples=budget(6))
@given(incidents(), clock_times)
def test_any_incident_is_evaluated_or_refused_with_a_reason(book, incident, now):
    seen("incidents")
    result = refused_with_reason(evaluate, incident, book, {}, now)
    if result is None:
        return
    for key, value in result.state.items():
        if value is not None:
            load_value(key, value)  # what is stored reads back
    for alert in result.alerts:
        assert alert.sequence == 1 and alert.rule_ids


@st.composite
def streams(draw) -> list[Incident]:
    """Incidents near one another; some are edits of an earlier one (the same report id and
    incident id, place and dates, anything else changed)."""
    out: list[Incident] = []
    for n in range(draw(st.integers(1, 12))):
        incident = draw(incidents(near=True, ids=st.just(f"inc-{n}")))
        if out and draw(st.booleans()):
            earlier = draw(st.sampled_from(out))
            incident = incident.model_copy(update={
                k: getattr(earlier, k) for k in ("incident_id", "report_id", "date", "location")}
                | {"source": earlier.source})
        out.append(incident)
    return out


@settings(max_examples=budget(1.5))
@given(streams())
def test_a_stream_of_incidents_numbers_each_alert_without_a_gap(book, stream):
    """Each alert's messages are numbered 1, 2, 3...; a copy of any incident (the same content
    from another message) raises nothing and writes nothing; the message itself consumed again
    sends the event's last alert, unchanged."""
    seen("incidents in a stream", len(stream))
    store: dict[str, bytes] = {}
    last: dict[str, Alert] = {}
    now = NOW
    for n, incident in enumerate(stream):
        now = max(now, incident.source.published_at) + dt.timedelta(minutes=1)
        for alert in step(incident, book, store, now, f"incidents/0/{n}"):
            before = last.get(alert.alert_id)
            assert alert.sequence == (before.sequence + 1 if before else 1)
            last[alert.alert_id] = alert
        stored = dict(store)
        copy = incident.model_copy(update={"extracted_at": now})
        assert step(copy, book, store, now, f"copies/0/{n}") == []
        assert store == stored
        for alert in step(incident, book, store, now, f"incidents/0/{n}"):
            assert alert == last[alert.alert_id]  # consumed again: the last message, as it was
        assert store == stored
    for key, value in store.items():
        load_value(key, value)


@settings(max_examples=budget(6))
@given(st.fixed_dictionaries({}, optional={
    "incident_id": hostile.json_values, "report_id": hostile.any_text,
    "source": st.fixed_dictionaries({"published_at": hostile.timestamp_values}),
    "event_type": st.sampled_from(sorted(set(SUB_EVENT_TYPES.values()))) | hostile.any_text,
    "sub_event_type": st.sampled_from(sorted(SUB_EVENT_TYPES)), "date": hostile.timestamp_values,
    "fatalities": st.fixed_dictionaries({"total": hostile.extreme_numbers}),
    "location": hostile.json_values, "confidence": hostile.extreme_numbers,
    "extracted_at": hostile.timestamp_values,
}) | hostile.json_values, st.booleans())
def test_incident_messages_are_handled_or_refused_with_a_reason(book, fields, ascii):
    seen("incident messages")
    handler = RulesHandler(book, {}, clock=lambda: NOW)
    refused_with_reason(handler.events, hostile.dumps(fields, ascii))
