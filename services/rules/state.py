"""Engine state: what is remembered between incidents, how it is keyed, serialized and bounded.

The worker keeps state in a key-value table (faust) whose values are JSON text, as bytes: the
same bytes in memory and in the changelog, parsed and written by pydantic in one step each, and
nothing for the garbage collector to walk (a dict per value would add dozens of tracked objects
per incident, and every collection of a long-running worker would walk them all). For each
incident it fetches only ``candidate_keys(incident, ruleset)``, passes ``{key: value_or_None}``
to ``evaluate`` and writes back what ``evaluate`` returns (``None`` = delete the key).

Keys are prefixed with the incident's partition bucket ``keys.incident_key(incident)``
(``<CC>:<admin1>``, the key the worker repartitions incidents by), so every key an incident reads
or writes belongs to the partition that processes it (faust writes table changes to the current
event's partition). Correlation therefore never crosses a first-level admin boundary.
- ``<bucket>/cell:<i>:<j>:<YYYY>W<ww>``: the index of open events anchored in a 0.5-degree grid
  cell and dated in one ISO week (``CellState`` of compact ``EventSummary``s: what correlation
  compares, nothing more); an incident fetches the cells its correlation radius touches (1 to
  4) in the weeks its date tolerance reaches (1 to 2), so its cost depends on how much happened
  near it around that date, not on how much is open overall (a backfill of old reports stays
  cheap).
- ``<bucket>/event:<event_id>``: one open event in full (``OpenEvent``: merged incidents, merge
  notes, last alert), read only for the event an incident joins and written only when it
  changes, so the cost of a message does not grow with the number of open events around it.
- ``<bucket>/index`` and ``<bucket>/index:<YYYY>W<ww>``: when cells fall due for deletion. The
  bucket index lists the ISO weeks that hold open cells, each with the hour by which all of them
  expire; a week's index lists its cells with their own hours. Both are read with every incident
  of the bucket (the week indexes of its candidate weeks only), so cells no incident touches
  again are still found and deleted, and their size follows the number of weeks with open
  events and the cells of one week, never every open cell of a year-long backfill.
- ``<bucket>/attacks``: attacks in the admin1 area, for escalation (``AreaState``).
- ``unlocated/date:<YYYY-MM-DD>``: events with no location (never merged; kept for de-dup).

Every value is bounded: events expire ``settings.keep_days`` (the longer of ``expiry.open_days``
and ``correlation.correction_window_days``) after the later of their event date and last update,
at most ``expiry.max_open_per_key`` per key; attack counts outlive the escalation window by
``keep_days`` only (late reports can still be counted).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.alert import Alert, MergeNote
from schemas.base import AwareDatetime
from schemas.incident import Incident
from services.rules.keys import as_first_reported, incident_key
from services.rules.ruleset import Ruleset

__all__ = [
    "CELL_DEG",
    "AreaState",
    "BucketIndex",
    "CellState",
    "WeekIndex",
    "EventSummary",
    "Member",
    "OpenEvent",
    "area_key",
    "bucket",
    "candidate_keys",
    "cell_key",
    "cell_week",
    "dump_value",
    "expired",
    "effective_date",
    "event_key",
    "home_key",
    "expiry_hour",
    "hours_passed",
    "index_key",
    "load_value",
    "prune",
    "StateValue",
    "week_index_key",
]

#: Grid cell size in degrees (~55 km north-south): larger than any correlation radius, so an
#: incident never needs more than a 2x2 block of cells.
CELL_DEG = 0.5
KM_PER_DEG = 111.32


class _State(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OpenEvent(_State):
    """One real-world event: the incidents merged into it and the alert last emitted for it."""

    event_id: str = Field(description="Also the alert_id of its alert.")
    incidents: list[Incident]
    withdrawn: list[str] = Field(default_factory=list, description="Retracted incident ids.")
    noted: list[Incident] = Field(
        default_factory=list, description="Reports that only carry a word on the event (a denial "
        "by the accused party): evidence on the alert, no fact of it."
    )
    merges: list[MergeNote] = Field(default_factory=list)
    rule_ids: list[str] = Field(default_factory=list, description="Rules fired so far (sticky).")
    alert: Alert | None = Field(None, description="Last alert message sent, if any.")
    area: str | None = Field(None, description="Area key the event is counted in.")
    positions: dict[str, str] = Field(
        default_factory=dict, description="incident_id -> position of the message that brought "
        "it (``<topic>/<partition>/<offset>``): the same message consumed again after a crash "
        "re-sends the last alert; a copy published again changes nothing."
    )
    event_date: dt.date
    opened_at: AwareDatetime
    touched_at: AwareDatetime

    def active(self) -> list[Incident]:
        gone = set(self.withdrawn)
        return [i for i in self.incidents if i.incident_id not in gone]

    def has(self, incident_id: str) -> bool:
        return any(i.incident_id == incident_id for i in self.incidents)

    def expires_at(self, open_days: float) -> dt.datetime:
        return _expiry(self.event_date, self.touched_at, open_days)


class Member(_State):
    """What correlation compares of one merged incident (the incident itself is in the event)."""

    incident_id: str
    report_id: str
    publisher: str | None = None
    event_type: str
    sub_event_type: str
    date: dt.date | None = None
    published: dt.date
    date_precision: str = "day"
    country: str | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float = 0.0
    withdrawn: bool = False
    #: Target categories (a refutation of the school does not retract the hospital's alert).
    categories: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, incident: Incident) -> Member:
        """The incident's facts, with a corrected date or place as first reported: the event
        it corrects is found, and indexed, by those (``keys.as_first_reported``)."""
        incident = as_first_reported(incident)
        loc = incident.location
        return cls(
            incident_id=incident.incident_id, report_id=incident.report_id,
            publisher=incident.source.name, event_type=incident.event_type,
            sub_event_type=incident.sub_event_type, date=incident.date,
            published=incident.source.published_at.date(),
            date_precision=incident.date_precision,
            country=loc.country if loc else None, name=loc.name if loc else None,
            lat=loc.lat if loc else None, lon=loc.lon if loc else None,
            radius_km=loc.radius_km if loc else 0.0,
            categories=sorted({t.category for t in incident.targets}),
        )

    @property
    def day(self) -> dt.date:
        """The event date, or the publication date when the text gave none."""
        return self.date or self.published


class EventSummary(_State):
    """An open event as the cell index holds it: enough to correlate and to expire."""

    event_id: str
    event_date: dt.date
    touched_at: AwareDatetime
    members: list[Member]

    def has(self, incident_id: str) -> bool:
        return any(m.incident_id == incident_id for m in self.members)

    def active(self) -> list[Member]:
        return [m for m in self.members if not m.withdrawn]

    def expires_at(self, open_days: float) -> dt.datetime:
        return _expiry(self.event_date, self.touched_at, open_days)


def _expiry(event_date: dt.date, touched_at: dt.datetime, open_days: float) -> dt.datetime:
    day_end = dt.datetime.combine(event_date, dt.time.max, tzinfo=dt.UTC)
    return max(day_end, touched_at) + dt.timedelta(days=open_days)


class CellState(_State):
    kind: Literal["cell"] = "cell"
    events: list[EventSummary] = Field(default_factory=list)


class BucketIndex(_State):
    """The ISO weeks of a bucket with open cells, each with the hour (see ``expiry_hour``) by
    which all of that week's cells expire: read with every incident of the bucket, so expired
    cells are found and deleted even when no incident falls in them again."""

    kind: Literal["index"] = "index"
    weeks: dict[str, int] = Field(default_factory=dict)


class WeekIndex(_State):
    """The cells of one bucket and ISO week that hold events, each with the hour its last event
    expires."""

    kind: Literal["week"] = "week"
    cells: dict[str, int] = Field(default_factory=dict)


class AreaState(_State):
    kind: Literal["area"] = "area"
    attacks: dict[str, dt.date] = Field(default_factory=dict, description="event_id -> date")

    def count_around(self, day: dt.date, window_days: int) -> int:
        """Most attacks in any window of ``window_days`` days that contains ``day``."""
        best = 0
        for offset in range(window_days):
            start = day - dt.timedelta(days=window_days - 1 - offset)
            end = start + dt.timedelta(days=window_days - 1)
            best = max(best, sum(1 for d in self.attacks.values() if start <= d <= end))
        return best


def effective_date(incident: Incident) -> dt.date:
    """The event date, or the publication date of its report when the text gave none."""
    return incident.date or incident.source.published_at.date()


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)


def bucket(incident: Incident) -> str:
    """The worker's partition key for the incident (``services.rules.keys.incident_key``)."""
    return incident_key(incident)


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}W{week:02d}"


