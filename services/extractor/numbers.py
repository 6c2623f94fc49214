"""Casualty counts: numbers (digits or words) tied to a killed/injured word in the same sentence.

"killing 5 civilians, including 2 children", "at least a dozen people were wounded",
"the death toll rose to 12", ACLED's "3 fatalities" and "Fatalities coded as 0".
Output goes to ``pipeline``, which sums per sentence and takes the largest figure per event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.extractor.lexicon import Match
from services.extractor.text import Token

KILL = frozenset(
    "killed killing kill kills dead died die dies death deaths fatalities fatality "
    "lives body bodies martyred martyrs slain massacred toll lifeless perished corpses "
    "executed assassinated assassinating".split()
)
INJURE = frozenset(
    "injured injuring injure injures wounded wounding wounds wound injuries injury "
    "hurt maimed".split()
)
#: Fates that are neither death nor injury: a figure followed by one of them counts no casualties
#: ("six soldiers dead, 7 missing", "three were abducted").
OTHER_FATE = frozenset(
    "missing abducted kidnapped captured detained arrested hostage hostages displaced rescued "
    "evacuated unaccounted disappeared".split()
)
#: A casualty word after a figure: the kind it gives, the other kind's words (a pair of both,
#: "killed and wounded 3", gives neither: ACLED codes no split) and the rule id.
_AFTER = (("killed", KILL, INJURE, "cas.kill_after"), ("injured", INJURE, KILL, "cas.injure_after"))
CHILD = frozenset(
    "children child kids kid boy boys girl girls minors minor infant infants baby "
    "babies toddler toddlers students pupils schoolchildren schoolboys schoolgirls schoolboy "
    "schoolgirl newborn newborns".split()
)
CIVIL = frozenset(
    "civilian civilians residents villagers farmers women woman man men shepherd "
    "shepherds worker workers family families "
    # health workers, rescuers and the press are civilians (ACLED, the Geneva Conventions)
    "paramedic paramedics medic medics doctor doctors nurse nurses rescuer rescuers "
    "journalist journalists patient patients".split()
)
#: Words allowed between a number and the casualty word before it ("killing at least 5").
SKIP_BACK = frozenset(
    "at least more than about around nearly some over up to approximately as many "
    "almost the a an roughly rose risen climbed reached increased has had have "
    "risen of another additional further estimated".split()
)
QUAL = {
    "at least": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "about": "approximate",
    "around": "approximate",
    "nearly": "approximate",
    "approximately": "approximate",
    "some": "approximate",
    "roughly": "approximate",
    "almost": "approximate",
    "up to": "approximate",
    "an estimated": "approximate",
}
#: ``QUAL``'s phrases, for one ``str.endswith`` test before the loop that picks the qualifier.
_QUAL_PHRASES = tuple(QUAL)
#: Month names: a day number beside one ("on 29 April", "on June 29") is a date, not a toll.
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
NOT_COUNT = MONTHS | frozenset(
    "year years old km kilometres kilometers metres meters percent per cent hours "
    "hour minutes days day weeks week months month times pm am "
    # a number that names a unit ("the 212 Battalion", "25 Brigade") counts no one
    "battalion battalions brigade brigades regiment division squadron corps".split()
)
#: Groups of people a number can count instead of people: "seven members of one family",
#: "children from two households" count the members, not the family.
KIN_GROUPS = frozenset("family families household households clan clans tribe tribes".split())
#: Words after a figure that end the look-up of its group (children, civilians).
GROUP_STOP = frozenset("including among and of with".split())
_STOP_GAP = re.compile(r"[.;:!?\n]")


@dataclass(slots=True, eq=False)  # not frozen: frozen init costs 2x on the hot path
class Count:
    kind: str  # killed | injured
    value: int
    qualifier: str
    group: str | None  # children | civilians | None
    subset: bool  # "including 2 children": part of a figure already counted
    coded: bool  # ACLED's own figure ("2 fatalities", "coded as 0")
    start: int
    end: int
    rule_ids: tuple[str, ...]


def numbers_in(
    toks: list[Token], matches: list[Match], text: str = ""
) -> list[tuple[int, int, int, str, str]]:
    """(first token, last token + 1, value, qualifier, rule id) for each number."""
    by_start = {}
    for m in matches:
        if m.kind == "number":
            by_start.setdefault(m.start, m)
    out = []
    n = len(toks)
    # only digits and number words can open a figure: walk those tokens, not every word
    if by_start:
        cands = [i for i, t in enumerate(toks) if t.text[0].isdigit() or t.start in by_start]
    else:
        cands = [i for i, t in enumerate(toks) if t.text[0].isdigit()]
    resume = 0  # a number word spanning several tokens ("a dozen") is read once
    for i in cands:
        if i < resume:
            continue
        t = toks[i]
        if t.text[0].isdigit():
            try:
                v = int(float(t.text.replace(",", "")))
            except ValueError:
                continue
            nxt = toks[i + 1].lower if i + 1 < n else ""
            if v <= 31 and i > 0 and toks[i - 1].lower in MONTHS:
                continue  # "On June 29, activists documented...": the day of a date
            if text and v < 120 and i > 0 and _age_after_name(text, toks[i - 1], t):
                continue  # "Ruha Bashar, 19, was killed": an age
            if _kin_group(toks, i, nxt):
                continue
            if nxt not in NOT_COUNT and not (1900 <= v <= 2100 and "," not in t.text):
                out.append((i, i + 1, v, "exact", "num.digits"))
            continue
        m = by_start[t.start]
        j = i
        while j < n and toks[j].end <= m.end:
            j += 1
        nxt = toks[j].lower if j < n else ""
        if toks[j - 1].lower in _TENS and nxt in _ONES and j + 1 < n:
            nxt = toks[j + 1].lower  # "twenty five years": the unit after a compound number
        if nxt[:1].isdigit() and toks[j - 1].lower == "some":
            resume = j  # "some 85 villagers": about 85, no figure of its own
            continue
        if nxt not in NOT_COUNT and not _kin_group(toks, i, nxt):
            e = m.entry
            size = _family_size(toks, j, by_start) if e.id == FAMILY else None
            if size is not None:  # "a family of five": five people, one figure
                out.append((i, j + 2, size, "exact", e.id))
                resume = j + 2
                continue
            out.append((i, j, e.value, e.qualifier, e.id))
        resume = max(j, i + 1)
    return out


#: The number entry for "a family": its size when told ("a family of five").
FAMILY = "num.family"


def _family_size(toks: list[Token], j: int, by_start: dict) -> int | None:
    """The size told right after "a family" at token ``j`` ("of five", "of 6"), or None."""
    if j + 1 >= len(toks) or toks[j].lower != "of":
        return None
    t = toks[j + 1]
    if t.text.isdigit():
        return int(t.text)
    m = by_start.get(t.start)
    return m.entry.value if m is not None and m.entry.qualifier == "exact" else None


def _kin_group(toks: list[Token], i: int, nxt: str) -> bool:
    """The number at ``i`` counts families, not people: "members of one family"."""
    return nxt in KIN_GROUPS and i > 0 and toks[i - 1].lower in ("of", "from")


_AGE_GAP = re.compile(r",[ \t]*")
_AGE_BRACKET = re.compile(r",?[ \t]*\(")


def _age_after_name(text: str, prev: Token, t: Token) -> bool:
    """A number set off by commas or brackets right after a capitalised name: "Ruha Bashar,
    19, and", "Sami Haddad (22) were killed"."""
    if not prev.text[:1].isupper():
        return False
    if _AGE_GAP.fullmatch(text, prev.end, t.start) is not None:
        return text[t.end : t.end + 1] == ","
    return (
        _AGE_BRACKET.fullmatch(text, prev.end, t.start) is not None
        and text[t.end : t.end + 1] == ")"
    )


