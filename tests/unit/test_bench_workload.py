"""The pipeline benchmark's reports are what its figures assume: each one resolves to its own
town and date, and no two describe one incident, so every report raises its own alert."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from services.extractor import Resources, extract
from services.rules import Rulebook
from services.rules.correlate import distance_km
from services.rules.step import step

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from bench_pipeline import SLOTS, TOWNS, report  # noqa: E402

NOW = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return Rulebook.load()


@pytest.fixture(scope="module")
def incidents():
    resources = Resources.load()
    # three rounds of towns, plus the last slot, where the dates wrap around
    serials = [*range(3 * len(TOWNS)), *range((SLOTS - 1) * len(TOWNS), SLOTS * len(TOWNS))]
    return [(n, extract(report(n, "t", NOW.date()), resources, NOW)) for n in serials]


def test_each_report_is_one_incident_in_its_town_in_the_past_year(incidents):
    for n, found in incidents:
        assert len(found) == 1, n
        (incident,) = found
        assert incident.location is not None and incident.location.country == "SY", n
        assert incident.location.radius_km <= 5, n
        day = NOW.date() - dt.timedelta(days=2 + 2 * (n // len(TOWNS) % SLOTS))
        assert incident.date == day, n
        assert NOW.date() - dt.timedelta(days=366) <= day, n


def test_towns_lie_further_apart_than_correlation_reaches(incidents, book):
    reach = book.ruleset.settings.correlation
    places = [found[0].location for _, found in incidents[: len(TOWNS)]]
    closest = min(distance_km(a.lat, a.lon, b.lat, b.lon)
                  for i, a in enumerate(places) for b in places[i + 1:])
    assert closest > reach.max_distance_km + reach.max_uncertainty_km


def test_every_report_raises_a_new_alert(incidents, book):
    store: dict = {}
    statuses = [
        alert.status
        for k, (_, found) in enumerate(incidents)
        for alert in step(found[0], book, store, NOW + dt.timedelta(seconds=k / 100))
    ]
    assert statuses == ["new"] * len(incidents)
