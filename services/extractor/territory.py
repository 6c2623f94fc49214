"""Territory changes, as ACLED codes them: by the side that took the place, not by the verb
("rebels recaptured" is a non-state actor overtaking territory), and a military post taken
("overtook a checkpoint") is an armed clash, not a change of territory.

Called from ``classify.refine``; every function takes *folded* text.
"""

from __future__ import annotations

from services.extractor.sides import NON_STATE, STATE_FORCES
from services.extractor.text import folded_words

GOV_REGAINS, NSA_OVERTAKES = "Government regains territory", "Non-state actor overtakes territory"
TERRITORY = frozenset({GOV_REGAINS, NSA_OVERTAKES})
#: Words before a side that make it an object, not the subject ("a crackdown on militants").
_OBJECT_PREPS = frozenset({"on", "against", "from", "with", "by"})
TERRITORY_VERBS = frozenset(
    "recaptured recapture retook retaken regained captured capture seized took taken overran "
    "liberated reclaimed advanced gained occupied".split()
)
#: "X fell to Y": the side after "to" took the place.
_FELL = frozenset({"fell", "fall"})
#: Military sites: taking one after an attack is an armed clash, not a change of territory
#: (ACLED: "militants overtook a checkpoint").
MILITARY_SITES = frozenset(
    "base bases checkpoint checkpoints check point outpost outposts barracks unit".split()
)
_SITE_VERBS = frozenset({"overtook", "overran", "overrun", "captured", "seized", "took"})


def site_taken(sentence_folded: str) -> bool:
    """A territory verb whose object (the next four words) is a military site."""
    ws = folded_words(sentence_folded)
    return any(
        w in _SITE_VERBS and MILITARY_SITES & set(ws[i + 1 : i + 5]) for i, w in enumerate(ws)
    )


def territory_taker(sentence_folded: str) -> str | None:
    """The side named as the subject of the first territory verb: the nearest state or
    non-state word in the ten words before it that is not the object of "on/against/from/by"
    ("ISIS fighters recaptured" -> non-state; "Syrian government forces seized control" ->
    state; "security forces in a crackdown on militants recaptured" -> state). "forces" alone
    counts only when no other side word is named."""
    ws = folded_words(sentence_folded)
    for i, w in enumerate(ws):
        if w in _FELL and ws[i + 1 : i + 2] == ("to",):
            side = next((x for x in ws[i + 2 : i + 8] if x in NON_STATE or x in STATE_FORCES),
                        None)
            if side is not None and side != "forces":
                return NSA_OVERTAKES if side in NON_STATE else GOV_REGAINS
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
