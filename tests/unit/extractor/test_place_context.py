"""Homonyms decided by what the rest of the report says: the province that frames a place, the
country of the other places, a provincial capital named as a city, landmarks, admin seats.
Invented sentences with real place names."""

import pytest

from services.extractor.gazetteer import distance_km
from services.extractor.geocode import find_mentions, resolve
from services.extractor.text import tokens


def _resolve(resources, text, countries=()):
    ms = find_mentions(text, tokens(text), resources.gazetteer, resources.stop)
    resolve(ms, resources.gazetteer, set(countries))
    return ms


def _place(resources, place_id):
    gaz = resources.gazetteer
    return next(gaz.place(i) for i in range(len(gaz._rows)) if gaz.place(i).id == place_id)


@pytest.mark.parametrize(
    "admin_id, town",
    [
        ("sy-district:Tadmor", "Tadmur"),  # the district's seat, not its desert centroid
        ("sy-province:Ar-Raqqa", "Raqqa"),
        ("sy-province:Dar'a", "Dar'a"),
    ],
)
def test_syrian_admin_areas_sit_at_their_seat(resources, admin_id, town):
    area = _place(resources, admin_id)
    ms = _resolve(resources, f"Shelling hit the city of {town} on Monday.")
    assert ms and ms[0].place.precision == "town"
    assert distance_km(area, ms[0].place) < 5


@pytest.mark.parametrize(
    "text, admin1",
    [
        ("Gunmen shot a man in the city of Dar'a.", "Dar'a"),
        ("Residents protested in As-Sweida city.", "As-Sweida"),
    ],
)
def test_city_named_like_its_province_is_the_capital(resources, text, admin1):
    m = _resolve(resources, text)[0]
    assert m.level_hint == "town"
    assert (m.place.precision, m.place.admin1) == ("town", admin1)


def test_province_after_a_village_stays_a_province(resources):
    ms = _resolve(resources, "Gunmen attacked a checkpoint in Kansafra in Idleb countryside.")
    assert [m.place.precision for m in ms] == ["town", "province"]
    assert ms[0].place.admin1 == "Idleb"


def test_syrian_lookalike_dropped_when_spelled_names_are_elsewhere(resources):
    # "Usaquen" only matches a Syrian village by transliteration; Bogota is spelled as written
    ms = _resolve(resources, "Police dispersed a protest in Usaquen, Bogota.")
    assert ms[0].place is None
    assert ms[1].place.country == "CO"


def test_lookalike_loses_to_a_spelled_town_abroad(resources):
    ms = _resolve(resources, "Airstrikes targeted Babanusa town in West Kordofan.")
    assert ms[0].place.country == "SD"


def test_syrian_lookalike_kept_in_a_syrian_report(resources):
    ms = _resolve(resources, "Shelling hit Termala and Khan Sheikhoun.")
    assert {m.place.country for m in ms} == {"SY"}


def test_homonym_in_another_province_falls_back_to_the_framing_province(resources):
    # the gazetteer's only Orikhove lies outside Luhansk: the village is missing, not elsewhere
    ms = _resolve(resources, "Shelling hit Orikhove, Luhansk.")
    assert ms[0].place is None
    assert (ms[1].place.precision, ms[1].place.admin1) == ("province", "Luhansk")


def test_known_town_trusted_over_its_frame(resources):
    ms = _resolve(resources, "Protesters gathered in Kramatorsk, Luhansk.")
    assert ms[0].place.name == "Kramatorsk"


def test_frame_binds_the_nearest_place_phrase(resources):
    text = (
        "Warplanes bombed a hospital in Kafr Nabouda, while artillery shelled "
        "Khan Sheikhoun in southern Idlib."
    )
    ms = _resolve(resources, text)
    assert [m.place.admin1 for m in ms] == ["Hama", "Idleb", "Idleb"]


def test_homonym_chosen_by_the_country_of_the_other_places(resources):
    # Sevilla is also a Colombian town; Malaga is Spanish
    ms = _resolve(resources, "Nurses rallied in Sevilla and Malaga.")
    assert [m.place.country for m in ms] == ["ES", "ES"]


def test_district_named_as_one_resolves_to_the_district(resources):
    ms = _resolve(resources, "Clashes erupted in Menbij district, Aleppo.")
    assert (ms[0].place.precision, ms[0].place.admin2) == ("district", "Menbij")


def test_compass_landmark_is_a_reference(resources):
    ms = _resolve(resources, "Airstrikes hit Harim district north of Idlib city.")
    assert [m.reference for m in ms] == [False, True]


def test_event_placed_at_the_place_not_its_landmark(run):
    incs = run("Airstrikes hit Harim district north of Idlib city, killing two civilians.")
    assert incs and incs[0].location.name.startswith("Harim")
