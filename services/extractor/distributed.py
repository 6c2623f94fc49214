"""One event per town when a sentence shares its toll out between towns.

"The doctors' committee reported three protesters killed on Monday, two in Omdurman and the
third in Atbara" tells two events: ACLED codes an event per place, and each town has its own
dead. A sentence whose killed toll is followed by two or more items "N in <town>" whose figures
add up to it becomes one event per town, each with its own figure as the toll.
"""

from __future__ import annotations

import dataclasses
import re

from services.extractor.events import Event, SentInfo
from services.extractor.numbers import Count

#: A share of the toll and where it fell: "two in Khartoum", "the third in Wad Madani",
#: "five of them in the village of X".
_ITEM = re.compile(
    r"(?<![\w-])(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"another|the other|the third|the fourth|the fifth|the sixth|the last|the rest)"
    r"(?:[ \t]+(?:of[ \t]+them|others|more|people|civilians|were[ \t]+killed|died|killed))?"
    r"[ \t]+in[ \t]+(?:the[ \t]+(?:village|town|city|district)[ \t]+of[ \t]+)?(?=[A-Z])"
)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
#: Shares no figure names: the rest of the toll, or one more.
_ONE = frozenset({"another", "the other", "the third", "the fourth", "the fifth", "the sixth",
                  "the last"})


def split_distributed(ev: Event, text: str) -> list[Event]:
    """``ev`` as one event per town its toll is shared out between, else ``[ev]``."""
    if ev.background:
        return [ev]
    for info in ev.sents:
        shares = _shares(info, text)
        if shares:
            return [_one_town(ev, info, m, count) for m, count in shares]
    return [ev]


#: The words of death and of wounding: the last one before the shares says whose they are.
_FATE = re.compile(r"\b(?:(?P<k>kill(?:ed|ing|s)?|dead|died|deaths?|lives)|"
                   r"(?P<i>wound(?:ed|ing|s)?|injur(?:ed|ing|ies|y)|hurt))\b", re.I)


def _shares(info: SentInfo, text: str) -> list:
    """The shares of the sentence's toll of the dead, each with its town, or []. A toll given
    (not summed over a region) must be their sum."""
    if not info.triggers:
        return []
    killed = [c for c in info.counts if c.kind == "killed" and not c.subset]
    total = killed[0] if killed else None
    start = total.end if total is not None else info.sent.start
    places = {m.start: m for m in info.places}
    out, rest = [], None
    for item in _ITEM.finditer(text, start, info.sent.end):
        if not out and not _of_the_dead(text, info.sent.start, item.start()):
            return []
        m = places.get(item.end())
        if m is None or m.place.precision not in ("town", "district"):
            continue
        word = item.group("n").lower()
        if word == "the rest":
            rest = len(out)
            value = 0
        else:
            value = 1 if word in _ONE else _WORDS.get(word) or int(word)
        qual, group = (total.qualifier, total.group) if total is not None else ("exact", None)
        out.append((m, Count("killed", value, qual, group, False, False,
                             item.start("n"), item.end("n"), ("cas.shared_out",))))
    if rest is not None:
        if total is None:
            return []
        m, c = out[rest]
        c.value = total.value - sum(o[1].value for o in out)
    if (len(out) < 2 or len({m.place.id for m, _ in out}) < len(out)
            or any(c.value < 1 for _, c in out)
            or (total is not None and sum(c.value for _, c in out) != total.value)):
        return []
    return out


def _of_the_dead(text: str, start: int, end: int) -> bool:
    """The last word of death or wounding before ``end`` is of death."""
    fates = list(_FATE.finditer(text, start, end))
    return bool(fates) and fates[-1].group("k") is not None


def _one_town(ev: Event, listing: SentInfo, m, count: Count) -> Event:
    """The event at one town: the sharing sentence keeps that town and its share of the dead,
    the others their words but no place or toll of the dead."""
    sents = []
    for info in ev.sents:
        if info is listing:
            others = [c for c in info.counts if c.kind != "killed"]
            sents.append(dataclasses.replace(info, places=[m], counts=[count, *others]))
        else:
            sents.append(dataclasses.replace(
                info, places=[], counts=[c for c in info.counts if c.kind != "killed"]))
    return Event(sents=sents, background=ev.background, status=ev.status,
                 status_rule=ev.status_rule)
