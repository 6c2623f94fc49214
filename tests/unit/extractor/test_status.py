"""The status of what a report tells: new (asserted), or negated, denied, hypothetical,
historical or a running total. Only new events raise incidents that alert; the others are kept
as background with a ``status`` and the cue that set it. Every sentence is written for these
tests."""

from __future__ import annotations

import pytest

PUB = "2024-05-06T10:00:00Z"  # a Monday


def _live(incidents):
    return [i for i in incidents if not i.background]


def _status_rules(inc):
    return [r for e in inc.evidence if e.field == "status" for r in e.rule_ids]


# --- asserted -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Warplanes struck the hospital in Kafr Nabl on Sunday, killing three patients.",
        "Shelling hit the market in Ariha on Sunday.",
        "A car bomb exploded near the bakery in Azaz on Sunday, wounding nine people.",
    ],
)
def test_a_plain_report_of_an_attack_is_asserted(run, text):
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "asserted" and not inc.background


# --- negated / denied -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "There were no air strikes on Kafr Nabl on Sunday, residents said.",
        "The army did not shell Ariha on Sunday, a monitor said.",
    ],
)
def test_a_negated_attack_raises_nothing(run, text):
    assert _live(run(text, published=PUB)) == []


@pytest.mark.parametrize(
    "text",
    [
        "The defence ministry denied that its jets struck the clinic in Kafr Nabl on Sunday.",
        "Officials dismissed reports that a school in Ariha was shelled on Sunday as fabricated.",
        "Reports that the hospital in Saraqib was bombed were contradicted by local doctors.",
    ],
)
def test_a_denied_attack_raises_nothing(run, text):
    assert _live(run(text, published=PUB)) == []


def test_a_denial_in_one_sentence_leaves_the_next_sentences_attack_standing(run):
    incs = run(
        "The ministry denied striking a bakery in Ariha. On Sunday, shelling hit the market "
        "in Kafr Nabl, killing four.",
        published=PUB,
    )
    [inc] = _live(incs)
    assert inc.fatalities.total == 4


# --- hypothetical ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The rebels threatened to shell Kafr Nabl if the army advanced.",
        "Aid groups warned that air strikes could hit the hospital in Ariha.",
        "Residents fear that warplanes will bomb Saraqib next week.",
    ],
)
def test_a_threat_or_a_warning_raises_nothing(run, text):
    assert _live(run(text, published=PUB)) == []


def test_a_threat_does_not_reach_past_a_sentence_end(run):
    incs = run(
        "The rebels threatened to retaliate. On Sunday, artillery shelled Kafr Nabl.",
        published=PUB,
    )
    assert len(_live(incs)) == 1


# --- historical -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Last year an air strike destroyed the hospital in Kafr Nabl.",
        "Years ago, shelling levelled the market in Ariha.",
        "The hospital in Saraqib, bombed on 3 March 2019, reopened on Sunday.",
    ],
)
def test_history_told_in_passing_is_background(run, text):
    incs = run(text, published=PUB)
    assert all(i.sub_event_type != "Air/drone strike" for i in _live(incs))
    assert all(
        i.status == "historical" for i in incs if i.background
    )


def test_history_carries_its_status_and_cue(run):
    incs = run(
        "Sunday marked the anniversary of the air strike on the hospital in Kafr Nabl.",
        published=PUB,
    )
    [old] = incs
    assert old.background and old.status == "historical"
    assert "cue.anniversary" in _status_rules(old)


def test_a_past_strike_in_a_clause_and_a_new_one_in_another(run):
    incs = run(
        "Warplanes struck Kafr Nabl on Sunday; the town's hospital had been bombed back in 2016.",
        published=PUB,
    )
    assert len(_live(incs)) == 1


# --- aggregate ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Since January, air strikes have killed 340 civilians in Idlib province.",
        "Over the past month, shelling killed 75 people in the province of Idlib.",
        "Air strikes on Idlib have killed 1,200 people since the start of the offensive.",
    ],
)
def test_a_running_total_raises_no_event(run, text):
    assert _live(run(text, published=PUB)) == []


