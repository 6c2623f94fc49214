"""Rule conditions: the facts an incident (or a group of merged incidents) offers, and matching.

Owns ``Facts`` (a flat, engine-built view: types, targets, toll, actors, place, zones, escalation
count) and ``matches``/``zone_hit``: pure functions of a rule's ``Conditions`` and the facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from schemas.incident import Incident, Location
from services.rules.ruleset import PRECISION_RANK, Conditions, Rule, ZoneCondition
from services.rules.zones import ZoneHit

__all__ = ["Facts", "facts_of", "fired_rules", "matches", "zone_hit"]


@dataclass(frozen=True)
class Facts:
    """What rules can test. Built from every (not withdrawn) incident of one event."""

    activities: frozenset[tuple[str, str]]  # (event_type, sub_event_type) pairs
    target_categories: frozenset[str] = frozenset()
    fatalities: int | None = None
    child_fatalities: int | None = None
    actors: frozenset[tuple[str, str]] = frozenset()  # (lower-case name, role)
    location: Location | None = None
    zones: tuple[ZoneHit, ...] = ()
    area_attacks: int = 0
    background: bool = False

    @property
    def event_types(self) -> set[str]:
        return {e for e, _ in self.activities}

    @property
    def sub_event_types(self) -> set[str]:
        return {s for _, s in self.activities}


def _max(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def facts_of(
    incidents: list[Incident],
    location: Location | None,
    zones: tuple[ZoneHit, ...] = (),
    area_attacks: int = 0,
) -> Facts:
    """Combine incidents of one event: types/targets/actors are unioned, tolls take the max."""
    return Facts(
        activities=frozenset((i.event_type, i.sub_event_type) for i in incidents),
        target_categories=frozenset(t.category for i in incidents for t in i.targets),
        fatalities=_max(i.fatalities.total for i in incidents),
        child_fatalities=_max(i.fatalities.children for i in incidents),
        actors=frozenset((a.name.casefold(), a.role) for i in incidents for a in i.actors),
        location=location,
        zones=zones,
        area_attacks=area_attacks,
        background=all(i.background for i in incidents),
    )


def zone_hit(cond: ZoneCondition, facts: Facts) -> ZoneHit | None:
    """The first zone hit that satisfies the zone condition, if any."""
    for hit in facts.zones:
        if cond.ids is not None and hit.zone.id not in cond.ids:
            continue
        if cond.kinds is not None and hit.zone.kind not in cond.kinds:
            continue
        if cond.certainty == "confirmed" and hit.certainty != "confirmed":
            continue
        if cond.forbidden_activity and not any(
            hit.zone.forbids_activity(e, s) for e, s in facts.activities
        ):
            continue
        return hit
    return None


def matches(cond: Conditions, facts: Facts) -> bool:
    """Whether every given condition holds (lists inside one condition are ORs)."""
    if facts.background:
        return False
    if cond.event_types is not None and not facts.event_types & set(cond.event_types):
        return False
    if cond.sub_event_types is not None and not facts.sub_event_types & set(cond.sub_event_types):
        return False
    if cond.target_categories is not None and not facts.target_categories & set(
        cond.target_categories
    ):
        return False
    if cond.min_fatalities is not None and (facts.fatalities or 0) < cond.min_fatalities:
        return False
    if cond.min_child_fatalities is not None and (
        facts.child_fatalities or 0
    ) < cond.min_child_fatalities:
        return False
    if cond.actors is not None:
        wanted = {a.casefold() for a in cond.actors}
        if not any(n in wanted and (cond.actor_role in (None, r)) for n, r in facts.actors):
            return False
    loc = facts.location
    if cond.countries is not None and (loc is None or loc.country not in cond.countries):
        return False
    if cond.admin1 is not None:
        wanted_admin1 = {a.casefold() for a in cond.admin1}
        if loc is None or (loc.admin1 or "").casefold() not in wanted_admin1:
            return False
    if cond.min_location_precision is not None and (
        loc is None
        or PRECISION_RANK[loc.precision] < PRECISION_RANK[cond.min_location_precision]
    ):
        return False
    if cond.min_area_attacks is not None and facts.area_attacks < cond.min_area_attacks:
        return False
    if cond.zone is not None and zone_hit(cond.zone, facts) is None:
        return False
    return True


def fired_rules(rules: list[Rule], facts: Facts) -> list[Rule]:
    """Enabled rules whose conditions hold, in ruleset order."""
    return [r for r in rules if r.enabled and matches(r.conditions, facts)]
