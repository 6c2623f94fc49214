"""Zones: the shipped file, validity dates, confirmed vs possible, and the build recipe."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from services.rules.zones import DEFAULT_ZONES, ZoneError, Zones, forbidden, load_zones, locate

DEESC, DMZ = "idlib-de-escalation-2017", "idlib-dmz-2018"


def ids(hits) -> list[tuple[str, str]]:
    return [(h.zone.id, h.certainty) for h in hits]


def test_shipped_zones_are_small_approximate_and_dated() -> None:
    assert DEFAULT_ZONES.stat().st_size < 20_000
    zones = {z.id: z for z in load_zones().zones}
    assert set(zones) == {DEESC, DMZ}
    assert zones[DMZ].valid_from == dt.date(2018, 9, 17)
    assert zones[DMZ].valid_to == dt.date(2020, 3, 5)
    assert zones[DEESC].valid_from == dt.date(2017, 5, 4)
    assert zones[DMZ].kind == "demilitarized"
    for zone in zones.values():
        assert zone.geometry_note.startswith("APPROXIMATE")
        assert "idlib_zones_anchor_places.tsv" in zone.geometry_note


def test_town_inside_both_zones_is_confirmed_smallest_first(location) -> None:
    hits = locate(location("Khan Shaykhun"), dt.date(2019, 5, 1), load_zones())
    assert ids(hits) == [(DMZ, "confirmed"), (DEESC, "confirmed")]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2017, 5, 3), []),  # before Astana
        (dt.date(2017, 5, 4), [DEESC]),
        (dt.date(2018, 9, 16), [DEESC]),  # the day before Sochi
        (dt.date(2018, 9, 17), [DMZ, DEESC]),
        (dt.date(2020, 3, 4), [DMZ, DEESC]),
        (dt.date(2020, 3, 5), [DEESC]),  # replaced by the Moscow protocol
        (dt.date(2025, 1, 1), []),  # after our end date for the de-escalation zone
    ],
)
def test_validity_dates(location, day, expected) -> None:
    hits = locate(location("Khan Shaykhun"), day, load_zones())
    assert [h.zone.id for h in hits] == expected


def test_town_outside_is_in_no_zone(location) -> None:
    assert locate(location("Hama"), dt.date(2019, 5, 1), load_zones()) == []
    assert locate(location("Hama", "district"), dt.date(2019, 5, 1), load_zones()) == []


def test_town_just_outside_within_its_radius_is_possible(location) -> None:
    # Central Aleppo lies ~2 km from the zone's edge (the 2017 front ran along the city's
    # north-west): its 2 km town radius touches the zone, the point itself is outside.
    hits = locate(location("Aleppo"), dt.date(2019, 5, 1), load_zones())
    assert ids(hits) == [(DEESC, "possible")]
    exact = location("Aleppo", "exact")  # 0.5 km radius: clear of the zone
    assert locate(exact, dt.date(2019, 5, 1), load_zones()) == []


def test_province_level_location_straddling_a_zone_is_possible(location) -> None:
    # Hama governorate as a 45 km disc around Hama city: reaches into northern Hama (the zone).
    hits = locate(location("Hama", "province"), dt.date(2019, 5, 1), load_zones())
    assert ids(hits) == [(DMZ, "possible"), (DEESC, "possible")]


def test_coarse_location_whose_disc_is_inside_is_confirmed(location) -> None:
    # A district-level point in central Idlib: its 15 km disc lies wholly in the de-escalation
    # zone (confirmed) and only reaches into the DMZ near Saraqib (possible).
    hits = locate(location("Idlib", "district"), dt.date(2019, 5, 1), load_zones())
    assert ids(hits) == [(DEESC, "confirmed"), (DMZ, "possible")]


def test_undated_or_unlocated_is_in_no_zone(location) -> None:
    assert locate(location("Khan Shaykhun"), None, load_zones()) == []
    assert locate(None, dt.date(2019, 5, 1), load_zones()) == []


def test_activity_classes() -> None:
    assert forbidden(["heavy-weapons"], "Explosions/Remote violence",
                     "Shelling/artillery/missile attack")
    assert not forbidden(["heavy-weapons"], "Explosions/Remote violence", "Air/drone strike")
    assert forbidden(["hostilities"], "Battles", "Armed clash")
    assert not forbidden(["hostilities"], "Protests", "Peaceful protest")
    assert forbidden(["Air/drone strike"], "Explosions/Remote violence", "Air/drone strike")


def _collection(**props) -> dict:
    base = {"id": "z", "name": "Z", "kind": "k", "agreement": "a", "valid_from": "2020-01-01",
            "geometry_note": "APPROXIMATE: test"}
    base.update(props)
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": base, "geometry": square}]}


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"forbids": ["bombing"]}, "features[0].properties.forbids: Value error, unknown activity"),
        ({"colour": "red"}, "features[0].properties.colour: unknown field"),
        ({"geometry_note": "drawn by hand"}, "properties.geometry_note: Value error, must say"),
        ({"valid_to": "2019-01-01"}, "valid_to must be after valid_from"),
    ],
)
def test_invalid_zone_properties_fail_naming_the_field(props, message) -> None:
    with pytest.raises(ZoneError, match=None) as err:
        Zones.from_geojson(_collection(**props), "zones.geojson")
    assert message in str(err.value)


SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"


# The source data sits beside the checkout (as in CI); a bare clone elsewhere has none to compare.
@pytest.mark.skipif(not (SHARED / "zones").exists(), reason="shared data absent")
def test_shipped_file_is_what_build_zones_draws() -> None:
    from services.rules.build_zones import build

    shipped = json.loads(DEFAULT_ZONES.read_text(encoding="utf-8"))
    assert build() == shipped