def test_a_toll_of_the_day_before_a_running_total_keeps_its_own_figure(run):
    [inc] = _live(run(
        "An air strike killed five people in Ariha on Sunday, as weeks of bombardment went on.",
        published=PUB,
    ))
    assert inc.fatalities.total == 5


# --- the lead frames the story ------------------------------------------------------------


def test_a_denial_headline_makes_the_retold_attack_background(run):
    incs = run(
        "Army denies shelling school in Ariha\n"
        "The army on Monday denied that its artillery hit a school in Ariha. The school was "
        "badly damaged and pupils were hurt, teachers said.",
        published=PUB,
    )
    assert _live(incs) == []


def test_an_anniversary_lead_makes_the_retelling_background(run):
    incs = run(
        "Ten years on, Kafr Nabl remembers its hospital\n"
        "Today marks the tenth anniversary of the air strike on the hospital in Kafr Nabl. "
        "The strike destroyed the emergency ward and killed 14 people.",
        published=PUB,
    )
    assert _live(incs) == []
    assert all(i.status == "historical" for i in incs)


def test_a_retold_event_after_a_history_lead_names_the_lead_in_its_status(run):
    incs = run(
        "Today marks the tenth anniversary of the shelling of the market in Ariha. Families "
        "said the market was destroyed by shelling.",
        published=PUB,
    )
    rules = [r for i in incs for r in _status_rules(i)]
    assert any(r.startswith("status.lead:") for r in rules) or len(incs) == 1


def test_after_a_history_lead_an_event_of_today_is_news(run):
    incs = run(
        "Today marks the anniversary of the bombing of the hospital in Kafr Nabl. On Sunday, "
        "shelling hit the market in Kafr Nabl, killing two.",
        published=PUB,
    )
    [inc] = _live(incs)
    assert inc.fatalities.total == 2


def test_after_a_history_lead_an_event_elsewhere_is_news(run):
    incs = run(
        "Today marks the anniversary of the bombing of the hospital in Kafr Nabl. Warplanes "
        "hit Azaz in Aleppo province, wounding five.",
        published=PUB,
    )
    assert [i.location.admin1 for i in _live(incs)] == ["Aleppo"]


def test_a_running_total_lead_keeps_a_dated_event_of_the_week(run):
    incs = run(
        "Since January, air strikes have killed 340 civilians in Idlib province. On Sunday, "
        "an air strike on Ariha killed three.",
        published=PUB,
    )
    [inc] = _live(incs)
    assert inc.fatalities.total == 3


def test_a_negated_mention_does_not_silence_a_report(run):
    incs = run(
        "No one claimed the attack. Shelling hit the market in Ariha on Sunday, killing two.",
        published=PUB,
    )
    assert len(_live(incs)) == 1


# --- the schema holds status and background together ---------------------------------------


def test_a_status_of_no_new_event_needs_background(run):
    [inc] = _live(run("Shelling hit the market in Ariha on Sunday.", published=PUB))
    with pytest.raises(ValueError, match="background must be true"):
        type(inc).model_validate({**inc.model_dump(), "status": "historical"})


# --- scope: how far a cue reaches ---------------------------------------------------------


def test_ago_dates_the_words_next_to_it(run):
    incs = run("The school in Ariha that was bombed two years ago reopened.", published=PUB)
    assert _live(incs) == []


def test_ago_at_the_end_of_a_long_clause_leaves_the_protest_standing(run):
    incs = run(
        "On Sunday, hundreds of teachers protested in Idlib city by blocking the main road to "
        "demand the wages that the education directorate stopped paying months ago.",
        published=PUB,
    )
    assert [i.sub_event_type for i in _live(incs)] == ["Peaceful protest"]


