"""Event classification: which ACLED sub-event type an event's triggers add up to.

The highest-priority trigger wins (``triggers.yaml``); generic attack words then depend on who was
hit: armed victims (soldiers, police, fighters, positions) make an armed clash, others an attack
on civilians. Two ACLED conventions then refine the choice (``refine``): a protest whose
participants turn violent is a violent demonstration; artillery *exchanged* between two armed
sides, or fired together with small arms, is an armed clash, not shelling.
"""

from __future__ import annotations

import re
from functools import lru_cache

from services.extractor.lexicon import Match

#: Words after a generic attack word that show the victims were armed.
ARMED = frozenset(
    "soldier soldiers troops forces police policemen policeman militants militant "
    "fighters fighter checkpoint checkpoints positions position army militia militias "
    "militiamen officer officers guards guard patrol base outpost convoy insurgents "
    "rebels members commander personnel military security taliban arbaki arbakis".split()
)


def choose(triggers: list[Match]) -> Match | None:
    best = None
    for t in triggers:
        if best is None or t.entry.priority > best.entry.priority:
            best = t
    return best


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


def victims(sentence_folded: str) -> str | None:
    """ "armed" or "civilian" for the victims named in victim position (after a violence verb,
    or before "was/were <verb>"), the first one found; None when the sentence names neither."""
    ws = _words(sentence_folded)
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
    ws = _words(sentence_folded)
    for i, w in enumerate(ws):
        if w in ARMED and not (i + 1 < len(ws) and ws[i + 1] in _SOURCE_BEFORE):
            return True
    return False


#: A raid is coded by its outcome (ACLED): people detained make an arrest, people killed a
#: clash or an attack (by the victims), otherwise the trigger's own type.
RAID_WORDS = frozenset({"raid", "raids", "raided", "raiding"})
DETENTION_WORDS = frozenset(
    "detained detaining arrested arresting apprehended detain arrest arrests".split()
)
KILLING_WORDS = frozenset("killed killing wounded wounding injured injuring dead".split())


def raid_outcome(rule: str, sentence_folded: str) -> tuple[str, str] | None:
    """(sub-event type, rule id) of a raid from what it led to, or None when it says nothing."""
    words = set(_words(sentence_folded))
    if words & DETENTION_WORDS and not words & KILLING_WORDS:
        return "Arrests", rule + ".raid_detention"
    if words & KILLING_WORDS:
        kind = victims(sentence_folded)
        if kind == "civilian":
            return "Attack", rule + ".raid_civilian_victim"
        return "Armed clash", rule + ".raid_armed"
    return None


#: Trigger ids of one-sided fire (small arms, machine guns) that the victims decide when no
#: exchange of fire is named: shooting a civilian with small arms is an attack.
ONE_SIDED_DECIDED = frozenset({"trig.clash_weapons"})


def sub_event(trigger: Match, sentence_folded: str, sentence_start: int) -> tuple[str, str]:
    """(sub-event type, rule id) for the chosen trigger within its sentence."""
    e = trigger.entry
    said = sentence_folded[trigger.start - sentence_start : trigger.end - sentence_start]
    if said in RAID_WORDS:
        outcome = raid_outcome(e.id, sentence_folded)
        if outcome is not None:
            return outcome
    if e.id in ONE_SIDED_DECIDED and not EXCHANGE & set(_words(sentence_folded)):
        if victims(sentence_folded) == "civilian":
            return "Attack", f"{e.id}.civilian_victim"
    if e.id in VICTIM_DECIDED:
        kind = victims(sentence_folded)
        if kind == "armed":
            return "Armed clash", f"{e.id}.armed_victim"
        if kind == "civilian":
            return "Attack", f"{e.id}.civilian_victim"
    elif e.id == "trig.clash":
        two_sided = EXCHANGE & set(_words(sentence_folded))
        one_sided = "attack" in said or "sniper" in said  # "gunmen attacked", "snipers shot"
        if one_sided and not two_sided and victims(sentence_folded) == "civilian":
            return "Attack", f"{e.id}.civilian_victim"  # "gunmen attacked a church"
    if e.armed_target_sub and armed_named(sentence_folded):
        return e.armed_target_sub, f"{e.id}.armed"
    return e.sub_event_type, e.id


_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1024)
def _words(s: str) -> tuple[str, ...]:
    """The words of a folded text; cached, as every convention below reads the trigger's
    sentence again (a tuple: callers must not mutate it)."""
    return tuple(_WORD.findall(s))


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
#: Words that make artillery fire two-sided ("exchanged artillery", "shelling exchange").
EXCHANGE = frozenset("exchange exchanged exchanging exchanges clashes clashed".split())
#: Direct fire alongside the artillery ("mortars, heavy machine guns and small arms"), or fire
#: observed "in both directions" of a front line.
DIRECT_FIRE = ("small arms", "small-arms", "both directions", "sniper")


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
        if (
            ids & VIOLENT_TRIGGERS
            or PROTEST_VIOLENCE & set(_words(event_folded))
            or any(p in event_folded for p in PROTEST_VIOLENCE_PHRASES)
        ):
            return "Violent demonstration", rule + ".violent"
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
    if sub == "Shelling/artillery/missile attack":
        if any(p in sentence_folded for p in DIRECT_FIRE) or EXCHANGE & set(
            _words(sentence_folded)
        ):
            return "Armed clash", rule + ".exchange"
    return sub, rule


