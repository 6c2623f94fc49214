"""ACLED coding conventions: coded fatalities, non-events, protest violence, exchanges of fire.

Hand-written sentences, none taken from evaluation data.
"""

import datetime as dt

import pytest

from services.extractor.dates import find_dates

PUB = "2021-03-10T10:00:00Z"


def _live(incs):
    return [i for i in incs if not i.background]


@pytest.mark.parametrize(
    "text, total",
    [
        # the coder's own figure beats what a source reported
        (
            "On Monday, militants clashed with soldiers near Ghazni. Fatalities coded as 0 "
            "(local media reported 2 fatalities).",
            0,
        ),
        # the last explicit figure is the one for this event
        (
            "On Monday, militias clashed near Ghazni. Coded as 10 fatalities split across 2 "
            "events. 5 fatalities coded to this event.",
            5,
        ),
        ("On Monday, militias clashed near Ghazni. Unknown fatalities coded to 4.", 4),
    ],
)
def test_coded_fatalities(run, text, total):
    (inc,) = _live(run(text, PUB))
    assert inc.fatalities.total == total


def test_killed_and_injured_are_split(run):
    (inc,) = _live(run("On Monday, gunmen attacked a market; 1 man was killed and 6 were injured."))
    assert (inc.fatalities.total, inc.injured.total) == (1, 6)


@pytest.mark.parametrize(
    "text",
    [
        "The government imposed new sanctions after the latest missile tests.",
        "A gang attacked a shopkeeper during a robbery in the market.",
        "Police arrested two drug smugglers at the border crossing.",
    ],
)
def test_diplomacy_and_crime_make_no_incident(run, text):
    assert _live(run(text, PUB)) == []


def test_armed_actor_keeps_everyday_triggers_despite_crime_cues(run):
    incs = _live(run("On Monday, Taliban militants attacked a convoy of smugglers in Ghazni.", PUB))
    assert len(incs) == 1


def test_violent_protesters_make_a_violent_demonstration(run):
    (inc,) = _live(run("On Monday, protesters marched in Lahore and threw stones at police.", PUB))
    assert (inc.event_type, inc.sub_event_type) == ("Riots", "Violent demonstration")


def test_peaceful_protest_stays_peaceful(run):
    (inc,) = _live(run("On Monday, teachers marched in Lahore to demand higher pay.", PUB))
    assert inc.sub_event_type == "Peaceful protest"


def test_exchanged_artillery_is_an_armed_clash(run):
    (inc,) = _live(
        run("On Monday, regime forces and rebels exchanged artillery fire near Kafr Nabouda.", PUB)
    )
    assert (inc.event_type, inc.sub_event_type) == ("Battles", "Armed clash")
    rules = next(e.rule_ids for e in inc.evidence if e.field == "event_type")
    assert rules == ["trig.shelling.exchange"]


def test_one_sided_shelling_stays_shelling(run):
    (inc,) = _live(run("On Monday, regime forces shelled Kafr Nabouda with artillery.", PUB))
    assert inc.sub_event_type == "Shelling/artillery/missile attack"


def test_dates_found_in_one_pass_keep_spans_and_qualifiers():
    text = "Overnight into Sunday and last Friday, on Tuesday MORNING, on 9 May 2020."
    ds = find_dates(text, dt.date(2020, 5, 12))
    got = [(text[d.start : d.end], d.date, d.rule_id) for d in ds]
    assert got == [
        ("Overnight into Sunday", dt.date(2020, 5, 10), "date.overnight"),
        ("last Friday", dt.date(2020, 5, 8), "date.weekday"),
        ("on Tuesday", dt.date(2020, 5, 12), "date.weekday"),
        ("9 May 2020", dt.date(2020, 5, 9), "date.dmy"),
    ]


def test_dates_when_lowercasing_changes_length():
    text = "İstanbul: on 9 May 2020 and yesterday."  # "İ".lower() is two characters
    ds = find_dates(text, dt.date(2020, 5, 12))
    assert [(text[d.start : d.end], d.date) for d in ds] == [
        ("9 May 2020", dt.date(2020, 5, 9)),
        ("yesterday", dt.date(2020, 5, 11)),
    ]


def test_date_inside_a_word_is_not_a_date():
    assert find_dates("Sundays are quiet; todays news.", dt.date(2020, 5, 12)) == []


@pytest.mark.parametrize(
    "text, total",
    [
        # the note's toll divided over its events, rounded
        (
            "On Monday, militias clashed near Ghazni, killing 10. Deaths split across 3 events.",
            3,
        ),
        (
            "On Monday, militias clashed near Ghazni, killing 20. Deaths split across 3 events.",
            7,
        ),
        # the share written in brackets, or after the split
        ("On Monday, militias clashed near Ghazni. Fatalities are split across 2 events (6).", 6),
        (
            "On Monday, militias clashed near Ghazni. The 12 fatalities were spread over 3 "
            "events and coded as 5.",
            5,
        ),
        ("On Monday, militias clashed near Ghazni. 9 fatalities were coded for this event.", 9),
    ],
)
def test_split_tolls(run, text, total):
    (inc,) = _live(run(text, PUB))
    assert inc.fatalities.total == total
    assert any("cas.split" in e.rule_ids for e in inc.evidence if e.field == "fatalities")


def test_day_of_month_is_not_a_toll(run):
    (inc,) = _live(run("On 8 March 2021, gunmen shot and killed a civilian in Ghazni.", PUB))
    assert inc.fatalities.total == 1


def test_number_followed_by_its_own_casualty_word(run):
    (inc,) = _live(run("On Monday, two clans clashed in Ghazni. 1 killed, three injured.", PUB))
    assert (inc.fatalities.total, inc.injured.total) == (1, 3)


@pytest.mark.parametrize(
    "text",
    [
        "A militant group claimed responsibility for last week's bombing of a market in Kabul.",
        "The minister said the rebels are responsible for the rocket attacks on the airport.",
        "Workers were engaged in packing when a boiler exploded at a chemical plant.",
    ],
)
def test_claims_and_everyday_engagement_are_not_events(run, text):
    assert _live(run(text, PUB)) == []
