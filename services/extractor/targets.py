"""Targets and actors named in an event's sentences, from ``targets.yaml`` and ``actors.yaml``."""

from __future__ import annotations

from schemas.incident import Actor, Target
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


def targets(matches: list[Match]) -> list[tuple[Target, Match]]:
    out, seen = [], set()
    for m in matches:
        if m.kind == "target" and m.entry.type not in seen:
            seen.add(m.entry.type)
            out.append((Target(type=m.entry.type, category=m.entry.category), m))
    return out


def actors(matches: list[Match], folded: str, text: str) -> list[tuple[Actor, Match]]:
    out, seen = [], set()
    for m in matches:
        if m.kind != "actor":
            continue
        before = folded[max(0, m.start - 16) : m.start]
        role = "target" if before.endswith(TARGET_CUES) else "perpetrator"
        if (m.entry.name, role) in seen:
            continue
        seen.add((m.entry.name, role))
        out.append(
            (
                Actor(
                    name=m.entry.name, role=role, side=m.entry.side, mention=text[m.start : m.end]
                ),
                m,
            )
        )
    return out
