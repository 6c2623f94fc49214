"""Protests, riots and mobs, as ACLED codes them.

A protest whose participants turn violent is a violent demonstration, whatever force the state
used against them; a peaceful protest whose participants the police detained is a protest with
intervention; a riot with no demonstration named and no state force or demand is mob violence
(by an armed group, property destruction), as is violence by a crowd or a clash of unarmed
groups. Called from ``classify.refine``; every function takes *folded* text.
"""

from __future__ import annotations

import re

from services.extractor.lexicon import Match
from services.extractor.sides import STATE_FORCES, VICTIM_VERBS, armed_named
from services.extractor.text import folded_words

#: Words that show demonstrators themselves used violence (ACLED: violent demonstration).
PROTEST_VIOLENCE = frozenset(
    "clash clashes clashed scuffles scuffle barricades barricade barricading rocks "
    "stones threw hurled vandalised vandalized torched burned burnt machetes looted smashed "
    "projectiles rioted aggressive stormed storming pelted pelting throwing explosive "
    "explosives bottles firebombs".split()
)
#: Phrases of protesters' own violence that single words would over-match ("set fire", not "fire").
PROTEST_VIOLENCE_PHRASES = (
    "set fire",
    "setting fire",
    "set on fire",
    "lit tires",
    "lit tyres",
    "turned violent",
    "turn violent",
    "pulled down",
    "pull down",
    "tore down",
    "street violence",
    "outbreaks of violence",
    "outbreak of violence",
    "violence erupted",
    "into violence",
    "turn very violent",
    "turned very violent",
    "became violent",
)
#: Trigger ids whose presence in a protest event means the protesters were violent.
VIOLENT_TRIGGERS = frozenset({"trig.riot", "trig.mob", "trig.clash", "trig.looting"})
#: ACLED: when demonstrators are violent the event is a violent demonstration, whatever force
#: the state used against them (live rounds at barricading crowds included).
PROTEST_SUBS = frozenset(
    {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
)

#: Words naming a demonstration: a riot without them is mob violence (ACLED: violence by a crowd
#: that is not an organised demonstration: a lynching, a mob burning houses, a prison riot).
PROTEST_WORDS = frozenset(
    "protest protests protested protesting protesters protestors demonstration demonstrations "
    "demonstrators demonstrated demonstrating rally rallies march marched marches marchers "
    "strike strikers picket vigil".split()
)
#: Non-state armed groups: their burning of property is no riot (looting/property destruction).
ARMED_GROUP_WORDS = frozenset(
    "militia militias militiamen militants gunmen insurgents rebel rebels fighters armed".split()
)
#: A riot against the police or the army (``STATE_FORCES``), or one making demands, is a violent
#: demonstration even when no protest is named ("rioters clashed with troops", "pelted stones at
#: police to demand ...").
STATE_OR_DEMAND_WORDS = frozenset(
    "policemen officers idf enforcement demand demanded demanding demands".split()
)
#: Violence by an unorganised crowd, not an armed group ("a group of men beat a man to death").
CROWD_PHRASES = (
    "group of people",
    "group of men",
    "group of villagers",
    "group of residents",
    "group of youths",
    "group of locals",
    "angry residents",
    "angry locals",
    "angry villagers",
    "irate residents",
    "irate villagers",
)
#: Two unarmed sides in a "clash": groups, families, villagers over a dispute (mob violence).
COMMUNAL_WORDS = frozenset("groups villagers residents communities locals".split())
#: Sub-event types of generic violence that a crowd's violence overrides.
VICTIM_SUBS = frozenset({"Attack", "Armed clash"})

#: A peaceful protest that the police broke up or whose participants were detained is a protest
#: with intervention; people arrested *for* organising a protest are an arrest.
ARREST_REASONS = (
    "for organising",
    "for organizing",
    "related to organising",
    "related to organizing",
    "for participating",
    "for taking part",
    "for joining",
    "for leading",
    "for inciting",
    "charges of",
    "charges related",
)
#: Detention verbs (not the noun: a protest "against the arrest of" an editor is no intervention).
DETAIN_VERBS = frozenset("arrested detained rounded detaining arresting".split())
#: Who detains in an intervention: the police or the security forces, named before the verb.
DETAINERS = frozenset("police policemen forces authorities officers troops soldiers".split())


#: Projectiles that are thrown, not fired: "projectiles were thrown at police" is a crowd's
#: violence, not artillery.
_THROWN = frozenset("threw thrown throwing throw hurled hurling".split())


def thrown_projectiles(trigger_text: str, sentence_folded: str) -> bool:
    """The trigger is "projectile(s)" in a sentence where things are thrown."""
    return trigger_text in ("projectile", "projectiles") and bool(
        _THROWN & set(folded_words(sentence_folded))
    )


def protesters_violent(triggers: list[Match], event_folded: str) -> bool:
    """A violent trigger (riot, mob, clash, looting) in the event, or protesters' own violence
    named anywhere in its sentences ("threw stones", "set fire")."""
    ids = {t.entry.id for t in triggers}
    return bool(
        ids & VIOLENT_TRIGGERS
        or PROTEST_VIOLENCE & set(folded_words(event_folded))
        or any(p in event_folded for p in PROTEST_VIOLENCE_PHRASES)
    )


def mob_violence(sub: str, event_folded: str, sentence_folded: str) -> str | None:
    """The sub-event type when violence was a crowd's, not a demonstration's or an armed
    group's: a riot with no demonstration named (an armed group burning houses: property
    destruction), a crowd attacking someone, two unarmed groups clashing. None otherwise."""
    words = set(folded_words(sentence_folded))
    if sub == "Violent demonstration":
        if (PROTEST_WORDS | STATE_OR_DEMAND_WORDS | STATE_FORCES) & set(folded_words(event_folded)):
            return None
        return "Looting/property destruction" if words & ARMED_GROUP_WORDS else "Mob violence"
    if words & ARMED_GROUP_WORDS or armed_named(sentence_folded):
        return None
    if crowd_perpetrator(sentence_folded):
        return "Mob violence"
    if sub == "Armed clash" and words & COMMUNAL_WORDS and words & {"clash", "clashed", "clashes"}:
        return "Mob violence"
    return None


def crowd_perpetrator(sentence_folded: str) -> bool:
    """A crowd named as the doer: after "by", or before the first violence verb ("a group of
    men beat ..."), not as the victims ("gunmen shot at a group of people")."""
    for p in CROWD_PHRASES:
        at = sentence_folded.find(p)
        if at < 0:
            continue
        before = folded_words(sentence_folded[:at])
        if "by" in before[-2:]:
            return True
        if not VICTIM_VERBS & set(before):
            return True
    return False


#: Protesters killed or shot, told with their number between ("killed three protesters", "the
#: killing of 12 demonstrators", "two protesters were shot dead"): the phrases of
#: ``trig.excessive`` name them only without one.
_PROTESTERS_KILLED = re.compile(
    r"\b(?:killed|killing|shot[ \t]+dead|shooting[ \t]+dead)[ \t]+(?:of[ \t]+)?"
    r"(?:at[ \t]+least[ \t]+)?(?:[\w-]+[ \t]+){1,2}(?:protesters|protestors|demonstrators)\b"
    r"|\b(?:protesters|protestors|demonstrators)[ \t]+(?:were|had[ \t]+been|have[ \t]+been)[ \t]+"
    r"(?:killed|shot[ \t]+dead)\b"
)


def protesters_killed(sub: str, rule: str, sentence_folded: str) -> tuple[str, str]:
    """A protest whose protesters were killed met excessive force (ACLED), and its dead are
    its own, not the cause it was held over."""
    if sub != "Peaceful protest":
        return sub, rule
    for m in _PROTESTERS_KILLED.finditer(sentence_folded):
        if not _CAUSE_BEFORE.search(sentence_folded, max(0, m.start() - 30), m.start()):
            return "Excessive force against protesters", rule + ".protesters_killed"
    return sub, rule


#: Right before the killing, the words that make it what a protest is held against ("rallied
#: against the killing of three protesters last week").
_CAUSE_BEFORE = re.compile(
    r"\b(?:against|over|denounc\w*|condemn\w*|mourn\w*|protest\w*|outrage\w*|anger\w*)"
    r"[ \t]+(?:the[ \t]+|last[ \t]+\w+'s[ \t]+)?$")


def protest_intervention(
    sub: str, rule: str, triggers: list[Match], sentence_folded: str
) -> tuple[str, str]:
    """A peaceful protest during which the police detained people ("police detained hundreds of
    protesters") is a protest with intervention; a detention *for* a protest is an arrest."""
    if sub != "Peaceful protest" or not any(t.entry.id == "trig.arrest" for t in triggers):
        return sub, rule
    ws = folded_words(sentence_folded)
    if not any(
        w in DETAIN_VERBS and DETAINERS & set(ws[max(0, i - 4) : i]) for i, w in enumerate(ws)
    ):
        return sub, rule
    if any(p in sentence_folded for p in ARREST_REASONS):
        return "Arrests", rule + ".arrested_for_protest"
    return "Protest with intervention", rule + ".detained"
