"""The entry to extraction: bounds, date window, normalised text, spans in the original."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from services.common.errors import InvalidMessage, MessageOutOfBounds
from services.extractor.entry import extract_report, read_report

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
SENTENCE = "An air strike hit the hospital in Kafr Nabl on Monday, killing five people."


def raw(text: str = SENTENCE, **fields) -> bytes:
    body = {"id": "e1", "text": text, "published_at": "2023-12-31T10:00:00Z"} | fields
    return json.dumps(body).encode()


def run(resources, data: bytes):
    report = read_report(data, NOW)
    return report, extract_report(report, resources, NOW)


def test_plain_sentence_yields_a_hospital_incident(resources):
    _, incidents = run(resources, raw())
    assert any(t.type == "hospital" for i in incidents for t in i.targets)


@pytest.mark.parametrize(
    "hostile",
    [
        SENTENCE.replace("hospital", "hos\u00adpital"),
        SENTENCE.replace("hospital", "hos\u200bpi\u200dtal"),
        SENTENCE.replace("Kafr Nabl", "\x1b[31mKafr Nabl\x1b[0m"),
        "\ufeff" + SENTENCE.replace(" ", "  \u2060"),
        SENTENCE.replace("air ", "air\x07").replace(" hit", "\x00hit"),
    ],
)
def test_format_and_control_characters_do_not_hide_the_event(resources, hostile):
    _, incidents = run(resources, raw(hostile))
    hit = [i for i in incidents if any(t.type == "hospital" for t in i.targets)]
    assert hit, "the event was lost"
    for incident in hit:
        for ev in incident.evidence:
            assert hostile[ev.start:ev.end] == ev.text  # spans point into the original text


@pytest.mark.parametrize(
    ("published", "reason"),
    [("9999-12-31T00:00:00Z", "more than a day after"), ("0001-01-01T00:00:00Z", "before 1900")],
)
def test_dates_out_of_the_window_are_refused(published, reason):
    with pytest.raises(MessageOutOfBounds, match=reason):
        read_report(raw(published_at=published), NOW)


def test_javascript_url_is_dropped_at_the_entry():
    assert read_report(raw(url="javascript:alert(1)"), NOW).url is None
    assert read_report(raw(url="https://example.org/a"), NOW).url == "https://example.org/a"


def test_text_of_only_control_characters_is_refused(resources):
    report = read_report(raw("\u200bab\u200b"), NOW)  # has words for the schema
    extract_report(report, resources, NOW)
    with pytest.raises(InvalidMessage):
        read_report(raw("\u200b\u00ad"), NOW)


def test_an_event_date_past_the_window_is_refused_and_the_event_kept(resources):
    text = ("Warplanes struck the hospital in Kafr Nabl on 20 July 2023, killing three "
            "patients.")
    report = read_report(raw(text, published_at="2023-06-01T10:00:00Z"), NOW)
    [inc] = [i for i in extract_report(report, resources, NOW) if not i.background]
    assert inc.date is None and inc.targets and inc.fatalities.total == 3
    [refused] = [e for e in inc.evidence if e.field == "date_refused"]
    assert "date.out_of_window" in refused.rule_ids and "20 July 2023" in refused.text
    assert not [e for e in inc.evidence if e.field == "date"]
