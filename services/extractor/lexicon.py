"""Lexicons as data: loading and validating the YAML files in ``data/``, and matching them.

Every entry has a stable ``id``; the ids of entries that matched travel with the results into each
incident's evidence. A bad file fails at load with the file, entry and field named.
All phrases are matched at once with one Aho-Corasick automaton over the folded (ASCII, lower-case)
text, keeping only matches on word boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal

import ahocorasick
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from schemas.incident import (
    SUB_EVENT_TYPES,
    EventType,
    Qualifier,
    SubEventType,
    TargetCategory,
)

DATA_DIR = Path(__file__).parent / "data"
_NON_ALNUM = re.compile(r"[^0-9a-z]")
#: ``_NON_ALNUM.sub(" ", s)`` for ASCII text, as a byte table (about 50x faster than the regex)
_ASCII_BLANKS = bytes(
    c if chr(c) in "0123456789abcdefghijklmnopqrstuvwxyz" else 32 for c in range(256)
)


def _blank(folded: str) -> str:
    """Every character but ASCII lower-case letters and digits becomes a space (one for one)."""
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_BLANKS).decode("ascii")
    return _NON_ALNUM.sub(" ", folded)


class LexiconError(ValueError):
    """A data file is missing or invalid; the message names the file, entry and field."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
    phrases: tuple[str, ...] = Field(min_length=1)

    @field_validator("phrases")
    @classmethod
    def _lower(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        out = tuple(str(p).strip().lower() for p in v)
        if any(not p for p in out):
            raise ValueError("empty phrase")
        return out


class Trigger(_Entry):
    sub_event_type: SubEventType
    priority: int = Field(ge=0, le=100)
    weak: bool = False
    #: Also names everyday things (a drone filming, a plane crashing): a non-conflict cue in the
    #: sentence cancels it, as it does low-priority triggers.
    everyday: bool = False
    #: Sub-event when the victims are armed (soldiers, police, fighters): "attacked a checkpoint"
    armed_target_sub: SubEventType | None = None

    @property
    def event_type(self) -> str:
        return SUB_EVENT_TYPES[self.sub_event_type]


class TargetEntry(_Entry):
    type: str
    category: TargetCategory
    #: People or a service who may tell of the event ("medics said"): with a ``testimony`` cue
    #: right after it, the mention is who speaks, not what was hit.
    voice: bool = False
    #: The name holds a weapon that is what was hit, not what hit it ("missile launch sites"):
    #: triggers inside a mention of this target are not events.
    masks_triggers: bool = False


class ActorEntry(_Entry):
    #: "{country}" in the name stands for the event's country: "Military Forces of {country}".
    name: str
    side: str | None = None
    #: Country the actor operates in, when that is a strong geocoding hint (ISO alpha-2).
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    #: The name holds an event word that is part of the name ("Air Force Intelligence"): triggers
    #: inside a mention of this actor are not events.
    masks_triggers: bool = False


class NumberWord(_Entry):
    value: int = Field(ge=0)
    qualifier: Qualifier = "exact"


CueKind = Literal[
    "negation",
    "hypothetical",
    "denial",
    "background",
    "cumulative",
    "report_verb",
    "no_casualties",
    "context",
    "non_conflict",
    "non_event",
    "recent",
    "aggregate",
    "destination",
    "speaker_role",
    "testimony",
    "refutation",
    "correction",
    "toll_rise",
    "contrast",
    "grievance",
    "separate",
    "generic",
    "partitive",
    "link",
    "people_list",
    "aftermath",
]
#: How a refutation cue says the event did not happen as reported.
Refutes = Literal["no_event", "other_target", "withdrawn"]
#: Who a speaker is: the parties to a conflict, or independent voices (``corrections``).
SpeakerRole = Literal[
    "military", "government", "armed_group",
    "monitor", "rescuers", "health", "facility", "outlet", "witness", "official",
]


class Cue(_Entry):
    kind: CueKind
    #: Which triggers the cue governs (ConText's direction): ``both`` (any in its clause) or
    #: ``forward`` (only those after it: "the anniversary of the arrest" makes the arrest history,
    #: not the arrests made today "amid preparations to mark" it) or ``backward`` (only those
    #: before it: "as fighting continues").
    direction: Literal["both", "forward", "backward"] = "both"
    #: The farthest a trigger may stand from the cue for the cue to govern it, in characters
    #: (ConText's scope window); None: the whole clause. "accounts closed months ago" dates the
    #: closing, not the protest a long clause before it.
    reach: int | None = Field(None, ge=1)
    #: For ``refutation`` cues: how the event did not happen as reported.
    refutes: Refutes | None = None
    #: The event types whose triggers the cue governs; all when empty ("called for" makes a
    #: protest a call for one, not a strike the UN "called for" an inquiry into).
    event_types: list[EventType] = Field(default_factory=list)

    @model_validator(mode="after")
    def _refutes_only_refutations(self) -> Cue:
        if (self.kind == "refutation") != (self.refutes is not None):
            raise ValueError("'refutes' is given exactly for refutation cues")
        return self


class SpeakerEntry(_Entry):
    role: SpeakerRole


class CountryEntry(_Entry):
    iso: str = Field(pattern=r"^[A-Z]{2}$")
    #: First-level areas (gazetteer admin1 names) the phrase points to within the country: the
    #: OSCE mission's observations lie in Donetsk and Luhansk.
    areas: list[str] = Field(default_factory=list)


#: file name -> (match kind, entry model)
FILES: dict[str, tuple[str, type[_Entry]]] = {
    "triggers.yaml": ("trigger", Trigger),
    "targets.yaml": ("target", TargetEntry),
    "actors.yaml": ("actor", ActorEntry),
    "numbers.yaml": ("number", NumberWord),
    "cues.yaml": ("cue", Cue),
    "countries.yaml": ("country", CountryEntry),
    "speakers.yaml": ("speaker", SpeakerEntry),
}


@dataclass(slots=True, eq=False)  # not frozen: frozen init costs 2x on the hot path
class Match:
    start: int
    end: int
    kind: str
    entry: Any


_START_END = attrgetter("start", "end")


def load_entries(path: Path, model: type[_Entry]) -> list[Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path.name}: cannot read: {exc}") from exc
    if not isinstance(raw, list):
        raise LexiconError(f"{path.name}: expected a list of entries")
    entries, seen = [], set()
    for i, item in enumerate(raw):
        try:
            entry = model.model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "?"
            ident = item.get("id", f"#{i}") if isinstance(item, dict) else f"#{i}"
            raise LexiconError(
                f"{path.name}: entry {ident}: field {field!r}: {err['msg']}"
            ) from exc
        if entry.id in seen:
            raise LexiconError(f"{path.name}: entry {entry.id}: field 'id': duplicate id")
        seen.add(entry.id)
        entries.append(entry)
    return entries


class Lexicon:
    """All phrase lexicons, compiled into one automaton."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.entries: dict[str, list[Any]] = {}
        self._auto = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, Any]]] = {}
        for name, (kind, model) in FILES.items():
            entries = load_entries(data_dir / name, model)
            self.entries[kind] = entries
            for e in entries:
                for p in e.phrases:
                    table.setdefault(p, []).append((kind, e))
        # Phrases are stored as " phrase " over text whose non-alphanumerics became spaces (one
        # for one, so offsets hold): every hit is word-bounded by construction, and words inside
        # longer words ("war" in "toward") are never even reported.
        padded: dict[str, list[tuple[str, Any]]] = {}
        for phrase, values in table.items():
            vals = padded.setdefault(f" {_NON_ALNUM.sub(' ', phrase)} ", [])
            vals.extend(v for v in values if v not in vals)
        for key, values in padded.items():
            self._auto.add_word(key, (len(key), tuple(values)))
        self._auto.make_automaton()

    def match(self, folded: str) -> list[Match]:
        """All word-bounded matches; per kind, overlapping matches keep the longest."""
        # tuples sort in C; Match objects are built only for the matches kept (hot path)
        raw: list[tuple[str, int, int, int, Any]] = []
        hay = f" {_blank(folded)} "
        for end, (length, values) in self._auto.iter(hay):
            # the key spans hay[end - length + 1 : end + 1]; in ``folded`` the phrase starts where
            # the key starts (hay has one leading space) and is two characters shorter
            start = end - length + 1
            for kind, entry in values:
                raw.append((kind, start, 2 - length, len(raw), entry))  # seq keeps ties stable
        raw.sort()
        out: list[Match] = []
        last: dict[str, int] = {}
        for kind, start, neg_len, _seq, entry in raw:
            end = start - neg_len
            if kind == "cue":  # cues of different kinds may overlap each other freely
                out.append(Match(start, end, kind, entry))
                continue
            if start >= last.get(kind, -1):
                out.append(Match(start, end, kind, entry))
                last[kind] = end
        out.sort(key=_START_END)  # a C-level key: no Python call per match
        return out
