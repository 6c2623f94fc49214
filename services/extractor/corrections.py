"""Corrections: what a sentence says of an event told before. Who speaks decides.

- A denial or a refutation cue (``cues.yaml``: kinds ``denial``, ``refutation``) spoken by a
  party to the conflict (``speakers.yaml`` roles military, government, armed_group, or a named
  armed actor or country) is a **denial by the accused**: ``denied_by_accused``. It changes no
  fact: an event the same report tells as news (doctors saying what Monday's strike did) stands,
  and the denial travels with it as evidence.
- The same cues spoken by anyone else (a monitor, rescuers, health workers, the facility,
  witnesses, officials, the outlet itself), about an event the sentence refers back to ("the
  strike", "reports of a strike"), **refute** it: ``refuted``, which withdraws the event.
  A refutation cue with no speaker is the outlet's own voice.
- A toll stated as a revision (kind ``correction``: "revised down to six", "counted twice")
  **corrects** the event's figure: ``corrected``; one that grows (kind ``toll_rise``: "rose to
  12") adds to it.
- A detail told against how it was first reported (kind ``contrast``: "on Sunday, not on Monday
  as first reported", "a clinic, not the hospital as initially reported", "in Binnish rather
  than Ariha as first reported") **corrects** that detail: the date, place, target or figure
  between "not" and the cue is the old value, the sentence's other one the new value.

ConText's shape: cues and speakers are data with ids that go into the evidence; this module only
reads which cue a sentence holds and who says it. ``pipeline`` calls ``read`` per sentence;
``status`` and ``assemble`` apply the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from services.extractor.lexicon import Match
from services.extractor.negation import passive_denial

__all__ = [
    "CUE_KINDS",
    "PARTIES",
    "Revised",
    "Said",
    "contrast",
    "read",
    "revision_of",
    "role_of",
    "speaker_of",
    "voices",
]

#: Speakers who are parties to the conflict: their denial is the accused party's.
PARTIES = frozenset({"military", "government", "armed_group"})
#: Match kinds that may name who speaks.
_SPEAKER_KINDS = frozenset({"speaker", "actor", "country"})
#: Actors that are no party to the fighting (protesters, civilians).
_CIVIL_ACTORS = frozenset({"act.protesters", "act.civilians"})
#: Words that say the sentence is about a report of an event, not the event itself.
_REPORTS = re.compile(r"\b(?:report(?:s|ed)?|claim(?:s|ed)?|alleg(?:ed|ations?)|accus(?:ed|ations?)"
                      r"|rumou?rs?|earlier)\b")
#: A determiner or a possessive day before an event noun: the sentence refers back to it.
_BACK = re.compile(r"\b(?:the|this|that|these|those|such|yesterday's|(?:mon|tues|wednes|thurs|fri"
                   r"|satur|sun)day's|last week's)\s+(?:[a-z'-]+\s+){0,2}$")
_DENIALS = frozenset({"denial", "refutation"})
#: The cue kinds this module reads: a sentence without any is left alone.
CUE_KINDS = frozenset({"denial", "refutation", "correction", "toll_rise", "contrast"})
#: The word that opens the value as first reported, before a contrast cue ("not on Monday as
#: first reported"), and how far before the cue it may stand, in characters.
_NOT = re.compile(r"\b(?:not|rather than|instead of)\s+")
CONTRAST_REACH = 60
_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class Said:
    """What a sentence says of an event told before, and who says it."""

    status: str  # "refuted" or "denied_by_accused"
    cue: Match
    speaker: Match | None
    role: str  # a speaker role; "outlet" when no one is named
    refutes: str  # no_event | other_target | withdrawn (for a refutation)

    @property
    def rule_ids(self) -> list[str]:
        ids = [self.cue.entry.id]
        if self.speaker is not None:
            ids.append(self.speaker.entry.id)
        return ids


@dataclass(frozen=True)
class Revised:
    """A toll the sentence states as revised ("revised") or risen ("rises"), or another detail
    it corrects (``field``), with the value as first reported."""

    kind: str
    cue: Match
    field: str = "fatalities"  # fatalities | date | location | targets
    #: The detail as first reported: its words, and its date or place mention when it has one.
    previous: str | None = None
    previous_date: Any = None  # dates.DateMention
    previous_place: Any = None  # geocode.Mention
    #: Where the value as first reported is told ("not on Monday"), negator included.
    span: tuple[int, int] | None = None


def role_of(m: Match) -> str | None:
    if m.kind == "speaker":
        return m.entry.role
    if m.kind == "actor":
        return None if m.entry.id in _CIVIL_ACTORS else "armed_group"
    return "government"  # a country or its capital speaking: its government


def voices(cue: Match, matches: list[Match]) -> list[Match]:
    """The matches of the sentence that may say ``cue``: speakers, armed actors, countries."""
    return [m for m in matches if m.kind in _SPEAKER_KINDS and role_of(m) is not None
            and not (m.start <= cue.start < m.end)]


def speaker_of(cue: Match, matches: list[Match]) -> Match | None:
    """Who says the cue: the nearest speaker before it in the sentence ("the army denied"), else
    the nearest after it ("..., rescuers said")."""
    heard = voices(cue, matches)
    before = [m for m in heard if m.end <= cue.start]
    if before:
        return before[-1]
    after = [m for m in heard if m.start >= cue.end]
    return after[0] if after else None


def _refers_back(triggers: list[Match], folded: str, start: int, end: int) -> bool:
    if _REPORTS.search(folded, start, end):
        return True
    return any(_BACK.search(folded, max(start, t.start - 40), t.start) for t in triggers)


def read(matches: list[Match], triggers: list[Match], folded: str, start: int, end: int,
         counted: bool = False) -> Said | None:
    """What the sentence ``folded[start:end]`` says of an event told before: a denial by the
    accused, a refutation, or nothing. ``triggers``: its event words, live or cancelled;
    ``counted``: it gives a toll (a sentence that counts the dead tells of an event, however
    it also says "the hospital was not hit")."""
    cues = [m for m in matches if m.kind == "cue" and m.entry.kind in _DENIALS
            and not passive_denial(m, folded, 0)]
    if not cues or not triggers:
        return None
    refutations = [m for m in cues if m.entry.kind == "refutation"]
    cue = refutations[0] if refutations else cues[0]
    speaker = speaker_of(cue, matches)
    role = role_of(speaker) if speaker is not None else None
    if role in PARTIES:
        return Said("denied_by_accused", cue, speaker, role, cue.entry.refutes or "no_event")
    if role is None and not refutations:
        return None  # "denied" with no one named: a plain denial, as before
    if counted or not _refers_back(triggers, folded, start, end):
        return None
    return Said("refuted", cue, speaker, role or "outlet", cue.entry.refutes or "no_event")


def revision_of(matches: list[Match]) -> Revised | None:
    """A correction cue makes the sentence's toll a revision; a rise cue, a rise."""
    for kind, name in (("correction", "revised"), ("toll_rise", "rises")):
        cue = next((m for m in matches if m.kind == "cue" and m.entry.kind == kind), None)
        if cue is not None:
            return Revised(name, cue)
    return None