def cell_key(bucket_key: str, lat: float, lon: float, day: dt.date) -> str:
    """Index key of the events dated in ``day``'s ISO week around (lat, lon)."""
    i, j = _cell(lat, lon)
    return f"{bucket_key}/cell:{i}:{j}:{_week(day)}"


def event_key(bucket_key: str, event_id: str) -> str:
    return f"{bucket_key}/event:{event_id}"


def index_key(bucket_key: str) -> str:
    return f"{bucket_key}/index"


def week_index_key(bucket_key: str, week: str) -> str:
    return f"{bucket_key}/index:{week}"


def cell_week(key: str) -> str:
    """The ISO week of a cell key (``.../cell:<i>:<j>:<week>`` or ``.../date:<YYYY-MM-DD>``)."""
    kind, _, rest = key.rpartition("/")[2].partition(":")
    if kind == "date":
        return _week(dt.date.fromisoformat(rest))
    return rest.rsplit(":", 1)[1]


def expiry_hour(when: dt.datetime) -> int:
    """``when`` rounded up to the hour, as hours since the epoch: an index entry changes about
    once an hour per cell, not with every message, and a cell is never swept before its events
    expire. Integers, not timestamps: the indexes are read with every message."""
    return math.ceil(when.timestamp() / 3600)


def hours_passed(now: dt.datetime) -> int:
    """Hours since the epoch at ``now``, rounded down: index entries up to it are due."""
    return math.floor(now.timestamp() / 3600)


