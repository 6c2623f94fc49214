"""How a news story's shape decides what is new: history told in passing, totals over a war or a
period, a headline that runs into its lead, a dateline, and later sentences that point back to
the event already told. Every text here is written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest


def _live(incidents):
    return [i for i in incidents if not i.background]


# --- history: an anniversary, a fronted month, a year that opens the sentence ---------------


def test_an_anniversary_makes_the_event_it_marks_history(run):
    incs = run(
        "Sunday marked the fifth anniversary of the air strike on the hospital in Kafr Nabl "
        "that killed 18 people.",
        published="2024-05-06T10:00:00Z",
    )
    assert _live(incs) == []
    assert any(i.background for i in incs)


def test_an_anniversary_governs_only_what_it_introduces(run):
    # the arrests are today's; the anniversary is of an older arrest
    incs = run(
        "Police arrested dozens of activists in Idlib on Saturday ahead of the tenth "
        "anniversary of the siege of the city.",
        published="2024-05-06T10:00:00Z",
    )
    assert [i.sub_event_type for i in _live(incs)] == ["Arrests"]


def test_a_fronted_month_far_before_publication_is_history(run):
    incs = run(
        "In October, an air strike destroyed a clinic in Kafr Nabl, killing nine people.",
        published="2024-02-20T10:00:00Z",
    )
    assert _live(incs) == []
    [old] = incs
    assert (old.date, old.date_precision) == (dt.date(2023, 10, 1), "month")


def test_a_month_of_this_season_is_still_news(run):
    incs = run(
        "In February, an air strike destroyed a clinic in Kafr Nabl, killing nine people.",
        published="2024-02-20T10:00:00Z",
    )
    assert len(_live(incs)) == 1


def test_a_year_that_opens_the_sentence_dates_the_event(run):
    incs = run(
        "In 2012 rebels stormed the national hospital in Maarat al-Numan.",
        published="2019-05-06T10:00:00Z",
    )
    assert _live(incs) == []


def test_a_year_inside_a_clause_about_someone_else_dates_nothing(run):
    [inc] = _live(run(
        "On 4 May 2019, 200 nurses who graduated in 2016 staged a protest in front of the "
        "health directorate in Idlib city.",
    ))
    assert inc.date == dt.date(2019, 5, 4)


def test_a_year_after_a_relative_pronoun_dates_the_thing_it_describes(run):
    [inc] = _live(run(
        "On Saturday, gunmen looted the old mill in Afrin, which was built in 1923.",
    ))
    assert inc.date == dt.date(2019, 5, 4)


def test_since_a_year_starts_a_period_it_does_not_date_the_event(run):
    [inc] = _live(run(
        "Government forces took control of the whole highway near Saraqib on Sunday, for the "
        "first time since 2012.",
    ))
    assert inc.date == dt.date(2019, 5, 5)


# --- totals over a war or a period ------------------------------------------------------------


def test_a_toll_since_the_offensive_began_is_no_event_toll(run):
    incs = run(
        "An air strike hit a bakery in Ariha on Sunday, killing four people. More than 2,300 "
        "people have been killed since the offensive began.",
    )
    [inc] = _live(incs)
    assert inc.fatalities.total == 4


def test_a_toll_over_the_whole_war_is_no_event_toll(run):
    incs = run(
        "Shelling hit the market in Jisr al-Shughur on Sunday, killing three civilians. "
        "During the war, more than 900 health workers have been killed.",
    )
    [inc] = _live(incs)
    assert inc.fatalities.total == 3


def test_a_bare_toll_after_a_period_sentence_goes_on_counting_the_period(run):
    incs = run(
        "An air strike hit an ambulance near Kafr Zita on Sunday, killing two medics. "
        "Bombardment of the region went on over the past week. Some 140 died and 200 "
        "were hurt.",
    )
    [inc] = _live(incs)
    assert inc.fatalities.total == 2


def test_a_bare_toll_that_names_its_day_still_belongs_to_the_event(run):
    incs = run(
        "An air strike hit an ambulance near Kafr Zita. On Sunday, 3 were killed.",
    )
    [inc] = _live(incs)
    assert inc.fatalities.total == 3


def test_a_war_described_by_its_length_keeps_the_event_but_not_its_figure(run):
    incs = run(
        "Rebels and the government opened peace talks in Doha on Sunday to end a 40-year "
        "conflict that has killed 90,000 people.",
    )
    [inc] = _live(incs)
    assert inc.sub_event_type == "Agreement"
    assert inc.fatalities.total is None


def test_a_monitors_monthly_report_is_a_total(run):
    incs = run(
        "The monitor said in its monthly report that air strikes killed 130 civilians in "
        "Idlib province.",
    )
    assert _live(incs) == []


# --- figures that are not casualties ------------------------------------------------------------


def test_the_missing_are_not_counted_with_the_dead(run):
    [inc] = _live(run(
        "Militants attacked an army post in Kafr Nabl on Sunday. Six soldiers were killed and "
        "seven are missing.",
    ))
    assert inc.fatalities.total == 6


def test_the_abducted_are_not_counted_with_the_dead(run):
    [inc] = _live(run(
        "Gunmen attacked a village near Afrin on Sunday, leaving four dead, 3 abducted.",
    ))
    assert inc.fatalities.total == 4


# --- one event told several times -----------------------------------------------------------


def test_a_headline_run_into_its_lead_is_told_once(run):
    title = "Bomb kills 6 in Idlib market"
    text = title + (
        " At least six people died when a car bomb exploded in an Idlib market on Sunday.")
    [inc] = _live(run(text, title=title))
    assert inc.fatalities.total == 6


def test_a_headline_without_its_own_line_still_ends_at_the_title(run):
    title = "Shelling kills 2 in Ariha"
    text = title + " Two civilians were killed by regime shelling on Ariha on Sunday."
    [inc] = _live(run(text, title=title))
    assert inc.fatalities.total == 2


def test_a_dateline_is_not_a_second_event(run):
    incs = run(
        "Warplanes bomb rebel positions in Idlib\n"
        "DAMASCUS, May 5 (Agency) - Warplanes struck rebel positions in northwestern Syria on "
        "Sunday, a monitor said.",
    )
    assert len(_live(incs)) == 1
    assert _live(incs)[0].location.admin1 == "Idleb"


def test_a_headline_that_names_the_country_is_the_bodys_event(run):
    incs = run(
        "Hospital destroyed by air strikes in Syria\n"
        "A hospital was destroyed by air strikes on Sunday. The strikes on Maarat al-Numan "
        "killed seven people.",
    )
    [inc] = _live(incs)
    assert inc.location.admin1 == "Idleb"
    assert inc.fatalities.total == 7


def test_the_strike_refers_back_to_the_event_told(run):
    incs = run(
        "On Sunday an air strike hit the hospital in Kafr Nabl. Doctors had shared the "
        "hospital's coordinates with the military in Damascus before the strike.",
    )
    assert len(_live(incs)) == 1


def test_a_clause_placed_and_dated_nowhere_after_history_is_that_history(run):
    incs = run(
        "Today marks the fifth anniversary of the air strike on the hospital in Kafr Nabl. "
        "Some patients died in the fire; others were shot as they ran from the burning ward. "
        "Doctors had given the hospital's coordinates to officials in Damascus before "
        "the attack.",
        published="2024-05-06T10:00:00Z",
    )
    assert _live(incs) == []


def test_the_attack_after_an_anniversary_is_that_attack(run):
    incs = run(
        "Today marks the anniversary of the bombing of the hospital in Kafr Nabl. Families "
        "met officials in Damascus to ask why the attack happened.",
        published="2024-05-06T10:00:00Z",
    )
    assert _live(incs) == []


def test_a_new_town_of_another_province_is_a_new_event(run):
    incs = run(
        "On Sunday shelling hit Kafr Nabl in Idlib. The shelling of Mhardeh in Hama killed two.",
    )
    assert {i.location.admin1 for i in _live(incs)} == {"Idleb", "Hama"}


# --- tolls over a month, a campaign's running total, ranges and ages ---------------------------


def test_a_toll_over_a_named_month_is_a_total(run):
    incs = run(
        "Air strikes killed 130 civilians in Idlib province in April 2019, the monitor said.",
    )
    assert _live(incs) == []


def test_one_strike_of_a_named_month_is_still_an_event(run):
    [inc] = _live(run("In April 2019, an air strike killed nine people in Ariha."))
    assert inc.fatalities.total == 9


def test_a_campaign_that_has_killed_thousands_gives_no_event_its_toll(run):
    [inc] = _live(run(
        "An air strike hit the hospital in Ariha on Sunday, killing two, during a campaign "
        "that has killed more than 3,000 people.",
    ))
    assert inc.fatalities.total == 2


def test_a_war_the_ministry_says_has_killed_thousands_gives_no_toll(run):
    [inc] = _live(run(
        "Shelling hit a school in Kafr Nabl on Sunday. The bombardment, which the ministry "
        "says has killed 4,000 people, went on.",
    ))
    assert inc.fatalities.total is None


def test_a_range_of_injured_is_not_added_to_the_dead(run):
    [inc] = _live(run(
        "Three protesters killed, 30-40 injured as police fire on a march in Idlib on Sunday",
    ))
    assert inc.fatalities.total == 3


def test_an_age_in_brackets_is_no_toll(run):
    [inc] = _live(run(
        "Security forces fired on protesters in Idlib on Sunday, and Sami Haddad (22) was "
        "killed.",
    ))
    assert inc.fatalities.total in (None, 1)


def test_a_casualty_sentence_after_a_period_sentence_counts_the_period(run):
    [inc] = _live(run(
        "An air strike hit an ambulance near Kafr Zita on Sunday, killing two medics. Attacks "
        "on the region grew worse over the past week. Some 140 were killed.",
    ))
    assert inc.fatalities.total == 2


def test_in_the_south_of_a_village_is_that_village(place_mentions):
    [*_, hass] = [m for m in place_mentions("bombs fell in south of Kafr Nabl village")]
    assert not hass.reference


def test_west_of_a_town_after_another_place_is_a_landmark(place_mentions):
    ms = place_mentions("clashes in Maarat Hurmah west of Kafr Nabl")
    assert ms[-1].reference


# --- what was hit, and what was only named ----------------------------------------------------


def test_the_hospital_the_wounded_were_taken_to_was_not_hit(run):
    [inc] = _live(run(
        "A car bomb killed four people in Azaz on Sunday; the wounded were rushed to the "
        "main hospital.",
    ))
    assert all(t.category != "health" for t in inc.targets)


def test_a_hospital_director_who_speaks_names_no_target(run):
    [inc] = _live(run(
        "Shelling killed three farmers near Ariha on Sunday, a hospital director said.",
    ))
    assert all(t.category != "health" for t in inc.targets)


def test_a_hospital_struck_is_still_a_target(run):
    [inc] = _live(run(
        "Warplanes struck the hospital in Ariha on Sunday; the wounded were taken to Idlib.",
    ))
    assert any(t.category == "health" for t in inc.targets)


@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit the vegetable market in Saraqib on Sunday, killing nine people, medics said.",
        "An air strike on Binnish on Sunday killed five civilians, the civil defence told us.",
        "Doctors reported that a drone strike killed two shepherds near Ariha on Sunday.",
        "Doctors at the main hospital in Ariha said shelling killed two shepherds on Sunday.",
        "After hospitals compared their lists, they said shelling killed seven in Ariha on "
        "Sunday.",
    ],
)
def test_medics_or_rescuers_who_tell_of_the_event_are_no_target(run, text):
    [inc] = _live(run(text))
    assert all(t.category not in ("health", "humanitarian") for t in inc.targets)


@pytest.mark.parametrize(
    "text",
    [
        "A drone strike killed two paramedics near Ariha on Sunday, the civil defence said.",
        "Shelling on Sunday wounded three civil defence volunteers in Binnish.",
        "Shelling hit the hospital in Ariha on Sunday, the hospital's director said.",
    ],
)
def test_medics_or_rescuers_who_are_hit_stay_targets(run, text):
    [inc] = _live(run(text))
    assert any(t.category in ("health", "humanitarian") for t in inc.targets)


def test_a_number_naming_a_unit_is_no_toll(run):
    [inc] = _live(run(
        "On Sunday, a roadside bomb hit a patrol of the 212 Battalion near Daraa, killing two.",
    ))
    assert inc.fatalities.total == 2


def test_a_date_fronted_after_a_discourse_word_governs_its_sentence(run):
    incs = run(
        "Also, on 13 January, nine soldiers were killed in a bomb blast near Daraa.",
        published="2019-05-06T10:00:00Z",
    )
    assert _live(incs) == []


# --- summaries over a region, asides, children told apart ---------------------------------------


def test_a_toll_summed_across_the_region_is_not_the_first_towns(run):
    incs = _live(run(
        "Warplanes pounded Idlib province on Sunday, and 25 civilians died across the region. "
        "In Ariha, 9 people were killed.",
    ))
    ariha = [i for i in incs if i.location.name == "Ariha" or "Ar" in i.location.name]
    assert ariha and ariha[0].fatalities.total == 9


def test_a_regional_summary_keeps_its_event_words(run):
    incs = _live(run("Shelling hit Idlib province on Sunday, killing 14 across several villages."))
    assert len(incs) == 1 and incs[0].fatalities.total is None


def test_an_aside_about_a_place_gives_its_date_and_toll_to_no_one(run):
    [inc] = _live(run(
        "Saraqib, where a chlorine attack killed dozens in March 2015, was shelled again on "
        "Sunday.",
    ))
    assert inc.date == dt.date(2019, 5, 5)
    assert inc.fatalities.total is None


def test_a_strike_that_killed_does_not_refer_back(run):
    incs = run(
        "Shelling hit the market in Ariha on Sunday. In October, a clinic in Kafr Nabl was "
        "destroyed by an air strike that killed 11 people.",
    )
    [live] = _live(incs)
    assert live.fatalities.total is None  # the October strike's toll stays with it


def test_children_told_in_a_sentence_of_their_own_belong_to_the_toll(run):
    [inc] = _live(run(
        "An air strike killed at least 12 people in Ariha on Sunday. Four children were among "
        "the dead.",
    ))
    assert (inc.fatalities.total, inc.fatalities.children) == (12, 4)


def test_a_strike_that_started_a_fire_is_a_strike_in_a_report_of_war(run):
    # "strike" alone is also a walkout: in a report of armed conflict it is a strike
    incs = _live(run(
        "Warplanes hit Ariha on Sunday. In Saraqib, a strike started a fire beside the clinic.",
    ))
    saraqib = [i for i in incs if i.location.name.startswith("Sar")]
    assert saraqib and saraqib[0].sub_event_type == "Air/drone strike"


def test_links_to_other_stories_on_the_page_raise_nothing(run):
    incs = run(
        "Air strike hits clinic in Ariha\n"
        "An air strike hit the clinic in Ariha on Sunday, wounding three nurses.\n"
        "RELATED Market in Saraqib shelled, five killed\n"
        "Prev Post\n"
        "Gunmen kill two farmers near Azaz\n"
        "Next Post",
        published="2024-05-06T10:00:00Z",
    )
    assert [i.location.name for i in _live(incs)] == ["Ariha"]


def test_headline_lists_and_captions_after_the_story_raise_nothing(run):
    incs = run(
        "An air strike hit the clinic in Ariha on Sunday, wounding three nurses.\n"
        "Nurses said the ward was full when the roof came down.\n"
        "Rescuers searched the rubble until the evening.\n"
        "Smoke rises after a strike near Saraqib (Photo: social media)\n"
        "Top Stories\n"
        "Gunmen kill two farmers near Azaz\n"
        "Shelling wounds four in Jisr al-Shughur, May 2, 2024\n"
        "Drone strike kills driver near Atarib, May 3, 2024\n",
        published="2024-05-06T10:00:00Z",
    )
    assert [i.location.name for i in _live(incs)] == ["Ariha"]


def test_a_strike_told_undated_then_dated_two_days_back_is_one_strike(run):
    # published on a Monday; the body dates the strike the Saturday before
    incs = run(
        "Twelve fighters were killed in an air strike near Ariha, the army said. In a "
        "statement, the army said the air strike on Ariha was carried out on Saturday.",
        published="2024-05-06T10:00:00Z",
    )
    [inc] = _live(incs)
    assert inc.date.isoformat() == "2024-05-04"


def test_a_press_release_dateline_is_where_it_was_filed_not_the_event(run):
    incs = run(
        "FOR IMMEDIATE RELEASE May 5, 2019 Vienna, Austria- Two nurses were killed today when "
        "shelling struck the clinic where they worked. The nurses were on their way to the "
        "clinic in Nawa, in Daraa province, and were hit by the shelling at 9 a.m.",
        title="Two nurses killed as shelling hits clinic in southern Syria",
        published="2019-05-05T12:00:00Z",
    )
    [inc] = _live(incs)
    assert (inc.location.name, inc.location.country) == ("Nawa", "SY")
    assert inc.fatalities.total == 2


def test_a_mass_toll_told_without_a_figure_is_the_wars(run):
    incs = run(
        "Gunmen kill nine in Mali village\n\n"
        "The country is fighting an insurgency that began in the north in 2012.\n\n"
        "The fighters have since moved south into the Sahel region, killing thousands and "
        "uprooting millions.\n\nThe latest raid took place on Sunday in a village near "
        "Dinangourou in the Mopti region, the mayor said.",
        title="Gunmen kill nine in Mali village",
        published="2023-03-06T12:00:00Z",
    )
    [inc] = _live(incs)
    assert (inc.location.admin1, inc.fatalities.total) == ("Mopti", 9)


def test_a_later_sentence_on_the_same_strike_gives_its_town_inside_the_province(run):
    text = ("Air strikes hit a bakery in Idlib province on Sunday, witnesses said. The strikes "
            "on the bakery in the town of Binnish wounded four workers.")
    [inc] = _live(run(text))
    assert inc.location.name == "Binnish" and inc.injured.total == 4


def test_where_the_wounded_were_taken_does_not_place_the_strike(run):
    text = ("Air strikes hit a bakery in Idlib province on Sunday, witnesses said. The wounded "
            "were taken to the town of Binnish.")
    [inc] = _live(run(text))
    assert inc.location.name != "Binnish"


# --- protests: what they are against is their cause, not an event or a place -----------------


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds protested in Qamishli on Saturday against Russia's bombing campaign.",
        "Students rallied in Idlib on Friday to denounce the shelling of their schools.",
    ],
)
def test_what_a_protest_is_against_is_no_event_of_its_own(run, text):
    [inc] = _live(run(text))
    assert inc.event_type == "Protests" and inc.sub_event_type == "Peaceful protest"


def test_the_toll_of_what_a_protest_is_over_is_not_the_protests(run):
    [inc] = _live(run("Protesters clashed with police in Azaz on Saturday over the killing of "
                      "two teenagers."))
    assert inc.sub_event_type == "Violent demonstration" and inc.fatalities.total is None


def test_a_capital_a_protest_is_against_is_not_where_it_was(run):
    [inc] = _live(run("Syrians in Afrin took to the streets on Saturday. The protesters "
                      "chanted slogans against Ankara."))
    assert inc.location.name != "Ankara"
    [alone] = _live(run("The protesters chanted slogans against Ankara on Saturday."))
    assert alone.location is None


def test_a_country_in_the_possessive_names_whose_not_where(run):
    [inc] = _live(run("Syrians protest Turkey's offensive"))
    assert inc.location is None
    [placed] = _live(run("Heavy fighting raged in Syria's northwest on Saturday."))
    assert placed.location is not None and placed.location.country == "SY"


def test_a_sentence_opened_by_separately_tells_another_event(run):
    text = ("Shelling killed two civilians in Afrin on Saturday. Separately on Saturday, "
            "residents of Afrin staged a demonstration.")
    assert sorted(i.event_type for i in _live(run(text))) == [
        "Explosions/Remote violence", "Protests"]


# --- people named in passing are no places ---------------------------------------------------


@pytest.mark.parametrize("text", [
    "A shell hit the house on Sunday. Her brother Binnish died on the way to hospital.",
    "A shell hit the house on Sunday; Binnish was killed instantly.",
])
def test_a_name_that_dies_is_a_person(run, text):
    assert all(i.location is None for i in _live(run(text)))


def test_a_list_of_given_names_is_people_even_without_a_cue(run):
    text = ("A bomb killed four people in Quetta on Tuesday. Among the wounded were Muhammad "
            "Binnish, Abdul Sarmin, Ali Ariha and Ahmed Saraqib.")
    [inc] = _live(run(text))
    assert inc.location.name == "Quetta"
    placed = _live(run("Shelling hit Binnish, Sarmin, Ariha and Saraqib on Tuesday."))
    assert {i.location.name for i in placed} >= {"Binnish"}


@pytest.mark.parametrize("text", [
    "Hospitals in eastern Aleppo are running out of fuel as fighting raged nearby on Sunday.",
    "The clinic in Binnish was overwhelmed after shelling hit the market on Sunday.",
    "A field hospital was set up in Binnish after shelling killed four people on Sunday.",
    "Shelling killed four people in Binnish on Sunday; the wounded were evacuated by ambulance.",
    "Shelling killed four people in Binnish on Sunday, and two more died later in hospital.",
    "Shelling killed four people in Binnish on Sunday, staff at the hospital morgue said.",
])
def test_a_facility_named_for_what_it_lacks_or_does_is_not_hit(run, text):
    assert all(t.category != "health" for i in _live(run(text)) for t in i.targets)


def test_a_toll_since_the_fighting_erupted_is_a_total(run):
    text = ("More than 400 people have been killed since fighting erupted in the region two "
            "weeks ago, the health ministry said on Sunday.")
    assert all(i.fatalities.total is None or i.fatalities.total < 400 for i in _live(run(text)))


def test_the_day_a_group_condemned_an_attack_is_not_its_day(run):
    text = ("The aid group condemned on Wednesday an attack on its clinic in Binnish, where "
            "gunmen opened fire on staff on Monday, wounding a nurse.")
    [inc] = _live(run(text, published="2024-05-08T10:00:00Z"))
    assert str(inc.date) == "2024-05-06" and inc.injured.total == 1


def test_a_sentence_placed_nowhere_that_names_another_day_tells_another_event(run):
    text = ("Shelling killed nine people in Binnish on Sunday, a medical source said. The town's "
            "last working clinic was forced to close after it was hit by shells on Saturday.")
    by_day = {str(i.date): i for i in _live(run(text, published="2024-05-06T10:00:00Z"))}
    assert set(by_day) == {"2024-05-05", "2024-05-04"}
    assert by_day["2024-05-05"].fatalities.total == 9
    assert any(t.category == "health" for t in by_day["2024-05-04"].targets)
    assert not any(t.category == "health" for t in by_day["2024-05-05"].targets)


def test_a_sentence_placed_nowhere_on_the_same_day_goes_on_telling_the_event(run):
    text = ("Shelling killed nine people in Binnish on Sunday. Rescuers pulled two more bodies "
            "from the rubble on Sunday.")
    assert len(_live(run(text, published="2024-05-06T10:00:00Z"))) == 1


def test_an_undated_headline_is_the_bodys_first_event_of_its_kind_in_the_province(run):
    incs = run(
        "Air strike kills 11 in Sagaing village\n"
        "A military jet bombed a village in Kanbalu township in the Sagaing region on Thursday, "
        "killing 11 people, residents said.",
        published="2026-06-30T09:00:00Z",
    )
    [inc] = _live(incs)
    assert (inc.location.name, inc.date.isoformat(), inc.fatalities.total) == (
        "Kanbalu", "2026-06-25", 11)


def test_a_headline_in_another_province_than_the_body_stays_its_own(run):
    incs = run(
        "Air strike kills 11 in Mandalay\n"
        "A military jet bombed a village in Kanbalu township in the Sagaing region on Thursday, "
        "killing four people, residents said.",
        published="2026-06-30T09:00:00Z",
    )
    assert sorted(i.location.name for i in _live(incs)) == ["Kanbalu", "Mandalay"]


def _towns(incs):
    return sorted((i.location.name, i.fatalities.total) for i in _live(incs))


def test_a_toll_shared_out_between_towns_is_one_event_per_town(run):
    incs = run("Shelling killed five people on Monday, three in Ariha and two in Sarmin, "
               "rescuers said.", published="2026-06-30T09:00:00Z")
    assert _towns(incs) == [("Ariha", 3), ("Sarmin", 2)]
    incs = run("Air strikes killed six people across Idlib province on Monday: four in Ariha, "
               "one in Sarmin and another in Binnish.", published="2026-06-30T09:00:00Z")
    assert _towns(incs) == [("Ariha", 4), ("Binnish", 1), ("Sarmin", 1)]


def test_shares_that_do_not_add_up_or_count_the_wounded_split_nothing(run):
    incs = run("Shelling killed six people on Monday, two in Ariha and two in Sarmin.",
               published="2026-06-30T09:00:00Z")
    assert len(_live(incs)) == 1
    incs = run("Shelling killed two people in Ariha on Monday and wounded five, three in the "
               "market and two in Sarmin.", published="2026-06-30T09:00:00Z")
    assert [i.location.name for i in _live(incs)] == ["Ariha"]


def test_a_toll_risen_by_a_later_day_updates_the_event_it_counts(run):
    incs = run("An air strike on the market in Ariha on Monday killed at least 10 people, "
               "rescuers said.\nBy Tuesday morning the toll had risen to 15, as several of the "
               "wounded died, a doctor said.\nThe army said it had hit a militant base in the "
               "area.", published="2026-05-12T09:00:00Z")
    [inc] = _live(incs)
    assert (inc.date.isoformat(), inc.fatalities.total) == ("2026-05-11", 15)


def test_weapons_named_as_the_site_that_was_hit_are_no_weapon_used(run):
    incs = run("Warplanes bombed two missile launch sites near Hodeidah on Monday.",
               published="2026-05-12T09:00:00Z")
    assert [i.sub_event_type for i in _live(incs)] == ["Air/drone strike"]
    incs = run("Rebels captured three rocket launchers in Ariha on Monday.",
               published="2026-05-12T09:00:00Z")
    assert "Shelling/artillery/missile attack" not in [i.sub_event_type for i in _live(incs)]


def test_a_partys_attacks_told_for_their_aim_are_no_event(run):
    incs = run("The group says its attacks are in solidarity with Gaza.",
               published="2026-05-12T09:00:00Z")
    assert _live(incs) == []


@pytest.mark.parametrize("text", [
    "Jets struck a car on the road to the hospital in Ariha on Monday, killing its driver.",
    "A drone hit a family's van on their way to the clinic in Ariha on Monday.",
])
def test_a_facility_the_victims_were_heading_to_was_not_hit(run, text):
    [inc] = _live(run(text, published="2026-05-12T09:00:00Z"))
    assert "health" not in {t.category for t in inc.targets}


def test_an_ambulance_on_its_way_to_a_hospital_is_health_care_hit(run):
    [inc] = _live(run("A drone hit an ambulance on its way to the hospital in Ariha on Monday.",
                      published="2026-05-12T09:00:00Z"))
    assert "health" in {t.category for t in inc.targets}


def test_a_sentence_referring_back_lends_its_history_no_event_word(run):
    # "The truce" refers back to the deal; the fighting it tells of is last year's
    incs = _live(run("Rival factions signed a truce in Juba on Sunday. The truce is meant to "
                     "rescue an accord that fell apart last year amid clashes in the capital.",
                     published="2019-05-06T10:00:00Z"))
    assert [i.sub_event_type for i in incs] == ["Agreement"]
    incs = _live(run("Jets struck a clinic in Ariha on Monday. The strike came a year after "
                     "shelling destroyed the town's bakery.", published="2019-05-06T10:00:00Z"))
    assert [i.sub_event_type for i in incs] == ["Air/drone strike"]


def test_a_strike_that_answers_the_attack_told_is_an_event_of_its_own(run):
    text = ("Gunmen attacked an army post near Tougan on Monday, killing 12 soldiers. The army "
            "said air strikes carried out after the attack killed about 30 of the gunmen.")
    incs = _live(run(text, published="2023-03-14T10:00:00Z"))
    assert sorted((i.sub_event_type, i.fatalities.total) for i in incs) == [
        ("Air/drone strike", 30), ("Armed clash", 12)]
    text = ("Militants fired rockets at Sderot on Monday. Jets struck a camp in Rafah in "
            "response to the rocket fire.")
    incs = _live(run(text, published="2023-03-14T10:00:00Z"))
    assert len(incs) == 2


def test_arrests_right_after_a_protest_are_its_own_story(run):
    text = ("On Sunday, some 300 people marched in Brest against a new factory. Two people were "
            "arrested right after the march.")
    incs = _live(run(text, published="2020-05-04T10:00:00Z"))
    assert len(incs) == 1


def _refers_back(resources, sentence):
    """Whether the sentence's first event word refers back to an event already told."""
    from services.extractor.events import referring
    from services.extractor.text import fold

    folded = fold(sentence)
    trigger = next(m for m in resources.lexicon.match(folded) if m.kind == "trigger")
    return referring(trigger, folded, 0)


