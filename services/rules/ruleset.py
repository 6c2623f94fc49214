"""The ruleset: alert rules as data, loaded from YAML and validated once, failing fast.

Owns the rule and settings models and ``load_ruleset``. A rule is an ``id`` (stable, travels in
``Alert.rule_ids``), a ``severity``, a ``title`` template and ``conditions`` that are all ANDed
(a list inside one condition is an OR). ``conditions.py`` evaluates them; ``engine.py`` uses the
settings for correlation, expiry and escalation counting.

Errors name the bad field, e.g. ``rules[2].conditions.min_fatalities: must be >= 0``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from schemas.alert import Severity
from schemas.incident import EventType, LocationPrecision, SubEventType, TargetCategory
from services.common.errors import ConfigError
from services.common.files import read_document
from services.rules.titles import check_template

__all__ = [
    "DEFAULT_RULES",
    "SEVERITY_RANK",
    "PRECISION_RANK",
    "Conditions",
    "CorrelationSettings",
    "EscalationSettings",
    "ExpirySettings",
    "Rule",
    "Ruleset",
    "RulesetError",
    "Settings",
    "ZoneCondition",
    "load_ruleset",
    "parse_ruleset",
]

DEFAULT_RULES = Path(__file__).parent / "data" / "default-rules.yaml"
SEVERITY_RANK: dict[str, int] = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
#: Finer is higher: ``min_location_precision: town`` accepts exact and town.
PRECISION_RANK: dict[str, int] = {"country": 0, "province": 1, "district": 2, "town": 3, "exact": 4}
RULE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class RulesetError(ConfigError):
    """A ruleset file is unreadable or invalid; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ZoneCondition(_Strict):
    """The incident lies in an active declared zone (from the zones file)."""

    ids: list[str] | None = Field(None, description="Zone ids; any zone when absent.")
    kinds: list[str] | None = Field(None, description="Zone kinds, e.g. ['demilitarized'].")
    forbidden_activity: bool = Field(
        False, description="Only zones whose terms forbid the incident's activity."
    )
    certainty: Literal["confirmed", "possible"] = Field(
        "possible", description="'confirmed' ignores coarse locations that only may be inside."
    )


class Conditions(_Strict):
    """What an incident must satisfy for a rule to fire. All given conditions must hold."""

    event_types: list[EventType] | None = Field(None, min_length=1)
    sub_event_types: list[SubEventType] | None = Field(None, min_length=1)
    target_categories: list[TargetCategory] | None = Field(None, min_length=1)
    zone: ZoneCondition | None = None
    min_fatalities: int | None = Field(None, ge=0)
    min_child_fatalities: int | None = Field(None, ge=0)
    actors: list[str] | None = Field(None, min_length=1, description="Actor names (any).")
    actor_role: Literal["perpetrator", "target"] | None = Field(
        None, description="Restrict `actors` to one side of the event."
    )
    countries: list[str] | None = Field(None, min_length=1)
    admin1: list[str] | None = Field(None, min_length=1)
    min_location_precision: LocationPrecision | None = None
    min_area_attacks: int | None = Field(
        None, ge=1, description="Escalation: attacks in the incident's admin1 within the window."
    )
    background: Literal[False] = Field(
        False, description="Background incidents never raise alerts; only `false` is accepted."
    )

    @field_validator("countries")
    @classmethod
    def _iso(cls, value: list[str] | None) -> list[str] | None:
        for code in value or []:
            if len(code) != 2 or not code.isalpha() or not code.isupper():
                raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code")
        return value

    @model_validator(mode="after")
    def _role_needs_actors(self) -> Conditions:
        if self.actor_role is not None and self.actors is None:
            raise ValueError("actor_role needs actors")
        return self


class Rule(_Strict):
    """One alert rule."""

    id: str = Field(pattern=RULE_ID_PATTERN, description="Stable id, kebab-case.")
    severity: Severity
    title: str = Field(min_length=1, description="Title template: 'Attack in {location.name}'.")
    description: str = ""
    enabled: bool = True
    conditions: Conditions

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        check_template(value)
        return value


