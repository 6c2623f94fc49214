"""Villages of the Who's On First tables (``data/wof/``): read only for reports about their
country, chosen by the province the text frames them in, never from a bare capitalised word.

Hand-written sentences; place names are public geography.
"""

from services.extractor.geocode import locate
from services.extractor.text import tokens


def _places(resources, text, countries=("AF",)):
    ms = locate(text, tokens(text), resources.gazetteer, resources.stop, frozenset(),
                set(countries), set(countries), frozenset())
    return {m.text: m.place for m in ms if m.place is not None}


def test_homonym_resolves_inside_the_province_named(resources):
    for province, lon in (("Helmand", 64.24), ("Kandahar", 65.32)):
        text = f"Gunmen attacked a checkpoint in Balotsan village of {province} province."
        place = _places(resources, text)["Balotsan"]
        assert (place.admin1, place.precision) == (province, "town")
        assert abs(place.lon - lon) < 0.05


def test_district_point_is_its_seat_town(resources):
    place = _places(resources, "Clashes were reported in Adraskan district of Herat.")["Adraskan"]
    assert place.precision == "district"
    assert place.feature == "WOFS"  # placed at the locality of the same name, not the polygon


def test_transliteration_variant_finds_the_village(resources):
    got = _places(resources, "A roadside bomb went off near Baloutsan, Helmand province.")
    assert got["Baloutsan"].admin1 == "Helmand"


def test_no_village_from_a_bare_capitalised_word(resources):
    got = _places(resources, "Banozai told reporters that the talks in Kabul would resume.")
    assert "Banozai" not in got
    assert got["Kabul"].precision in ("town", "province")


def test_villages_only_for_reports_about_their_country(resources):
    got = _places(resources, "Gunmen attacked a checkpoint in Balotsan village.", countries=("SO",))
    assert "Balotsan" not in got


def test_an_areas_own_word_alone_is_that_area_not_a_hamlet(resources):
    # "Gojjam" alone, after "East Gojjam" zone, is the zone told short; a hamlet is called Gojam
    text = ("A drone strike hit a market in East Gojjam, in Amhara region. Residents fear more "
            "drone attacks in Gojjam.")
    got = _places(resources, text, countries=("ET",))
    assert got["East Gojjam"].precision == "district"
    assert "Gojjam" not in got or got["Gojjam"].feature != "WOF"