def test_a_disputed_area_is_no_denial(run):
    incs = run(
        "On Sunday, gunmen wounded four villagers travelling to Afrin in the disputed border "
        "area.",
        published=PUB,
    )
    assert len(_live(incs)) == 1


def test_an_anniversarys_figures_reach_through_a_relative_clause(run):
    incs = run(
        "Sunday's air strike on the clinic in Ariha came days before the anniversary of the "
        "bombing of the town's market, which killed 16 people.",
        published=PUB,
    )
    [live] = _live(incs)
    assert live.fatalities.total is None  # the 16 are the old bombing's


# --- a roundup: today's event leads, older dated events are recalled -------------------------


def test_after_a_lead_of_today_an_event_of_last_week_is_recalled(run):
    incs = run(
        "Shelling hit the market in Ariha on Sunday, killing two. On 28 April, gunmen killed "
        "a teacher in Saraqib.",
        published=PUB,
    )
    live = _live(incs)
    assert [i.date.isoformat() for i in live] == ["2024-05-05"]
    recalled = [i for i in incs if i.background]
    assert recalled and "status.recalled" in _status_rules(recalled[0])


def test_after_an_undated_headline_an_event_of_two_weeks_ago_is_recalled(run):
    incs = run(
        "Shelling kills two in Ariha market\nShelling hit the market in Ariha, killing two. "
        "On 21 April, gunmen killed a teacher in Saraqib.",
        published=PUB,
    )
    assert [i.location.name for i in _live(incs)] == ["Ariha"]
    [old] = [i for i in incs if i.background]
    assert old.status == "historical" and "status.recalled" in _status_rules(old)


def test_a_month_already_over_is_recalled_behind_todays_news(run):
    incs = run(
        "Gunmen killed three farmers near Azaz on Sunday. Clashes had broken out in Afrin in "
        "early March, when fighters stormed a checkpoint.",
        published=PUB,
    )
    [live] = _live(incs)
    assert live.date.isoformat() == "2024-05-05"


def test_early_in_a_month_that_is_still_running_is_recalled_behind_todays_news(run):
    incs = run(
        "Gunmen killed three farmers near Azaz on Sunday. Clashes had broken out in Afrin in "
        "early April, when fighters stormed a checkpoint and killed 12.",
        published="2024-04-28T10:00:00Z",
    )
    [live] = _live(incs)
    assert live.date.isoformat() == "2024-04-28"


def test_a_report_whose_every_event_is_old_keeps_them(run):
    incs = run(
        "On 21 April, gunmen killed a teacher in Saraqib. On 22 April, shelling hit a bakery "
        "in Ariha.",
        published=PUB,
    )
    assert len(_live(incs)) == 2


def test_events_of_the_last_days_all_stay_news(run):
    incs = run(
        "Shelling hit the market in Ariha on Sunday, killing two. On Saturday, gunmen killed "
        "a teacher in Saraqib.",
        published=PUB,
    )
    assert len(_live(incs)) == 2


def test_without_a_lead_of_today_an_older_dated_event_stays_news(run):
    incs = run("On 28 April, gunmen killed a teacher in Saraqib.", published=PUB)
    assert len(_live(incs)) == 1


# --- long past: a year spelled out, a court, a month gone --------------------------------------


def test_an_event_dated_year_and_all_long_before_publication_is_history(run):
    incs = run(
        "An inquiry found that an air strike hit the clinic in Kafr Nabl on 1 April 2024, "
        "killing five.",
        published=PUB,
    )
    assert _live(incs) == []
    assert "status.long_past" in _status_rules(incs[0])


def test_a_headline_over_a_body_of_history_is_that_history(run):
    incs = run(
        "Inquiry names the pilots who bombed the clinic\n"
        "Investigators said on Monday that two pilots carried out the air strike on the clinic "
        "in Kafr Nabl in March 2023, using flight logs and the accounts of witnesses.",
        published=PUB,
    )
    assert _live(incs) == []


