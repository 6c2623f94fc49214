"""Factories for rules-engine unit tests: hand-made incidents, a fixed clock, the default book."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from schemas.incident import (
    SUB_EVENT_TYPES,
    Actor,
    Casualties,
    Evidence,
    Incident,
    Location,
    Target,
)
from services.rules import Rulebook

#: Places used across tests (lat, lon, admin1).
PLACES: dict[str, tuple[float, float, str]] = {
    "Khan Shaykhun": (35.44208, 36.65095, "Idleb"),  # inside the DMZ and the de-escalation zone
    "Maarat al-Numan": (35.6433, 36.6733, "Idleb"),  # ~22 km north of Khan Shaykhun
    "Idlib": (35.9306, 36.6339, "Idleb"),  # de-escalation zone, outside the DMZ
    "Hama": (35.1318, 36.7578, "Hama"),  # government-held city, outside both zones
    "Aleppo": (36.2021, 37.1343, "Aleppo"),
}
RADIUS = {"exact": 0.5, "town": 2.0, "district": 15.0, "province": 45.0, "country": 200.0}


def utc(y: int, m: int, d: int, h: int = 12) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=dt.UTC)


def make_location(place: str = "Khan Shaykhun", precision: str = "town", **kw: Any) -> Location:
    lat, lon, admin1 = PLACES.get(place, (35.44208, 36.65095, "Idleb"))
    data = dict(name=place, admin1=admin1, country="SY", lat=lat, lon=lon,
                precision=precision, radius_km=RADIUS[precision])
    data.update(kw)
    return Location(**data)


def make_incident(
    incident_id: str = "inc-1",
    *,
    report_id: str | None = None,
    source: str = "Outlet A",
    sub_event_type: str = "Air/drone strike",
    date: dt.date | None = dt.date(2019, 5, 1),
    place: str | None = "Khan Shaykhun",
    precision: str = "town",
    location: Location | None = None,
    killed: int | None = None,
    children: int | None = None,
    targets: list[tuple[str, str]] = (),  # type: ignore[assignment]
    actors: list[tuple[str, str]] = (),  # type: ignore[assignment]
    background: bool = False,
    retraction: bool = False,
    published: dt.datetime | None = None,
    **kw: Any,
) -> Incident:
    published = published or utc(date.year, date.month, date.day, 18) if date else utc(2019, 5, 1)
    loc = location if location is not None else (
        make_location(place, precision) if place else None)
    evidence = [Evidence(field="retraction", sentence="X withdrew its report.", start=0, end=8,
                         text="withdrew", rule_ids=["retraction"])] if retraction else []
    return Incident(
        incident_id=incident_id,
        report_id=report_id or f"rep-{incident_id}",
        source={"title": f"Report {incident_id}", "url": f"https://example.org/{incident_id}",
                "name": source, "published_at": published},
        event_type=SUB_EVENT_TYPES[sub_event_type],
        sub_event_type=sub_event_type,
        date=date,
        location=loc,
        fatalities=Casualties(total=killed, children=children),
        targets=[Target(type=t, category=c) for t, c in targets],
        actors=[Actor(name=n, role=r) for n, r in actors],
        background=background,
        retraction=retraction,
        summary=kw.pop("summary", f"{sub_event_type} in {place}."),
        evidence=evidence,
        confidence=0.9,
        extracted_at=published,
        **kw,
    )


@pytest.fixture(scope="session")
def book() -> Rulebook:
    return Rulebook.load()


@pytest.fixture
def incident():
    """Factory: ``incident("inc-1", killed=3, targets=[("hospital", "health")])``."""
    return make_incident


@pytest.fixture
def location():
    """Factory: ``location("Hama", "province")``."""
    return make_location


@pytest.fixture
def at():
    """Clock factory: ``at(2019, 5, 1, 18)`` -> aware UTC datetime."""
    return utc
