"""One event per listed place when ACLED split an event over the places it lists.

"Fighting went on at the Harib (Marib), Arhab (Sanaa) and Al Jawf fronts ... 12 fatalities
split between 3 events" is three events, one per front: ACLED codes each place as its own
event and says so. The trigger sentence's list items (at commas and "and", outside parentheses)
each give their best place; an event whose note says it was split and whose list holds two or
more distinct places becomes one event per place, each with the same triggers and the note's
share of the toll (``numbers.split_share``).
"""

from __future__ import annotations

import dataclasses
import re

from services.extractor.events import Event, SentInfo, place_of
from services.extractor.geocode import Mention
from services.extractor.numbers import split_count

#: A break between list items: a comma (and an "and" after it) or a bare "and".
_ITEM_BREAK = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the top-level list items of ``text[start:end]`` (breaks inside parentheses, as
    in "(Qaatabah, Ad Dali)", do not count)."""
    spans, item_start, depth = [], start, 0
    pos = start
    while pos < end:
        ch = text[pos]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            brk = _ITEM_BREAK.match(text, pos, end)
            if brk is not None and brk.end() > pos:
                spans.append((item_start, pos))
                item_start = pos = brk.end()
                continue
        pos += 1
    spans.append((item_start, end))
    return spans


def _listed_places(info: SentInfo, text: str) -> list[Mention]:
    """The best place of each list item of the sentence, each place once."""
    out: list[Mention] = []
    for a, b in _items(text, info.sent.start, info.sent.end):
        inside = [m for m in info.places if a <= m.start < b]
        best = place_of(dataclasses.replace(info, places=inside)) if inside else None
        if (best is not None and best.place.precision != "country"
                and all(best.place.id != o.place.id for o in out)
                and not (out and _frames(best, out[-1]))):
            out.append(best)
    return out


def _frames(m: Mention, before: Mention) -> bool:
    """The item names the province of the place before it ("near Katerynivka, Donetsk."): a
    frame, not another listed place, whichever reading (province or its seat) it got."""
    p = m.place
    return p.admin1 is not None and p.admin1 == before.place.admin1 and (
        p.precision == "province" or m.text.casefold() == p.admin1.casefold())


def split_listed(ev: Event, text: str) -> list[Event]:
    """``ev`` as one event per listed place when its note says it was split, else ``[ev]``."""
    if ev.background:
        return [ev]
    k = split_count(text, ev.sents[0].sent.start)
    if k is None or k < 2:
        return [ev]
    listing = next((i for i in ev.sents if i.triggers), None)
    places = _listed_places(listing, text) if listing is not None else []
    if len(places) < 2:
        return [ev]
    return [
        Event(
            sents=[dataclasses.replace(i, places=[m] if i is listing else []) for i in ev.sents],
            background=ev.background,
            status=ev.status,
            status_rule=ev.status_rule,
        )
        for m in places
    ]
