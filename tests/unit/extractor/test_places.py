import pytest

from services.extractor.geocode import find_mentions, resolve
from services.extractor.text import skeleton, tokens


def _resolve(resources, text):
    ms = find_mentions(text, tokens(text), resources.gazetteer, resources.stop)
    resolve(ms, resources.gazetteer, set())
    return ms


@pytest.mark.parametrize(
    "spelling, admin1",
    [
        ("Kafr Nabouda", "Hama"),
        ("Qalaat al-Mudiq", "Hama"),
        ("Khan Sheikhoun", "Idleb"),
        ("Maarat al-Numan", "Idleb"),
        ("Mhardeh", "Hama"),
        ("Suqaylabiyeh", "Hama"),
        ("Termala", "Idleb"),
        ("Termla", "Idleb"),
    ],
)
def test_news_spellings_resolve(resources, spelling, admin1):
    ms = _resolve(resources, f"Shelling hit {spelling} on Friday.")
    assert ms and ms[0].place.country == "SY"
    assert ms[0].place.admin1 == admin1, (spelling, ms[0].place)


def test_skeleton_is_transliteration_tolerant():
    assert skeleton("Sheikhoun") == skeleton("Shaykhun")
    assert skeleton("Mhardeh") == skeleton("Muhradah")
    assert skeleton("Idlib") == skeleton("Edlib")


def test_homonym_chosen_by_province(resources):
    # there are two Doumas: the Damascus suburb and a village in As-Sweida governorate
    near_damascus = _resolve(resources, "Airstrikes hit Douma in Rural Damascus.")[0].place
    in_sweida = _resolve(resources, "Airstrikes hit Douma in the countryside of Suwayda.")[0].place
    assert near_damascus.admin1 == "Rural Damascus"
    assert in_sweida.admin1 == "As-Sweida"


def test_homonym_chosen_by_proximity(resources):
    ms = _resolve(resources, "Clashes in Douma and Harasta.")
    assert ms[0].place.admin1 == "Rural Damascus"


def test_world_place_with_country_context(resources):
    ms = _resolve(resources, "Protesters gathered in Hyderabad, Pakistan.")
    assert ms[0].place.country == "PK"


def test_demonyms_are_not_places(resources):
    ms = _resolve(resources, "Syrian regime forces shelled the area.")
    assert ms == []


def test_name_spaced_differently_finds_the_governorate(run):
    # "Deir Ezzor" (two words) is the governorate written "Deir ez-Zor"
    (inc,) = run("On Monday, gunmen attacked a checkpoint in the countryside of Deir Ezzor.")
    assert (inc.location.precision, inc.location.admin1) == ("province", "Deir-ez-Zor")
