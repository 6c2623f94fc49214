"""Name runs: when a place name matched inside a longer run of capitalised words is no place.

``geocode.find_mentions`` matches the longest gazetteer key in a run of capitalised words; here
it asks whether the match is only the head of a longer unknown name ("Kafr" of "Kafr Lusin",
"Maaret" of "Maaret al Naasan") or the place an armed group is named after ("Sharqiya Army").
"""

from __future__ import annotations

from collections.abc import Collection

from services.extractor.text import ARTICLES

#: Capitalised nouns that follow a place name as part of a facility's or feature's name
#: ("Kafr Nabl Hospital", "Khulna-Jessore Highway"): not a sign of a longer place name.
FEATURE_WORDS = frozenset(
    """road street highway crossing bridge camp airport airbase base dam hill hills mountain
    mountains valley plain plains river lake bay square market roundabout checkpoint prison
    hospital school university mosque church station port sector front axis area areas
    neighbourhood neighborhood district province city town village countryside junction
    border gate entrance park stadium hotel mall court""".split()
)
#: Generic first words of Arabic place names ("village of", "hill", "spring", "monastery"...):
#: a few villages bear the bare word, so it matches as written, but followed by a name it is
#: the head of that name ("Kafr Lusin", "Tall Abyad").
NAME_HEADS = frozenset(
    """kafr kfar tall tell tal ain ayn ein deir dayr khirbet khirbat jabal jebel wadi ras bir
    beit bayt maaret maarat qasr umm abu mazraat marj hayy tallat""".split()
)
#: Capitalised words after a name that make the run an armed group's name ("Sharqiya
#: Army", "Hamza Division", "Sultan Murad Brigade") or a body's ("the Al-Bostan Association"):
#: the name is no place there.
ORG_WORDS = frozenset(
    """army brigade brigades division divisions battalion battalions regiment corps front
    movement militia militias party council councils union group forces force association
    company committee club society syndicate federation foundation newspaper corporation""".split()
)


def partial(best: tuple, run: list[int], lights: list[str], stop: Collection[str]) -> bool:
    """A transliteration-only match that is the start of a longer capitalised name whose next
    word is a name, not a feature noun or a common word: "Maaret" of "Maaret al Naasan"."""
    _j, words, cands = best
    if any(ex for _, ex in cands) and not (len(words) == 1 and lights[words[0]] in NAME_HEADS):
        return False  # spelled as written: "Kobani Hospital", "Idlib Central Prison"
    k = run[len(words)]
    if any(lights[x] not in ARTICLES for x in range(words[-1] + 1, k)):
        return False  # a connector between: "Square of Kandahar" is two names
    nxt = lights[k]
    return nxt not in stop and nxt not in FEATURE_WORDS
