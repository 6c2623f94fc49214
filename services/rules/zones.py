"""Declared zones (de-escalation, demilitarized...): loading the GeoJSON and locating incidents.

Owns the ``Zone`` model, the named activity classes a zone's ``forbids`` may use, and ``locate``:
which active zones a location falls in on a date, and how sure that is (``ZoneRef.certainty``):

- ``confirmed``: the whole uncertainty disc lies inside, or a town/exact point lies inside;
- ``possible``: only part of the disc (point +- ``radius_km``) of a coarse location overlaps it,
  or a town-level point lies just outside but within its radius.

Geometry is APPROXIMATE (see each feature's ``geometry_note`` and ``build_zones.py``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from shapely import affinity, prepared
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from schemas.alert import ZoneRef
from schemas.incident import EVENT_TYPES, SUB_EVENT_TYPES, Location
from services.common.errors import ConfigError
from services.common.files import read_document

__all__ = [
    "ACTIVITY_CLASSES",
    "DEFAULT_ZONES",
    "Zone",
    "ZoneError",
    "ZoneHit",
    "Zones",
    "forbidden",
    "load_zones",
    "locate",
]

DEFAULT_ZONES = Path(__file__).parent / "data" / "zones.geojson"
_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")

#: Named activity classes for ``forbids``, expanded to ACLED event / sub-event types.
ACTIVITY_CLASSES: dict[str, tuple[str, ...]] = {
    # Astana/Sochi: "cessation of hostilities ... including the use of any kind of weapons".
    "hostilities": _VIOLENCE,
    # Sochi: tanks, MLRS, artillery and mortars to be withdrawn from the DMZ.
    "heavy-weapons": ("Shelling/artillery/missile attack",),
    "air-strikes": ("Air/drone strike",),
    "territorial-advance": (
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
}
_KNOWN_ACTIVITIES = set(ACTIVITY_CLASSES) | set(EVENT_TYPES) | set(SUB_EVENT_TYPES)


class ZoneError(ConfigError):
    """A zones file is unreadable or invalid; the message names the feature and field."""


class Zone(BaseModel):
    """Properties of one zone feature."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    kind: str
    declared_by: list[str] = Field(default_factory=list)
    agreement: str
    valid_from: dt.date
    valid_to: dt.date | None = Field(None, description="Exclusive: the zone ends that day.")
    validity_note: str = ""
    forbids: list[str] = Field(default_factory=list)
    geometry_note: str = Field(min_length=1)

    @field_validator("forbids")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in _KNOWN_ACTIVITIES:
                raise ValueError(f"unknown activity {item!r}")
        return value

    @field_validator("geometry_note")
    @classmethod
    def _approximate(cls, value: str) -> str:
        if "APPROXIMATE" not in value:
            raise ValueError("must say the geometry is APPROXIMATE")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Zone:
        if self.valid_to is not None and self.valid_to <= self.valid_from:
            raise ValueError("valid_to must be after valid_from")
        return self

    def active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def forbids_activity(self, event_type: str, sub_event_type: str) -> bool:
        return forbidden(self.forbids, event_type, sub_event_type)


def forbidden(forbids: list[str], event_type: str, sub_event_type: str) -> bool:
    """Whether an activity list (types, sub-types, class names) covers the given activity."""
    for item in forbids:
        expanded = ACTIVITY_CLASSES.get(item, (item,))
        if event_type in expanded or sub_event_type in expanded:
            return True
    return False


@dataclass(frozen=True)
class _Shape:
    zone: Zone
    geometry: BaseGeometry
    prepared: Any
    area: float  # in square degrees: only to rank nested zones


@dataclass(frozen=True)
class ZoneHit:
    """A zone a location falls in, with the certainty."""

    zone: Zone
    certainty: str  # "confirmed" | "possible"

    def ref(self) -> ZoneRef:
        return ZoneRef(id=self.zone.id, name=self.zone.name, kind=self.zone.kind,
                       certainty=self.certainty)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Zones:
    """The loaded zones (immutable, shareable across messages)."""

    shapes: tuple[_Shape, ...]

    @property
    def zones(self) -> list[Zone]:
        return [s.zone for s in self.shapes]

    @classmethod
    def from_geojson(cls, data: Any, origin: str = "<zones>") -> Zones:
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise ZoneError(f"{origin}: not a GeoJSON FeatureCollection")
        shapes, seen = [], set()
        for i, feature in enumerate(data.get("features") or []):
            where = f"{origin}: features[{i}]"
            try:
                zone = Zone.model_validate(feature.get("properties") or {})
            except ValidationError as exc:
                err = exc.errors()[0]
                field = ".".join(str(p) for p in err["loc"])
                msg = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
                raise ZoneError(f"{where}.properties.{field}: {msg}") from None
            if zone.id in seen:
                raise ZoneError(f"{where}.properties.id: duplicate zone id {zone.id!r}")
            seen.add(zone.id)
            try:
                geom = shape(feature["geometry"])
            except Exception as exc:  # shapely raises several types for bad geometry
                raise ZoneError(f"{where}.geometry: {exc}") from None
            if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
                raise ZoneError(f"{where}.geometry: must be a non-empty (Multi)Polygon")
            shapes.append(_Shape(zone, geom, prepared.prep(geom), geom.area))
        return cls(tuple(shapes))


def _disc(lat: float, lon: float, radius_km: float) -> BaseGeometry:
    """Uncertainty disc as a lon/lat ellipse (equirectangular, fine at these sizes)."""
    circle = Point(lon, lat).buffer(radius_km / 111.32, quad_segs=8)
    return affinity.scale(circle, xfact=1 / max(math.cos(math.radians(lat)), 0.01), yfact=1.0)


def locate(location: Location | None, day: dt.date | None, zones: Zones) -> list[ZoneHit]:
    """Active zones the location falls in on ``day``; confirmed, then smallest, first.

    An undated incident cannot be placed in time, so it is in no zone.
    """
    if location is None or day is None:
        return []
    point = Point(location.lon, location.lat)
    coarse = location.precision in ("district", "province", "country")
    disc: BaseGeometry | None = None  # built only when a point test cannot decide
    hits: list[tuple[_Shape, str]] = []
    for s in zones.shapes:
        if not s.zone.active_on(day):
            continue
        inside = s.prepared.contains(point)
        if inside and (not coarse or location.radius_km <= 0):
            hits.append((s, "confirmed"))
            continue
        if location.radius_km <= 0:
            continue
        if disc is None:
            disc = _disc(location.lat, location.lon, location.radius_km)
        if s.prepared.contains(disc):
            hits.append((s, "confirmed"))
        elif s.prepared.intersects(disc):
            hits.append((s, "possible"))
    # Confirmed first, then the most specific (smallest) zone: the DMZ lies inside the
    # de-escalation zone and is the more telling one to report.
    hits.sort(key=lambda hit: (hit[1] != "confirmed", hit[0].area))
    return [ZoneHit(s.zone, certainty) for s, certainty in hits]


def load_zones(path: str | Path | None = None) -> Zones:
    """Load and validate a zones GeoJSON (the packaged default when ``path`` is None)."""
    if path is None or Path(path) == DEFAULT_ZONES:
        return _load_default()
    return _load(Path(path))


def _load(path: Path) -> Zones:
    return Zones.from_geojson(read_document(path, ZoneError), str(path))


@lru_cache(maxsize=1)
def _load_default() -> Zones:
    return _load(DEFAULT_ZONES)