def test_a_headline_over_a_new_strike_stays_news_beside_a_history_of_another(run):
    incs = run(
        "Air strike hits clinic in Ariha\n"
        "An air strike hit the clinic in Ariha on Sunday. In March 2023, an air strike on the "
        "bakery of Kafr Nabl killed five.",
        published=PUB,
    )
    assert [i.location.name for i in _live(incs)] == ["Ariha"]


def test_a_day_without_its_year_is_not_taken_for_long_past(run):
    # "on 2 March" with no year: the year is a guess, and the report may carry a wrong date
    incs = run("Gunmen killed four farmers in Saraqib on 1 April.", published=PUB)
    assert len(_live(incs)) == 1


def test_a_year_built_into_another_clause_dates_nothing(run):
    incs = run(
        "Fighters blew up the bridge of Jisr al-Shughur, which was built in 1950, on Sunday.",
        published=PUB,
    )
    assert len(_live(incs)) == 1


def test_a_sentence_on_the_trial_of_an_old_bombing_raises_nothing(run):
    incs = run(
        "Court jails four over 2018 bus station bombing\n"
        "A court in Baghdad sentenced four men on Monday for the 2018 bombing of a bus station "
        "in Sadr City that killed 22 people.",
        published=PUB,
    )
    assert _live(incs) == []


def test_what_happened_last_month_is_history(run):
    incs = run(
        "Rescuers reopened the clinic in Ariha on Sunday. It was forced to close last month "
        "after an air strike.",
        published=PUB,
    )
    assert _live(incs) == []


def test_a_toll_of_today_after_a_word_of_the_past_stays_news(run):
    # "previously" dates the planting; the blast and its toll are today's
    incs = run(
        "On Sunday, a mine previously planted by gunmen near Saraqib exploded, killing a "
        "shepherd.",
        published=PUB,
    )
    [live] = _live(incs)
    assert live.fatalities.total == 1


# --- patterns of attacks and shares of a total ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The agency condemned repeated attacks on clinics in Idlib province on Monday.",
        "Schools in Ariha stayed shut on Monday amid ongoing Russian air strikes.",
        "Thousands left Saraqib on Monday as fighting rages on.",
        "Doctors in Idlib called on Monday for an end to attacks on health care.",
    ],
)
def test_a_pattern_of_attacks_is_no_event(run, text):
    assert _live(run(text, published=PUB)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Repeated air strikes killed 12 people in Ariha on Sunday.",
        "On Sunday the militia continued to attack the army post outside Saraqib.",
        "The army continued its assault on Kafr Nabl on Sunday.",
    ],
)
def test_a_pattern_word_beside_one_event_keeps_it(run, text):
    assert len(_live(run(text, published=PUB))) == 1


def test_a_share_of_a_weekly_toll_and_its_wounded_belong_to_the_toll(run):
    incs = run(
        "At least 30 civilians were killed in Idlib province over the past week, a monitor "
        "said. Most died in shelling on villages near Ariha. Another 70 were wounded.",
        published=PUB,
    )
    assert _live(incs) == []


def test_a_threat_of_attacks_is_no_attack(run):
    incs = run("The group threatened on Monday to bomb hospitals in Kabul.", published=PUB)
    assert _live(incs) == []


def test_figures_told_nowhere_after_a_running_total_belong_to_it(run):
    incs = run(
        "Since 1 March, at least 400 civilians have been killed in Idlib province. Twelve aid "
        "workers were killed and 17 clinics were bombed.",
        published=PUB,
    )
    assert _live(incs) == []


def test_the_deadliest_attack_since_a_date_is_one_attack(run):
    incs = run(
        "A car bomb killed 19 people at the market in Azaz on Sunday, the deadliest attack "
        "since 3 January.",
        published=PUB,
    )
    [live] = _live(incs)
    assert live.fatalities.total == 19


