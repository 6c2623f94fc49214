"""Sides of the violence, as ACLED codes them: who was hit (armed or civilian victims), which
armed sides a sentence names (state forces, non-state groups), and whether fire went both ways.

Read by ``classify`` (generic violence is coded by its victims; artillery *exchanged* is an armed
clash) and by the other convention modules (``protests``, ``territory``, ``strategic``), which
need the same word sets. Every function takes *folded* text (``text.fold``).
"""

from __future__ import annotations

from services.extractor.lexicon import Match
from services.extractor.text import folded_words

#: Words after a generic attack word that show the victims were armed.
ARMED = frozenset(
    "soldier soldiers troops forces police policemen policeman militants militant "
    "fighters fighter checkpoint checkpoints positions position army militia militias "
    "militiamen officer officers guards guard patrol base outpost convoy insurgents "
    "rebels members commander personnel military security taliban arbaki arbakis".split()
)
#: Words naming unarmed victims or civilian sites: ACLED codes violence against them "Attack".
CIVILIAN_VICTIMS = frozenset(
    "civilian civilians man men woman women boy boys girl girls child children pastoralist "
    "pastoralists shepherd shepherds farmer farmers journalist journalists resident residents "
    "villager villagers worker workers student students teacher teachers doctor doctors nurse "
    "nurses worshippers travelers travellers passengers trader traders merchant merchants "
    "activist activists people person family families church mosque school college campus "
    "hospital refugees displaced driver drivers youth elderly herder herders fishermen "
    "prisoners detainees".split()
)
#: Armed victims beyond ``ARMED``: ranks and members of armed groups (gangs included).
ARMED_VICTIMS = ARMED | frozenset(
    "lieutenant captain colonel sergeant major policewoman member gang gunmen "
    "personnel serviceman servicemen".split()
)
#: Bodies whose members are civilians: "a local council member" is no member of an armed group.
CIVIC_BODIES = frozenset(
    "council parliament parliamentary committee board municipal union party assembly".split()
)
#: Verbs whose object is the victim ("shot and killed 1 policewoman", "attacked a church").
VICTIM_VERBS = frozenset(
    "killed killing shot shooting attacked attacking assaulted targeted targeting kidnapped "
    "abducted stabbed gunned assassinated executed murdered injured wounded injuring wounding "
    "harassed beat beaten dead ambushed".split()
)
#: Words after a named side that make it the source of the report ("police said"), not a victim.
_SOURCE_BEFORE = frozenset({"said", "says", "say", "told", "reported", "claimed"})
#: Verbs after a passive victim ("a policeman was shot").
_PASSIVE = frozenset({"was", "were"})
#: Trigger ids decided by who the victims were.
VICTIM_DECIDED = frozenset(
    {"trig.attack", "trig.attack_generic", "trig.casualty", "trig.body_found"}
)
#: Trigger ids of one-sided fire (small arms, machine guns) that the victims decide when no
#: exchange of fire is named: shooting a civilian with small arms is an attack.
ONE_SIDED_DECIDED = frozenset({"trig.clash_weapons"})

#: State forces: a territory change they make is "Government regains territory"; a riot against
#: them is a demonstration; a detention by them is an arrest.
STATE_FORCES = frozenset(
    "government army troops soldiers military regime police saa forces units gendarmerie "
    "security".split()
)
#: Non-state armed groups named as a side ("rebels recaptured": a non-state actor overtakes).
NON_STATE = frozenset(
    "rebels rebel militants militant insurgents insurgent jihadists jihadist fighters "
    "militia militias militiamen opposition shabab shabaab isis isil taliban hezbollah "
    "hts group groups extremists separatists brigades".split()
)

#: Forces with aircraft: their "bombing" of a place is bombardment from the air, not an IED.
AIR_FORCES = frozenset(
    "regime assad russian russia warplanes jets aircraft coalition israeli army military "
    "government".split()
)
#: Words of a planted or carried bomb: the "bombing" is an IED whoever is named.
_PLANTED = frozenset(
    "car roadside suicide planted device explosive explosives mine mines vehicle motorcycle "
    "booby-trapped bomber".split()
)