def test_a_speaker_named_before_the_event_word_does_not_make_it_refer_back(resources):
    # "the army said air strikes ..." is no "the air strikes": it opens a clause of its own
    for sentence, back in (("The army said air strikes hit a camp.", False),
                           ("Officials told reporters shelling hit a camp.", False),
                           ("The air strikes hit a camp.", True),
                           ("The deadly air strikes hit a camp.", True)):
        assert _refers_back(resources, sentence) is back, sentence


def test_fire_told_as_the_answer_is_the_other_sides_event(run):
    text = ("An Israeli strike on a house in the village of Aitaroun killed five people on "
            "Thursday. Hezbollah said its fighters later fired rockets at an army post across the "
            "border in response.")
    incs = _live(run(text, published="2024-05-09T18:00:00Z"))
    assert sorted(i.sub_event_type for i in incs) == [
        "Air/drone strike", "Shelling/artillery/missile attack"]
    # the same words with no act of their own are no event
    text = ("An Israeli strike on a house in the village of Aitaroun killed five people on "
            "Thursday. Hezbollah vowed to respond.")
    assert len(_live(run(text, published="2024-05-09T18:00:00Z"))) == 1


def test_a_headline_summing_up_several_kinds_lends_none_its_type(run):
    title = "Clashes in two towns, drone strike in a third"
    text = (title + "\n\nClashes broke out between rival factions near Tal Rifaat on Tuesday, "
            "killing four fighters. Later, a drone struck a car near Qamishli, killing two.")
    incs = _live(run(text, published="2024-08-20T18:00:00Z", title=title))
    assert sorted(i.sub_event_type for i in incs) == ["Air/drone strike", "Armed clash"]
    # a headline of one kind still names its event's type
    title = "Drone strike kills four near Tal Rifaat"
    text = title + "\n\nAn attack on a car near Tal Rifaat killed four fighters on Tuesday."
    [inc] = _live(run(text, published="2024-08-20T18:00:00Z", title=title))
    assert inc.sub_event_type == "Air/drone strike"


