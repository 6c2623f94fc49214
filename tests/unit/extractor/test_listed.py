"""Events ACLED split over the places it lists become one incident per place."""

from services.extractor.listed import _items

SPLIT = ("On 2 May 2020, pro-Hadi forces fought off Houthi raids at Al Humayqan (Dhi Naim, "
         "Al Bayda), Al Wahbiyah (As Sawadiyah, Al Bayda) and Al Hazamiyah (As Sawmaah) fronts, "
         "killing several fighters. Unknown fatalities coded as 9 and split up between 3 events.")


def test_a_split_event_is_one_incident_per_listed_place(run):
    incidents = run(SPLIT, published="2020-05-02T10:00:00Z")
    assert len({i.location.gazetteer_id for i in incidents}) == 3
    assert {i.location.admin1 for i in incidents} == {"Muhafazat al Bayda'"}
    assert [i.fatalities.total for i in incidents] == [3, 3, 3]


def test_the_same_list_without_a_split_is_one_incident(run):
    text = SPLIT.replace(" and split up between 3 events", "")
    assert len(run(text, published="2020-05-02T10:00:00Z")) == 1


def test_list_items_break_at_commas_and_and_outside_parentheses():
    text = "shelling at X (A, B), Y (C, D) and Z."
    assert [text[a:b] for a, b in _items(text, 0, len(text))] == [
        "shelling at X (A, B)", "Y (C, D)", "Z."]


def test_a_province_after_the_place_it_frames_is_not_another_listed_place(run):
    text = ("On 3 June 2024, Russian forces attacked Ukrainian positions near Chasiv Yar, Donetsk. "
            "Fighting also went on near Kalynove. 6 fatalities coded and split across 2 events.")
    incidents = run(text, published="2024-06-04T10:00:00Z")
    names = sorted(i.location.name for i in incidents)
    assert names == ["Chasiv Yar", "Kalynove"]
