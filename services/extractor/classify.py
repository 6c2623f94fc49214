"""Event classification: which ACLED sub-event type an event's triggers add up to.

The highest-priority trigger wins (``triggers.yaml``); generic attack words then depend on who was
hit: armed victims (soldiers, police, fighters, positions) make an armed clash, others an attack
on civilians.
"""

from __future__ import annotations

from services.extractor.lexicon import Match

#: Words after a generic attack word that show the victims were armed.
ARMED = frozenset(
    "soldier soldiers troops forces police policemen policeman militants militant "
    "fighters fighter checkpoint checkpoints positions position army militia militias "
    "militiamen officer officers guards guard patrol base outpost convoy insurgents "
    "rebels members commander personnel military security taliban".split()
)


def choose(triggers: list[Match]) -> Match | None:
    best = None
    for t in triggers:
        if best is None or t.entry.priority > best.entry.priority:
            best = t
    return best


def sub_event(trigger: Match, sentence_folded: str, sentence_start: int) -> tuple[str, str]:
    """(sub-event type, rule id) for the chosen trigger within its sentence."""
    e = trigger.entry
    if e.armed_target_sub:
        words = set(_words(sentence_folded))
        if words & ARMED:
            return e.armed_target_sub, f"{e.id}.armed"
    return e.sub_event_type, e.id


def _words(s: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in s).split()