def area_key(incident: Incident) -> str | None:
    """Key of the escalation counts of the incident's admin1 (None when admin1 is unknown)."""
    loc = incident.location
    if loc is None or not loc.admin1:
        return None
    return f"{bucket(incident)}/attacks"


def home_key(incident: Incident) -> str:
    """Key a new event started by this incident is stored under."""
    incident = as_first_reported(incident)
    loc = incident.location
    if loc is None:
        return f"{bucket(incident)}/date:{effective_date(incident).isoformat()}"
    return cell_key(bucket(incident), loc.lat, loc.lon, effective_date(incident))


def is_retraction(incident: Incident) -> bool:
    """Whether the incident withdraws earlier reporting: ``retraction=True``, or an ``Evidence``
    entry with ``field == "retraction"``."""
    return incident.retraction or any(e.field == "retraction" for e in incident.evidence)


def corrects(incident: Incident) -> bool:
    """The incident corrects earlier reporting (a refutation, a revised toll): it may reach back
    ``correlation.correction_window_days`` to the event it corrects."""
    revised = incident.revision is not None and incident.revision.kind == "revised"
    return revised or is_retraction(incident)


def candidate_keys(incident: Incident, ruleset: Ruleset) -> list[str]:
    """Every key ``evaluate`` may read or write for this incident; the home key first."""
    incident = as_first_reported(incident)
    prefix = bucket(incident)
    keys = [home_key(incident), index_key(prefix)]
    loc = incident.location
    if loc is None:
        keys.append(week_index_key(prefix, cell_week(keys[0])))
        return keys
    corr = ruleset.settings.correlation
    reach_km = corr.max_distance_km + corr.max_uncertainty_km
    dlat = reach_km / KM_PER_DEG
    dlon = reach_km / (KM_PER_DEG * max(math.cos(math.radians(loc.lat)), 0.01))
    i0, j0 = _cell(loc.lat - dlat, loc.lon - dlon)
    i1, j1 = _cell(loc.lat + dlat, loc.lon + dlon)
    # Events dated within the widest date tolerance of this one: one or two ISO weeks.
    day, reach = effective_date(incident), max(corr.date_tolerance_days, corr.week_tolerance_days)
    back = max(reach, corr.correction_window_days) if corrects(incident) else reach
    weeks = dict.fromkeys(_week(day + dt.timedelta(days=d)) for d in range(-back, reach + 1))
    for i in range(i0, i1 + 1):
        for j in range(j0, j1 + 1):
            for week in weeks:
                key = f"{prefix}/cell:{i}:{j}:{week}"
                if key not in keys:
                    keys.append(key)
    keys.extend(week_index_key(prefix, week) for week in weeks)
    area = area_key(incident)
    if area is not None:
        keys.append(area)
    return keys


