"""Event detection and sub-event types by ACLED's codebook: bodies found, detentions that are
abductions, riots that are mob violence, protests with intervention, surrenders, territory and
military posts, raids coded by their outcome, air defence fire, and the cues that must not cancel
an event (a passive "denied", "in the past few days", "would-be", a commemorating march).

Hand-written sentences, none taken from evaluation data.
"""

import pytest

from services.extractor import classify

PUB = "2021-03-10T10:00:00Z"


def _subs(run, text):
    return [i.sub_event_type for i in run(text, PUB) if not i.background]


@pytest.mark.parametrize(
    "text, sub",
    [
        # bodies found with marks of violence are attacks; an armed victim makes a clash
        (
            "On Monday, a farmer's body turned up in a field near Ghazni, his hands tied.",
            "Attack",
        ),
        ("On Monday, a soldier was found dead near his post in Ghazni.", "Armed clash"),
        # detention for ransom is an abduction whoever detains; a plain arrest stays an arrest
        (
            "On Monday, police detained two shopkeepers in Ghazni for ransom.",
            "Abduction/forced disappearance",
        ),
        ("On Monday, soldiers arrested two suspected militants in Ghazni.", "Arrests"),
        # riots: against the police a violent demonstration; a crowd burning a bank, a lynching: mob
        ("On Monday, protesters threw stones at police in Ghazni.", "Violent demonstration"),
        ("On Monday, rioters set fire to a bank in Ghazni after the prices rose.", "Mob violence"),
        ("On Monday, a mob chased and lynched a suspected thief in Ghazni.", "Mob violence"),
        ("On Monday, militiamen torched a pickup truck in Ghazni.", "Looting/property destruction"),
        # peaceful protest, and the police detaining its participants
        (
            "On Monday, workers in Ghazni demanded the payment of their salaries.",
            "Peaceful protest",
        ),
        (
            "On Monday, taxi drivers blocked the roads in Ghazni against the new fares.",
            "Peaceful protest",
        ),
        ("On Monday, police detained dozens of protesters in Ghazni.", "Protest with intervention"),
        (
            "On Monday, journalists held a protest in Ghazni against the arrest of an editor.",
            "Peaceful protest",
        ),
        (
            "On Monday, hundreds marched in Ghazni. They threw rocks at passing buses.",
            "Violent demonstration",
        ),
        # a crowd is the perpetrator, or the victims
        (
            "On Monday, a group of men attacked and killed a farmer in Ghazni.",
            "Mob violence",
        ),
        ("On Monday, gunmen shot at a group of people at a bus stop in Ghazni.", "Attack"),
        ("On Monday, two groups of villagers clashed in Ghazni, injuring five.", "Mob violence"),
        # surrender is an agreement (ACLED lists surrenders under Agreement)
        ("On Monday, 40 soldiers surrendered to the rebels in Ghazni.", "Agreement"),
        # territory, and military posts taken in an attack
        (
            "On Monday, the army pushed the militants out of three villages near Ghazni.",
            classify.GOV_REGAINS,
        ),
        ("On Monday, rebels seized a village near Ghazni.", classify.NSA_OVERTAKES),
        ("On Monday, government troops occupied three hills held by rebels near Ghazni.",
         classify.GOV_REGAINS),
        ("On Monday, militants overtook a checkpoint in Ghazni.", "Armed clash"),
        ("On Monday, gunmen charged a camp hosting soldiers near Ghazni.", "Armed clash"),
        # raids by their outcome
        ("On Monday, soldiers raided a house in Ghazni, killing three militants.", "Armed clash"),
        ("On Monday, soldiers raided a house in Ghazni and detained three men.", "Arrests"),
        # one-sided small arms fire at a civilian is an attack
        ("On Monday, militiamen shot and killed a farmer in Ghazni using small arms.", "Attack"),
        # drones watching are not drones striking; a unit's name holds no event
        (
            "On Monday, regime forces shelled Saraqib. Reconnaissance drones were seen over it.",
            "Shelling/artillery/missile attack",
        ),
        ("On Monday, members of the Air Force Intelligence detained a man in Saraqib.", "Arrests"),
        # an air defence firing missiles at aircraft; one intercepting them
        (
            "On Monday, the air defence repelled enemy aircraft over Marib by firing missiles.",
            "Shelling/artillery/missile attack",
        ),
        ("On Monday, air defences intercepted two rockets over Marib.", "Disrupted weapons use"),
        ("On Monday, a drone struck a car in Saraqib, killing two men.", "Air/drone strike"),
    ],
)
def test_sub_event_types(run, text, sub):
    assert sub in _subs(run, text)