def test_separately_opens_another_event_even_when_it_refers_back(run):
    text = ("Clashes broke out between rival factions near Tal Rifaat on Tuesday, killing four "
            "fighters. Separately, the two sides exchanged fire on the outskirts of Manbij, "
            "wounding three.")
    incs = _live(run(text, published="2024-08-20T18:00:00Z"))
    assert len(incs) == 2


def test_an_event_word_told_as_a_verb_refers_back_to_nothing(resources):
    for sentence, back in (("The two sides exchanged fire near the bridge.", False),
                           ("The rebels attacked an army post.", False),
                           ("The fighting spread to the bridge.", True),
                           ("The wounded were taken to Idlib.", True)):
        assert _refers_back(resources, sentence) is back, sentence


# --- which day a retelling tells of -------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Shelling killed six people in Kafr Ruma on Sunday. Medics in Idlib province said on "
    "Tuesday the toll had risen to six as two of the wounded died.",
    "Shelling killed six people in Kafr Ruma on Sunday. Rescuers in Idlib province said on "
    "Tuesday the toll had risen to six as a wounded girl died.",
])
def test_a_toll_told_on_the_day_it_was_said_retells_the_event(run, text):
    [inc] = _live(run(text, published="2024-05-07T10:00:00Z"))
    assert str(inc.date) == "2024-05-05" and inc.fatalities.total == 6


