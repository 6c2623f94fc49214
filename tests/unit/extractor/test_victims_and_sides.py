"""Who was hit and who took the ground: ACLED's sub-event conventions read from the victims,
the side that took territory, seized weapons, and protest force; plus casualty lists.

Hand-written sentences, none taken from evaluation data.
"""

import pytest

from services.extractor import classify

PUB = "2021-03-10T10:00:00Z"


def _one(run, text):
    (inc,) = [i for i in run(text, PUB) if not i.background]
    return inc


@pytest.mark.parametrize(
    "text, kind",
    [
        ("gunmen shot and killed a police officer near the market", "armed"),
        ("a soldier was shot by unknown gunmen", "armed"),
        ("militia members shot dead a shepherd in the hills", "civilian"),
        ("two farmers were killed by fire from fighters", "civilian"),
        ("the town was quiet on monday", None),
    ],
)
def test_victims_are_read_from_victim_position(text, kind):
    assert classify.victims(text) == kind


@pytest.mark.parametrize(
    "text, sub",
    [
        ("On Monday, unknown gunmen shot and killed a police officer in Ghazni.", "Armed clash"),
        ("On Monday, militiamen shot dead a shepherd near Ghazni.", "Attack"),
        ("On Monday, gunmen attacked a church in Ghazni, killing 3 people.", "Attack"),
    ],
)
def test_generic_violence_is_coded_by_its_victims(run, text, sub):
    assert _one(run, text).sub_event_type == sub


@pytest.mark.parametrize(
    "text, sub",
    [
        ("rebel fighters recaptured the village from the army", classify.NSA_OVERTAKES),
        ("government troops recaptured the village from the rebels", classify.GOV_REGAINS),
        ("security forces in a crackdown on insurgents retook the district", classify.GOV_REGAINS),
        ("the village changed hands", None),
    ],
)
def test_territory_is_coded_by_who_took_it(text, sub):
    assert classify.territory_taker(text) == sub


@pytest.mark.parametrize(
    "text, seized",
    [
        ("police seized 40 rifles and ammunition during a raid", True),
        ("an explosive device was found and defused by engineers", True),
        ("a roadside device exploded, killing two soldiers", False),
        ("police seized the house of the suspect", False),
    ],
)
def test_weapons_seizures(text, seized):
    assert classify.weapons_disrupted(text) is seized


def test_seized_weapons_make_disrupted_weapons_use(run):
    inc = _one(run, "On Monday, police raided a house in Lahore and seized 12 rifles and grenades.")
    assert inc.sub_event_type == "Disrupted weapons use"


@pytest.mark.parametrize(
    "text, sub",
    [
        (
            "On Monday, police fired live rounds at protesters in Lahore, killing one protester.",
            "Excessive force against protesters",
        ),
        (
            "On Monday, protesters blocked a highway near Lahore with barricades and police "
            "fired live rounds at them.",
            "Violent demonstration",
        ),
        (
            "On Monday, teachers protested in Lahore and condemned police violence.",
            "Peaceful protest",
        ),
    ],
)
def test_protest_force_and_protesters_violence(run, text, sub):
    assert _one(run, text).sub_event_type == sub


@pytest.mark.parametrize(
    "text, total, civilians, children",
    [
        # one verb, one list of victims
        ("On Monday, an air strike on Ghazni killed two guards and a driver.", 3, None, None),
        # "N of them children" is part of the figure before it
        (
            "On Monday, shelling hit Ghazni, killing five civilians, two of them children, and "
            "wounding eight.",
            5,
            5,
            2,
        ),
        # a rising toll far from its verb; a subset of children says nothing of the rest
        (
            "The death toll from Monday's air strike on Ghazni, the provincial capital, has risen "
            "to 9, including four children.",
            9,
            None,
            4,
        ),
    ],
)
def test_casualty_lists(run, text, total, civilians, children):
    f = _one(run, text).fatalities
    assert (f.total, f.civilians, f.children) == (total, civilians, children)


@pytest.mark.parametrize(
    "text, sub",
    [
        (
            "On Monday, monitors observed 15 explosions involving unknown weapons "
            "close to Avdiivka, Donetsk.",
            "Shelling/artillery/missile attack",
        ),
        (
            "On Monday, monitors observed a total of 40 explosions and shots involving unknown "
            "weapons in both directions of the front line near Avdiivka, Donetsk.",
            "Armed clash",
        ),
    ],
)
def test_observed_fire_is_one_days_event(run, text, sub):
    # "a total of" counts one day's fire, not a running total
    assert _one(run, text).sub_event_type == sub


@pytest.mark.parametrize(
    "text, sub",
    [
        (
            "On Monday, an explosion took place in Ghazni city. No casualties.",
            "Remote explosive/landmine/IED",
        ),
        (
            "On Monday, police found a cache of weapons in a house in Lahore.",
            "Disrupted weapons use",
        ),
    ],
)
def test_explosions_and_caches_are_events(run, text, sub):
    assert _one(run, text).sub_event_type == sub


