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



def _wof_table(tmp_path, rows):
    """A small Who's On First source table (the shared data's columns) of hand-made rows."""
    import gzip

    cols = ["wof_id", "placetype", "name", "lat", "lon", "country", "region", "county",
            "geonames_id", "population", "alt_names"]
    path = tmp_path / "wof.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\t".join(cols) + "\n")
        for r in rows:
            fh.write("\t".join(str(v) for v in r) + "\n")
    return path


def _district_points(tmp_path, rows):
    from services.extractor.build_data import _fuzzy, _keys
    from services.extractor.build_wof import wof_rows

    tables = wof_rows(_wof_table(tmp_path, rows), set(), {}, {}, _keys, _fuzzy)
    return {r[1]: (float(r[2]), float(r[3]), r[9]) for t in tables.values() for r in t
            if r[7] == "district"}


def test_a_district_sits_at_a_seat_spelled_loosely_like_it(tmp_path):
    got = _district_points(tmp_path, [
        (1, "county", "Qarabagh", 33.0, 68.0, "AF", "Ghazni", "Qarabagh", "", 0, ""),
        (2, "locality", "Qara Bagh", 33.2, 68.1, "AF", "Ghazni", "Qarabagh", 7, 900, ""),
        (3, "locality", "Sang", 33.1, 68.2, "AF", "Ghazni", "Qarabagh", 8, 50, ""),
    ])
    assert got["Qarabagh"] == (33.2, 68.1, "WOFS")


def test_a_district_centre_filed_under_no_district_is_the_seat_when_near(tmp_path):
    got = _district_points(tmp_path, [
        (1, "county", "Jaghori", 33.1, 67.4, "AF", "Ghazni", "Jaghori", "", 0, ""),
        (2, "locality", "Markaz-e Hukumat-e Jaghori", 33.15, 67.45, "AF", "", "", 7, 0, ""),
        (3, "county", "Waghaz", 33.4, 68.3, "AF", "Ghazni", "Waghaz", "", 0, ""),
        (4, "locality", "Hukumati Waghaz", 35.4, 70.3, "AF", "", "", 8, 0, ""),  # 290 km away
    ])
    assert got["Jaghori"] == (33.15, 67.45, "WOFS")
    assert got["Waghaz"] == (33.4, 68.3, "WOFD")  # too far to be its seat: the polygon's centre


def test_an_unrelated_village_of_the_district_is_no_seat(tmp_path):
    got = _district_points(tmp_path, [
        (1, "county", "Zurmat", 33.4, 69.0, "AF", "Paktia", "Zurmat", "", 0, ""),
        (2, "locality", "Kolalgu", 33.5, 69.1, "AF", "Paktia", "Zurmat", 7, 0, ""),
    ])
    assert got["Zurmat"][2] == "WOFD"


def test_a_district_told_alone_is_placed_at_its_seat_town(resources):
    text = "Taliban fighters ambushed a police patrol in Ghoryan district of Herat on Tuesday."
    place = _places(resources, text)["Ghoryan"]
    assert place.precision == "district"
    assert abs(place.lat - 34.345) < 0.01 and abs(place.lon - 61.493) < 0.01  # Ghoriyan town


def test_a_village_framed_by_its_district_is_the_event_place(run):
    # Laman lies in Qala-i-Naw district: the district the text names confirms the village
    inc = run("On 3 March 2021, a drone strike killed four fighters in Laman area of Qala I Naw "
              "district, Badghis.")[0]
    assert (inc.location.name, inc.location.precision) == ("Laman", "town")


def test_a_district_frame_counts_another_names_district_only():
    from types import SimpleNamespace

    from services.extractor.gazetteer import Place
    from services.extractor.place_scores import district_key, district_named_elsewhere

    town = Place("t1", "Kamar", 34.8, 63.1, "AF", "Badghis", "Qala-I- Naw", "town", 0, "WOF")
    district = Place("d1", "Qala-I- Naw", 34.9, 63.1, "AF", "Badghis", "Qala-I- Naw",
                     "district", 0, "WOFS")
    assert district_key(town) == district_key(district) == ("AF", "Badghis", "qala i naw")
    m = SimpleNamespace(text="Kamar")
    assert district_named_elsewhere(town, m, {district_key(district): {"Qala I Naw"}})
    assert not district_named_elsewhere(town, m, {district_key(district): {"Kamar"}})
    elsewhere = Place("t2", "Kamar", 31.6, 64.2, "AF", "Helmand", "Nad Ali", "town", 0, "WOF")
    assert not district_named_elsewhere(elsewhere, m, {district_key(district): {"Qala I Naw"}})


