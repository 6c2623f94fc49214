"""Geocoding: find place-name mentions in a report and choose what each one means.

Mentions are runs of capitalised words (Arabic articles and a few connectors allowed inside) whose
key is in the gazetteer; the longest run wins. Each mention's candidates are scored with what the
rest of the report says: countries and Syrian governorates named, a preposition before the name,
size (population, admin seat), and proximity to the other places named (``place_scores``); then
the report's context rules readings out (``place_context``: a province framing a village, Syrian
look-alikes in a report about elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from services.extractor.gazetteer import GEMINATE_MIN, Gazetteer, Place
from services.extractor.mention_frames import (
    IN_AFTER,
    PAREN_FRAME,
    PLURAL_LEVELS,
    dh_skeleton,
    framed,
    frames,
    fuzzy_candidates,
    own_frames,
    spread_list_levels,
)
from services.extractor.name_runs import (
    AUXILIARIES,
    NAME_HEADS,
    ORG_WORDS,
    PERSON_PASSIVES,
    PERSON_TITLES,
    PERSON_VERBS,
    SPEECH_VERBS,
    dateline,
    on_road,
    opens_sentence,
    partial,
    title_case_lines,
)
from services.extractor.place_context import (
    drop_far_from_districts,
    drop_outside_areas,
    drop_outside_frames,
    drop_syrian_lookalikes,
    framed_abroad,
    keep_near_landmarks,
)
from services.extractor.place_scores import (
    district_key,
    is_city,
    likeness,
    prior,
    province_countries,
    proximity,
)
from services.extractor.text import ARTICLES, POSSESSIVE_ENDINGS, Token, light_key, skeleton

MAX_WORDS = 5
CONNECTORS = frozenset(
    {
        "de",
        "del",
        "la",
        "las",
        "los",
        "di",
        "le",
        "of",
        "du",
        "des",
        "da",
        "do",
        "dos",
        "e",
        "y",
        "i",
        "upon",
        "sur",
        "al",
        "el",
    }
)
#: Connectors inside one name ("Vistas del Rio"), unlike "of" ("Square of Kandahar").
NAME_CONNECTORS = CONNECTORS - {"of", "upon"}
#: Words before a name that make it a place ("in Idlib") rather than a person or an organisation.
PLACE_PREPS = frozenset(
    """in at near outside around into towards toward from of on targeting hit shelled struck
    village town city to between and across inside within via surrounding barangay nearby
    neighbouring neighboring""".split()
)
#: Words after a country's name that make it the attacker, not the place: "Iran missile strike".
WEAPON_WORDS = frozenset(
    """missile missiles rocket rockets drone drones air airstrike airstrikes strike strikes
    shelling bombardment artillery warplanes jets""".split()
)
#: Verbs whose subject a country named right before them is: the attacker ("Russia bombed X"),
#: not where it happened; "Yemen struck by floods" is passive.
ATTACK_VERBS = frozenset(
    "bombed shelled struck attacked targeted bombarded launched fired raided".split()
)


#: Words after a name that make it a part of a city.
CITY_PARTS = frozenset("neighbourhood neighborhood quarter".split())
#: Sites named after something ("Al-Nao hospital in Omdurman"): when none of the name's readings
#: lies in the country of the place after "in", the name is the site's, not a place.
FACILITY_WORDS = frozenset(
    "hospital clinic school mosque church market camp prison airport base bakery university".split()
)
_FACILITY_IN = re.compile(r"\s+([a-z]+)\s+in\s+$")


def _facility_abroad(
    text: str, prev: Mention, start: int, cands: list[tuple[int, int]], gaz: Gazetteer
) -> bool:
    m = _FACILITY_IN.match(text, prev.end, start)
    if m is None or m.group(1) not in FACILITY_WORDS or not cands:
        return False
    here = {gaz.place(c).country for c, exact in cands if exact}
    return bool(here) and all(gaz.place(c).country not in here for c, _ in prev.candidates)


def attacker_word(words: list[str], k: int) -> bool:
    """The word at ``k`` makes the country before it the attacker: a weapon ("Iran missile
    strike") or an attack verb not in the passive ("Russia bombed", not "struck by")."""
    w = words[k] if k < len(words) else ""
    if w in WEAPON_WORDS:
        return True
    return w in ATTACK_VERBS and (k + 1 >= len(words) or words[k + 1] != "by")


#: Directions that may stand between a place preposition and the name: "in western Manbij".
DIRECTIONS = frozenset(
    """north south east west northern southern eastern western central northeastern northwestern
    southeastern southwestern northeast northwest southeast southwest""".split()
)
LEVEL_WORDS = {
    "province": "province",
    "governorate": "province",
    "countryside": "province",
    "countrysides": "province",
    "state": "province",
    "region": "province",
    "district": "district",
    "area": None,
    "city": "town",
    "town": "town",
    "village": "town",
    "oblast": "province",
    "department": "province",
    "prefecture": "province",
    "division": "province",
    "wilaya": "province",
    "lga": "district",
    "county": "district",
    "payam": "district",
    "upazila": "district",
    "tehsil": "district",
    "township": "district",
    "municipality": "district",
    "subdistrict": "district",
}
#: "<direction> of X": X is a landmark the event is placed against.
COMPASS = frozenset(
    "north south east west northeast northwest southeast southwest "
    "northeastern northwestern southeastern southwestern".split()
)
#: Words before a name that make it a region: "rural Damascus", "southern Idlib".
REGION_WORDS = frozenset(
    "rural governorate province southern northern eastern western northwestern northeastern "
    "southwestern southeastern".split()
)
#: Words between a town's name and "militia" that make the three an armed group's name.
COMMUNITY_WORDS = frozenset(("communal", "tribal", "clan", "family"))
#: Words that make a name its countryside: "rural Damascus", "reef Dimashq", "Damascus
#: countryside", "the countryside of Damascus" (``Gazetteer.countryside_of``).
RURAL_BEFORE = frozenset(("rural", "reef", "rif"))
RURAL_AFTER = frozenset(("countryside", "countrysides", "suburbs"))
_GAP = re.compile(r"[ \t\-'’‘`]*")
_GAP_CHARS = frozenset(" \t-'’‘`")


#: Prepositions that put an event inside the area a compass word names ("in south of Y").
IN_PREPS = frozenset({"in", "at", "inside", "within"})


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    first_token: int
    candidates: list[tuple[int, int]]
    prep: bool
    level_hint: str | None
    scores: dict[int, float] = field(default_factory=dict)
    place: Place | None = None
    score: float = 0.0
    rule_ids: list[str] = field(default_factory=list)
    coded: bool = False
    #: a reference point: "X district west of Y city" is about X, not Y
    reference: bool = False
    #: told as "<direction> of" it ("northwest of Y"): a landmark the place before it lies near
    landmark: bool = False
    #: where the story was filed ("IDLIB, Syria -"): a place of the report, not of an event
    dateline: bool = False
    #: introduced by a preposition or verb of its own ("..., while shelling Y"), not by a level
    #: word ("village (Y, Z)"): a new place phrase
    opens: bool = False
    #: world towns spelled loosely like the name (``Gazetteer.fuzzy``), for a name with no
    #: spelled match; ``resolve`` keeps those in the report's countries
    fuzzy: tuple[int, ...] = ()
    #: opens a parenthesis right after the previous mention: "X city (Y, Z)" (Y here)
    paren_frame: bool = False
    #: its level comes from a plural level word after a list it ends or belongs to
    list_level: bool = False
    #: the part of an area the text names: "n", "sw"... ("the southern countryside of Idlib",
    #: "in northern Hama", "Aleppo's eastern countryside"); None for the whole
    direction: str | None = None
    #: ... and the text says it is a part of the area (countryside, rural, province), not of a
    #: city; a city named so stands for its province
    rural: bool = False


def countryside(cands: list[tuple[int, int]], gaz: Gazetteer) -> list[tuple[int, int]]:
    """A name read as its countryside: a city province and its city become the province around
    them ("rural Damascus" is Rural Damascus); other readings stay."""
    out: dict[int, int] = {}
    for c, ex in cands:
        c = gaz.countryside_of(c) or c
        out[c] = max(ex, out.get(c, 0))
    return list(out.items())


def _surname_at(caps: list[bool], lights: list[str], j: int) -> bool:
    """A family name starts at word ``j``: a capitalised word, or "al-"/"el-" and one."""
    if j < len(caps) and caps[j]:
        return True
    return j + 1 < len(caps) and lights[j] in ("al", "el", "ul", "bin", "ibn") and caps[j + 1]


def _possessive_frame(text: str, before: Mention, start: int) -> bool:
    """``before`` is a name in the possessive right before the name at ``start``: "Idlib's
    Maarat al-Numan", "Kashmir's Anantnag district"."""
    return before.text.endswith(POSSESSIVE_ENDINGS) and not text[before.end : start].strip()


def direction_words(lights: list[str], first: int, after: int) -> tuple[list[str], bool]:
    """Direction words that name a part of the area at ``lights[first:after]``: right before it
    ("in north western Hama"), before "countryside of" ("the southern countryside of Idlib"), or
    right after it before "countryside" ("Aleppo's eastern countryside"); and whether the text
    says the part is of the area (countryside, "rural northern Hama", "northern Idlib
    province"), not a city's quarter ("in eastern Aleppo" may be either)."""
    k = first - 1
    rural = k >= 1 and lights[k] == "of" and lights[k - 1] in ("countryside", "countrysides")
    if rural:
        k -= 2
    out: list[str] = []
    while k >= 0 and lights[k] in DIRECTIONS:
        out.append(lights[k])
        k -= 1
    if out:
        return out, rural or (k >= 0 and lights[k] == "rural") or (
            after < len(lights) and lights[after] in ("province", "governorate", "countryside"))
    k = after + (1 if after < len(lights) and lights[after] == "s" else 0)
    while k < len(lights) and lights[k] in DIRECTIONS:
        out.append(lights[k])
        k += 1
    if k < len(lights) and lights[k] in ("countryside", "countrysides"):
        return out, True
    return [], False


def compass(words: list[str]) -> str | None:
    """"north western" / "northwestern" -> "nw"; "central" or nothing -> None."""
    joined = "".join(words)
    ns = "n" if "north" in joined else "s" if "south" in joined else ""
    ew = "e" if "east" in joined else "w" if "west" in joined else ""
    return (ns + ew) or None


def _framed(text: str, toks: list[Token], caps: list[bool], lights: list[str], j: int) -> bool:
    """A name ending before word ``j`` is placed in a capitalised place after it: "Kinda in
    Idleb", "Kinda, Idleb"."""
    if j >= len(toks):
        return False
    if lights[j] == "in":
        return j + 1 < len(toks) and caps[j + 1]
    return caps[j] and "," in text[toks[j - 1].end : toks[j].start]


@dataclass(slots=True)
class Run:
    """What one start's run of capitalised words found (``_run``), and the keys it asked."""

    best: tuple[int, list[int], list[tuple[int, int]]] | None
    loose: tuple[int, list[int], tuple[int, ...]] | None
    words: list[int]
    lights: tuple[str, ...]
    loose_keys: tuple[str, ...]


@dataclass(slots=True)
class Reading:
    """Shared by the readings of one text (``locate``): its words' light keys, capitals and
    capitalised starts, and each start's ``Run`` on the base gazetteer."""

    words: tuple[list[str], list[bool], list[int]] | None = None
    runs: dict[int, Run] = field(default_factory=dict)


def _word_keys(text: str, toks: list[Token]) -> tuple[list[str], list[bool], list[int]]:
    """Each word's light key (a possessive's without it), whether it is capitalised, and the
    capitalised words' positions."""
    words_ = [t.text for t in toks]
    lights = list(map(light_key, words_))
    if "'s" in text or "’s" in text:
        for k, w in enumerate(words_):
            # a possessive ends a name ("Morocco's normalization deal"): look the name up without
            # it; a short stem is an Arabic word with a hamza ("Ra's al-Ayn"), not a possessive
            if w.endswith(POSSESSIVE_ENDINGS) and len(w) > 5 and w[:1].isupper():
                lights[k] = light_key(w[:-2])
    caps = [w[:1].isupper() for w in words_]  # a list, not a property per look (hot path)
    # a mention starts at a capitalised word: walk those only (most words are lower case)
    starts = [k for k, c in enumerate(caps) if c]
    return lights, caps, starts


def _run(text: str, toks: list[Token], lights: list[str], caps: list[bool], i: int,
         gaz: Gazetteer, stop: frozenset[str], common: frozenset[str], given: frozenset[str],
         named: bool, prep: bool, runs: dict[int, Run] | None):
    """The longest run of capitalised words from word ``i`` that the gazetteer knows (``best``:
    end, words, candidates), the longest with only a loose match (``loose``), and the words of
    the whole run; recorded in ``runs`` with the keys it looked up when given."""
    n = len(toks)
    asked: list[str] = []
    loose_asked: list[str] = []
    best = None
    loose = None  # the longest run with only a loose (fuzzy) match: "Ghoryan"
    # tried only after a place preposition ("in Ghoryan"): most capitalised words are none
    try_loose = i > 0 and prep
    words: list[int] = []
    seq: list[int] = []  # the words with their connectors: "Duque de Caxias"
    keys: list[str] = []  # light keys and skeletons of ``words``, grown with them
    skels: list[str] = []
    j = i
    while j < n and len(words) < MAX_WORDS:
        if j > i:
            a, b = toks[j - 1].end, toks[j].start
            # most gaps are one space: skip the regex for those
            if not (b - a == 1 and text[a] in _GAP_CHARS) and not _GAP.fullmatch(text, a, b):
                break
        lk = lights[j]
        if lk in ARTICLES:
            j += 1
            continue
        if j > i and lk in CONNECTORS:
            seq.append(j)
            j += 1
            continue
        if not caps[j]:
            break
        words.append(j)
        seq.append(j)
        keys.append(lk)
        skels.append(skeleton(toks[j].text))
        j += 1
        if len(words) == 1 and lk in stop:
            continue
        key = " ".join(keys)
        sk = " ".join(skels)
        # skeletons hold no spaces: the letters are the length less the separators
        sk_ok = sk if len(sk) - len(skels) + 1 >= 3 else None
        cands = None
        if len(seq) > len(words):  # gazetteer keys keep connectors ("de", "do", "la")
            joined = " ".join(lights[k] for k in seq)
            asked.append(joined)
            cands = gaz.lookup(joined, None)
        if not cands:
            asked.append(key)
            cands = gaz.lookup(key, sk_ok)
        if not cands and sk_ok is None and len(key) >= GEMINATE_MIN:
            # a name too short for a skeleton, its doubled letters written otherwise
            cands = gaz.lookup_geminate(key)
        if cands and len(words) == 1 and lk in given and _surname_at(caps, lights, j):
            cands = []  # "the Bashar al-Assad regime": a person; a place so named is
            # found whole ("Ali al-Gharbi"), by the longer run
        if cands and len(words) == 1 and (named or lk in common or lk in given) and not (
                prep or _framed(text, toks, caps, lights, j)):
            cands = [c for c in cands if c[1] == 2]
        if sk_ok and len(key) >= 6 and " " in key and not any(ex for _, ex in cands):
            # no spelled match: the same name with other spacing ("Deir Ezzor")
            have = {c for c, _ in cands}
            cands = cands + [c for c in gaz.lookup_joined(key) if c[0] not in have]
        if sk_ok and "th" in key:
            # Arabic dhal is written "th" as often as "dh" ("Thiban" ~ "Dhiban")
            alt = " ".join(dh_skeleton(toks[k].text) for k in words)
            have = {c for c, _ in cands}
            cands = cands + [c for c in gaz.lookup("", alt) if c[0] not in have]
        if cands:
            best = (j, list(words), cands)
        if try_loose and len(key) >= 4 and not any(ex for _, ex in cands):
            loose_asked.append(key)
            fz = gaz.lookup_fuzzy(key)
            loose = (j, list(words), fz) if fz else loose
    if runs is not None:
        runs[i] = Run(best, loose, list(words), tuple(asked), tuple(loose_asked))
    return best, loose, words


def find_mentions(
    text: str,
    toks: list[Token],
    gaz: Gazetteer,
    stop: frozenset[str],
    blocked: frozenset[int] = frozenset(),
    common: frozenset[str] = frozenset(),
    given: frozenset[str] = frozenset(),
    reading: Reading | None = None,
) -> list[Mention]:
    """Place mentions; ``blocked`` holds start offsets of words inside lexicon phrases
    ("White Helmets", "Free Syrian Army"), which are never places. A word of ``common``
    (ordinary English: "Civil", "Academy", "Elias") is a place by an alias or a look-alike only
    where a place cue supports it: a place preposition before it ("in Kinda"), or a place it
    lies in after it ("shelled Kinda in Idleb"); else only by the place's own name ("Academy"
    is no Ikidam, "Civil" no province of Kenya). So is a capitalised word right after a given
    name of ``given``: the person's next name ("Mohammad Reza Zahedi" names no Zahid), and so
    is the given name itself ("Bashar" of "Bashar al-Assad" is no village).

    ``reading`` carries what one reading of the text learnt to the next reading of the same
    text (``locate``): the words' keys, and each start's run of names with the keys it looked
    up, reused where the village tables of ``gaz`` hold none of those keys."""
    if reading is None:
        reading = Reading()
    if reading.words is None:
        reading.words = _word_keys(text, toks)
    lights, caps, starts = reading.words
    runs = reading.runs
    record = not gaz.has_villages()  # runs are recorded on the base gazetteer's lookups
    titles: list[tuple[int, int]] | None = None  # Title Case lines (``title_case_lines``)
    out: list[Mention] = []

    n = len(toks)
    nxt_start = 0
    i = 0
    while True:
        while nxt_start < len(starts) and starts[nxt_start] < i:
            nxt_start += 1
        if nxt_start == len(starts):
            break
        i = starts[nxt_start]
        t = toks[i]
        if (
            t.start in blocked
            or lights[i] in ARTICLES
            and i + 1 < n
            and not caps[i + 1]
            or (t.text.isupper() and len(t.text) <= 4)
        ):  # acronyms: "AJK", "SDF"
            i += 1
            continue
        # "Mohammad Reza Zahedi": a person's next names read as places by their own names only
        named = i > 0 and caps[i - 1] and lights[i - 1] in given and (
            toks[i - 1].end + 1 == t.start)
        prev = lights[i - 1] if i > 0 else ""
        # after a place preposition, or in ACLED's parentheses after the event ("in front of the
        # Embassy (Seoul City - Jongno)", "at the Office of Education (Jeonju)"), as "in" does;
        # a direction between them is part of the phrase: "in north western Manbij"
        lead = i - 1  # the word that leads the name's phrase
        while lead > 0 and lights[lead] in DIRECTIONS:
            lead -= 1
        prep = ((lead >= 0 and lights[lead] in PLACE_PREPS)
                or text[max(0, t.start - 1) : t.start] == "(")
        # the same past an English article: "on the Damboa - Maiduguri road"
        after_prep = prep or (
            lead > 0 and lights[lead] in ("the", "a", "an") and lights[lead - 1] in PLACE_PREPS)
        run = runs.get(i)
        if run is not None and not record and not gaz.villages_hold(run.lights, run.loose_keys):
            # the village tables add nothing to any key this start looked up: the same run
            best, loose, words = run.best, run.loose, list(run.words)
            if best is not None:
                best = (best[0], list(best[1]), list(best[2]))
        else:
            best, loose, words = _run(
                text, toks, lights, caps, i, gaz, stop, common, given, named, prep,
                runs if record else None)
        if loose is not None and (best is None or (
                len(best[1]) == 1 < len(loose[1]) and not any(ex for _, ex in best[2]))):
            # a longer loose match outranks a one-word look-alike: "Kushki Kuhna", not "Kushki"
            best = (loose[0], loose[1], [])
        if best is None:
            i += 1
            continue
        if len(words) > len(best[1]) and lights[words[len(best[1])]] in ORG_WORDS:
            i = words[-1] + 1  # "Sharqiya Army": a group named after a place, not the place
            continue
        if len(words) > len(best[1]) and partial(best, words, lights, stop | LEVEL_WORDS.keys(),
                                                   prep=after_prep):
            # only the start of a longer name that is no place ("Kafr" of "Kafr Lusin",
            # "Sultan" of "Sultan Suleiman Shah Brigade"): the name runs up to a connector
            # ("Shaheddan Square of Kandahar" names Kandahar after "of"), but a generic head
            # holds its whole name ("Colonia Vistas del Rio")
            inner = ARTICLES | (NAME_CONNECTORS if lights[words[0]] in NAME_HEADS else set())
            k = len(best[1])
            while k + 1 < len(words) and all(
                lights[x] in inner for x in range(words[k] + 1, words[k + 1])
            ):
                k += 1
            i = words[k] + 1
            continue
        j, words, cands = best
        start, end = toks[i].start, toks[words[-1]].end
        nxt = lights[words[-1] + 1] if words[-1] + 1 < n else ""
        verb = nxt
        if nxt in AUXILIARIES and words[-1] + 2 < n:
            verb = lights[words[-1] + 2]  # "Moscow has repeatedly denied"
        if verb in SPEECH_VERBS and not after_prep:
            i = words[-1] + 1  # a speaker ("Khalil said", "Ankara condemned"), not a place
            continue
        if i > 0 and caps[i - 1] and prev in PERSON_TITLES:
            i = words[-1] + 1  # "Ms Bakr", "Dr. Haddad": a person, however spelled
            continue
        if not after_prep and (nxt in PERSON_VERBS or (
                nxt in ("was", "were") and words[-1] + 2 < n
                and lights[words[-1] + 2] in PERSON_PASSIVES)):
            i = words[-1] + 1  # "Reham died", "Omar was killed": a person, not a place
            continue
        if nxt in COMMUNITY_WORDS and words[-1] + 2 < n and lights[words[-1] + 2] in (
                "militia", "militias"):
            i = words[-1] + 1  # ACLED's "Anjara communal militia": a community's fighters
            continue  # named after their town, which need not be where they fight
        if not any(ex for _, ex in cands):
            if titles is None:  # only look-alikes need it: found once, when first needed
                titles = title_case_lines(text)
            if (len(words) == 1 and not after_prep and opens_sentence(text, start)) or any(
                a <= start < b for a, b in titles
            ):
                i = words[-1] + 1  # a look-alike of a word capitalised only because it opens
                continue  # a sentence ("Initial reports") or stands in a Title Case headline
        if attacker_word(lights, words[-1] + 1) and any(
            gaz.place(c).precision == "country" for c, ex in cands if ex
        ):
            i = words[-1] + 1  # the attacker: "in Iran missile strike", "Russia bombed X"
            continue
        hint = LEVEL_WORDS.get(nxt) or PLURAL_LEVELS.get(nxt)
        if prev in REGION_WORDS or (
            prev == "of" and i > 1 and lights[i - 2] in ("countryside", "province", "governorate")
        ):
            hint = "province"
        if hint is None and (
            framed(text, start, end)
            or (
                out
                and IN_AFTER.match(text, out[-1].end, start)
                and frames(cands, out[-1].candidates, gaz)
            )
        ):
            hint = "province"  # "X (District, Y)", "X district, Y.", "in X in Y", "X base in Y"
        elif out and _facility_abroad(text, out[-1], start, cands, gaz):
            out.pop()  # "Al-Nao hospital in Omdurman": a hospital's name, no Chinese town
        if hint is None and prev == "of" and i > 1 and LEVEL_WORDS.get(lights[i - 2]) == "town":
            hint = "town"  # "the city of Dar'a", "the village of Kafr Amma"
        if (nxt in RURAL_AFTER or any(lights[k] in RURAL_BEFORE for k in range(lead, i))
                or (prev == "of" and i > 1 and lights[i - 2] in RURAL_AFTER)):
            cands = countryside(cands, gaz)
        coded = i > 1 and lights[i - 1] == "to" and lights[i - 2] == "coded"
        m = Mention(start, end, text[start:end], i, cands, prep, hint)
        m.coded = coded  # ACLED's "coded to X": the coder's own choice of location
        m.list_level = nxt in PLURAL_LEVELS
        # "X district west of Y": Y is a landmark; "in south of Y" is the south of Y itself
        m.reference = m.landmark = (prev == "of" and i > 1 and lights[i - 2] in COMPASS
                                    and not (i > 2 and lights[i - 3] in IN_PREPS))
        m.dateline = dateline(text, start, end)
        if m.dateline or on_road(text, start, end):
            m.reference = True  # "at Khulna-Jessore highway", "in Sanaa Street", "IDLIB, Syria -"
        if out and _possessive_frame(text, out[-1], start):
            # "Idlib's Maarat al-Numan", "Kashmir's Anantnag district": the area that frames
            # the place after it, not the event's place; a province when it can be one
            out[-1].reference = True
            m.prep = m.prep or out[-1].prep  # "in Idlib's Ariha": the preposition places Ariha
            if frames(out[-1].candidates, cands, gaz):
                out[-1].level_hint = "province"
        # "X village of Y district", "X area of Y district": the district holds X, opening no
        # phrase of its own
        m.opens = m.prep and prev not in LEVEL_WORDS and not (
            hint == "district" and prev == "of" and i > 1
            and lights[i - 2] in LEVEL_WORDS and LEVEL_WORDS[lights[i - 2]] != "district")
        direction, m.rural = direction_words(lights, i, words[-1] + 1)
        m.direction = compass(direction)
        if loose is not None and loose[1] == words:
            m.fuzzy = loose[2]
        if out and PAREN_FRAME.match(text, out[-1].end, start):
            m.paren_frame = True
        if nxt in CITY_PARTS:
            # "the Dweil'a neighbourhood": a part of a city, seldom in the gazetteer; a village
            # spelled like it elsewhere is not it, only the name as written is
            m.candidates, m.fuzzy = [c for c in m.candidates if c[1] == 2], ()
        if m.candidates or m.fuzzy:
            out.append(m)
        i = words[-1] + 1
    spread_list_levels(text, out)
    return out


def resolve(mentions: list[Mention], gaz: Gazetteer, countries: set[str],
            named: set[str] | None = None,
            areas: Collection[tuple[str, str]] = frozenset()) -> None:
    """Choose each mention's place, using the report's countries (``named``: those it names as
    countries; the rest come from its actors, "regime" included), provinces (``areas``: those its
    words point to, as (country, admin1)) and proximity."""
    _score(mentions, gaz, countries, named, areas, *_gather(mentions, gaz, countries, areas))


def _gather(mentions: list[Mention], gaz: Gazetteer, countries: set[str],
            areas: Collection[tuple[str, str]]) -> tuple[dict, dict]:
    """The first part of ``resolve``: the provinces and districts the mentions name, and the
    countries they add to ``countries``, which the rest of ``resolve`` only reads."""
    # (country, province) -> the names that mention it; a name never supports its own homonyms
    provinces: dict[tuple[str, str | None], set[str]] = {a: {"<report>"} for a in areas}
    # (country, province, district) -> the names told as districts ("Y district") that read as
    # that district, spelled; a bare "Deir ez-Zor" is its province or city more often
    districts: dict[tuple[str, str | None, str], set[str]] = {}
    for m in mentions:
        for idx, exact in m.candidates:
            p = gaz.place(idx)
            if p.precision == "province":
                provinces.setdefault((p.country, p.admin1), set()).add(m.text)
            elif p.precision == "district" and exact and m.level_hint == "district":
                districts.setdefault(district_key(p), set()).add(m.text)
            elif p.precision == "country":
                countries.add(p.country)
        # a province named as one ("X province", "..., Y)") and unique to one country names it
        pcs = province_countries(m, gaz)
        if len(pcs) == 1 and ("SY" in pcs or m.level_hint == "province"):
            countries |= pcs
    own_frames(mentions, gaz, countries, provinces)
    return provinces, districts


def _score(mentions: list[Mention], gaz: Gazetteer, countries: set[str],
           named: set[str] | None, areas: Collection[tuple[str, str]],
           provinces: dict[tuple[str, str | None], set[str]],
           districts: dict[tuple[str, str | None, str], set[str]]) -> None:
    """The rest of ``resolve``: score and choose each mention's reading, then rule readings out
    by the report's context."""
    for m in mentions:
        if m.fuzzy:
            have = {i for i, _ in m.candidates}
            extra = fuzzy_candidates(m, provinces, gaz, countries)
            m.candidates = m.candidates + [c for c in extra if c[0] not in have]
    mentions[:] = [m for m in mentions if m.candidates]
    # countries that several mentions could be in: "Taruk, Tandubas, Tawi-Tawi" agree on one
    # spelled readings only: transliteration look-alikes (Syrian skeletons of "Babanusa" or
    # "Medina") are too many to say anything about the report's country
    votes: dict[str, int] = {}
    for m in mentions:
        for cc in {gaz.place(i).country for i, ex in m.candidates if ex}:
            votes[cc] = votes.get(cc, 0) + 1
    # a name repeated in a report scores the same each time (the scores read only the mention's
    # text, candidates, "coded to", preposition and level hint): score it once
    seen: dict[tuple, Mention] = {}
    for m in mentions:
        key = (m.text, m.coded, m.prep, m.level_hint)
        first = seen.get(key)
        if first is not None and first.candidates == m.candidates:
            m.scores = dict(first.scores)
            m.place, m.score, m.rule_ids = first.place, first.score, list(first.rule_ids)
            continue
        # the mention's own vote supports none of its readings, spelled or look-alike
        mine = {gaz.place(i).country for i, ex in m.candidates if ex}
        for idx, exact in m.candidates:
            p = gaz.place(idx)
            m.scores[idx] = prior(p, exact, m, countries, provinces, districts) + min(
                3.0, 1.0 * max(0, votes.get(p.country, 0) - (1 if p.country in mine else 0))
            )
        _choose(m, gaz)
        seen[key] = m
    if not countries or (named and "SY" not in named):
        drop_syrian_lookalikes(mentions)
    drop_outside_frames(mentions, gaz, lambda m: _choose(m, gaz))
    keep_near_landmarks(mentions, gaz, lambda m: _choose(m, gaz))
    drop_far_from_districts(mentions)
    if areas:
        drop_outside_areas(mentions, areas)
    for m in mentions:
        p = m.place
        if p is None or p.country in countries or p.precision == "country":
            continue
        if p.country == "SY" and not countries:
            continue  # the service watches Syria first: a Syrian reading is the default
        if (
            countries
            and not ((m.prep or not named) and is_city(p) and m.rule_ids[0] == "geo.name")
            and not framed_abroad(m, p, provinces)
        ) or (not m.prep and p.precision == "town" and p.population < 20_000):
            m.place = None  # a foreign place in a report about elsewhere (a city abroad only
            # by its own name: "Kash" of "Kash Rod" is an alias of Kashgar; after "in" unless
            # the report names no country, only attackers: "Iranian missiles damaged the Haifa
            # refinery"), or a small town named without "in"/"near": likely a homonym or a name
    towns = [m for m in mentions if m.place is not None and m.place.precision == "town"]
    bonus_by_text: dict[str, dict[int, float]] = {}  # a name repeated in a report: computed once
    for m in mentions:
        if len(m.candidates) < 2 or m.place is None or len(m.candidates) > 60:
            continue
        bonus = bonus_by_text.get(m.text)
        if bonus is None:
            others = list(
                {
                    o.place.id: o.place for o in towns if o.place is not None and o.text != m.text
                }.values()
            )
            bonus = bonus_by_text[m.text] = proximity(m, others, gaz) if others else {}
        if not bonus:
            continue
        for idx, b in bonus.items():
            if idx in m.scores:  # a loose reading only one mention of the name has
                m.scores[idx] += b
        _choose(m, gaz)


#: A name that runs on past the village's ("Dar al-Hadith", a school): the village is a look-alike.
_NAME_GOES_ON = re.compile(r"[ -]+(?:(?:al|el|ad|as|ar|an|at)-)?([A-Z][a-z]*)")


def _name_goes_on(text: str, end: int) -> bool:
    """A capitalised word follows the name and is no level word: "Dar al-Hadith" runs on,
    "Minbya Township" and "Laman Village" are the village and its level, capitalised."""
    m = _NAME_GOES_ON.match(text, end)
    return m is not None and m.group(1).lower() not in LEVEL_WORDS


def locate(text: str, toks: list[Token], gaz: Gazetteer, stop: frozenset[str],
           blocked: frozenset[int], countries: set[str], named: set[str],
           areas: Collection[tuple[str, str]], common: frozenset[str] = frozenset(),
           given: frozenset[str] = frozenset()) -> list[Mention]:
    """``find_mentions`` and ``resolve``, then, when the report turns out to be about countries
    with a village table, the same again with those villages (``Gazetteer.with_countries``).
    ``countries`` grows as ``resolve`` grows it."""
    told = set(countries)
    reading = Reading()  # the second reading reuses the first's runs the villages leave alone
    mentions = find_mentions(text, toks, gaz, stop, blocked, common, given, reading)
    found = _gather(mentions, gaz, countries, areas)
    # ``countries`` is final once gathered: when they have village tables, the first reading is
    # read again with them, and its scores would be thrown away unread
    view = gaz.with_countries(countries) if countries else gaz
    if view is gaz:
        _score(mentions, gaz, countries, named, areas, *found)
        scene = set(countries)
        if not scene:  # a report naming no country: the countries of its cities and provinces
            scene = {m.place.country for m in mentions if m.place is not None and (
                m.place.precision in ("province", "district") or is_city(m.place))}
        view = gaz.with_countries(scene)
        if view is gaz:
            return mentions
    countries.clear()
    countries |= told  # the second reading starts from what the report said, as the first did
    mentions = find_mentions(text, toks, view, stop, blocked, common, given, reading)
    # the words of the areas the report names ("East Gojjam" zone): the same word alone
    # ("drone attacks in Gojjam") is that area told short, not a hamlet of the name
    area_words = {light_key(w) for m in mentions if " " in m.text.strip() and any(
        view.place(c).precision in ("province", "district") for c, _ in m.candidates)
        for w in m.text.split()} - {""}
    for m in mentions:
        if light_key(m.text) in area_words:
            m.candidates = [c for c in m.candidates if not view.is_village(c[0])]
            m.fuzzy = ()
            continue
        cue = m.prep or m.level_hint in ("town", "district") or m.paren_frame or m.coded
        if not cue or m.level_hint == "province" or _name_goes_on(text, m.end):
            # no place cue: a capitalised word that is also a hamlet's name stays a word, and
            # so does the start of a longer name; "X province" is no village
            m.candidates = [c for c in m.candidates if not view.is_village(c[0])]
        elif any(view.place(c).precision in ("province", "district") and not view.is_village(c)
                 for c, exact in m.candidates if exact):
            # a province's or district's own name is that area, not a hamlet named after it
            m.candidates = [c for c in m.candidates if not view.is_village(c[0])]
    mentions = [m for m in mentions if m.candidates or m.fuzzy]
    resolve(mentions, view, countries, named, areas)
    return mentions


def _choose(m: Mention, gaz: Gazetteer) -> None:
    """Read ``m`` as its best-scoring candidate."""
    top = max(m.scores.values())
    tied = [k for k, s in m.scores.items() if s == top]
    # readings that score the same: the one spelled most like the text, then the first
    idx = tied[0] if len(tied) == 1 else max(
        tied, key=lambda k: (likeness(m.text, gaz.place(k).name), -k))
    m.place, m.score = gaz.place(idx), m.scores[idx]
    how = ("geo.skeleton", "geo.alias", "geo.name")[dict(m.candidates)[idx]]
    m.rule_ids = [how, f"gaz:{m.place.id}"]