@pytest.mark.parametrize(
    "text, sub",
    [
        # snipers are a weapon: their civilian victims make an attack
        ("On Monday, rebel snipers shot and killed a farmer near Ghazni.", "Attack"),
        # heavy weapons fired one-sidedly at positions are shelling; with small arms a clash
        (
            "On Monday, separatist forces fired grenade launchers at army positions near "
            "Avdiivka, Donetsk.",
            "Shelling/artillery/missile attack",
        ),
        (
            "On Monday, separatist units fired grenade launchers and sniper rifles on army "
            "trenches near Avdiivka, Donetsk.",
            "Armed clash",
        ),
        # a non-state group that detains people abducts them
        (
            "On Monday, QSD members detained several young men at a checkpoint in Hajin.",
            "Abduction/forced disappearance",
        ),
        ("On Monday, police detained several young men at a checkpoint in Lahore.", "Arrests"),
    ],
)
def test_weapons_and_detainers(run, text, sub):
    assert _one(run, text).sub_event_type == sub


def test_aerial_aggression_is_an_air_strike(run):
    inc = _one(run, "On Monday, the enemy carried out an aerial aggression on farms near Tartous.")
    assert inc.sub_event_type == "Air/drone strike"


@pytest.mark.parametrize(
    "text, sub",
    [
        (
            "On Monday, rebels fired shells containing poisonous gas at army positions in Ghazni.",
            "Chemical weapon",
        ),
        (
            "On Monday, police detained demonstrators during a protest in Lahore.",
            "Protest with intervention",
        ),
        (
            "On Monday, police fired live rounds to break up protests in Lahore.",
            "Excessive force against protesters",
        ),
    ],
)
def test_gas_and_protest_policing(run, text, sub):
    assert _one(run, text).sub_event_type == sub


def test_poisonous_gas_leak_at_a_factory_is_no_event(run):
    text = "On Monday, poisonous gas leaked from a chemical factory near Karachi, police said."
    assert [i for i in run(text, PUB) if not i.background] == []


@pytest.mark.parametrize(
    "text, sub",
    [
        (
            "Defusal: On Monday, sappers removed an unexploded bomb from a house in Kharkiv.",
            "Disrupted weapons use",
        ),
        (
            "Movement of forces: On Monday, a convoy of army vehicles entered Saraqib.",
            "Change to group/activity",
        ),
        (
            "Displacement: On Monday, villagers fled Saraqib after soldiers raided the village.",
            "Other",
        ),
    ],
)
def test_acled_note_labels_name_the_sub_event(run, text, sub):
    assert _one(run, text).sub_event_type == sub


def test_detention_for_conscription_is_an_abduction(run):
    inc = _one(run, "On Monday, regime forces detained young men in Saraqib for conscription.")
    assert inc.sub_event_type == "Abduction/forced disappearance"


@pytest.mark.parametrize("text, actor", [
    ("On 3 May 2020, government forces shelled Houthi positions in Hays, Al Hudaydah.",
     "Military Forces of Yemen"),
    ("Government forces shelled Kafr Nabl in southern Idlib on Monday.",
     "Military Forces of Syria"),
])
def test_government_forces_are_the_forces_of_the_events_country(run, text, actor):
    (incident,) = run(text)
    assert actor in [a.name for a in incident.actors]


def test_government_forces_do_not_make_a_report_syrian(run):
    # "the government" once pulled every report towards Syria, dropping places elsewhere
    (incident,) = run("On 6 May 2020, shopkeepers protested in Tenkasi district (Tenkasi, TN) "
                      "against the government's plan to reopen liquor stores.")
    assert incident.location.country == "IN"


@pytest.mark.parametrize("text, sub", [
    ("At least 30 civilians were killed on Friday as pro-Assad forces stepped up bombing of "
     "Idlib province.", "Air/drone strike"),
    ("A car bombing killed three people in Azaz on Friday.", "Remote explosive/landmine/IED"),
])
def test_bombing_by_a_force_with_aircraft_is_an_air_strike(run, text, sub):
    (incident,) = run(text)
    assert incident.sub_event_type == sub


@pytest.mark.parametrize("text, sub", [
    ("Qalaat al-Mudiq fell to regime forces on Thursday, residents said.",
     "Government regains territory"),
    ("Kafr Nabouda fell to rebel fighters on Thursday.", "Non-state actor overtakes territory"),
    ("Regime forces announced the capture of Kafr Nabouda on Thursday.",
     "Government regains territory"),
])
def test_a_town_that_fell_is_coded_by_the_side_it_fell_to(run, text, sub):
    (incident,) = run(text)
    assert incident.sub_event_type == sub


def test_projectiles_thrown_at_police_are_a_violent_demonstration(run):
    (incident,) = run("Dozens were arrested during a demonstration in Bristol after projectiles "
                      "were thrown at police.")
    assert incident.sub_event_type == "Violent demonstration"


def test_fire_on_peaceful_protesters_is_excessive_force(run):
    (incident,) = run("Security forces opened fire on peaceful protesters in Nasiriyah, killing "
                      "six.")
    assert incident.sub_event_type == "Excessive force against protesters"


def test_shelling_answered_in_the_next_sentence_is_an_armed_clash(run):
    incidents = run("On 2 May 2020, Houthi forces shelled pro-Hadi positions in Qaatabah. Pro-Hadi "
                    "forces reportedly fired back, killing two.")
    assert [i.sub_event_type for i in incidents] == ["Armed clash"]


def test_a_peaceful_protest_over_a_death_kills_no_one(run):
    (incident,) = run("On 28 April 2020, relatives of a constable who was shot dead held a protest "
                      "outside a hospital in Jodhpur, demanding an investigation.")
    assert incident.sub_event_type == "Peaceful protest"
    assert incident.fatalities.total is None