def state_bombing(sentence_folded: str) -> bool:
    """"Pro-Assad forces stepped up bombing of northwest Syria": a force with aircraft bombs,
    and nothing in the sentence names a planted bomb."""
    ws = set(folded_words(sentence_folded))
    return bool(ws & AIR_FORCES) and not ws & _PLANTED


#: Words that make fire two-sided ("exchanged artillery", "shelling exchange").
EXCHANGE = frozenset("exchange exchanged exchanging exchanges clashes clashed".split())
#: Direct fire alongside the artillery ("mortars, heavy machine guns and small arms"), or fire
#: observed "in both directions" of a front line.
DIRECT_FIRE = ("small arms", "small-arms", "both directions", "sniper")

#: An air defence that fires missiles at aircraft makes a missile attack (ACLED): the aircraft
#: named there are the target, not the strike ("repelled jets by firing missiles").
AIR_DEFENCE_FIRE = frozenset("fired firing fires launched launching".split())
MISSILE_WORDS = frozenset("missile missiles rocket rockets".split())


def victims(sentence_folded: str) -> str | None:
    """ "armed" or "civilian" for the victims named in victim position (after a violence verb,
    or before "was/were <verb>"), the first one found; None when the sentence names neither."""
    ws = folded_words(sentence_folded)
    ws = [
        "civilian" if w in ("member", "members") and i and ws[i - 1] in CIVIC_BODIES else w
        for i, w in enumerate(ws)
    ]
    for i, w in enumerate(ws):
        if w not in VICTIM_VERBS:
            continue
        if i >= 1 and ws[i - 1] in _PASSIVE:  # "<victim> was shot": look back
            for x in reversed(ws[max(0, i - 5) : i - 1]):
                kind = _victim_kind(x)
                if kind:
                    return kind
            continue
        for x in ws[i + 1 : i + 6]:  # "shot and killed 1 suspected soldier": look ahead
            if x == "by":
                break
            kind = _victim_kind(x)
            if kind:
                return kind
    return None


def _victim_kind(w: str) -> str | None:
    if w in ARMED_VICTIMS:
        return "armed"
    if w in CIVILIAN_VICTIMS:
        return "civilian"
    return None


def armed_named(sentence_folded: str) -> bool:
    """An armed side or a military post is named in the sentence, other than as the source of
    the report ("police said")."""
    if "check point" in sentence_folded:
        return True
    ws = folded_words(sentence_folded)
    for i, w in enumerate(ws):
        if w in ARMED and not (i + 1 < len(ws) and ws[i + 1] in _SOURCE_BEFORE):
            return True
    return False


def exchanged(sentence_folded: str) -> bool:
    """The sentence names fire going both ways ("exchanged", "clashes")."""
    return bool(EXCHANGE & set(folded_words(sentence_folded)))


def direct_fire_exchanged(sentence_folded: str) -> bool:
    """Artillery fired with small arms or snipers, "in both directions", or exchanged: an armed
    clash rather than shelling (ACLED)."""
    return any(p in sentence_folded for p in DIRECT_FIRE) or exchanged(sentence_folded)


#: The other side answering the fire, in the event's next sentence as often as in its own.
RETURN_FIRE = ("fired back", "returned fire", "returning fire", "returned the fire")


def returned_fire(event_folded: str) -> bool:
    """"Pro-Hadi forces reportedly fired back": the shelling was answered, an armed clash."""
    return any(p in event_folded for p in RETURN_FIRE)


def air_defence_fire(triggers: list[Match], sentence_folded: str) -> bool:
    """An air defence trigger in the event and missiles fired in the sentence."""
    if not any(t.entry.id == "trig.air_defence" for t in triggers):
        return False
    words = set(folded_words(sentence_folded))
    return bool(words & AIR_DEFENCE_FIRE and words & MISSILE_WORDS)