#: An air defence that fires missiles at aircraft makes a missile attack (ACLED): the aircraft
#: named there are the target, not the strike ("repelled jets by firing missiles").
AIR_DEFENCE_FIRE = frozenset("fired firing fires launched launching".split())
MISSILE_WORDS = frozenset("missile missiles rocket rockets".split())


def air_defence_fire(triggers: list[Match], sentence_folded: str) -> bool:
    if not any(t.entry.id == "trig.air_defence" for t in triggers):
        return False
    words = set(_words(sentence_folded))
    return bool(words & AIR_DEFENCE_FIRE and words & MISSILE_WORDS)


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


def mob_violence(sub: str, event_folded: str, sentence_folded: str) -> str | None:
    """The sub-event type when violence was a crowd's, not a demonstration's or an armed
    group's: a riot with no demonstration named (an armed group burning houses: property
    destruction), a crowd attacking someone, two unarmed groups clashing. None otherwise."""
    words = set(_words(sentence_folded))
    if sub == "Violent demonstration":
        if (PROTEST_WORDS | STATE_OR_DEMAND_WORDS | STATE_FORCES) & set(_words(event_folded)):
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
        before = _words(sentence_folded[:at])
        if "by" in before[-2:]:
            return True
        if not VICTIM_VERBS & set(before):
            return True
    return False


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


def protest_intervention(
    sub: str, rule: str, triggers: list[Match], sentence_folded: str
) -> tuple[str, str]:
    """A peaceful protest during which the police detained people ("police detained hundreds of
    protesters") is a protest with intervention; a detention *for* a protest is an arrest."""
    if sub != "Peaceful protest" or not any(t.entry.id == "trig.arrest" for t in triggers):
        return sub, rule
    ws = _words(sentence_folded)
    if not any(
        w in DETAIN_VERBS and DETAINERS & set(ws[max(0, i - 4) : i]) for i, w in enumerate(ws)
    ):
        return sub, rule
    if any(p in sentence_folded for p in ARREST_REASONS):
        return "Arrests", rule + ".arrested_for_protest"
    return "Protest with intervention", rule + ".detained"


#: Military sites: taking one after an attack is an armed clash, not a change of territory
#: (ACLED: "militants overtook a checkpoint").
MILITARY_SITES = frozenset(
    "base bases checkpoint checkpoints check point outpost outposts barracks unit".split()
)
_SITE_VERBS = frozenset({"overtook", "overran", "overrun", "captured", "seized", "took"})


def site_taken(sentence_folded: str) -> bool:
    """A territory verb whose object (the next four words) is a military site."""
    ws = _words(sentence_folded)
    return any(
        w in _SITE_VERBS and MILITARY_SITES & set(ws[i + 1 : i + 5]) for i, w in enumerate(ws)
    )


#: Territory changes: who took the place decides (ACLED), not the verb ("rebels recaptured").
GOV_REGAINS, NSA_OVERTAKES = "Government regains territory", "Non-state actor overtakes territory"
TERRITORY = frozenset({GOV_REGAINS, NSA_OVERTAKES})
STATE_FORCES = frozenset(
    "government army troops soldiers military regime police saa forces units gendarmerie "
    "security".split()
)
#: Words before a side that make it an object, not the subject ("a crackdown on militants").
_OBJECT_PREPS = frozenset({"on", "against", "from", "with", "by"})
NON_STATE = frozenset(
    "rebels rebel militants militant insurgents insurgent jihadists jihadist fighters "
    "militia militias militiamen opposition shabab shabaab isis isil taliban hezbollah "
    "hts group groups extremists separatists brigades".split()
)
TERRITORY_VERBS = frozenset(
    "recaptured recapture retook retaken regained captured seized took taken overran "
    "liberated reclaimed advanced gained".split()
)


def territory_taker(sentence_folded: str) -> str | None:
    """The side named as the subject of the first territory verb: the nearest state or
    non-state word in the ten words before it that is not the object of "on/against/from/by"
    ("ISIS fighters recaptured" -> non-state; "Syrian government forces seized control" ->
    state; "security forces in a crackdown on militants recaptured" -> state). "forces" alone
    counts only when no other side word is named."""
    ws = _words(sentence_folded)
    for i, w in enumerate(ws):
        if w not in TERRITORY_VERBS:
            continue
        forces = False
        for k in range(i - 1, max(-1, i - 11), -1):  # the nearest side named before the verb,
            x = ws[k]  # unless it is an object ("a crackdown on Taliban militants recaptured")
            if x not in NON_STATE and x not in STATE_FORCES:
                continue
            if _OBJECT_PREPS & set(ws[max(0, k - 2) : k]):
                continue
            if x == "forces":  # "forces" alone says little: "pro-Houthi forces", "forces from ..."
                forces = True
                continue
            return NSA_OVERTAKES if x in NON_STATE else GOV_REGAINS
        return GOV_REGAINS if forces else None
    return None


