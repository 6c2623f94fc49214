"""Every default rule fires on a hand-made incident, and not on a near miss."""

from __future__ import annotations

import datetime as dt

import pytest

from services.rules.conditions import facts_of, fired_rules, matches
from services.rules.ruleset import Conditions
from services.rules.zones import locate


def fired(book, incidents, area_attacks: int = 0) -> list[str]:
    from services.rules.alerts import best_location

    loc = best_location(incidents)
    day = incidents[0].date
    hits = tuple(locate(loc, day, book.zones))
    return [r.id for r in fired_rules(book.ruleset.rules, facts_of(incidents, loc, hits,
                                                                   area_attacks))]


# Hama city is outside every zone; 2021 is after the DMZ ended. Near misses change one thing.
CASES = {
    "health-care-attack": (
        dict(place="Hama", targets=[("hospital", "health")]),
        dict(place="Hama", targets=[("school", "education")]),
    ),
    "zone-breach": (
        dict(place="Khan Shaykhun", sub_event_type="Shelling/artillery/missile attack"),
        dict(place="Hama", sub_event_type="Shelling/artillery/missile attack"),
    ),
    "mass-casualty": (dict(place="Hama", killed=10), dict(place="Hama", killed=9)),
    "children-killed": (
        dict(place="Hama", killed=3, children=1),
        dict(place="Hama", killed=3, children=0),
    ),
    "chemical-weapon": (
        dict(place="Hama", sub_event_type="Chemical weapon"),
        dict(place="Hama", sub_event_type="Air/drone strike"),
    ),
    "territory-change-in-zone": (
        dict(place="Khan Shaykhun", sub_event_type="Government regains territory"),
        dict(place="Hama", sub_event_type="Government regains territory"),
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_and_near_miss_does_not(book, incident, rule_id: str) -> None:
    hit_kw, miss_kw = CASES[rule_id]
    assert rule_id in fired(book, [incident("hit", **hit_kw)])
    assert rule_id not in fired(book, [incident("miss", **miss_kw)])


def test_exact_rules_fired_for_a_plain_hospital_strike(book, incident) -> None:
    inc = incident(place="Hama", targets=[("hospital", "health")], killed=2)
    assert fired(book, [inc]) == ["health-care-attack"]


def test_escalation_needs_five_attacks_in_the_area(book, incident) -> None:
    inc = incident(place="Hama")
    assert "escalation" in fired(book, [inc], area_attacks=5)
    assert "escalation" not in fired(book, [inc], area_attacks=4)
    protest = incident(place="Hama", sub_event_type="Peaceful protest")
    assert "escalation" not in fired(book, [protest], area_attacks=9)


def test_zone_breach_needs_a_forbidden_activity(book, incident) -> None:
    # Inside the zone, but a peaceful protest is not something the zone forbids.
    assert fired(book, [incident(sub_event_type="Peaceful protest")]) == []


def test_background_never_fires(book, incident) -> None:
    inc = incident(place="Hama", killed=50, targets=[("hospital", "health")], background=True)
    assert fired(book, [inc]) == []


def test_composed_conditions(incident) -> None:
    cond = Conditions(
        event_types=["Explosions/Remote violence"],
        actors=["Military Forces of Russia"],
        actor_role="perpetrator",
        countries=["SY"],
        admin1=["idleb"],
        min_location_precision="town",
    )
    good = incident(actors=[("Military Forces of Russia", "perpetrator")])
    assert matches(cond, facts_of([good], good.location))
    as_target = incident(actors=[("Military Forces of Russia", "target")])
    assert not matches(cond, facts_of([as_target], as_target.location))
    coarse = incident(precision="province", actors=[("Military Forces of Russia", "perpetrator")])
    assert not matches(cond, facts_of([coarse], coarse.location))
    elsewhere = incident(place="Hama", actors=[("Military Forces of Russia", "perpetrator")])
    assert not matches(cond, facts_of([elsewhere], elsewhere.location))


def test_merged_facts_take_the_highest_toll_and_union_targets(incident) -> None:
    a = incident("a", killed=4, targets=[("hospital", "health")])
    b = incident("b", killed=11, children=2, date=dt.date(2019, 5, 2))
    facts = facts_of([a, b], a.location)
    assert facts.fatalities == 11
    assert facts.child_fatalities == 2
    assert facts.target_categories == {"health"}
