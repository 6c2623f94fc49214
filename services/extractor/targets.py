"""Targets and actors named in an event's sentences, from ``targets.yaml`` and ``actors.yaml``.

Both are returned as plain dicts (the fields of ``schemas.incident.Target`` / ``Actor``): the
Incident validates them with everything else in one call (``assemble.EvidenceData`` says why).
"""

from __future__ import annotations

import re

from services.extractor.lexicon import Match

#: Words just before an actor mention that make it the target, not the perpetrator.
TARGET_CUES = (
    "against ",
    "targeting ",
    "targeted ",
    "on ",
    "killing ",
    "killed ",
    "wounding ",
    "injuring ",
    "at ",
    "positions of ",
    "attacked ",
    "ambushed ",
    "with ",
    "of ",
)


#: How far before a target a destination cue still governs it ("taken to the main city
#: hospital"), and how far after it a speaker's role may stand ("hospital's director"), in
#: characters.
DESTINATION_REACH = 24
ROLE_REACH = 4


#: What may stand between a target that speaks and its verb: where it is ("doctors at the
#: hospital said", "medics at the clinic in Ariha told").
_VOICE_GAP = re.compile(
    r"(?:[ \t]+(?:at|in|from|of)[ \t]+(?:[a-z'-]+[ \t]+){0,3}?[a-z'-]+){0,2}[ \t]+")


def _speaks(m: Match, cue: Match, folded: str | None) -> bool:
    """The target who may speak ("medics", "the hospital") is the subject of the testimony
    verb: right before it, or before it and where it is."""
    if not m.entry.voice or cue.start < m.end:
        return False
    if cue.start - m.end <= ROLE_REACH:
        return True
    return folded is not None and _VOICE_GAP.fullmatch(folded, m.end, cue.start) is not None


def incidental(m: Match, matches: list[Match], folded: str | None = None) -> bool:
    """The target is named as a place victims were taken to, as a speaker's workplace, or is
    itself who speaks, not what was hit: "rushed to the hospital", "a hospital director said",
    "killing 12, medics said"."""
    for c in matches:
        if c.kind != "cue":
            continue
        if c.entry.kind == "destination" and 0 <= m.start - c.end <= DESTINATION_REACH:
            return True
        if c.entry.kind == "speaker_role" and 0 <= c.start - m.end <= ROLE_REACH:
            return True
        if c.entry.kind == "testimony" and _speaks(m, c, folded):
            return True
    return False


def targets(matches: list[Match], folded: str | None = None) -> list[tuple[dict, Match]]:
    out, seen = [], set()
    for m in matches:
        if m.kind == "target" and m.entry.type not in seen and not incidental(m, matches, folded):
            seen.add(m.entry.type)
            out.append(({"type": m.entry.type, "category": m.entry.category}, m))
    return out


def actors(matches: list[Match], folded: str, text: str,
           country: str | None = None) -> list[tuple[dict, Match]]:
    """The actors named, each once per role. A name holding "{country}" ("government forces")
    takes the name of the event's country (``country``), "the state" when the event has none."""
    out, seen = [], set()
    for m in matches:
        if m.kind != "actor":
            continue
        before = folded[max(0, m.start - 16) : m.start]
        role = "target" if before.endswith(TARGET_CUES) else "perpetrator"
        name = m.entry.name.replace("{country}", country or "the state")
        if (name, role) in seen:
            continue
        seen.add((name, role))
        out.append(
            (
                {
                    "name": name,
                    "role": role,
                    "side": m.entry.side,
                    "mention": text[m.start : m.end],
                },
                m,
            )
        )
    return out