@pytest.mark.parametrize("text", [
    "Seven people were killed when rockets hit a school in Kafr Ruma, officials said Monday. "
    "The rockets struck late on Sunday.",
    "Five people died when shells hit homes in Ariha, medics said on Monday. The shells fell "
    "on Sunday night.",
])
def test_a_retelling_dates_an_event_whose_only_day_is_when_it_was_said(run, text):
    [inc] = _live(run(text, published="2024-05-06T10:00:00Z"))
    assert str(inc.date) == "2024-05-05"


def test_an_event_that_names_its_day_keeps_it_through_an_undated_retelling(run):
    text = ("Shelling killed 11 people in El Fasher on Wednesday, volunteers said. Shells hit "
            "homes in the city's south. On Tuesday, fighters raided a village west of the city, "
            "shooting residents, survivors said.")
    incs = _live(run(text, published="2025-02-13T10:00:00Z"))
    assert sorted(str(i.date) for i in incs) == ["2025-02-11", "2025-02-12"]


@pytest.mark.parametrize("count", [
    '"This morning we counted 19 dead," the mayor said.',
    "On Friday morning, 19 dead had been counted, the mayor said.",
])
def test_the_dead_counted_a_day_later_are_the_toll_of_the_event_told(run, count):
    text = "Gunmen attacked the village of Ogossagou on Thursday evening. " + count
    [inc] = _live(run(text, published="2023-02-24T10:00:00Z"))
    assert str(inc.date) == "2023-02-23" and inc.fatalities.total == 19