def test_a_toll_over_strikes_across_a_region_is_no_one_villages_toll(run):
    incs = run(
        "Nine people, including four children, were killed by air strikes on villages across "
        "southern Idlib on Sunday, rescuers said.",
        published=PUB,
    )
    assert all(i.fatalities.total is None for i in _live(incs))


# --- an open question is no assertion -------------------------------------------------------


def test_the_weapon_an_official_cannot_yet_name_is_no_event_of_its_own(run):
    [inc] = _live(run(
        "A blast near a bus station in Kandahar killed six people on Sunday. The governor said "
        "it was too early to say whether a suicide bomber or a parked car bomb caused it.",
        published=PUB))
    assert inc.sub_event_type != "Suicide bomb"


@pytest.mark.parametrize("text", [
    "Officials are investigating whether an air strike hit the clinic in Ariha.",
    "It was unclear if shelling had damaged the school in Atarib.",
])
def test_a_question_whether_an_attack_happened_raises_nothing(run, text):
    assert _live(run(text, published=PUB)) == []


# --- a count of attacks is a total ----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Investigators documented 41 attacks on clinics in Idlib province.",
    "The team visited 17 sites of air strikes in Aleppo and Hama.",
    "Dozens of raids have hit villages around Kafr Nabl.",
])
def test_a_count_of_attacks_with_no_day_is_a_total(run, text):
    assert _live(run(text, published=PUB)) == []


@pytest.mark.parametrize("text", [
    "Warplanes carried out 20 air strikes on Ariha on Sunday.",
    "Two air strikes hit the hospital in Ariha, killing five.",
])
def test_one_days_strikes_or_a_few_are_an_event(run, text):
    assert len(_live(run(text, published=PUB))) == 1


def test_bombardment_stepped_up_in_recent_weeks_is_a_trend_not_an_event(run):
    assert _live(run("The army has escalated its shelling of Kafr Zita in recent weeks.",
                     published=PUB)) == []


# --- "attack" said of what is no armed attack -----------------------------------------------


@pytest.mark.parametrize("text", [
    "The governor of Hama died of a heart attack on Sunday, his office said.",
    "A cyber attack took the websites of two ministries in Damascus offline on Sunday.",
    "Journalists in Damascus called the new law an attack on press freedom.",
])
def test_an_attack_that_is_no_armed_attack_raises_nothing(run, text):
    assert _live(run(text, published=PUB)) == []


def test_a_report_documenting_attacks_is_about_many_past_events(run):
    assert _live(run("A rights group on Monday released a report documenting attacks on "
                     "schools in Idlib.", published=PUB)) == []


# --- one side's account ---------------------------------------------------------------------


@pytest.mark.parametrize("text, speaker", [
    ("The defence ministry said its jets destroyed a rebel arms depot near Ariha on Sunday.",
     "defence ministry"),
    ("Rebel positions in Kafr Nabl were shelled on Sunday, according to state media.",
     "state media"),
])
def test_an_event_only_a_party_tells_of_is_kept_and_flagged(run, text, speaker):
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "reported_by_one_side" and not inc.background
    [ev] = [e for e in inc.evidence if e.field == "status"]
    assert ev.text == speaker and ev.rule_ids[0] == "status.one_side"


@pytest.mark.parametrize("text", [
    "Warplanes struck a market in Ariha on Sunday, killing five, the Observatory said.",
    "Turkish forces shelled Tal Rifaat on Sunday, killing three, rescuers said.",
    "The army said its jets struck Ariha on Sunday; medics said five civilians were killed.",
    "Warplanes struck a market in Ariha on Sunday, killing five.",
])
def test_an_event_an_independent_voice_tells_of_or_no_one_is_asserted(run, text):
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "asserted"


def test_a_main_clause_told_in_the_time_of_a_past_clause_opening_it_is_history(run):
    text = ("After the army retook the town of Saraqib last year, hundreds of fighters were "
            "bussed north under an agreement.")
    assert [i for i in run(text, published="2021-03-01T10:00:00Z") if not i.background] == []


