"""Mention frames: what the text around a place name says about it.

``geocode.find_mentions`` asks here whether a name is the last of an ACLED location list ("in X
(District, Y)", "X district, Y.", "in X, Y, ..."), whether "in X in Y" makes Y the frame of X,
for the Arabic dhal reading of "th", and which names a plural level word after a list
covers ("in X, Y and Z governorates"); ``fuzzy_candidates`` gives a mention with no spelled
match the world towns spelled like it in a province the report names ("Ghoryan" ~ "Ghoriyan",
"Bossaso" ~ "Bosaso").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING

from services.extractor.place_scores import province_named_elsewhere
from services.extractor.text import ARTICLES, skeleton

if TYPE_CHECKING:
    from services.extractor.gazetteer import Gazetteer, Place
    from services.extractor.geocode import Mention


#: A plural level word after a list names each item at that level: "in Al Jawf, Ad Dali and Taizz
#: governorates".
PLURAL_LEVELS = {"governorates": "province", "provinces": "province", "districts": "district",
                 "states": "province", "regions": "province"}
_LIST_GAP = re.compile(r"\s*(?:,\s*and|,|and)\s+")


def spread_list_levels(text: str, mentions: list[Mention]) -> None:
    """Give the level of a plural level word to every name of the list it ends."""
    for k in range(len(mentions) - 1, 0, -1):
        after, before = mentions[k], mentions[k - 1]
        if (after.list_level and after.level_hint and before.level_hint is None
                and _LIST_GAP.fullmatch(text, before.end, after.start)):
            before.level_hint, before.list_level = after.level_hint, True


def frames(cands: list[tuple[int, int]], inner: list[tuple[int, int]], gaz: Gazetteer) -> bool:
    """``cands`` read as a province or district of a country one of ``inner``'s towns lies in:
    "in Debsi Afnan in Ar-Raqqa", "Qantara village in Afrin" frame the village; "the Society of
    Paper in Kasserine" does not."""
    provs = {gaz.place(i).country for i, _ in cands
             if gaz.place(i).precision in ("province", "district")}
    return bool(provs) and any(gaz.place(i).country in provs for i, _ in inner)


def dh_skeleton(word: str) -> str:
    return skeleton(word.replace("th", "dh").replace("Th", "Dh").replace("TH", "DH"))


def framed(text: str, start: int, end: int) -> bool:
    """The last name of an ACLED-style location list: "in X (District, Y)", "X district, Y."."""
    before = text[max(0, start - 3) : start].rstrip()
    after = text[end : end + 2].lstrip()
    if before.endswith(",") and after.startswith(","):
        # "in X, Y, <clause>": ACLED's town-then-province before the rest of the sentence
        return _LIST_HEAD.search(text, max(0, start - 60), max(0, start - 2)) is not None
    return before.endswith((",", "(")) and (not after or after[0] in ").;")


#: Between two names: "in X in Y" makes Y the frame of X ("Maadan in Ar-Raqqa", "the Qasruk base
#: in Al-Hasakeh", "Rihaniya in al-Hasakeh").
_ARTICLE_ALT = "|".join(sorted(ARTICLES))
IN_AFTER = re.compile(rf"\s+(?:[a-z]+\s+)?in\s+(?:the\s+)?(?:(?:{_ARTICLE_ALT})[\s-]+)?$")
#: "On <date>, in X" / "..., in X" right before ", Y,": the only place list that opens a note.
_LIST_HEAD = re.compile(r"\b[Ii]n\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}$")


#: A town this populous, spelled loosely, is kept in any of the report's countries.
FUZZY_TOWN_POP = 50_000


def fuzzy_candidates(
    m: Mention, provinces: dict[tuple[str, str | None], set[str]], gaz: Gazetteer,
    countries: Collection[str] = (),
) -> list[tuple[int, int]]:
    """World towns spelled loosely like a name that has no spelled match ("Ghoryan" ~
    "Ghoriyan"), kept only in a province another mention of the report names ("Ghoryan district,
    Herat"), or, in a report that names no province, when a sizeable town in one of the report's
    countries ("Shirqat district" with Iraqi forces: Ash Sharqat): a loose key matches too much
    elsewhere ("Geylani Mosque" ~ Gilon, Israel; "Baghsar sector (Bhimber district, AJK)" ~
    Begusarai, India)."""
    # with no province named at all, a big town of the report's countries may stand
    unframed = not any(names - {"<report>"} for names in provinces.values())
    out = []
    for i in m.fuzzy:
        p = gaz.place(i)
        if province_named_elsewhere(p, m, provinces) or (
                unframed and p.country in countries and p.population >= FUZZY_TOWN_POP):
            out.append((i, 0))
    return out


#: Between a place and the parenthesis that frames it: "Islamabad city (Islamabad, FCT)".
PAREN_FRAME = re.compile(r"\s*(?:city|town|village|district)?\s*\(\s*$", re.IGNORECASE)


def own_frames(
    mentions: list[Mention],
    gaz: Gazetteer,
    countries: set[str],
    provinces: dict[tuple[str, str | None], set[str]],
) -> None:
    """ACLED frames a place with its own province in parentheses: "X city (X, FCT)", "X (Y)".
    A frame spelled as written that reads as a province holding a spelled reading of X names
    that province's country ("Indian" elsewhere makes India the report's subject, not its
    place), and that province even when it bears X's own name ("Islamabad city (Islamabad,
    FCT)"), which ``provinces`` otherwise never counts for X."""
    for m, f in zip(mentions, mentions[1:], strict=False):
        if not f.paren_frame:
            continue
        for i, ex in f.candidates:
            p = gaz.place(i)
            if not ex or p.precision != "province":
                continue
            if any(
                e and gaz.place(j).precision == "town" and _in(gaz.place(j), p)
                for j, e in m.candidates
            ):
                countries.add(p.country)
                if f.text == m.text:  # another name already counts: "Huillapima (Catamarca)"
                    provinces.setdefault((p.country, p.admin1), set()).add(f"({f.text})")


def _in(town: Place, province: Place) -> bool:
    return town.country == province.country and town.admin1 == province.admin1
