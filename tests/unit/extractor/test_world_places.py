"""Provinces and districts outside Syria, and reading ACLED-style location lists.

Hand-written sentences; place names are public geography, not evaluation records.
"""

import pytest

from services.extractor.build_admin import admin_variants
from services.extractor.geocode import find_mentions, resolve
from services.extractor.text import tokens


def _resolve(resources, text, countries=None):
    ms = find_mentions(text, tokens(text), resources.gazetteer, resources.stop)
    resolve(ms, resources.gazetteer, set(countries or ()))
    return [m for m in ms if m.place is not None]


@pytest.mark.parametrize(
    "name, core",
    [
        ("Muhafazat Kirkuk", "Kirkuk"),
        ("Province of Cebu", "Cebu"),
        ("Rangpur Division", "Rangpur"),
        ("Salah ad Din Governorate", "Salah ad Din"),
    ],
)
def test_admin_variants_strip_generic_words(name, core):
    assert admin_variants(name) == [name, core]


def test_admin_variants_keep_plain_names():
    assert admin_variants("Helmand") == ["Helmand"]


@pytest.mark.parametrize(
    "key, country",
    [("helmand", "AF"), ("borno", "NG"), ("cabo delgado", "MZ"), ("kirkuk", "IQ")],
)
def test_world_provinces_are_in_the_gazetteer(resources, key, country):
    gaz = resources.gazetteer
    provinces = [gaz.place(i) for i, _ in gaz.lookup(key, None)]
    provinces = [p for p in provinces if p.precision == "province"]
    assert [p.country for p in provinces] == [country]
    assert provinces[0].admin1 and provinces[0].id.startswith("admin1:")


def test_world_towns_carry_admin1_names(resources):
    ms = _resolve(resources, "Students marched in Maiduguri (Borno) on Monday.")
    assert (ms[0].place.name, ms[0].place.admin1, ms[0].place.country) == (
        "Maiduguri",
        "Borno",
        "NG",
    )


def test_last_name_of_a_location_list_is_a_province(resources):
    ms = _resolve(resources, "Militants attacked a post in Garmsir district, Helmand.")
    helmand = next(m for m in ms if m.text == "Helmand")
    assert helmand.level_hint == "province"
    assert (helmand.place.precision, helmand.place.country) == ("province", "AF")


def test_named_province_beats_its_capital_town(resources):
    ms = _resolve(resources, "A bomb exploded in Kandahar province.")
    assert (ms[0].place.precision, ms[0].place.country) == ("province", "AF")


def test_province_named_as_one_gives_the_country(resources):
    # "Nawa" is also a Syrian village: the Afghan province named last rules it out
    ms = _resolve(resources, "Clashes were reported in Nawa district, Ghazni.")
    assert all(m.place.country == "AF" for m in ms), [(m.text, m.place) for m in ms]


def test_foreign_homonym_dropped_when_report_is_elsewhere(resources):
    ms = _resolve(resources, "Fighting in Nawa on Monday.", countries={"AF"})
    assert all(m.place.country != "SY" for m in ms)


def test_syrian_reading_stays_the_default(resources):
    ms = _resolve(resources, "Shelling hit Kafr Nabouda.")
    assert ms[0].place.country == "SY"


def test_event_prefers_the_first_most_specific_place(run):
    (inc,) = run("On Monday, students protested in Maiduguri (Borno) against fees.")
    assert (inc.location.name, inc.location.precision) == ("Maiduguri", "town")


def test_two_nearby_towns_are_two_events(run):
    incs = run(
        "On Monday, regime forces shelled Kafr Nabouda. On Monday, regime forces shelled "
        "Khan Sheikhoun."
    )
    assert {i.location.admin1 for i in incs} == {"Hama", "Idleb"}


def test_framed_town_abroad_survives_countries_named_as_a_subject(run):
    # a protest in Turkey about Israel: the town named "in X town" is the event's place
    (inc,) = run("On Monday, people protested in Sirnak town against Israel's war in Gaza.")
    assert (inc.location.country, inc.location.precision) == ("TR", "town")