@pytest.mark.parametrize("place", [
    "The incident occurred in Tillaberi, a vast region of western Niger.",
    "The ambush took place in Tillaberi, near the border with Mali.",
])
def test_a_sentence_that_says_where_the_event_happened_places_it(run, place):
    text = ("Ten soldiers were killed in an ambush in western Niger on Friday, the ministry "
            "said. Gunmen on motorbikes attacked the patrol as it returned from the Tahoua "
            "region. " + place)
    [inc] = _live(run(text, published="2023-02-11T10:00:00Z"))
    assert "Tillab" in inc.location.name or "Tillab" in (inc.location.admin1 or "")


@pytest.mark.parametrize("text", [
    "On Thursday, the army had announced fierce clashes close to the clinic, claiming it had "
    "killed scores of fighters.",
    "On Wednesday, the rebels had claimed an attack on the airport.",
])
def test_a_report_made_on_an_earlier_day_told_in_the_pluperfect_is_backdrop(run, text):
    assert _live(run(text, published="2023-11-10T10:00:00Z")) == []


def test_a_pluperfect_report_with_no_day_of_its_own_stays_news(run):
    text = "Activists had reported that jets carried out four air strikes on Ariha."
    assert [i.sub_event_type for i in _live(run(text, published="2023-11-10T10:00:00Z"))] == [
        "Air/drone strike"]


