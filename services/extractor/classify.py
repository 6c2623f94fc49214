"""Event classification: which ACLED sub-event type an event's triggers add up to.

The highest-priority trigger wins (``triggers.yaml``, ``choose``); generic attack words then
depend on who was hit (``sub_event``): armed victims (soldiers, police, fighters, positions) make
an armed clash, others an attack on civilians. ACLED's conventions then refine the choice
(``refine``, ``arrest_by_whom``, ``note_label``). This module is the entry point ``assemble``
calls; the conventions live by concern:

- ``sides``: victims, armed sides, state and non-state words, exchange of fire, air defences;
- ``protests``: violent demonstrations, mob violence, protests with intervention;
- ``territory``: who took a place, military posts taken;
- ``strategic``: raids by outcome, arrests vs abductions, seized weapons, ACLED note labels.
"""

from __future__ import annotations

from services.extractor.lexicon import Match
from services.extractor.protests import (
    PROTEST_SUBS,
    VICTIM_SUBS,
    crowd_perpetrator,
    mob_violence,
    protest_intervention,
    protesters_killed,
    protesters_violent,
)
from services.extractor.sides import (
    ONE_SIDED_DECIDED,
    VICTIM_DECIDED,
    air_defence_fire,
    armed_named,
    direct_fire_exchanged,
    exchanged,
    returned_fire,
    state_bombing,
    victims,
)
from services.extractor.strategic import (
    DISRUPTABLE,
    NOTE_LABELS,
    RAID_WORDS,
    arrest_by_whom,
    note_label,
    raid_outcome,
    weapons_disrupted,
)
from services.extractor.territory import (
    GOV_REGAINS,
    NSA_OVERTAKES,
    TERRITORY,
    site_taken,
    territory_taker,
)

__all__ = [
    "GOV_REGAINS",
    "NOTE_LABELS",
    "NSA_OVERTAKES",
    "armed_named",
    "arrest_by_whom",
    "choose",
    "crowd_perpetrator",
    "note_label",
    "refine",
    "sub_event",
    "territory_taker",
    "victims",
    "weapons_disrupted",
]


def choose(triggers: list[Match]) -> Match | None:
    """The highest-priority trigger, the first in the list among equals."""
    best = None
    for t in triggers:
        if best is None or t.entry.priority > best.entry.priority:
            best = t
    return best


def sub_event(trigger: Match, sentence_folded: str, sentence_start: int) -> tuple[str, str]:
    """(sub-event type, rule id) for the chosen trigger within its sentence."""
    e = trigger.entry
    said = sentence_folded[trigger.start - sentence_start : trigger.end - sentence_start]
    if said in RAID_WORDS:
        outcome = raid_outcome(e.id, sentence_folded)
        if outcome is not None:
            return outcome
    if (e.id == "trig.bombed" or e.id == "trig.ied" and said in ("bombing", "bombings")) and (
        state_bombing(sentence_folded)
    ):
        return "Air/drone strike", f"{e.id}.state_bombing"
    if e.id in ONE_SIDED_DECIDED and not exchanged(sentence_folded):
        if victims(sentence_folded) == "civilian":
            return "Attack", f"{e.id}.civilian_victim"
    if e.id in VICTIM_DECIDED:
        kind = victims(sentence_folded)
        if kind == "armed":
            return "Armed clash", f"{e.id}.armed_victim"
        if kind == "civilian":
            return "Attack", f"{e.id}.civilian_victim"
    elif e.id == "trig.clash":
        two_sided = exchanged(sentence_folded)
        one_sided = "attack" in said or "sniper" in said  # "gunmen attacked", "snipers shot"
        if one_sided and not two_sided and victims(sentence_folded) == "civilian":
            return "Attack", f"{e.id}.civilian_victim"  # "gunmen attacked a church"
    if e.armed_target_sub and armed_named(sentence_folded):
        return e.armed_target_sub, f"{e.id}.armed"
    return e.sub_event_type, e.id


def refine(
    sub: str,
    rule: str,
    triggers: list[Match],
    event_folded: str,
    sentence_folded: str,
) -> tuple[str, str]:
    """Apply ACLED's conventions to the chosen (sub-event type, rule id), first match wins.
    Protest violence is read over the event's sentences; an exchange of fire only in the
    trigger's own sentence (long reports mention clashes elsewhere)."""
    if sub in PROTEST_SUBS:
        if protesters_violent(triggers, event_folded):
            return "Violent demonstration", rule + ".violent"
        sub, rule = protesters_killed(sub, rule, sentence_folded)
        return protest_intervention(sub, rule, triggers, sentence_folded)
    if sub == "Violent demonstration" or sub in VICTIM_SUBS:
        mob = mob_violence(sub, event_folded, sentence_folded)
        if mob is not None:
            return mob, rule + ".mob"
    if sub in TERRITORY:
        if site_taken(sentence_folded):
            return "Armed clash", rule + ".site_taken"
        side = territory_taker(sentence_folded)
        if side is not None and side != sub:
            return side, rule + ".taker"
    if sub == "Air/drone strike" and air_defence_fire(triggers, sentence_folded):
        return "Shelling/artillery/missile attack", rule + ".air_defence_fire"
    if sub in DISRUPTABLE and weapons_disrupted(sentence_folded):
        return "Disrupted weapons use", rule + ".weapons_seized"
    if sub == "Shelling/artillery/missile attack" and (
        direct_fire_exchanged(sentence_folded) or returned_fire(event_folded)
    ):
        return "Armed clash", rule + ".exchange"
    return sub, rule