def contrast(info: Any, folded: str, text: str) -> Revised | None:
    """The detail the sentence (an ``events.SentInfo``) corrects against how it was first
    reported, if it does: the value between "not" and a contrast cue is the old one, and the
    sentence must tell a new one of the same kind outside it (a figure, a date, a place, a
    target of the same category). None when it tells no such pair."""
    cue = next((m for m in info.matches if m.kind == "cue" and m.entry.kind == "contrast"), None)
    if cue is None:
        return None
    lo = max(info.sent.start, cue.start - CONTRAST_REACH)
    negators = list(_NOT.finditer(folded, lo, cue.start))
    if not negators:
        return None
    neg, a, b = negators[-1].start(), negators[-1].end(), cue.start

    def split(items: list) -> tuple[list, list]:
        inside = [x for x in items if a <= x.start < b]
        return inside, [x for x in items if x not in inside and not neg <= x.start < b]

    def revised(field: str, **previous: Any) -> Revised:
        return Revised("revised", cue, field, text[a:b].strip(" ,;"), span=(neg, b), **previous)

    if _FIGURE.search(folded, a, b) or any(m.kind == "number" and a <= m.start < b
                                           for m in info.matches):
        if any(c.kind in ("killed", "injured") for c in split(info.counts)[1]):
            return revised("fatalities")
    old_dates, new_dates = split(info.dates)
    if old_dates and new_dates:
        return revised("date", previous_date=old_dates[0])
    old_t, new_t = split([m for m in info.matches if m.kind == "target"])
    if any(o.entry.category == n.entry.category for o in old_t for n in new_t):
        return revised("targets")
    old_p, new_p = split(info.places)
    if old_p and new_p:
        return revised("location", previous_place=old_p[0])
    return None
