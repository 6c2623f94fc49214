import datetime as dt

import pytest

from services.extractor.dates import find_dates

PUB = dt.date(2019, 5, 6)  # a Monday


@pytest.mark.parametrize(
    "text, expected, precision",
    [
        ("on Friday", dt.date(2019, 5, 3), "day"),
        ("in late 2017", dt.date(2017, 1, 1), "year"),
        ("since mid-2016", dt.date(2016, 1, 1), "year"),
        ("by the end of 2018", dt.date(2018, 1, 1), "year"),
        ("yesterday", dt.date(2019, 5, 5), "day"),
        ("on 9 May 2020", dt.date(2020, 5, 9), "day"),
        ("overnight into Sunday", dt.date(2019, 5, 5), "day"),
        ("last week", dt.date(2019, 4, 29), "week"),
        ("two weeks ago", dt.date(2019, 4, 22), "week"),
        ("a week ago", dt.date(2019, 4, 29), "week"),
        ("during the 2014 war", dt.date(2014, 1, 1), "year"),
        ("On April 28", dt.date(2019, 4, 28), "day"),
        ("on Christmas Eve", dt.date(2018, 12, 24), "day"),  # the last one up to publication
        ("on New Year's Day", dt.date(2019, 1, 1), "day"),
        ("between 2009 and 2015", dt.date(2009, 1, 1), "year"),
        ("between September and March", dt.date(2018, 9, 1), "month"),
        ("on 30 December", dt.date(2018, 12, 30), "day"),  # no year: the most recent one
        ("on Monday", dt.date(2019, 5, 6), "day"),
        ("in April 2017", dt.date(2017, 4, 1), "month"),
        ("the March 2016 bombing", dt.date(2016, 3, 1), "month"),
    ],
)
def test_resolved_against_publication(text, expected, precision):
    found = find_dates(text, PUB)
    assert found and (found[0].date, found[0].precision) == (expected, precision)


def test_offsets_point_into_text():
    text = "Reported on 10 March 2020, clashes"
    d = find_dates(text, PUB)[0]
    assert text[d.start : d.end] == "10 March 2020"


def test_an_undated_event_takes_the_reports_recent_date_before_it(run):
    text = ("At least 12 civilians were killed on Friday in strikes on Idlib province. "
            "Warplanes also hit Kafr Nabl in southern Idlib, wounding five people.")
    incidents = run(text, published="2019-05-12T10:00:00Z")
    assert {str(i.date) for i in incidents} == {"2019-05-10"}


def test_an_old_date_before_an_undated_event_is_history_not_its_day(run):
    text = ("The town was hit by a chemical attack on 4 April 2017. "
            "Warplanes hit Kafr Nabl in southern Idlib, wounding five people.")
    incidents = [i for i in run(text, published="2019-05-12T10:00:00Z") if not i.background]
    assert [str(i.date) for i in incidents] == ["2019-05-12"]


def test_a_day_that_names_the_event_word_dates_it_over_another_in_the_sentence(run):
    text = ("Hundreds gathered in Binnish on Saturday to bury the six people killed in "
            "Thursday's air strike on the town's bakery.")
    [inc] = [i for i in run(text, published="2019-05-12T10:00:00Z") if not i.background]
    assert str(inc.date) == "2019-05-09"


def test_an_event_named_by_a_month_years_back_is_history(run):
    text = ("A report released on Monday found that the March 2016 bombing of the market in "
            "Binnish, which killed 30 people, was a war crime.")
    assert [i for i in run(text, published="2019-05-13T10:00:00Z") if not i.background] == []


def _dated(run, text, published="2019-05-09T08:00:00Z"):  # a Thursday
    return [(i.date.isoformat() if i.date else None, i.location and i.location.name)
            for i in run(text, published=published) if not i.background]


def test_a_datelines_date_dates_the_filing_not_the_day_the_sentence_names(run):
    assert _dated(run, "ALEPPO, May 9 - Shelling killed three people in Atarib on "
                       "Wednesday, residents said.") == [("2019-05-08", "Al Atarib")]
    assert _dated(run, "Aleppo, Syria, 9 May (Agency) - Shelling killed three people in "
                       "Atarib on Tuesday.")[0][0] == "2019-05-07"
    # a dateline's date alone still dates the sentence
    assert _dated(run, "ALEPPO, May 8 - Shelling killed three people in Atarib.") == [
        ("2019-05-08", "Al Atarib")]


def test_a_date_in_the_running_text_is_no_dateline(run):
    assert _dated(run, "Residents said that on May 7, shelling killed three people in "
                       "Atarib.") == [("2019-05-07", "Al Atarib")]


def test_of_two_dates_in_the_events_clause_the_nearest_dates_it(run):
    # the day of a gathering told first, the day of the strike it mourns right by the strike
    assert _dated(run, "Crowds gathered in Kherson on Wednesday to bury four neighbours who "
                  "died when a rocket hit their street on Monday.")[0][0] == "2019-05-06"
    assert _dated(run, "Villagers met on Wednesday for the funeral of a boy who was shot by a "
                  "sniper in Daraa on Sunday night.")[0][0] == "2019-05-05"
