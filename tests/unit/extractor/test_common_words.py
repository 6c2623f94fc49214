"""Ordinary English words that some place is also called ("Academy", "Civil", "Elias") name no
place by an alias or a look-alike unless a place cue supports it; the word list is built from
word frequencies, keeping out the names of places news tells of. Every sentence is written for
these tests."""

from __future__ import annotations

from services.extractor.build_words import common_words, notable_names


def _names(place_mentions, text):
    return [m.place.name for m in place_mentions(text) if m.place is not None]


def test_a_common_word_read_as_a_look_alike_is_no_place(place_mentions):
    # "Academy" spelled loosely reads as a Syrian village; here it is a military school
    names = _names(place_mentions, "A drone hit the graduation at the Military Academy in Homs.")
    assert names and all("Homs" in n or n == "Ḩimş" for n in names), names


def test_a_person_named_like_a_village_is_no_village(place_mentions):
    names = _names(place_mentions, "Elias said the blast in Damascus wounded twenty.")
    assert len(names) == 1


def test_a_common_word_after_a_place_cue_keeps_its_look_alike(place_mentions):
    # "Kinda", placed in its province, is the village the gazetteer spells "Kindah"
    [m, *_] = place_mentions("Regime forces shelled Kinda in Idleb on Sunday.")
    assert m.place.admin1 == "Idleb" and m.place.precision == "town"


def test_the_list_keeps_common_words_and_leaves_out_notable_places():
    words = [("civil", 4.9), ("academy", 4.6), ("gaza", 3.9), ("rare", 2.0), ("it", 6.0),
             ("don't", 5.0)]
    assert common_words(words, {"gaza"}) == ["academy", "civil"]


def test_notable_places_are_the_main_names_of_big_or_syrian_places(place_mentions):
    from services.extractor.resources import load_resources

    gaz = load_resources().gazetteer
    notable = notable_names(gaz)
    assert {"gaza", "aleppo", "idlib", "kabul"} <= notable
    assert "civil" not in notable


def test_a_persons_next_name_is_no_place(place_mentions):
    # "Zahedi" spelled loosely reads as a Syrian village; after "Mohammad Reza" it is a surname
    assert _names(place_mentions, "Among those killed, a source named Mohammad Reza Zahedi.") == []
    # the same surname after a place cue is still looked up
    assert _names(place_mentions, "Shelling hit Zahedi, Tartous.") != []
