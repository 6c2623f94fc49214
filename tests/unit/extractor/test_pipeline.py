"""End-to-end cases on hand-written reports (none taken from evaluation data)."""

import datetime as dt

import pytest


def _one(incidents):
    live = [i for i in incidents if not i.background]
    assert len(live) == 1, [(i.sub_event_type, i.location and i.location.name) for i in live]
    return live[0]


def test_hospital_air_strike(run):
    text = (
        "On Friday, Russian warplanes struck the national hospital in Kafr Nabouda in the "
        "northern countryside of Hama, killing five civilians, including two children."
    )
    inc = _one(run(text))
    assert inc.event_type == "Explosions/Remote violence"
    assert inc.sub_event_type == "Air/drone strike"
    assert inc.date == dt.date(2019, 5, 3) and inc.date_precision == "day"
    assert inc.location.admin1 == "Hama" and inc.location.country == "SY"
    assert any(t.category == "health" and t.type == "hospital" for t in inc.targets)
    assert (inc.fatalities.total, inc.fatalities.children) == (5, 2)
    assert any(
        a.name == "Military Forces of Russia" and a.role == "perpetrator" for a in inc.actors
    )
    fields = {e.field for e in inc.evidence}
    assert {"event_type", "location", "date", "fatalities", "targets"} <= fields
    for e in inc.evidence:
        assert text[e.start : e.end] == e.text and e.rule_ids


def test_incident_id_is_stable(run):
    text = "On Friday, regime forces shelled Kansafra in Idlib province."
    assert [i.incident_id for i in run(text)] == [i.incident_id for i in run(text)]


def test_two_events_in_one_sentence(run):
    incs = run(
        "Warplanes bombed a hospital in Kafr Nabouda, while artillery shelled "
        "Khan Sheikhoun in southern Idlib."
    )
    subs = {(i.sub_event_type, i.location.admin1) for i in incs}
    assert len(incs) == 2
    assert ("Air/drone strike", "Hama") in subs


def test_two_places_two_incidents_same_place_merges(run):
    incs = run(
        "Airstrikes hit Maarat al-Numan on Sunday. Two civilians died in Maarat al-Numan. "
        "Separately, shelling hit Mhardeh in Hama."
    )
    assert len(incs) == 2
    maara = next(i for i in incs if i.location.admin1 == "Idleb")
    assert maara.fatalities.total == 2


def test_a_town_of_the_province_named_before_is_the_same_event(run):
    # the province is far larger than the distance that keeps two towns one event
    incs = run("Herders and farmers clashed across South Darfur state on Tuesday, killing 14. "
               "The fighting broke out near Tullus.")
    assert len(incs) == 1
    assert incs[0].fatalities.total == 14


def test_a_headline_naming_a_province_by_its_seat_is_the_bodys_event(run):
    # "Idlib" in a headline stands for the province: the strike on a village of it is the same
    # event, placed at the village, not a second one at the city
    incs = run("Russian air strike kills civilians in Idlib\n"
               "Warplanes struck the village of Kansafra on Friday morning, killing four "
               "civilians, eyewitnesses said.")
    inc = _one(incs)
    assert inc.location.name == "Kansafrah" and inc.fatalities.total == 4


def test_a_province_seat_in_the_body_stays_an_event_of_its_own(run):
    incs = run("Warplanes struck the village of Kansafra on Friday morning, killing four "
               "civilians. Later, shelling hit a market in Idlib city, killing two.")
    assert sorted(i.location.name for i in incs if not i.background) == ["Idlib", "Kansafrah"]


def test_a_strike_on_another_day_at_the_same_place_is_another_event(run):
    incs = run("Activists documented the death of one man in shelling on Manbij. On June 29, "
               "activists documented the death of two women in artillery fire on Manbij.",
               published="2019-07-02T10:00:00Z")
    assert sorted((i.date.isoformat(), i.fatalities.total) for i in incs) == [
        ("2019-06-29", 2), ("2019-07-02", 1)]


def test_a_documented_death_is_an_event_and_a_documented_toll_since_a_date_is_not(run):
    inc = _one(run("Monitors recorded the death of one resident in Turkish shelling on Manbij."))
    assert inc.fatalities.total == 1
    assert not run("Activists documented the death of 212 civilians in shelling on Idlib since "
                   "the start of the year.")


def test_may_the_month_is_not_a_hypothetical(run):
    inc = _one(run("On May 3 two civilians were killed in shelling on Manbij.",
                   published="2019-05-04T10:00:00Z"))
    assert inc.fatalities.total == 2 and inc.date == dt.date(2019, 5, 3)
    assert run("Warplanes bombed Kansafra, and artillery may shell Manbij next.") and not [
        i for i in run("Artillery may shell Manbij next week.") if not i.background]