def counts(text: str, toks: list[Token], matches: list[Match]) -> list[Count]:
    """Casualty counts in one sentence (tokens and lexicon matches of that sentence)."""
    nums = numbers_in(toks, matches, text)
    if not nums:
        return []
    lows = [t.text.lower() for t in toks]
    num_starts = {n[0] for n in nums}
    num_ends = {n[0]: n[1] for n in nums}
    out: list[Count] = []
    for a, b, value, qual, rid in nums:
        if a > 0 and lows[a - 1] in ("no", "not", "nor"):
            continue  # "no one was hurt"
        if "aged" in lows[max(0, a - 4) : a] or "ages" in lows[max(0, a - 4) : a]:
            continue  # "two brothers, aged 8 and 10, were killed": ages, not victims
        if _superseded(lows, a):
            continue  # "raising an earlier toll of 27", "up from 27": the old figure
        subset = _part_of_previous(lows, a)
        kind, coded, rule = _backward(text, toks, lows, a)
        if kind is not None and not coded and _names_own_kind(lows, b):
            kind = None  # "1 killed, three injured": the word right after the number decides
        if not coded and _names_own_kind(lows, b, OTHER_FATE):
            continue  # "6 dead, 7 missing": the missing are not counted with the dead
        if kind is None and out and _of_them(lows, b):
            # "killing four civilians, two of them children": part of the figure before
            subset, kind, coded, rule = True, out[-1].kind, False, "cas.of_them"
        if kind is None or (rule.endswith(".and") and not coded):
            # "1 was killed and 11 were injured": the word after the number decides
            fwd = _forward(text, toks, lows, b, num_starts)
            if fwd[0] is not None or kind is None:
                kind, coded, rule = fwd
            else:
                rule = rule[:-4]
        if kind is None and subset and out:
            kind, coded, rule = out[-1].kind, False, "cas.subset"
        if kind is None:
            share = _share_after(lows, b, num_starts, num_ends) or _aside_after(
                text, toks, lows, b, num_starts)
            if share is not None:  # "11 people, six of them children, died": the whole's verb
                kind, coded, rule = _forward(text, toks, lows, share, num_starts)
        if kind is not None and rule.startswith(("cas.kill_before", "cas.injure_before")) and (
                _opens_teller(text, toks, lows, a)):
            continue  # "... were killed, a police officer said": who tells, no victim
        if kind is None:
            whole = _among_next(lows, b, num_starts)
            if whole is not None:  # "two children were among five people killed"
                kind, coded, rule = _forward(text, toks, lows, num_ends[whole], num_starts)
                subset, rule = True, rule and "cas.among"
        if kind is None and out and _coordinated(text, toks, lows, out[-1], a):
            # "killing two nurses and a patient": one list of victims, one verb; a list that
            # breaks a toll down stays its part ("four people, including two brothers and two
            # fighters")
            kind, coded, rule = out[-1].kind, False, "cas.coordinated"
            subset = subset or out[-1].subset
        if kind is None and _toll_reached(lows, a):
            kind, coded, rule = "killed", False, "cas.toll_reached"
        if kind is None or _hedged(lows, a):
            continue
        if (
            rid == "num.a"
            and rule in ("cas.kill_after", "cas.injure_after")
            and not _passive(lows, b)
        ):
            continue  # "an air strike on X killed ...": an article, not a victim
        if (
            value == 1
            and rid == "num.a"
            and kind is not None
            and b < len(toks)
            and lows[b] in KILL | INJURE
        ):
            continue  # "a killed..." is not a count
        if rid == "num.a" and "toll" in lows[b : b + 3]:
            continue  # "as a primary death toll": the toll's article, not a victim
        before = " ".join(lows[max(0, a - 2) : a])
        if before.endswith(_QUAL_PHRASES):  # one C call; most figures have no qualifier
            for phrase, q in QUAL.items():
                if before.endswith(phrase):
                    qual = q
        group = "civilians" if rid == "num.family" else None
        age = _age(lows, b)
        if age is not None and age < ADULT_AGE:
            group = "children"  # "a ten-year-old (boy) was killed": a child by age
        if age is not None:
            after = lows[b + 3 : b + 6]  # the noun after the age: "a 30-year-old man"
        else:
            after = lows[b + 2 : b + 5] if _of_them(lows, b) else lows[b : b + 3]
        for w in after if group != "children" else ():
            if w in GROUP_STOP:
                break  # "12, including three children": the group belongs to the next figure
            if w in CHILD:
                group = "children"
                break
            if w in CIVIL:
                group = "civilians"
                break
        out.append(
            Count(
                kind, value, qual, group, subset, coded, toks[a].start, toks[b - 1].end, (rid, rule)
            )
        )
    return out