@pytest.mark.parametrize("text", [
    "Gunmen killed five farmers near Kutum, North Darfur, in June, the report said.",
    "Soldiers were accused of shooting protesters in Bago, Myanmar, in March.",
])
def test_a_date_after_a_place_set_off_by_commas_dates_the_event(run, text):
    assert _live(run(text, published="2023-10-19T10:00:00Z")) == []


@pytest.mark.parametrize("update", [
    "Officials in Baghlan province first gave a toll of 15, but said on Saturday that it had "
    "risen to 27.",
    "Medics had counted 15 dead by Friday night, but on Saturday they said the toll had risen "
    "to 27.",
])
def test_a_toll_risen_from_a_first_figure_is_the_new_figure_not_the_sum(run, update):
    text = ("A suicide bomber killed worshippers at a mosque in Pul-e-Khumri on Friday. "
            + update)
    [inc] = _live(run(text, published="2022-11-26T10:00:00Z"))
    assert inc.fatalities.total == 27


@pytest.mark.parametrize("retelling", [
    "The aircraft struck the school shortly after lessons began.",
    "The air strike on the school came during morning lessons, witnesses said.",
])
def test_a_retelling_that_names_a_target_retells_the_event_with_that_target(run, retelling):
    text = ("A military jet bombed a school in Kani in Myanmar's Sagaing region on Monday, "
            "killing 12 people. A drone also hit a house in nearby Taze, killing two. "
            + retelling + " Residents first counted "
            "seven dead, but the toll rose to 12 on Monday night.")
    incs = _live(run(text, published="2025-01-21T10:00:00Z"))
    tolls = {i.location.name: i.fatalities.total for i in incs}
    assert tolls == {"Kani": 12, "Taze": 2}


@pytest.mark.parametrize("update", [
    "Volunteers first reported seven dead, then said on Thursday the toll had risen to 11, "
    "including four children.",
    "Medics counted seven dead at first, but by Thursday the toll had risen to 11, among them "
    "four children.",
])
def test_a_risen_toll_keeps_its_own_share(run, update):
    text = "Shelling killed civilians in El Fasher on Wednesday. " + update
    [inc] = _live(run(text, published="2025-02-13T10:00:00Z"))
    assert (inc.fatalities.total, inc.fatalities.children) == (11, 4)


@pytest.mark.parametrize("update", [
    "On Friday the toll was raised to eight, with others wounded and taken to Tanguieta "
    "hospital.",
    "On Friday officials raised the toll to eight, and the wounded were flown to Natitingou.",
])
def test_a_toll_raised_on_a_later_day_updates_the_event(run, update):
    text = ("Five soldiers were killed on Thursday when militants attacked an army post near "
            "Porga in northern Benin. " + update)
    [inc] = _live(run(text, published="2024-07-05T18:00:00Z"))
    assert str(inc.date) == "2024-07-04"