def test_a_capitalised_level_word_after_a_village_is_its_level(resources):
    # "Minbya Township": the township word is the village's level, not the rest of its name
    text = "Artillery shells hit houses in Minbya Township, Mrauk-U District, Rakhine State."
    place = _places(resources, text, ("MM",))["Minbya"]
    assert (place.admin1, place.precision) == ("Rakhine", "town")


def test_a_capitalised_word_that_is_no_level_still_runs_the_name_on(resources):
    from services.extractor.geocode import _name_goes_on

    text = "Minbya Hospital and Minbya Township"
    assert _name_goes_on(text, len("Minbya"))
    assert not _name_goes_on(text, text.rindex("Minbya") + len("Minbya"))


def test_a_second_reading_reuses_only_runs_the_villages_leave_alone(resources):
    # the first reading's runs are reused on the view where no village table holds their keys;
    # a run whose key is a village's ("Balotsan") is looked up again and finds the village
    from services.extractor.geocode import Reading, find_mentions

    text = ("Gunmen attacked a checkpoint in Balotsan village of Helmand province, and "
            "officials in Kabul said Lashkar Gah was calm.")
    toks, gaz = tokens(text), resources.gazetteer
    view = gaz.with_countries({"AF"})
    reading = Reading()
    first = find_mentions(text, toks, gaz, resources.stop, reading=reading)
    kept = [i for i, r in reading.runs.items() if r.lights and not view.villages_hold(
        r.lights, r.loose_keys)]
    assert kept and len(kept) < len(reading.runs)  # some runs are reused, not all

    def seen(ms):
        return [(m.text, m.candidates, m.fuzzy, m.level_hint, m.prep) for m in ms]

    again = find_mentions(text, toks, view, resources.stop, reading=reading)
    assert seen(again) == seen(find_mentions(text, toks, view, resources.stop))
    villages = {m.text for m in again if any(view.is_village(c) for c, _ in m.candidates)}
    assert "Balotsan" in villages
    assert "Balotsan" not in {m.text for m in first if any(
        view.is_village(c) for c, _ in m.candidates)}


def test_an_armed_group_of_one_country_places_a_report_that_names_none(run):
    # ACLED-style notes seldom name their country: the forces that fight there do
    told = (
        ("On 3 May, FARDC soldiers clashed with CODECO militiamen in Makambo village.", "CD"),
        ("On 3 May, the RSF shelled Basonda, killing three civilians.", "SD"),
        ("On 3 May, Fano fighters ambushed a convoy near Mesno, killing two soldiers.", "ET"),
    )
    for text, country in told:
        [inc] = run(text, published="2020-05-06T10:00:00Z")
        assert inc.location is not None and inc.location.country == country, text
    # the same notes without the group: the village tables stay closed
    [inc] = run("On 3 May, gunmen shelled Basonda, killing three civilians.",
                published="2020-05-06T10:00:00Z")
    assert inc.location is None or inc.location.country != "SD"


def test_a_village_named_in_another_script_is_shown_in_latin_letters(tmp_path):
    from services.extractor.build_data import _fuzzy, _keys
    from services.extractor.build_wof import wof_rows

    rows = [
        (1, "locality", "Петрівське", 47.6, 37.2, "UA", "Donetsk", "Volnovaskyi", "", 0,
         "Petrovskoye|Петровское"),
        (2, "locality", "Мирне", 47.9, 37.5, "UA", "Donetsk", "Pokrovskyi", "", 0, ""),
        (3, "locality", "Nova Hrushivka", 48.0, 37.4, "UA", "Donetsk", "Pokrovskyi", "", 0,
         "Нова Грушівка"),
        (4, "locality", "قرية الصفا", 36.1, 43.1, "IQ", "Ninawa", "Mosul", "", 0,
         "Qaryat as Safa"),
    ]
    tables = wof_rows(_wof_table(tmp_path, rows), set(), {}, {}, _keys, _fuzzy)
    names = {r[0]: (r[1], r[10]) for t in tables.values() for r in t}
    # the Cyrillic name's own letters, transliterated; the Russian spelling stays matched
    assert names["wof:1"][0] == "Petrivske"
    assert {"petrivske", "petrovskoye"} <= set(names["wof:1"][1].split("|"))
    assert names["wof:2"][0] == "Mirne"
    assert names["wof:3"][0] == "Nova Hrushivka"  # a Latin main name is kept
    assert names["wof:4"][0] == "Qaryat as Safa"  # Arabic script: its Latin alternate