#: Verbs of a rising toll: "the death toll ... has risen to 12", "the toll reached 30".
TOLL_VERBS = frozenset("rose risen climbed reached increased jumped rises climbs reaches".split())


def _passive(lows: list[str], b: int) -> bool:
    """ "a 12-year-old boy was injured", "one person died": the casualty word after "a" is
    passive or intransitive, so "a" counts a victim; in "an air strike on X killed 3" the
    article counts nothing."""
    for k in range(b, min(len(lows), b + 9)):
        if lows[k] in KILL or lows[k] in INJURE:
            if lows[k] in ("died", "dies", "die", "perished", "dead", "death"):
                return True  # "one person died", "a man was shot to death"
            return any(w in ("was", "were", "been", "is", "are") for w in lows[b:k])
    return False


#: Words that make the toll after them a guess: "possibly resulting in the deaths of 70".
HEDGES = frozenset("possibly perhaps".split())
HEDGE_MODALS = frozenset("may might could".split())


def _hedged(lows: list[str], a: int) -> bool:
    """A hedge in the six words before the figure: "possibly killing 70", "may have killed 9"."""
    before = lows[max(0, a - 6) : a]
    if not HEDGES.isdisjoint(before):
        return True
    return any(w == "have" and k > 0 and before[k - 1] in HEDGE_MODALS
               for k, w in enumerate(before))