def test_a_main_clause_with_its_own_day_after_a_past_clause_is_news(run):
    text = "After a lull last year, shelling resumed on Saraqib on Monday, killing two."
    [inc] = [i for i in run(text, published="2021-03-02T10:00:00Z") if not i.background]
    assert str(inc.date) == "2021-03-01" and inc.fatalities.total == 2


@pytest.mark.parametrize("text", [
    "A car bomb killed 12 people in Baidoa on Sunday, the deadliest attack since 2017, when a "
    "truck bomb killed 500.",
    "Shelling killed 12 people in Baidoa on Sunday, the worst violence since March, when an "
    "ambush killed 40.",
])
def test_an_earlier_event_a_superlative_counts_from_is_history(run, text):
    [inc] = [i for i in run(text, published="2021-05-10T10:00:00Z") if not i.background]
    assert inc.fatalities.total == 12


@pytest.mark.parametrize("text", [
    "An air strike killed three people in Kafr Ruma on Monday, bringing to 120 the number of "
    "civilians killed in the area this month, a monitor said.",
    "Shelling killed three people in Kafr Ruma on Monday, raising the number of dead in the "
    "town this week to 40.",
])
def test_a_running_total_an_event_is_added_to_is_not_its_toll(run, text):
    [inc] = [i for i in run(text, published="2020-02-10T10:00:00Z") if not i.background]
    assert inc.fatalities.total == 3


@pytest.mark.parametrize("text", [
    "Gunmen killed nine villagers near Tillaberi in Niger on Monday, bringing the death toll "
    "since January to 210, officials said.",
    "A roadside bomb killed nine soldiers in Tillaberi, Niger, on Monday, raising the toll of "
    "such attacks since March to 61.",
])
def test_a_total_since_a_day_that_the_event_is_added_to_leaves_the_event_standing(run, text):
    [inc] = [i for i in run(text, published="2022-06-08T10:00:00Z") if not i.background]
    assert inc.fatalities.total == 9 and str(inc.date) == "2022-06-06"


@pytest.mark.parametrize("text", [
    "Fighting has uprooted 60,000 in eastern Congo\n\nFighting between the army and rebels has "
    "driven 60,000 people from their homes around Rutshuru in North Kivu over the past month, "
    "aid agencies said on Friday.",
    "Junta air strikes kill 200 civilians in Sagaing\n\nAir strikes by the military have killed "
    "more than 200 civilians in Myanmar's Sagaing region since January, a rights group said.",
])
def test_a_headline_that_the_lead_tells_as_a_running_total_is_a_total(run, text):
    incs = run(text, published="2023-05-12T10:00:00Z")
    assert incs and all(i.background and i.status == "aggregate" for i in incs)


def test_a_headline_over_a_lead_event_with_a_total_after_it_stays_news(run):
    text = ("Gunmen kill nine in Niger village\n\nGunmen killed nine villagers near Tillaberi in "
            "Niger on Monday. Such raids have killed more than 200 people in the region this year.")
    [inc] = [i for i in run(text, published="2022-06-08T10:00:00Z") if not i.background]
    assert inc.fatalities.total == 9


def test_attacks_told_as_a_habit_since_a_day_are_a_pattern_not_an_event(run):
    text = "Russia has attacked Izmail every night since it left the grain deal on Monday."
    assert [i for i in run(text, published="2023-07-20T10:00:00Z") if not i.background] == []


def test_a_toll_counted_since_a_year_is_a_total_not_the_events(run):
    text = ("Militants killed at least 10 farmers near Maiduguri on Monday, militia leaders said. "
            "The insurgents have killed more than 35,000 people since 2009.")
    [inc] = [i for i in run(text, published="2021-03-02T10:00:00Z") if not i.background]
    assert inc.fatalities.total == 10


def _live_status(run, text, published="2019-05-09T08:00:00Z"):
    return [(i.sub_event_type, i.location and i.location.name)
            for i in run(text, published=published) if not i.background]