def test_a_tally_of_these_attacks_or_of_one_month_is_not_the_events_toll(run):
    inc = _one(run("A drone struck a car near Qamishli on Friday, killing one man. Drone attacks "
                   "on the region since January have risen to 37. These attacks left 54 dead. "
                   "Shelling and drone strikes have killed 62 people in one month."))
    assert inc.fatalities.total == 1


@pytest.mark.parametrize("text", [
    "Russia has repeatedly broken earlier de-escalation agreements in the north.",
    "On Thursday, the army dropped leaflets across Sarmin calling on residents to surrender.",
])
def test_broken_agreements_and_calls_to_surrender_are_no_agreement(run, text):
    assert not [i for i in run(text) if i.sub_event_type == "Agreement"]


@pytest.mark.parametrize("text, total, civilians", [
    ("An air strike on Masyaf on Friday killed five people, including a civilian.", 5, 1),
    ("Clashes near Hasakah on Friday killed 40 fighters, while three civilians also died.", 40, 3),
    ("Six killed in air strike on Masyaf\nAn air strike on Masyaf on Friday killed six people, "
     "including two civilians, medics said.", 6, 2),
])
def test_how_many_of_the_dead_were_civilians(run, text, total, civilians):
    inc = _one(run(text))
    assert (inc.fatalities.total, inc.fatalities.civilians) == (total, civilians)


def test_the_civilians_of_another_event_in_the_town_are_not_this_ones(run):
    text = ("An air strike on Masyaf on Friday killed six people. Elsewhere in the town, a shell "
            "killed two civilians.")
    by_type = {i.sub_event_type: i.fatalities for i in run(text) if not i.background}
    assert (by_type["Air/drone strike"].total, by_type["Air/drone strike"].civilians) == (6, None)
    assert by_type["Shelling/artillery/missile attack"].civilians == 2


@pytest.mark.parametrize("text", [
    "Rebels shelled a school on Friday. Ankara condemned the shelling of the school.",
    "Shelling hit a school on Friday. Moscow has repeatedly denied shelling schools.",
])
def test_a_capital_that_speaks_is_its_government_not_the_events_place(run, text):
    assert all(i.location is None for i in run(text))


def test_an_assault_that_must_have_an_agreement_is_no_event(run):
    assert not run("A blog claims a ground assault into most of Idlib must have Russian backing.")


def test_an_attack_named_as_a_pretext_is_no_event(run):
    assert not run("The army used the pretext that it was attacking militants in Sarmin.")


@pytest.mark.parametrize("text, sub, place", [
    ("Regime forces bombed Sarmin on Friday, killing three.", "Air/drone strike", "Sarmin"),
    ("Militants bombed a police station in Kabul on Friday.", "Remote explosive/landmine/IED",
     "Kabul"),
    ("Russia bombed Sarmin on Friday.", "Air/drone strike", "Sarmin"),
    ("Turkey shelled Tall Tamr on Friday.", "Shelling/artillery/missile attack", "Tall Tamr"),
])
def test_bombed_and_a_country_that_attacks(run, text, sub, place):
    inc = _one(run(text))
    assert (inc.sub_event_type, inc.location.name) == (sub, place)


def test_a_partys_attacks_in_general_are_no_event(run):
    assert not run("The group has long tried to justify its attacks.")
    inc = _one(run("The rebels continued their attacks, killing three soldiers in Sarmin."))
    assert inc.fatalities.total == 3


def test_strikes_of_a_force_with_aircraft_are_air_strikes_and_medics_are_civilians(run):
    inc = _one(run("Israeli strikes on Rafah killed at least 9 people, including two paramedics, "
                   "on Friday."))
    assert inc.sub_event_type == "Air/drone strike"
    inc = _one(run("Two nurses were killed when a drone hit an ambulance in Sarmin on Friday."))
    assert (inc.fatalities.total, inc.fatalities.civilians) == (2, 2)


def test_a_second_strike_on_rescuers_is_an_air_strike_on_humanitarians(run):
    inc = _one(run("Three rescuers were wounded when a second strike hit the site in Ariha on "
                   "Friday, the White Helmets said."))
    assert inc.sub_event_type == "Air/drone strike" and inc.injured.total == 3
    assert any(t.category == "humanitarian" for t in inc.targets)
    assert not run("Teachers said the strike hit schools across the country on Monday.")


def test_gaza_is_a_city_as_well_as_the_name_of_a_territory(run):
    inc = _one(run("An air strike hit a hospital in Gaza on Friday, killing a doctor and two "
                   "patients."))
    assert (inc.location.name, inc.location.country) == ("Gaza", "PS")
    assert (inc.fatalities.total, inc.fatalities.civilians) == (3, 3)


def test_a_council_member_is_a_civilian_victim(run):
    inc = _one(run("Unknown gunmen assassinated a local council member in Sarmin on Friday."))
    assert inc.sub_event_type == "Attack"