def test_a_province_spelled_out_outranks_transliteration_lookalikes(resources):
    ms = _resolve(resources, "Herders clashed in Wukari (Wukari LGA, Taraba).")
    assert {m.place.country for m in ms} == {"NG"}


def test_cities1000_towns_fill_gaps_and_prefer_the_named_province(run):
    # a front-line town missing from the cities500 table, with a same-name village elsewhere
    (inc,) = run("On Monday, forces fired mortars at positions near Avdiivka, Donetsk.")
    assert inc.location.admin1 == "Donetsk"


def test_a_name_after_in_outranks_a_bare_capitalised_match(run):
    (inc,) = run("On Monday, at the Pride Day parade, people protested in Maiduguri for rights.")
    assert inc.location.name == "Maiduguri"


def test_connectors_inside_a_name_are_part_of_its_key(run):
    (inc,) = run("On Monday, in Duque de Caxias, Rio de Janeiro, a shoot-out took place.")
    assert (inc.location.country, inc.location.name) == ("BR", "Duque de Caxias")


def test_town_then_province_list_opening_a_note(resources):
    ms = _resolve(resources, "On Monday, in Benito Juarez, Nuevo Leon, a shopkeeper was shot.")
    nl = next(m for m in ms if m.text == "Nuevo Leon")
    assert (nl.level_hint, nl.place.precision, nl.place.country) == ("province", "province", "MX")


def test_th_spelling_of_dhal_finds_the_dh_village(run):
    (inc,) = run(
        "On Monday, gunmen attacked a checkpoint in Thiban town in Deir ez Zor countryside."
    )
    assert inc.location.name == "Dhiban"


@pytest.mark.parametrize(
    "text, name",
    [
        # a transliteration with other vowels than GeoNames' main name ("Ghoriyan")
        ("Insurgents attacked a checkpoint in Ghoryan district, Herat.", "Ghōriyān"),
        # a doubled consonant ("Bosaso")
        ("Militants fired mortars at a base in Bossaso (Bari).", "Bosaso"),
        # the name written with other vowels and spacing ("Muhmand Dara")
        ("Gunmen killed a teacher in Mohmandara, Nangarhar.", "Muhmand Dara"),
    ],
)
def test_a_loose_spelling_finds_the_town_in_the_named_province(resources, text, name):
    ms = _resolve(resources, text)
    assert ms[0].place.name == name
    assert ms[0].rule_ids[0] == "geo.skeleton"


def test_a_loose_spelling_outside_any_named_province_is_no_place(resources):
    # "Geylani" is loosely spelled like a village in Israel, which the report names as its
    # subject, but no province of Israel is named: the mosque's name is no place
    ms = _resolve(
        resources,
        "Crowds rallied outside Geylani Mosque in Sirnak town against Israel's war.",
        {"IL"},
    )
    assert [m.place.country for m in ms if m.text == "Geylani"] == []


def test_a_loose_spelling_of_a_big_town_in_the_reports_country_stands_unframed(resources):
    # "Shirqat" is Ash Sharqat, a town of 160,000 in Iraq, whose forces the report names; no
    # province is named to hold it
    ms = _resolve(resources, "Iraqi troops repelled an attack near a village in Shirqat "
                  "district.", {"IQ"})
    by_text = {m.text: m.place for m in ms}
    assert (by_text["Shirqat"].name, by_text["Shirqat"].country) == ("Ash Sharqāt", "IQ")


def test_a_loose_spelling_of_a_big_town_yields_to_a_named_province(resources):
    # "Baghsar" is loosely like Begusarai, a big Indian town, but the report places it in
    # Pakistani Kashmir
    ms = _resolve(resources, "Troops of India and Pakistan exchanged fire in Baghsar sector "
                  "(Bhimber district, AJK).", {"IN", "PK"})
    towns = {m.text: m.place for m in ms if m.place.precision == "town"}
    assert "Baghsar" not in towns and towns["Bhimber"].country == "PK"


