"""Name runs: when a place name matched inside a longer run of capitalised words is no place.

``geocode.find_mentions`` matches the longest gazetteer key in a run of capitalised words; here
it asks whether the match is only the head of a longer unknown name ("Kafr" of "Kafr Lusin",
"Maaret" of "Maaret al Naasan") or the place an armed group is named after ("Sharqiya Army"),
and whether a name is part of a road's name ("Sanaa Street", "Khulna-Jessore highway"), which
places the road, not the event.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection

from services.extractor.text import ARTICLES, light_key

#: Capitalised nouns that follow a place name as part of a facility's or feature's name
#: ("Kafr Nabl Hospital", "Khulna-Jessore Highway"): not a sign of a longer place name.
FEATURE_WORDS = frozenset(
    """road street highway crossing bridge camp airport airbase base dam hill hills mountain
    mountains valley plain plains river lake bay square market roundabout checkpoint prison
    hospital school university mosque church station port sector front axis area areas
    neighbourhood neighborhood district province city town village countryside junction
    border gate entrance park stadium hotel mall court heights""".split()
)
#: Generic first words of Arabic place names ("village of", "hill", "spring", "monastery"...) and
#: Spanish ones ("colonia": a neighbourhood): a few places bear the bare word, so it matches as
#: written, but followed by a name it is the head of that name ("Kafr Lusin", "Tall Abyad",
#: "Colonia Vistas del Rio").
NAME_HEADS = frozenset(
    """kafr kfar tall tell tal ain ayn ein deir dayr khirbet khirbat jabal jebel wadi ras bir
    beit bayt maaret maarat qasr umm abu mazraat marj hayy tallat colonia""".split()
)
#: Capitalised words after a name that make the run an armed group's name ("Sharqiya
#: Army", "Hamza Division", "Sultan Murad Brigade") or a body's ("the Al-Bostan Association"):
#: the name is no place there.
ORG_WORDS = frozenset(
    """army brigade brigades division divisions battalion battalions regiment corps front
    movement militia militias party council councils union group forces force association
    company committee club society syndicate federation foundation newspaper corporation""".split()
)


#: Verbs of speech or policy right after a name: the name is a speaker ("Khalil said", "Salwa
#: told North Press"), or a capital acting for its government ("Damascus said", "Damascus
#: battles rebels"), never the event's place.
SPEECH_VERBS = frozenset(
    """said says told tells added stated explained confirmed claimed claims accused accuses blamed
    blames announced announces insisted pointed warned alleged denied denies condemned condemns
    rejected rejects responded responds issued issues vowed vows demanded demands
    repeatedly battles urges urged threatens threatened agrees agreed signs signed pledges
    pledged launches launched seeks sought backs supports recognizes recognised recognized
    expels expelled summons summoned retaliates retaliated""".split()
)
#: Auxiliaries a speech verb may follow: "Moscow has repeatedly denied", "Ankara had warned".
AUXILIARIES = frozenset("has have had".split())
#: What befalls people, never places: a name right before one ("Reham died", "Omar was
#: killed") is a person's.
PERSON_VERBS = frozenset("died dies succumbed".split())
#: Titles before a person's name: "Ms Bakr said", "Dr. Haddad", "Mr Khalil".
PERSON_TITLES = frozenset("mr mrs ms miss dr mister madam".split())
PERSON_PASSIVES = frozenset(
    "killed wounded injured martyred born kidnapped abducted arrested detained executed".split())


def partial(best: tuple, run: list[int], lights: list[str], stop: Collection[str],
            prep: bool = True) -> bool:
    """A transliteration-only match that is the start of a longer capitalised name whose next
    word is a name, not a feature noun or a common word: "Maaret" of "Maaret al Naasan". Without
    a place preposition before it, a spelled name is no different: "Khalil Hassan was forced"
    names a man (``prep``: the run follows "in", "near"...)."""
    _j, words, cands = best
    # an alias of three letters or fewer is mostly a code ("SEA", "ABI") that reads as a word:
    # as weak as a look-alike at the start of "Sea Point" or "Abi Gharaq" ("Tyr" alone stays)
    short = sum(len(lights[w]) for w in words) <= 3
    spelled = any(ex == 2 or (ex == 1 and not short) for _, ex in cands)
    if spelled and prep and not (len(words) == 1 and lights[words[0]] in NAME_HEADS):
        return False  # spelled as written: "Kobani Hospital", "Idlib Central Prison"
    k = run[len(words)]
    if any(lights[x] not in ARTICLES for x in range(words[-1] + 1, k)):
        return False  # a connector between: "Square of Kandahar" is two names
    nxt = lights[k]
    return nxt not in stop and nxt not in FEATURE_WORDS


#: A town's name in a street's name ("Sanaa Street" in Hodeidah, "Milano Street") or joined into
#: an intercity road's ("Khulna-Jessore highway") names a road, not the event's place; a single
#: name before "Road" is often the village the road serves ("Ali Faro Road"), so it stays.
STREET_WORDS = frozenset("street avenue boulevard square lane".split())
ROAD_WORDS = STREET_WORDS | frozenset("road highway motorway expressway".split())
_ROAD_AFTER = re.compile(r"((?:-[A-Z][\w'’]*)*)\s+([A-Za-z]+)")


def on_road(text: str, start: int, end: int) -> bool:
    """The name at ``text[start:end]`` is part of a road's name ("in Sanaa Street",
    "at Khulna-Jessore highway")."""
    road = _ROAD_AFTER.match(text, end)
    if road is None:
        return False
    word = light_key(road.group(2))
    return word in STREET_WORDS or (
        word in ROAD_WORDS and bool(road.group(1) or text[start - 1 : start] == "-")
    )


#: A news dateline: a capitalised name opening a line, then a comma, dash or the agency in
#: parentheses ("IDLIB, Syria (North Press) -", "KABUL (Reuters) -").
_DATELINE_AFTER = re.compile(r"\s*(?:,|\(|[-\u2013\u2014])")
#: What may stand before a dateline on its line: a release marker and the date of the release
#: ("FOR IMMEDIATE RELEASE March 3, 2021 Amman, Jordan-", "August 9, 2020 (ADEN) -").
_DATELINE_LEAD = re.compile(
    r"(?:for immediate release\b|[a-z]{3,9}\.?[ \t]+\d{1,2},?[ \t]+\d{4}\b"
    r"|\d{1,2}[ \t]+[a-z]{3,9}[ \t]+\d{4}\b|[ \t:,\-\u2013\u2014(])*",
    re.IGNORECASE,
)
#: After a name in any case, what only a dateline has: the country or state and a dash right
#: after it ("Vienna, Austria- ", "Boston, Mass.- "), the agency in parentheses or the
#: country in brackets ("Helmand [Afghanistan], April 30 (Agency):"), the country and the day
#: before the agency ("Tyre, Lebanon, 12 May (Agency) -"), or the closing
#: parenthesis of a name set in them ("(ADEN) - ").
_PRESS_TAIL = re.compile(
    r",[ \t]*[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)*[ \t]*[-\u2013\u2014]{1,2}[ \t]"
    r"|,[ \t]*[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)*,[ \t]*(?:\d{1,2}[ \t]+[A-Z][a-z]+\.?"
    r"|[A-Z][a-z]+\.?[ \t]+\d{1,2})[ \t]*\("
    r"|[ \t]*\[[^\]\n]{2,30}\],"
    r"|\)[ \t]*[-\u2013\u2014]{1,2}[ \t]"
)


def dateline(text: str, start: int, end: int) -> bool:
    """The name at ``text[start:end]`` is a dateline: where the story was filed, which a finer
    place in the same sentence ("from the village of Azmarin") outranks. It opens its line, or
    follows a release marker and a date there; in capitals it needs only a comma, a dash or an
    agency after it, in any other case the tail only a dateline has (``_PRESS_TAIL``)."""
    line = text.rfind("\n", 0, start) + 1
    if line != start and _DATELINE_LEAD.fullmatch(text, line, start) is None:
        return False
    if text[start:end].isupper() and _DATELINE_AFTER.match(text, end) is not None:
        return True
    return _PRESS_TAIL.match(text, end) is not None and (
        text[end : end + 1] != ")" or text[start - 1 : start] == "("
    )


def opens_sentence(text: str, start: int) -> bool:
    """The word at ``start`` opens a sentence or a line (capitalised whatever it is)."""
    before = text[max(0, start - 3) : start].rstrip(" \t\"'“‘")
    return not before or before[-1] in ".!?\n:"


#: A short word that only a Title Case headline capitalises inside a sentence ("... Killed In").
_TITLE_SMALL = re.compile(
    r"[^.!?:;\s] (?:In|On|At|Of|And|For|From|With|After|Over|As|By|To|Into|Amid|Near|The|A|An"
    r"|Says|Say)\b"
)


@functools.lru_cache(maxsize=4)  # both readings of a report (``geocode.locate``) need it
def title_case_lines(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the lines written in Title Case ("Four Students Killed In Drone Strike On School"):
    their words are capitalised whatever they are, so a capital says nothing of a name there. A
    line is one when two of its small words are capitalised inside sentences ("In", "On"), or
    when, not ending as a sentence does, three in four of its longer words are capitalised
    ("Pilot Errors Caused Fatal Training Crash, Probe Finds")."""
    small = [m.start() for m in _TITLE_SMALL.finditer(text)]  # one C-level scan of the text
    spans, pos, k = [], 0, 0
    for line in text.split("\n"):
        end = pos + len(line)
        n = 0
        while k < len(small) and small[k] < end:
            n += small[k] >= pos
            k += 1
        if n >= 2 or (not line.rstrip().endswith(".") and _capitalised(line)):
            spans.append((pos, end))
        pos = end + 1
    return tuple(spans)


def _capitalised(line: str) -> bool:
    """Three in four of the line's longer words (four letters or more) are capitalised."""
    long = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
    return len(long) >= 4 and sum(w[0].isupper() for w in long) >= 0.75 * len(long)
