"""Whether a trigger describes a real, current event: negation, denial, hypotheticals, history
and running totals. Cues are lexicon entries (``cues.yaml``); their ids go into the evidence.
"""

from __future__ import annotations

import datetime as dt

from services.extractor.lexicon import Match

#: How far before a trigger a negation/hypothetical cue still governs it, in characters
#: (about five words: "did not carry out any airstrikes").
NEG_WINDOW = 40
HYPO_WINDOW = 60
#: A date this long before publication makes its sentence history, not news.
BACKGROUND_DAYS = 45


def cues_of(matches: list[Match], kind: str) -> list[Match]:
    return [m for m in matches if m.kind == "cue" and m.entry.kind == kind]


def cancelled(
    trigger: Match, sent_matches: list[Match], sent_text_folded: str, sent_start: int
) -> str | None:
    """Rule id of the cue that cancels this trigger, or None when the trigger stands."""
    for m in cues_of(sent_matches, "denial"):
        return m.entry.id
    for m in cues_of(sent_matches, "negation"):
        if m.end <= trigger.start and trigger.start - m.end <= NEG_WINDOW:
            between = sent_text_folded[m.end - sent_start : trigger.start - sent_start]
            if "," in between or " but " in between or " and " in between:
                continue
            return m.entry.id
    for m in cues_of(sent_matches, "hypothetical"):
        if m.end <= trigger.start and trigger.start - m.end <= HYPO_WINDOW:
            between = sent_text_folded[m.end - sent_start : trigger.start - sent_start]
            if "," in between or ";" in between:
                continue
            return m.entry.id
    return None


def background_of(sent_matches: list[Match], dates: list, published: dt.date) -> str | None:
    """Rule id that makes a sentence background (history/context), or None."""
    for m in cues_of(sent_matches, "background"):
        return m.entry.id
    for d in dates:
        if d.precision in ("day", "month") and (published - d.date).days > BACKGROUND_DAYS:
            return d.rule_id + ".past"
    return None


def cumulative_of(sent_matches: list[Match]) -> str | None:
    for m in cues_of(sent_matches, "cumulative"):
        return m.entry.id
    return None