StateValue = CellState | AreaState | OpenEvent | BucketIndex | WeekIndex


def load_value(key: str, value: bytes | str | dict[str, Any] | None) -> StateValue:
    """Parse a stored value (JSON text, a JSON dict, or None) for ``key``; None for an absent
    event."""
    model: type[StateValue]
    if key.endswith("/attacks"):
        model = AreaState
    elif key.endswith("/index"):
        model = BucketIndex
    elif "/index:" in key:
        model = WeekIndex
    elif "/event:" in key:
        model = OpenEvent
        if value is None:
            raise KeyError(key)
    else:
        model = CellState
    if value is None:
        return model()
    if isinstance(value, bytes | str):
        return model.model_validate_json(value)
    return model.model_validate(value)


def prune(value: StateValue, ruleset: Ruleset, now: dt.datetime) -> list[str]:
    """Drop what has expired at ``now`` (in place) and enforce the per-key cap; return the ids
    of the events dropped from a cell index (their event keys are to be deleted)."""
    exp = ruleset.settings.expiry
    if isinstance(value, CellState):
        keep = [e for e in value.events if e.expires_at(ruleset.settings.keep_days) > now]
        if len(keep) > exp.max_open_per_key:
            keep.sort(key=lambda e: e.touched_at)
            keep = keep[-exp.max_open_per_key:]
        kept = {e.event_id for e in keep}
        dropped = [e.event_id for e in value.events if e.event_id not in kept]
        value.events = keep
        return dropped
    if isinstance(value, BucketIndex):  # for a full sweep (``prune_value``) only
        passed = hours_passed(now)
        value.weeks = {w: h for w, h in value.weeks.items() if h > passed}
    if isinstance(value, WeekIndex):  # for a full sweep (``prune_value``) only
        passed = hours_passed(now)
        value.cells = {k: h for k, h in value.cells.items() if h > passed}
    if isinstance(value, AreaState):
        keep_days = ruleset.settings.escalation.window_days + math.ceil(ruleset.settings.keep_days)
        oldest = now.date() - dt.timedelta(days=keep_days)
        value.attacks = {k: d for k, d in value.attacks.items() if d >= oldest}
    return []


def expired(value: OpenEvent, ruleset: Ruleset, now: dt.datetime) -> bool:
    return value.expires_at(ruleset.settings.keep_days) <= now


def dump_value(value: StateValue) -> bytes | None:
    """JSON text to store, or None when the value is empty (delete the key)."""
    if isinstance(value, CellState):
        empty = not value.events
    elif isinstance(value, AreaState):
        empty = not value.attacks
    elif isinstance(value, BucketIndex):
        empty = not value.weeks
    elif isinstance(value, WeekIndex):
        empty = not value.cells
    else:
        empty = False
    return None if empty else value.model_dump_json().encode()