_COPULA = frozenset({"were", "was", "are", "is"})


def _part_of_previous(lows: list[str], a: int) -> bool:
    """The figure at ``a`` is part of one before it: "including 3", "among them 3"; not "were
    among five killed", where the figure is the whole."""
    before = lows[a - 1] if a > 0 else ""
    if before in ("including", "includes", "include"):
        return True
    if before == "among":
        return not (a > 1 and lows[a - 2] in _COPULA)
    return before == "them" and a > 1 and lows[a - 2] == "among"


def _among_next(lows: list[str], b: int, starts: set[int]) -> int | None:
    """The start of the figure a part belongs to: "<two> children were among <five> ..."."""
    for k in range(b, min(len(lows) - 2, b + 3)):
        if lows[k] in _COPULA:
            return k + 2 if lows[k + 1] == "among" and k + 2 in starts else None
    return None


#: Under this age a victim is a child.
ADULT_AGE = 18
_AGE_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}

_TENS = frozenset("twenty thirty forty fifty sixty seventy eighty ninety".split())
_ONES = frozenset("one two three four five six seven eight nine".split())


def _age(lows: list[str], b: int) -> int | None:
    """The age told right after a figure ("a <10>-year-old", "a <ten> year old boy"), or None."""
    if b + 3 < len(lows) and lows[b] in _TENS and lows[b + 1] in _ONES:
        b += 1  # "twenty five year old": past twenty, an adult's
        return ADULT_AGE if lows[b + 1] in ("year", "years") and lows[b + 2] == "old" else None
    if b + 2 >= len(lows) or lows[b + 1] not in ("year", "years") or lows[b + 2] != "old":
        return None
    word = lows[b]
    if word.isdigit():
        return int(word)
    return _AGE_WORDS.get(word, ADULT_AGE)  # an age spelled past twenty is an adult's


def _share_after(lows: list[str], b: int, num_starts: set[int], num_ends: dict[int, int]
                 ) -> int | None:
    """Where the share told right after a figure ends ("11 people, six of them children"): the
    token after "of them"'s noun, from which the casualty word of the whole is read."""
    for k in range(b, min(len(lows), b + 3)):
        if k in num_starts and _of_them(lows, num_ends[k]):
            return num_ends[k] + 2
        if lows[k] not in (",", "people", "persons", "civilians", "others"):
            return None
    return None


#: Words that open an aside telling who a figure's people were, with no figure of its own
#: ("1,870 Iraqis, including civilians and soldiers, were killed").
_ASIDE_OPENERS = frozenset(("including", "among", "mostly", "most", "many", "both", "all"))
#: How long such an aside may run, in tokens.
ASIDE_TOKENS = 14


def _aside_after(text: str, toks: list[Token], lows: list[str], b: int, num_starts: set[int]
                 ) -> int | None:
    """Where an aside after a figure ends ("At least 1,870 Iraqis, including civilians and
    members of the security forces, were killed"): the token after its closing comma."""
    def comma_before(k: int) -> bool:
        return "," in text[toks[k - 1].end : toks[k].start]

    k = next((k for k in range(b, min(len(lows), b + 2)) if comma_before(k)), None)
    if k is None or lows[k] not in _ASIDE_OPENERS:
        return None
    for j in range(k + 1, min(len(lows), k + 1 + ASIDE_TOKENS)):
        if j in num_starts:
            return None  # a share with its own figure is read by its own rules
        if comma_before(j):
            return j
    return None


#: Words that mark a toll as the one a new figure replaces.
_EARLIER = frozenset(("earlier", "previous", "initial", "first", "preliminary", "original"))
_TOLL_WORDS = frozenset(("toll", "figure", "count", "tally"))


