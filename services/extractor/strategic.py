"""Strategic developments and detentions, as ACLED codes them: a raid by its outcome, arrests
vs abductions (by whom, and what for), a seizure of weapons as disrupted weapons use, and ACLED's
own note labels ("Movement of forces: ...") naming the sub-event type whatever verbs follow.

Called from ``classify``; the word tests take *folded* text, ``note_label`` the report's text.
"""

from __future__ import annotations

import re

from services.extractor.lexicon import Match
from services.extractor.sides import STATE_FORCES, victims
from services.extractor.text import folded_words

#: A raid is coded by its outcome (ACLED): people detained make an arrest, people killed a
#: clash or an attack (by the victims), otherwise the trigger's own type.
RAID_WORDS = frozenset({"raid", "raids", "raided", "raiding"})
DETENTION_WORDS = frozenset(
    "detained detaining arrested arresting apprehended detain arrest arrests".split()
)
KILLING_WORDS = frozenset("killed killing wounded wounding injured injuring dead".split())

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


def raid_outcome(rule: str, sentence_folded: str) -> tuple[str, str] | None:
    """(sub-event type, rule id) of a raid from what it led to, or None when it says nothing."""
    words = set(folded_words(sentence_folded))
    if words & DETENTION_WORDS and not words & KILLING_WORDS:
        return "Arrests", rule + ".raid_detention"
    if words & KILLING_WORDS:
        kind = victims(sentence_folded)
        if kind == "civilian":
            return "Attack", rule + ".raid_civilian_victim"
        return "Armed clash", rule + ".raid_armed"
    return None


def by_non_state(trigger: Match, sentence_matches: list[Match], before_text: str) -> bool:
    """The nearest actor named before the trigger in its sentence is a non-state group, and no
    state force is named before it ("police", "security forces", "authorities")."""
    before = [m for m in sentence_matches if m.kind == "actor" and m.end <= trigger.start]
    if not before or STATE_DETAINERS & set(folded_words(before_text)):
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
    if sub == "Arrests" and CONSCRIPTION & set(folded_words(before_text + " " + after_text)):
        return "Abduction/forced disappearance", rule + ".conscription"
    if sub == "Arrests" and any(c in after_text for c in ABDUCTION_CUES):
        return "Abduction/forced disappearance", rule + ".ransom"
    if sub == "Arrests" and by_non_state(trigger, sentence_matches, before_text):
        return "Abduction/forced disappearance", rule + ".non_state"
    return sub, rule


def weapons_disrupted(sentence_folded: str) -> bool:
    """A seizure verb and a weapon noun within six words of each other, and nothing in the
    sentence says the weapons went off or hurt anyone."""
    ws = folded_words(sentence_folded)
    if WEAPON_USED & set(ws):
        return False
    verbs = [i for i, w in enumerate(ws) if w in SEIZE_VERBS]
    nouns = [i for i, w in enumerate(ws) if w in WEAPON_NOUNS]
    return any(abs(i - j) <= 6 for i in verbs for j in nouns)


def note_label(text: str, sub: str, rule: str) -> tuple[str, str]:
    """(sub-event type, rule id) from an ACLED note label at the start of the report, if any."""
    m = _LABEL.match(text)
    if m is None:
        return sub, rule
    label = NOTE_LABELS.get(m.group(1).strip().lower())
    if label is None:
        return sub, rule
    return label, f"note_label.{m.group(1).strip().lower().replace(' ', '_')}"
