"""Event classification: which ACLED sub-event type an event's triggers add up to.

The highest-priority trigger wins (``triggers.yaml``); generic attack words then depend on who was
hit: armed victims (soldiers, police, fighters, positions) make an armed clash, others an attack
on civilians. Two ACLED conventions then refine the choice (``refine``): a protest whose
participants turn violent is a violent demonstration; artillery *exchanged* between two armed
sides, or fired together with small arms, is an armed clash, not shelling.
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


#: Words that show demonstrators themselves used violence (ACLED: violent demonstration).
PROTEST_VIOLENCE = frozenset(
    "clash clashes clashed scuffles scuffle barricades barricade rocks stones threw hurled "
    "vandalised vandalized torched burned burnt machetes looted smashed".split()
)
#: Trigger ids whose presence in a protest event means the protesters were violent.
VIOLENT_TRIGGERS = frozenset({"trig.riot", "trig.mob", "trig.clash", "trig.looting"})
PROTEST_SUBS = frozenset({"Peaceful protest", "Protest with intervention"})
#: Words that make artillery fire two-sided ("exchanged artillery", "shelling exchange").
EXCHANGE = frozenset("exchange exchanged exchanging exchanges clashes clashed".split())
#: Direct fire alongside the artillery ("mortars, heavy machine guns and small arms").
DIRECT_FIRE = ("small arms", "small-arms")


def refine(
    sub: str,
    rule: str,
    triggers: list[Match],
    event_folded: str,
    sentence_folded: str,
) -> tuple[str, str]:
    """Apply the ACLED conventions above to the chosen (sub-event type, rule id). Protest
    violence is read over the event's sentences; an exchange of fire only in the trigger's own
    sentence (long reports mention clashes elsewhere)."""
    if sub in PROTEST_SUBS:
        ids = {t.entry.id for t in triggers}
        if ids & VIOLENT_TRIGGERS or PROTEST_VIOLENCE & set(_words(event_folded)):
            return "Violent demonstration", rule + ".violent"
    elif sub == "Shelling/artillery/missile attack":
        if any(p in sentence_folded for p in DIRECT_FIRE) or EXCHANGE & set(
            _words(sentence_folded)
        ):
            return "Armed clash", rule + ".exchange"
    return sub, rule