def _superseded(lows: list[str], a: int) -> bool:
    """The figure at ``a`` is an earlier toll a new one replaces: "an earlier toll of 27", "a
    previous death toll of 15", "up from 27"."""
    if a >= 2 and lows[a - 1] == "from" and lows[a - 2] == "up":
        return True
    return (a >= 3 and lows[a - 1] == "of" and lows[a - 2] in _TOLL_WORDS
            and not _EARLIER.isdisjoint(lows[max(0, a - 5) : a - 2]))


def _of_them(lows: list[str], b: int) -> bool:
    """ "two of them children", "three of whom were women": part of the figure before."""
    return b + 1 < len(lows) and lows[b] == "of" and lows[b + 1] in ("them", "whom")


def _coordinated(text: str, toks: list[Token], lows: list[str], prev: Count, a: int) -> bool:
    """The number continues the list of the count before it: "<prev> nurses and a patient",
    "<prev> soldiers, two policemen" (one or two words between, then "and" or a comma), unless
    it opens who tells of them ("killing seven soldiers, a commander said", "killing 11, a local
    group and residents said")."""
    if _LIST_GAP.fullmatch(text, prev.end, toks[a].start) is None:
        return False
    # "a patient, local medics said": the patient ends the list's clause, no teller
    return not _tells(text, toks, lows, a)


def _opens_teller(text: str, toks: list[Token], lows: list[str], a: int) -> bool:
    """The figure opens who tells, right after the toll: "were killed, a police officer said"."""
    if a == 0:
        return False
    after_comma = (text[toks[a - 1].end : toks[a].start].strip() == ","
                   or lows[a - 1] == ",")
    return after_comma and _tells(text, toks, lows, a)


def _tells(text: str, toks: list[Token], lows: list[str], a: int) -> bool:
    """A verb of telling follows the figure at ``a`` within ``TELLER_WORDS`` words, in its
    clause: the figure names who tells ("a commander said")."""
    for k in range(a + 1, min(a + 1 + TELLER_WORDS, len(toks))):
        if _CLAUSE_STOP.search(text, toks[k - 1].end, toks[k].start):
            return False
        if lows[k] in _TELLS:
            return True
    return False


#: How many words a speaker's name may run to before its verb of telling.
TELLER_WORDS = 7
_CLAUSE_STOP = re.compile(r"[,.;:()]")


#: Verbs of telling: a count right before one names the speaker ("a commander said").
_TELLS = frozenset({"said", "says", "told", "tells", "reported", "reports", "added", "confirmed",
                    "stated", "announced"})


_LIST_GAP = re.compile(
    r"[ \t]+[A-Za-z-]+(?:[ \t]+[A-Za-z-]+)?(?:[ \t]*,[ \t]+and|[ \t]*,|[ \t]+and)"
    r"(?:[ \t]+(?:her|his|their))?[ \t]+"  # "a woman and her two children"
)


def _toll_reached(lows: list[str], a: int) -> bool:
    """ "toll ... (has) risen to N": the toll word may be far back, past commas and places."""
    k = a - 1
    if k >= 0 and lows[k] == "to":
        k -= 1
    if k < 0 or lows[k] not in TOLL_VERBS:
        return False
    return "toll" in lows[max(0, k - 15) : k]


def _names_own_kind(lows: list[str], b: int, words: frozenset[str] | None = None) -> bool:
    """The number is directly followed by its own casualty word ("three injured", "2 were
    killed", "5 people dead"), or by one of ``words`` when given."""
    for k, w in enumerate(lows[b : b + 4]):
        if (w in words) if words is not None else (w in KILL or w in INJURE):
            return True
        if k == 0 and (w.isdigit() or w == "to"):
            continue  # the rest of a range: "30-40 injured", "30 to 40 injured"
        if w not in ("were", "was", "are", "is", "still", "people", "persons", "others", "more",
                     "other"):
            return False
    return False


def _gap_ok(text: str, toks: list[Token], i: int, j: int) -> bool:
    return not _STOP_GAP.search(text[toks[i].end : toks[j].start])