def test_a_hospitals_name_is_no_place_abroad(run):
    inc = _one(run("Paramilitaries shelled Al-Nao hospital in Omdurman on Tuesday, killing four "
                   "patients."))
    assert (inc.location.name, inc.location.country) == ("Omdurman", "SD")
    inc = _one(run("Warplanes struck Kafr Nabl hospital in Idlib on Friday."))
    assert inc.location.name == "Kafr Nabl"


def test_no_one_was_hurt(run):
    inc = _one(run("Regime forces shelled Termla on Monday. No one was hurt."))
    assert inc.fatalities.total == 0 and inc.injured.total == 0


def test_denial_is_not_an_incident(run):
    assert run("The ministry denied that its aircraft bombed the market in Ariha.") == []


def test_negated_event_is_not_an_incident(run):
    assert run("There were no airstrikes on Idlib on Friday.") == []


def test_hypothetical_is_not_an_incident(run):
    assert run("Officials warned that warplanes could bomb Saraqib in the coming days.") == []


def test_background_event(run):
    incs = run(
        "Khan Sheikhoun, which was hit by the sarin attack in April 2017, was "
        "shelled again on Sunday."
    )
    bg = [i for i in incs if i.background]
    live = [i for i in incs if not i.background]
    assert live and live[0].sub_event_type == "Shelling/artillery/missile attack"
    assert live[0].date == dt.date(2019, 5, 5)
    assert not any(i.sub_event_type == "Chemical weapon" for i in live) or bg


def test_three_week_toll_is_not_an_incident(run):
    incs = run("Over the past three weeks, airstrikes have killed 300 civilians in Idlib.")
    assert [i for i in incs if not i.background] == []


def test_overnight_into_sunday(run):
    inc = _one(run("Shelling hit Suqaylabiyeh overnight into Sunday, wounding 3 people."))
    assert inc.date == dt.date(2019, 5, 5)
    assert inc.injured.total == 3


def test_misspelled_place_and_white_helmets(run):
    inc = _one(run("A drone strike hit a White Helmets centre in Qalaat al Madiq on Saturday."))
    assert inc.location.admin1 == "Hama"
    assert any(t.category == "humanitarian" for t in inc.targets)


def test_accident_is_not_an_incident(run):
    assert run("A gas cylinder explosion in a factory killed two workers on Friday.") == []


def test_protest(run):
    inc = _one(run("On 3 May 2020, hundreds of teachers held a protest in Lahore, Pakistan."))
    assert inc.sub_event_type == "Peaceful protest" and inc.location.country == "PK"
    assert inc.date == dt.date(2020, 5, 3)


def test_while_and_a_gerund_of_circumstance_keeps_the_place_in_the_event(run):
    # "while attempting to cross ..." tells where the same shooting happened
    incidents = run("IDLIB, Syria - Two youths were fired on and wounded by border guards while "
                    "trying to "
                    "slip across the frontier from Azmarin village in western Idlib.")
    assert [i.location.name for i in incidents] == ["`Azmarin"]


def test_while_and_an_attack_gerund_is_a_second_event(run):
    incidents = run("Warplanes bombed Kafr Nabl on Monday, while shelling Khan Sheikhoun.")
    assert len(incidents) == 2


def test_an_event_placed_only_in_a_country_takes_the_reports_scene_there(run):
    incidents = run("On 4 May 2020, in Macuto Bay, Vargas state, gunmen in boats tried to come "
                    "ashore. Troops clashed with them in Venezuela, killing 8.")
    assert [(i.location.name, i.location.precision) for i in incidents] == [("Macuto", "town")]


def test_factions_named_after_people_are_actors_not_places(run):
    # "Sultan" alone reads like the Homs village As Sultaniyah
    (inc,) = run("Fighters of the Hamza Division and the Sultan Murad Division clashed in "
                 "Ras al-Ain on Tuesday.")
    assert {a.name for a in inc.actors} == {"Syrian National Army"}
    assert inc.location.admin1 == "Al-Hasakeh"


def test_a_mission_that_worked_in_one_country_places_an_unknown_village_there(run):
    (inc,) = run("On Monday, monitors of the OSCE SMM observed shelling near Zholobokivka.")
    assert (inc.location.precision, inc.location.country) == ("country", "UA")
    ev = next(e for e in inc.evidence if e.field == "location")
    assert ev.text == "OSCE SMM" and "geo.scene" in ev.rule_ids


def test_a_demonym_alone_places_nothing(run):
    (inc,) = run("On Monday, Iranian drones struck a convoy of trucks, killing two drivers.")
    assert inc.location is None


def test_a_body_found_with_gunshot_wounds_is_a_killing(run):
    (incident,) = run("On Sunday, the body of a shepherd with gunshot wounds was discovered "
                      "beside the road between Kafr Nabl and Hass.")
    assert (incident.event_type, incident.sub_event_type) == ("Violence against civilians",
                                                              "Attack")
    assert (incident.fatalities.total, incident.fatalities.civilians) == (1, 1)