class CorrelationSettings(_Strict):
    """When two reports describe the same real-world event."""

    max_distance_km: float = Field(10.0, ge=0, description="Between two located points.")
    max_uncertainty_km: float = Field(
        15.0, ge=0, description="Cap on the location uncertainty added to max_distance_km."
    )
    date_tolerance_days: int = Field(1, ge=0, description="For two day-precise dates.")
    week_tolerance_days: int = Field(7, ge=0, description="When either date is week-precise.")
    correction_window_days: int = Field(
        14, ge=0, description="A refutation or a revised toll that names no day of its own "
        "reaches back this far to the event it corrects; events stay open at least this long."
    )
    compatible_event_types: list[list[EventType]] = Field(
        default_factory=lambda: [["Explosions/Remote violence", "Violence against civilians"]],
        description="Groups of different event types that may describe one event.",
    )


class ExpirySettings(_Strict):
    """How long an event stays open for correlation; bounds the state."""

    open_days: float = Field(7.0, gt=0, description="After the later of event date and update.")
    max_open_per_key: int = Field(500, ge=1, description="Oldest events dropped beyond this.")


class EscalationSettings(_Strict):
    """What counts as an attack for `min_area_attacks`, over which sliding window."""

    window_days: int = Field(2, ge=1, description="Event dates within this many days, inclusive.")
    event_types: list[EventType] = Field(
        default_factory=lambda: [
            "Battles", "Explosions/Remote violence", "Violence against civilians"
        ],
        min_length=1,
    )


class Settings(_Strict):
    correlation: CorrelationSettings = Field(default_factory=CorrelationSettings)
    expiry: ExpirySettings = Field(default_factory=ExpirySettings)
    escalation: EscalationSettings = Field(default_factory=EscalationSettings)

    @property
    def keep_days(self) -> float:
        """How long an event stays open: for new reports, and for later corrections."""
        return max(self.expiry.open_days, float(self.correlation.correction_window_days))


class Ruleset(_Strict):
    """A whole ruleset file."""

    version: Literal[1] = 1
    settings: Settings = Field(default_factory=Settings)
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Ruleset:
        seen: set[str] = set()
        for i, rule in enumerate(self.rules):
            if rule.id in seen:
                raise ValueError(f"rules[{i}].id: duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        return self

    @property
    def enabled_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.enabled]


def _location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(err: dict[str, Any]) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field missing"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": ">=", "greater_than": ">",
              "less_than_equal": "<=", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()))
        return f"must be {op} {bound}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')} (got {err.get('input')!r})"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def format_errors(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        where = _location(err["loc"])
        msg = _message(err)
        # Model-level validators put the path in the message themselves.
        lines.append(msg if not where or msg.startswith("rules[") else f"{where}: {msg}")
    return "; ".join(lines)


def parse_ruleset(data: Any, origin: str = "<ruleset>") -> Ruleset:
    """Validate an already-parsed YAML/JSON document."""
    if not isinstance(data, dict):
        raise RulesetError(f"{origin}: top level must be a mapping with 'rules'")
    try:
        return Ruleset.model_validate(data)
    except ValidationError as exc:
        raise RulesetError(f"{origin}: {format_errors(exc)}") from None


def load_ruleset(path: str | Path | None = None) -> Ruleset:
    """Load and validate a ruleset file (the packaged default when ``path`` is None)."""
    path = Path(path) if path is not None else DEFAULT_RULES
    if path == DEFAULT_RULES:
        return _load_default()
    return _load(path)


def _load(path: Path) -> Ruleset:
    return parse_ruleset(read_document(path, RulesetError), str(path))


@lru_cache(maxsize=1)
def _load_default() -> Ruleset:
    return _load(DEFAULT_RULES)