def _backward(text, toks, lows, a):
    k = a - 1
    steps = 0
    crossed = ""  # ".and" once the walk passed an "and": the count may belong to what follows
    while k >= 0 and steps < 5:
        if not _gap_ok(text, toks, k, k + 1):
            return None, False, ""
        w = lows[k]
        if w in ("as", "to") and k > 0 and lows[k - 1] == "coded":
            return "killed", True, "cas.coded"  # "fatalities coded as 0", "coded to 5"
        if w in KILL:
            if w == "body" and lows[a] not in ("a", "an", "one"):
                return None, False, ""  # "the body of a man" is one dead; "a body of 12 members"
            if any(x in INJURE for x in lows[max(0, k - 2) : k]):
                return None, False, ""  # "killed and wounded 3": ACLED codes no split
            return "killed", False, "cas.kill_before" + crossed
        if w in INJURE:
            if any(x in KILL for x in lows[max(0, k - 2) : k]):
                return None, False, ""
            return "injured", False, "cas.injure_before" + crossed
        if w == "and":
            crossed = ".and"
        if w not in SKIP_BACK and w != "and":
            return None, False, ""
        k -= 1
        steps += 1
    return None, False, ""


def _forward(text, toks, lows, b, starts):
    """The casualty word after the number at ``b``; ``starts``: the first tokens of the
    sentence's numbers (the look-up stops at the next figure)."""
    k = b
    while k < len(toks) and k < b + 9:
        if not _gap_ok(text, toks, k - 1, k):
            return None, False, ""
        if k in starts and k > b and not (k > 0 and lows[k - 1] == "including"):
            return None, False, ""
        w = lows[k]
        if w in ("fatalities", "fatality") and k == b:
            if k + 1 < len(toks) and lows[k + 1] == "coded":  # "3 fatalities coded to this event"
                return "killed", True, "cas.coded_fatalities"
            return "killed", True, "cas.acled_fatalities"
        for kind, own, other, rule in _AFTER:
            if w in own:
                if k + 2 < len(toks) and lows[k + 1] in ("and", "or") and lows[k + 2] in other:
                    return None, False, ""
                if k > b and _has_own_figure(text, toks, lows, k, starts):
                    return None, False, ""
                return kind, False, rule
        k += 1
    return None, False, ""


def _has_own_figure(text, toks, lows, k, starts) -> bool:
    """The casualty verb at ``k`` takes the figure right after it as its object ("12 members
    met in Homs after the shelling killed 3"): it says nothing of a figure before it."""
    j = k + 1
    while j < len(toks) and not text[toks[j - 1].end : toks[j].start].strip():
        if j in starts:
            return True
        if lows[j] not in SKIP_BACK:
            return False
        j += 1  # "killed at least 3"
    return False


#: ACLED divides a toll over the events of one note: "coded as 10 and split between 3
#: locations", "Fatalities are split across 2 events (7)", "with 5 coded to each".
_SPLIT = re.compile(
    r"\b(?:split|spread|distributed|divided)(?:\s+up)?\s+(?:between|across|among|over|into)\s+"
    r"(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:events|locations|incidents)"
    r"(?:\s*\((\d+)\))?",
    re.I,
)
SPLIT_WORDS = ("split", "spread", "distributed", "divided")
_EACH = re.compile(
    r"\b(\d+)\s+(?:fatalit\w*\s+)?(?:(?:were|was)\s+)?coded\s+(?:to|for)\s+(?:each|this\s+event)\b",
    re.I,
)
#: "... divided across 2 events and coded as 4": the share follows the split.
_THEN_CODED = re.compile(r"\s*,?\s*and\s+coded\s+as\s+(\d+)", re.I)
_SMALL = dict(
    zip("two three four five six seven eight nine ten".split(), range(2, 11), strict=True)
)


def split_count(text: str, start: int) -> int | None:
    """Over how many events ACLED split the note's event ("split up between 3 events"), read
    from ``start`` on."""
    m = _SPLIT.search(text, start)
    return None if m is None else _events_split(m)


def _events_split(m: re.Match[str]) -> int:
    """The number of events in a ``_SPLIT`` match, in digits or words."""
    return _SMALL.get(m.group(1).lower()) or int(m.group(1))


def split_share(text: str, start: int, total: int | None) -> tuple[int, int, int] | None:
    """(this event's share, span start, span end) when ACLED split a toll over several events,
    read from ``start`` on; ``total`` is the note's figure, divided when no share is written."""
    m = _EACH.search(text, start)
    if m is not None:
        return int(m.group(1)), m.start(), m.end()
    m = _SPLIT.search(text, start)
    if m is None:
        return None
    if m.group(2):
        return int(m.group(2)), m.start(), m.end()
    then = _THEN_CODED.match(text, m.end())
    if then is not None:
        return int(then.group(1)), m.start(), then.end()
    k = _events_split(m)
    if total is None or k <= 0:
        return None
    return int(total / k + 0.5), m.start(), m.end()