@pytest.mark.parametrize(
    "text",
    [
        # a passive "denied" deprives; the protest over it is news
        "On Monday, residents protested in Ghazni after being denied access to the market.",
        # a recent period is not history, nor a running total
        "On Monday, in the past few days, police detained a teacher in Ghazni.",
        # would-be attackers are real attackers
        "On Monday, two would-be suicide bombers detonated their vests at a Ghazni checkpoint.",
        # a march held to remember a massacre happens today
        "On Monday, hundreds marched in Ghazni to commemorate the victims of the 2010 massacre.",
    ],
)
def test_cues_that_do_not_cancel(run, text):
    assert _subs(run, text)


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, the ministry denied that troops shelled Ghazni.",  # a denial
        "On Monday, the body of a fisherman was found after the flood near Ghazni.",  # a disaster
        "On Monday, police could detain protesters in Ghazni, officials warned.",  # hypothetical
        "On Monday, villagers commemorated the massacre of 1990 in Ghazni.",  # history remembered
        # an aircraft alone is no strike when it crashes, films a disaster or is a carrier
        "On Monday, two military aircraft crashed off the coast near Latakia.",
        "On Monday, a drone filmed the landslides after the earthquake near Ghazni.",
        "On Monday, the virus spread among the crew of an aircraft carrier near Latakia.",
    ],
)
def test_no_current_event(run, text):
    assert not _subs(run, text)


@pytest.mark.parametrize(
    "text, armed",
    [
        ("a fighter was shot near the road", True),
        ("a man was shot near the road, police said", False),
        ("the attackers targeted a check point on the highway", True),
    ],
)
def test_armed_named_skips_the_source(text, armed):
    assert classify.armed_named(text) is armed


@pytest.mark.parametrize(
    "text, crowd",
    [
        ("a trader was beaten to death by a group of youths", True),
        ("a group of villagers attacked two officials", True),
        ("gunmen shot at a group of people", False),
    ],
)
def test_crowd_perpetrator(text, crowd):
    assert classify.crowd_perpetrator(text) is crowd


@pytest.mark.parametrize(
    "text, sub",
    [
        # a stated reason is not the event: "previously" dates the alleged collaboration, not
        # the detention; theft is why the crowd killed, not a crime story
        ("On Monday, police detained a teacher in Ghazni on allegations of previously "
         "collaborating with the former government.", "Arrests"),
        ("On Monday, a group of villagers assaulted and killed a man in Ghazni over suspicions "
         "of stealing a goat.",
         "Mob violence"),
    ],
)
def test_a_stated_reason_is_not_the_event(run, text, sub):
    assert _subs(run, text) == [sub]


def test_history_outside_the_reason_still_makes_history(run):
    assert _subs(run, "Police had previously detained the teacher in Ghazni in 2019.") == []


def test_a_running_total_in_a_clause_of_context_does_not_cancel_the_event(run):
    # "weeks of" after the event, past a comma, is context; leading the sentence, it is the
    # period a total covers
    assert _subs(run, "On Monday, four people were killed when police opened fire on protesters "
                      "in Ghazni, medics said, as weeks of unrest continued.") == [
        "Excessive force against protesters"]
    assert _subs(run, "Over the past three weeks, 40 people were killed in air strikes in "
                      "Ghazni, medics said.") == []


def test_the_last_two_days_are_recent_news_not_a_running_total(run):
    assert _subs(run, "Over the last two days, militants shelled two villages near Ghazni, "
                      "officials said.") == ["Shelling/artillery/missile attack"]


def test_an_event_before_a_running_total_survives_it(run):
    # the truce is today's news; "three weeks of fighting" is the total it ends
    assert _subs(run, "On Monday, the army and the militia agreed to a ceasefire in Ghazni, "
                      "ending three weeks of fighting.") == ["Agreement"]


def test_an_averted_offensive_is_no_event(run):
    assert run("The zone was announced last autumn, averting a regime offensive to overrun "
               "the opposition territory.") == []


