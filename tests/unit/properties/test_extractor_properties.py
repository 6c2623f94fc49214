"""Properties of extraction from generated text: it answers for any text (incidents, or a typed
refusal with a reason), its evidence points into the original text, and an event sentence keeps
its alert whatever invisible characters are slipped into it."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from schemas import Incident, Report
from services.common.codec import decode
from services.extractor import Resources
from services.extractor.entry import extract_report
from services.extractor.handler import ExtractHandler
from services.rules import Rulebook, evaluate
from tests.unit.properties import hostile
from tests.unit.properties.tally import budget, seen
from tests.unit.properties.test_boundary_properties import refused_with_reason

NOW = dt.datetime(2024, 3, 5, 12, tzinfo=dt.UTC)
PUBLISHED = "2024-03-05T09:00:00Z"
#: An event sentence of our own: an air strike on a hospital, with a toll. "hospital" is its
#: only word for health care, so a word broken by a stray character loses the alert.
EVENT = "Warplanes bombed the main hospital in Maarat al-Numan on Tuesday, killing four people."
#: Words the extractor reacts to, to build sentences that reach its deeper stages.
WORDS = ["air strike", "shelling", "hospital", "school", "killed", "killing", "wounded", "five",
         "12", "1,000,000", "99999999999999999999", "children", "civilians", "Idlib", "Aleppo",
         "Maarat al-Numan", "Khan Shaykhun", "Damascus", "on Monday", "last week", "yesterday",
         "on 31 December 9999", "in 0001", "on 29 February 2023", "since 1066", "denied",
         "not", "revised the toll to", "rose to", "the ministry said", "witnesses said",
         "Russian", "regime forces", "rebels", ".", ",", "\n\n", "'", '"', "(", ")", "-", "%"]


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return Rulebook.load()


def _report(text: str, title: str | None = None) -> Report:
    return Report(id="prop-1", text=text, title=title, published_at=PUBLISHED,
                  source="Property Wire")


def _check_incidents(report: Report, resources: Resources) -> None:
    incidents = refused_with_reason(extract_report, report, resources, NOW)
    for incident in incidents or []:
        for ev in incident.evidence:
            assert 0 <= ev.start <= ev.end <= len(report.text)
            assert ev.text == report.text[ev.start:ev.end]
        if incident.date is not None:
            assert dt.date(1900, 1, 1) <= incident.date <= dt.date(2024, 3, 6)


soup = st.lists(st.sampled_from(WORDS) | hostile.any_text.map(lambda t: t[:20]),
                min_size=1, max_size=40).map(" ".join)


@settings(max_examples=budget(8))
@given(soup)
@example("Shelling killed 99999999999999999999 civilians in Idlib on 31 December 9999.")
def test_extraction_answers_for_any_text(resources, text):
    seen("extraction of generated text")
    if not any(c.isalnum() for c in text):
        text = "x " + text
    _check_incidents(_report(text), resources)


@settings(max_examples=budget(4))
@given(st.fixed_dictionaries({"id": hostile.any_text | st.just("r1"),
                              "text": soup | hostile.any_text | hostile.json_values},
                             optional={"published_at": hostile.timestamp_values,
                                       "title": hostile.any_text, "url": hostile.any_text,
                                       "source": hostile.any_text | hostile.json_values}),
       st.booleans())
def test_report_messages_become_incident_messages_or_a_refusal(resources, fields, ascii):
    seen("report messages through the extractor worker")
    fields.setdefault("published_at", PUBLISHED)
    handler = ExtractHandler(resources, max_report_bytes=1024 * 1024, clock=lambda: NOW)
    outputs = refused_with_reason(asyncio.run, handler(hostile.dumps(fields, ascii)))
    for output in outputs or []:
        assert output.topic == "incidents"
        decode(output.value, Incident)  # what the extractor writes, the rules worker reads


@settings(max_examples=budget(4))
@given(hostile.any_text.filter(lambda t: any(c.isalnum() for c in t)), hostile.any_text)
def test_extraction_answers_for_any_unicode(resources, text, title):
    seen("extraction of any Unicode")
    _check_incidents(_report(text, title or None), resources)


def _alerts(text: str, resources: Resources, book: Rulebook) -> list[tuple]:
    """(rules fired, toll, place) of each alert the text raises on an empty state."""
    out = []
    for incident in extract_report(_report(text), resources, NOW):
        for alert in evaluate(incident, book, {}, NOW).alerts:
            out.append((alert.rule_ids, alert.fatalities.total,
                        alert.location.name if alert.location else None))
    return out


def test_the_event_sentence_fires_the_health_care_alert(resources, book):
    [(rules, killed, place)] = _alerts(EVENT, resources, book)
    assert "health-care-attack" in rules and killed == 4 and place
    # the property below can fail: a word broken by a space loses the alert
    assert not _alerts(EVENT.replace("hospital", "hos pital"), resources, book) or all(
        "health-care-attack" not in rules
        for rules, _, _ in _alerts(EVENT.replace("hospital", "hos pital"), resources, book))


@st.composite
def with_invisibles(draw) -> str:
    """The event sentence with invisible characters and escape sequences slipped in anywhere
    (inside words too), and plain control characters or extra whitespace between words. Each
    goes between two characters of the sentence, never inside another one slipped in."""
    spaces = [i for i, c in enumerate(EVENT) if c == " "]
    slips = draw(st.lists(st.tuples(st.integers(0, len(EVENT)), hostile.invisible),
                          min_size=1, max_size=12))
    slips += draw(st.lists(st.tuples(
        st.sampled_from(spaces),
        st.sampled_from(hostile.PLAIN_CONTROLS) | st.sampled_from(["\t", "  ", " \u00a0"])),
        max_size=4))
    text = EVENT
    for at, what in sorted(slips, key=lambda s: s[0], reverse=True):
        text = text[:at] + what + text[at:]
    return text


@settings(max_examples=budget(7))
@given(with_invisibles())
@example(EVENT.replace("hospital", "hos\u00adpi\u200btal").replace(
    "Maarat al-Numan", "\x1b[1;31mMaarat al-Numan\x1b[0m"))
@example(EVENT.replace("hospital", "hos\x1b(Bpital"))  # what `tput sgr0` writes
@example(EVENT.replace("hospital", "hospi\ufe0ftal\u2067"))
def test_the_alert_survives_invisible_characters(resources, book, text):
    seen("event sentence with invisible characters")
    assert _alerts(text, resources, book) == _alerts(EVENT, resources, book), repr(text)
