"""The dashboard's bounded store and its filters (pure)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.dashboard import AlertStore, Filters, ReportTexts
from services.dashboard.filters import FilterError
from services.dashboard.store import MAX_VERSIONS
from tests.factories import NOW, alert_event


def event(alert_id: str = "a1", sequence: int = 1, minutes: int = 0, **fields):
    at = NOW + timedelta(minutes=minutes)
    return alert_event(alert_id=alert_id, sequence=sequence, updated_at=at, **fields)


def store(**kw) -> AlertStore:
    return AlertStore(window=kw.pop("window", timedelta(hours=24)),
                      max_alerts=kw.pop("max_alerts", 100))


def test_newest_version_is_current_and_pushed():
    s = store()
    assert s.add(event(sequence=1), NOW).sequence == 1
    assert s.add(event(sequence=2, minutes=1), NOW).sequence == 2
    assert s.add(event(sequence=2, minutes=1), NOW) is None  # duplicate (redelivery)
    assert s.add(event(sequence=1), NOW) is None  # late, older version: kept, not pushed
    entry = s.get("a1")
    assert [v.sequence for v in entry.versions] == [1, 2]
    assert entry.current.sequence == 2


def test_out_of_order_versions_keep_the_highest_current():
    s = store()
    s.add(event(sequence=2, minutes=1), NOW)
    assert s.add(event(sequence=1), NOW) is None
    assert s.get("a1").current.sequence == 2


def test_memory_is_bounded_by_count_window_and_versions():
    s = store(max_alerts=3, window=timedelta(hours=1))
    for n in range(5):
        s.add(event(alert_id=f"a{n}", minutes=n), NOW)
    assert [a.alert_id for a in s.current()] == ["a4", "a3", "a2"]
    assert s.add(event(alert_id="old", minutes=-120), NOW) is None
    s.prune(NOW + timedelta(hours=2))
    assert len(s) == 0
    s.add(event(sequence=1), NOW)
    for seq in range(2, MAX_VERSIONS + 10):
        s.add(event(sequence=seq), NOW)
    versions = s.get("a1").versions
    assert len(versions) == MAX_VERSIONS and versions[0].sequence == 1


def test_the_window_is_measured_from_each_alerts_latest_version():
    s = store(window=timedelta(hours=1))
    s.add(event(alert_id="a", sequence=1), NOW)
    s.add(event(alert_id="b", sequence=1), NOW)
    s.add(event(alert_id="a", sequence=2, minutes=50), NOW + timedelta(minutes=50))
    s.prune(NOW + timedelta(minutes=70))  # b's only version and a's first are past the window
    assert [a.alert_id for a in s.current()] == ["a"]
    s.prune(NOW + timedelta(minutes=111))
    assert len(s) == 0


def test_bookkeeping_stays_bounded_when_one_alert_is_revised_many_times():
    s = store(window=timedelta(hours=1))
    for seq in range(1, 1000):
        s.add(event(sequence=seq, minutes=seq % 30), NOW)
    assert len(s) == 1
    assert len(s._expiry) <= 2 * len(s) + 64


def test_report_texts_are_an_lru():
    texts = ReportTexts(2)
    for n in range(3):
        texts.add(f"r{n}", f"text {n}")
    assert texts.get("r0") is None and texts.get("r2") == "text 2" and len(texts) == 2
    off = ReportTexts(0)
    off.add("r", "t")
    assert off.get("r") is None


@pytest.mark.parametrize(("query", "shown"), [
    ({}, True),
    ({"rule": "health-care-attack,other"}, True),
    ({"rule": "other"}, False),
    ({"severity": "high"}, True),
    ({"severity": "low,critical"}, False),
    ({"min_severity": "medium"}, True),
    ({"min_severity": "critical"}, False),
    ({"country": "sy"}, True),
    ({"country": "UA"}, False),
    ({"admin1": "idlib"}, True),
    ({"admin1": "Aleppo"}, False),
    ({"zone": "idlib-dmz-2018"}, False),
    ({"hours": "1"}, True),
    ({"hours": "0.01"}, False),
    ({"since": "2019-05-10T08:00:00Z"}, True),
    ({"until": "2019-05-10T08:00:00Z"}, False),
])
def test_filters(query, shown):
    alert = event(minutes=-30).data
    assert Filters.from_query(query).matches(alert, NOW) is shown


@pytest.mark.parametrize(("query", "names"), [
    ({"severity": "urgent"}, "severity"),
    ({"hours": "soon"}, "hours"),
    ({"hours": "-1"}, "hours"),
    ({"since": "yesterday"}, "since"),
    ({"limit": "0"}, "limit"),
    ({"limit": "many"}, "limit"),
])
def test_bad_filters_name_the_parameter(query, names):
    with pytest.raises(FilterError, match=names):
        Filters.from_query(query)