@pytest.mark.parametrize("text", [
    "The defence ministry rejected reports that its jets had bombed a clinic in Kafr Nabl on "
    "Wednesday.",
    "The ministry rejects claims that its artillery shelled Ariha on Wednesday.",
    '"Our aircraft carried out no strikes near Kafr Nabl on Wednesday," a spokesman said.',
])
def test_rejected_reports_and_missions_said_not_flown_are_denials(run, text):
    assert _live_status(run, text) == []


def test_a_day_told_as_when_something_was_said_does_not_keep_an_old_event_news(run):
    text = ("Watchdog names culprits of Kafr Zita attack\nThe watchdog said on Thursday that a "
            "helicopter dropped a chlorine cylinder on Kafr Zita in March 2017, injuring a dozen "
            "people.")
    assert _live_status(run, text) == []
    assert _live_status(run, "The watchdog said a helicopter dropped a chlorine cylinder on "
                             "Kafr Zita on Wednesday.") == [("Chemical weapon", "Kafr Zaytah")]


def test_weeks_ago_is_history(run):
    assert _live_status(run, "An air strike on the market in Sarmada killed 15 people two "
                             "weeks ago.") == []
    assert _live_status(run, "An air strike on the market in Sarmada killed 15 people on "
                             "Wednesday.") == [("Air/drone strike", "Sarmada")]


def test_a_year_in_a_since_clause_dates_the_period_not_the_event(run):
    text = ("An air strike killed 20 soldiers in Saraqib, the worst toll since the army "
            "entered the province in 2016.")
    assert _live_status(run, text) == [("Air/drone strike", "Sarāqib")]


def test_hostages_held_or_bargained_over_are_no_new_abduction(run):
    assert _live_status(run, "Mediators met in Cairo on Wednesday on a deal to free the "
                             "hostages held in Gaza.") == []
    assert _live_status(run, "Gunmen took 14 villagers hostage in Zamfara on Wednesday.") == [
        ("Abduction/forced disappearance", "Zamfara")]


def test_fighting_a_deal_would_pause_is_no_battle(run):
    assert _live_status(run, "Envoys in Doha discussed a plan to pause the fighting in Gaza "
                             "on Wednesday.") == []
    assert _live_status(run, "Heavy fighting broke out in Khan Younis on Wednesday.") == [
        ("Armed clash", "Khān Yūnis")]


def test_an_event_word_after_earlier_or_previous_is_one_told_before(run):
    assert _live_status(run, "The pattern matched earlier attacks on villages near "
                             "Geneina.") == []
    # the explosion of a shell left by previous clashes is today's, and keeps its place
    [(_, place)] = _live_status(run, "On Wednesday, a shell left from previous fighting "
                                     "exploded in a field near Kafr Zita, wounding a farmer.")
    assert place == "Kafr Zaytah"


def test_a_meeting_to_come_over_a_strike_leaves_the_strike_real_and_dated_its_own_day(run):
    text = ("The council will meet on Friday over the air strike on a shelter in Rafah that "
            "killed 30 people on Tuesday, diplomats said.")
    [inc] = [i for i in run(text, published="2019-05-09T08:00:00Z") if not i.background]
    assert (inc.sub_event_type, inc.date.isoformat(), inc.fatalities.total) == (
        "Air/drone strike", "2019-05-07", 30)
    assert _live_status(run, "The militants might have been caught in the crossfire near "
                             "Rafah.") == []


def test_a_question_in_the_body_tells_no_event(run):
    text = ("Shelling hit Ariha on Wednesday, residents said.\nWill anyone ask who shelled the "
            "clinic in Kafr Nabl last winter?")
    assert _live_status(run, text) == [("Shelling/artillery/missile attack", "Ariha")]
    # a question headline still leads into the body's event
    text = "Who shelled Ariha?\nShelling hit Ariha on Wednesday, residents said."
    assert _live_status(run, text) == [("Shelling/artillery/missile attack", "Ariha")]