def test_a_name_before_an_association_is_a_body_not_a_place(resources):
    ms = _resolve(
        resources, "Police arrested the managers of the Al-Bostan Association in Damascus."
    )
    assert [m.text for m in ms] == ["Damascus"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a city's name in a street's name places the street, not the event
        ("On 2 May, gunmen shot a trader in Cairo Street in Mosul city.", "Mosul"),
        # a town joined into an intercity highway's name: the road, not the event's place
        (
            "Hundreds of workers staged a protest at the Lahore-Multan highway in Okara city.",
            "Okara",
        ),
    ],
)
def test_a_name_inside_a_road_name_is_not_the_event_place(run, text, expected):
    (inc,) = run(text)
    assert inc.location.name == expected


def test_surrounding_introduces_a_place(run):
    (inc,) = run(
        "Turkish artillery hit posts in the villages surrounding Tal Tamer in the countryside "
        "of Ras Al Ain in Al-Hasakeh."
    )
    assert inc.location.name == "Tall Tamr"


def test_a_place_framed_by_its_own_province_beats_an_alias_in_the_subject_country(resources):
    # "Islamabad" is also an alternate name of Anantnag (India); "Indian" names India as the
    # report's subject, but the frame "(Islamabad, FCT)" places the city in Pakistan
    text = (
        "Journalists held a rally in Islamabad city (Islamabad, FCT), condemning Indian "
        "policies in Kashmir."
    )
    ms = _resolve(resources, text, {"IN"})
    first = next(m for m in ms if m.text == "Islamabad")
    assert (first.place.country, first.place.precision) == ("PK", "town")


def test_a_province_frame_names_its_country(resources):
    countries: set[str] = set()
    text = "Residents blocked a road around Huillapima (Catamarca) to demand water."
    ms = find_mentions(text, tokens(text), resources.gazetteer, resources.stop)
    resolve(ms, resources.gazetteer, countries)
    assert "AR" in countries
    assert ms[0].place.name == "Huillapima"


def test_the_osce_monitoring_mission_names_ukraine(resources):
    from services.extractor.pipeline import fold

    matches = resources.lexicon.match(fold("The OSCE SMM recorded 12 explosions near the town."))
    assert {m.entry.iso for m in matches if m.kind == "country"} == {"UA"}


@pytest.mark.parametrize("province, seat", [
    ("Ghor", "Fayrōz Kōh"),  # Chaghcharan; GeoNames' most populous town there is Shahrak
    ("Wardak", "Maydanshakhr"),
    ("Rakhine", "Sittwe"),
    ("Bari", "Bosaso"),
])
def test_provinces_sit_at_their_seats(resources, place_mentions, province, seat):
    (m,) = place_mentions(f"Fighting was reported in {province} province on Monday.")
    seats = [resources.gazetteer.place(i) for i, _ in place_mentions(
        f"Fighting was reported in {seat} town.")[0].candidates]
    assert any((p.lat, p.lon) == (m.place.lat, m.place.lon) for p in seats), m.place


def test_a_seats_english_spelling_finds_the_town(place_mentions):
    (m,) = place_mentions("Taliban fighters attacked a checkpoint in Chaghcharan, Ghor.")[:1]
    assert m.place.name == "Fayrōz Kōh"


def test_a_district_is_found_by_its_centres_geonames_name(place_mentions):
    # GeoNames names the centre "Markaz-e Sayyidābād"; reports write the district's name
    ms = place_mentions("Taliban fighters ambushed soldiers in Saydabad district, Wardak.")
    assert ms[0].place.name == "Markaz-e Sayyidābād"


def test_a_capital_for_an_unknown_area_is_an_error(resources, tmp_path):
    from services.extractor.gazetteer import ADMIN_ALIASES, CAPITALS, DATA_DIR

    bad = tmp_path / CAPITALS
    bad.write_text("AF: {AF.99: {town: 'geonames:1', name: Nowhere}}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="AF.99"):
        resources.gazetteer._apply_area_tables(DATA_DIR / ADMIN_ALIASES, bad)