def test_an_event_named_by_a_past_year_is_history(run):
    text = ("Government forces captured five villages on Wednesday, edging towards a town that "
            "was the site of a deadly 2016 gas attack.")
    live = [i.sub_event_type for i in run(text, published="2019-08-08T10:00:00Z")
            if not i.background]
    assert live == ["Government regains territory"]


def test_a_past_year_in_another_clause_leaves_the_event_alone(run):
    text = ("On 18 June 2024, teachers who passed the test in 2022 staged a protest in Agartala "
            "demanding jobs.")
    (incident,) = run(text, published="2024-06-20T10:00:00Z")
    assert not incident.background and incident.event_type == "Protests"


@pytest.mark.parametrize("text, sub", [
    ("Turkish forces shelled the village of Zunnar; the shelling was accompanied by light bombs "
     "and reconnaissance drones.", "Shelling/artillery/missile attack"),
    ("Militants carried out a remote explosive attack on an army vehicle near Sason.",
     "Remote explosive/landmine/IED"),
    ("A boy was killed when an unexploded ordinance left from earlier battles exploded near "
     "Daraa.", "Remote explosive/landmine/IED"),
])
def test_explosives_named_as_acled_notes_name_them(run, text, sub):
    assert [i.sub_event_type for i in run(text)] == [sub]


def test_observation_points_set_up_are_a_base_established(run):
    (incident,) = run("The Turkish army said on Monday that three new points were set up in the "
                      "countryside of Idlib province.")
    assert incident.sub_event_type == "Headquarters or base established"


def test_gunshots_fired_at_vehicles_are_an_event(run):
    assert run("On 5 May 2020, militants stopped trucks near Mentao, firing gunshots at the "
               "tires of the vehicles.")


def test_a_disaster_in_a_country_named_as_a_place_is_no_attack(run):
    # "Turkey" names where the earthquake struck, not an armed party that acted
    incs = run(
        "A strong earthquake struck eastern Turkey on Sunday, killing at least nine people and "
        "injuring dozens, officials said."
    )
    assert [i for i in incs if not i.background] == []


def test_a_country_that_acts_is_still_an_armed_party(run):
    incs = run("Turkey shelled the village of Tall Rifat on Sunday, killing two farmers.")
    assert [i.sub_event_type for i in incs if not i.background] == [
        "Shelling/artillery/missile attack"]


@pytest.mark.parametrize("text", [
    "Security forces killed three protesters in Omdurman on Monday.",
    "The doctors' union reported the killing of four demonstrators in Omdurman on Monday.",
    "Two protesters were shot dead in Omdurman on Monday, medics said.",
])
def test_protesters_killed_with_their_number_is_excessive_force(run, text):
    [inc] = [i for i in run(text, published="2026-06-30T09:00:00Z") if not i.background]
    assert inc.sub_event_type == "Excessive force against protesters"
    assert inc.fatalities.total


def test_a_protest_against_an_earlier_killing_of_protesters_stays_peaceful(run):
    [inc] = [i for i in run("Hundreds rallied in Omdurman on Monday against the killing of "
                            "three protesters last week.", published="2026-06-30T09:00:00Z")
             if not i.background]
    assert inc.sub_event_type == "Peaceful protest"


def test_weapons_shot_down_struck_nothing(run):
    # the drones are what the air defences stopped: disrupted weapons use, not a drone strike
    for text in ("On Monday, air defences shot down two drones over Kyiv.",
                 "Ukraine's air force said it had shot down 20 of 24 drones over Odesa on Monday."):
        [inc] = [i for i in run(text, published="2024-05-07T10:00:00Z") if not i.background]
        assert inc.sub_event_type == "Disrupted weapons use", text
    # a strike told alone stays a strike
    [inc] = run("On Monday, a drone hit a house in Kyiv, killing two.",
                published="2024-05-07T10:00:00Z")
    assert inc.sub_event_type == "Air/drone strike"


def test_an_air_force_that_speaks_strikes_nothing(run):
    incs = [i for i in run("Russian missiles hit a power plant in Kharkiv on Monday, the air force "
                           "said.", published="2024-05-07T10:00:00Z") if not i.background]
    assert [i.sub_event_type for i in incs] == ["Shelling/artillery/missile attack"]
    # protesters who speak still protested
    incs = [i for i in run("Hundreds of protesters marched in Kharkiv on Monday; protesters said "
                           "they would return.", published="2024-05-07T10:00:00Z")
            if not i.background]
    assert [i.sub_event_type for i in incs] == ["Peaceful protest"]