#: Sub-event types that a seizure of weapons overrides: a raid or an operation that found arms,
#: an explosive device found and made safe.
DISRUPTABLE = frozenset(
    {
        "Arrests",
        "Armed clash",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Shelling/artillery/missile attack",
        "Abduction/forced disappearance",
    }
)
SEIZE_VERBS = frozenset(
    "seized seize seizes seizure confiscated recovered discovered found destroyed defused "
    "dismantled".split()
)
WEAPON_NOUNS = frozenset(
    "weapons weapon guns gun rifles rifle firearms firearm ammunition ammunitions explosives "
    "grenades pistols pistol caches cache ieds ied mines rockets arms bullets rounds "
    "launcher launchers devices device".split()
)
#: Words showing the weapons were used, not taken: the event is then their use.
WEAPON_USED = frozenset(
    "exploded detonated killed killing wounded wounding injured injuring blast explosion fired "
    "launched shelled".split()
)


def weapons_disrupted(sentence_folded: str) -> bool:
    """A seizure verb and a weapon noun within six words of each other, and nothing in the
    sentence says the weapons went off or hurt anyone."""
    ws = _words(sentence_folded)
    if WEAPON_USED & set(ws):
        return False
    verbs = [i for i, w in enumerate(ws) if w in SEIZE_VERBS]
    nouns = [i for i, w in enumerate(ws) if w in WEAPON_NOUNS]
    return any(abs(i - j) <= 6 for i in verbs for j in nouns)


#: ACLED: "Arrests" are detentions by state forces; a non-state group that detains people
#: abducts them (Violence against civilians / Abduction/forced disappearance).
STATE_ACTOR_PREFIXES = ("Military Forces of", "Police Forces of")
#: A detention for ransom, or one after which the detainee's whereabouts are unknown, is an
#: abduction / forced disappearance whoever detains (ACLED).
ABDUCTION_CUES = ("ransom", "whereabouts", "forcibly disappeared", "incommunicado")


#: ACLED codes rounding people up for military service as abduction, whoever does it.
CONSCRIPTION = frozenset("conscription conscripted conscript recruitment".split())
#: Words before a detention that name state detainers even when no actor entry matches.
STATE_DETAINERS = STATE_FORCES | frozenset("authorities intelligence officers ministry".split())


def by_non_state(trigger: Match, sentence_matches: list[Match], before_text: str) -> bool:
    """The nearest actor named before the trigger in its sentence is a non-state group, and no
    state force is named before it ("police", "security forces", "authorities")."""
    before = [m for m in sentence_matches if m.kind == "actor" and m.end <= trigger.start]
    if not before or STATE_DETAINERS & set(_words(before_text)):
        return False
    return not before[-1].entry.name.startswith(STATE_ACTOR_PREFIXES)


def arrest_by_whom(
    sub: str,
    rule: str,
    trigger: Match,
    sentence_matches: list[Match],
    before_text: str,
    after_text: str = "",
) -> tuple[str, str]:
    """(sub-event type, rule id): detentions by a non-state group, and detentions to force
    people into military service, are abductions. ``before_text``/``after_text`` are the folded
    sentence before and after the trigger."""
    if sub == "Arrests" and CONSCRIPTION & set(_words(before_text + " " + after_text)):
        return "Abduction/forced disappearance", rule + ".conscription"
    if sub == "Arrests" and any(c in after_text for c in ABDUCTION_CUES):
        return "Abduction/forced disappearance", rule + ".ransom"
    if sub == "Arrests" and by_non_state(trigger, sentence_matches, before_text):
        return "Abduction/forced disappearance", rule + ".non_state"
    return sub, rule


#: ACLED opens a strategic-development note with its own label ("Movement of forces: On 8 May,
#: ..."): the label names the sub-event type whatever verbs follow ("Defusal: ... removed an
#: unexploded bomb" is no explosion; "Displacement: ... fled after the military raided" no clash).
NOTE_LABELS = {
    "agreement": "Agreement",
    "arrests": "Arrests",
    "defusal": "Disrupted weapons use",
    "detonation": "Disrupted weapons use",
    "interception": "Disrupted weapons use",
    "weapons seizure": "Disrupted weapons use",
    "displacement": "Other",
    "other": "Other",
    "non-violent activity": "Other",
    "looting": "Looting/property destruction",
    "property destruction": "Looting/property destruction",
    "movement of forces": "Change to group/activity",
    "security measures": "Change to group/activity",
    "headquarters or base established": "Headquarters or base established",
    "non-violent transfer of territory": "Non-violent transfer of territory",
}
_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z /-]{2,40}):\s")


def note_label(text: str, sub: str, rule: str) -> tuple[str, str]:
    """(sub-event type, rule id) from an ACLED note label at the start of the report, if any."""
    m = _LABEL.match(text)
    if m is None:
        return sub, rule
    label = NOTE_LABELS.get(m.group(1).strip().lower())
    if label is None:
        return sub, rule
    return label, f"note_label.{m.group(1).strip().lower().replace(' ', '_')}"
