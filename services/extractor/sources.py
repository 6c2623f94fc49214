"""Who tells of an event: an event that only a party to the fighting reports is kept, and
flagged ``reported_by_one_side``.

A report attributes what it tells ("..., the army said", "according to medics"). When every
attribution in an event's sentences names a party (an army, a government or its media, an armed
group: the roles ``corrections.PARTIES`` of ``speakers.yaml``) and none names an independent
voice (a monitor, rescuers, health workers, the facility, witnesses, local officials), the event
is one side's account: "The defence ministry said its jets destroyed a rebel arms depot near
Ariha." It still raises alerts; the flag tells the reader whose word it is.
"""

from __future__ import annotations

import re

from services.extractor.corrections import PARTIES, role_of, voices
from services.extractor.events import Event
from services.extractor.lexicon import Match

__all__ = ["ONE_SIDE_RULE", "one_sided"]

ONE_SIDE_RULE = "status.one_side"
#: How far a speaker may stand from its verb of speech: "the army said", "said the ministry",
#: "according to the Syrian defence ministry"; a clause boundary in between ends the reach.
REACH = 40
_BOUNDARY = re.compile(r"[.;:!?\n]|,\s+(?:killing|wounding|injuring|leaving)\b")


def one_sided(ev: Event, text: str) -> Match | None:
    """The party that alone tells of ``ev`` (its first attribution), or None when no one is
    named, or an independent voice is."""
    parties: list[Match] = []
    for info in ev.sents:
        for cue in info.matches:
            if cue.kind != "cue" or cue.entry.kind != "report_verb":
                continue
            speaker = _speaker(cue, info.matches, text)
            if speaker is None:
                continue
            if role_of(speaker) not in PARTIES:
                return None  # an independent voice tells of it too
            parties.append(speaker)
    return parties[0] if parties else None


def _speaker(cue: Match, matches: list[Match], text: str) -> Match | None:
    """The voice right before the verb of speech ("the army said") or right after it ("said
    the army", "according to medics"), within ``REACH`` and the same clause."""
    near = voices(cue, matches)
    before = [m for m in near if m.end <= cue.start and cue.start - m.end <= REACH
              and not _BOUNDARY.search(text, m.end, cue.start)]
    if before:
        return before[-1]
    after = [m for m in near if m.start >= cue.end and m.start - cue.end <= REACH
             and not _BOUNDARY.search(text, cue.end, m.start)]
    return after[0] if after else None
