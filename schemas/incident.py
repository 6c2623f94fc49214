"""Incident: one real-world event extracted from a report, on the ``incidents`` topic.

Event and sub-event types are ACLED's taxonomy, spelled exactly as ACLED spells them, so incidents
can be compared with ACLED data and read by people who know it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from schemas.base import SCHEMA_VERSION, AwareDatetime, Internal

#: ACLED sub-event type -> its event type (ACLED codebook, 2023 revision: 6 types, 25 sub-types).
SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}
EVENT_TYPES: tuple[str, ...] = tuple(dict.fromkeys(SUB_EVENT_TYPES.values()))

EventType = Literal[
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
]
SubEventType = Literal[
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
]
TargetCategory = Literal[
    "health",
    "education",
    "market",
    "residential",
    "camp",
    "religious",
    "infrastructure",
    "humanitarian",
    "military",
    "civilian",
    "other",
]
LocationPrecision = Literal["exact", "town", "district", "province", "country"]
DatePrecision = Literal["day", "week", "month", "year"]
Qualifier = Literal["exact", "at_least", "more_than", "approximate"]
#: Whether what the report tells is a new event (ConText-style status of its mentions).
MentionStatus = Literal[
    "asserted",
    "reported_by_one_side",
    "negated",
    "denied",
    "hypothetical",
    "historical",
    "aggregate",
    "refuted",
    "corrected",
    "denied_by_accused",
]
#: The statuses that tell of a new event (or of a revised detail of a real one): only these
#: raise alerts.
NEW_EVENT_STATUSES = frozenset({"asserted", "reported_by_one_side", "corrected"})
#: Who refutes earlier reporting: an independent party, or the outlet correcting itself.
RefuterRole = Literal["monitor", "rescuers", "health", "facility", "outlet", "witness", "official"]
RefutationKind = Literal["no_event", "other_target", "withdrawn"]
RevisionKind = Literal["revised", "rises"]


class Location(Internal):
    """Where an event happened, as precisely as the text allows."""

    name: str = Field(description="Place name as resolved in the gazetteer.")
    admin1: str | None = Field(None, description="First-level admin area (province/governorate).")
    admin2: str | None = Field(None, description="Second-level admin area (district), when known.")
    country: str = Field(
        pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code."
    )
    lat: float = Field(ge=-90, le=90, description="Latitude, WGS84 degrees.")
    lon: float = Field(ge=-180, le=180, description="Longitude, WGS84 degrees.")
    precision: LocationPrecision = Field(
        description="What the point stands for: a town, or only a district/province/country."
    )
    radius_km: float = Field(
        # finite: an infinite radius is written to JSON as null and would not read back
        ge=0, allow_inf_nan=False,
        description="Uncertainty radius around the point in km (larger when coarser)."
    )
    gazetteer_id: str | None = Field(
        None, description="Identifier of the gazetteer entry (e.g. 'wof:123', 'geonames:456')."
    )


class Casualties(Internal):
    """A casualty count (people killed, or people injured) for one incident."""

    total: int | None = Field(None, ge=0, description="Everyone counted; null when not reported.")
    civilians: int | None = Field(None, ge=0, description="Civilians among them, when stated.")
    children: int | None = Field(None, ge=0, description="Children among them, when stated.")
    qualifier: Qualifier = Field(
        "exact", description="How the text qualifies the number ('at least 20' -> at_least)."
    )


class Actor(Internal):
    """A party named in the event, normalized to a canonical name."""

    name: str = Field(description="Normalized name, e.g. 'Military Forces of Russia'.")
    role: Literal["perpetrator", "target"] = Field(description="Which side of the event it is on.")
    side: str | None = Field(
        None, description="Alignment when the text says it, e.g. 'pro-government', 'opposition'."
    )
    mention: str | None = Field(None, description="The words of the text that named it.")


class Target(Internal):
    """Something that was hit: a facility, a group of people, a piece of infrastructure."""

    type: str = Field(description="What was hit, e.g. 'hospital', 'maternity', 'ambulance'.")
    category: TargetCategory = Field(description="Protected-object class used by alert rules.")


class Evidence(Internal):
    """Where in the report a field came from, and which rules produced it."""

    field: str = Field(description="Incident field this supports, e.g. 'fatalities', 'location'.")
    sentence: str = Field(description="The sentence the value was read from.")
    start: int = Field(ge=0, description="Character offset of the matched span in the report text.")
    end: int = Field(ge=0, description="End offset (exclusive) of the matched span.")
    text: str = Field(description="The matched span itself.")
    rule_ids: list[str] = Field(
        default_factory=list, description="Ids of the rules or lexicon entries that fired."
    )


class Refutation(Internal):
    """Why a report withdraws earlier reporting of an event, and who says so."""

    by: RefuterRole = Field(
        description="Who refutes: an independent party (monitor, rescuers, health authority, "
        "the facility, witnesses, officials) or the outlet correcting its own report; an outlet "
        "withdraws only its own reporting, the others the whole event."
    )
    kind: RefutationKind = Field(
        description="'no_event' (nothing happened), 'other_target' (something else was hit "
        "than reported), 'withdrawn' (the report is taken back)."
    )
    speaker: str | None = Field(None, description="The words that name who refutes.")
    reason: str = Field(description="The sentence that refutes.")
    rule_ids: list[str] = Field(default_factory=list, description="Cue and speaker rule ids.")


class Revision(Internal):
    """A detail the report states as a revision of earlier reporting: a toll, or the date, place
    or target the event was first reported with."""

    field: Literal["fatalities", "injured", "date", "location", "targets"] = Field(
        description="What is revised. For 'date', 'location' and 'targets' the incident's own "
        "value is the new one."
    )
    kind: RevisionKind = Field(
        description="'revised': the new value replaces earlier ones, up or down ('revised "
        "down to six', 'some were counted twice', 'on Sunday, not Monday as first reported'); "
        "'rises': a toll adds to what was known ('rose to 12')."
    )
    value: int | None = Field(None, ge=0, description="The figure as revised (tolls).")
    previous: str | None = Field(
        None, description="The value as first reported, in the report's words ('Monday', "
        "'the hospital'), when the report tells it."
    )
    previous_date: dt.date | None = Field(
        None, description="The date the event was first reported with (field 'date'): the "
        "earlier reporting is found by it."
    )
    previous_location: Location | None = Field(
        None, description="The place the event was first reported at (field 'location'): the "
        "earlier reporting is found by it."
    )
    reason: str = Field(description="The sentence that states the revision.")
    rule_ids: list[str] = Field(default_factory=list, description="Cue rule ids.")


class ReportSource(Internal):
    """The report an incident came from, carried along so alerts can cite it."""

    title: str | None = Field(None, description="Report headline.")
    url: str | None = Field(None, description="Report URL.")
    name: str | None = Field(None, description="Publisher or feed name.")
    published_at: AwareDatetime = Field(description="When the report was published.")


class Incident(Internal):
    """One event described by a report. A report yields zero or more incidents."""

    schema_version: int = Field(SCHEMA_VERSION, description="Contract version of this message.")
    incident_id: str = Field(
        description="Stable id: the same report and event always give the same id."
    )
    report_id: str = Field(description="Id of the report the incident was extracted from.")
    source: ReportSource = Field(description="Citation details of that report.")
    event_type: EventType = Field(description="ACLED event type, exact ACLED string.")
    sub_event_type: SubEventType = Field(description="ACLED sub-event type, exact ACLED string.")
    date: dt.date | None = Field(
        None, description="Day the event happened, resolved against the report's publication."
    )
    date_precision: DatePrecision = Field("day", description="How precise `date` is.")
    location: Location | None = Field(None, description="Where it happened; null when unknown.")
    fatalities: Casualties = Field(default_factory=Casualties, description="People killed.")
    injured: Casualties = Field(default_factory=Casualties, description="People injured.")
    actors: list[Actor] = Field(default_factory=list, description="Perpetrators and targets.")
    targets: list[Target] = Field(default_factory=list, description="What was hit.")
    background: bool = Field(
        False,
        description="True when the report mentions the event only as history or context; "
        "such incidents never raise new alerts.",
    )
    status: MentionStatus = Field(
        "asserted",
        description="Whether the report tells of this event as new ('asserted', or "
        "'reported_by_one_side'), as a revised detail of it ('corrected'), or as history, a "
        "running total, a denial, a negation, a threat, a refutation ('refuted', with "
        "retraction=True) or a denial by the accused party ('denied_by_accused'); any status "
        "but the first three comes with background=True and an evidence item of field "
        "'status' naming the cue.",
    )
    retraction: bool = Field(
        False,
        description="True when the report withdraws earlier reporting of this event; the rules "
        "worker then drops that source from the alert, or retracts the alert when none is left.",
    )
    refutation: Refutation | None = Field(
        None, description="Who refutes the earlier reporting and why (with status 'refuted')."
    )
    revision: Revision | None = Field(
        None, description="A toll stated as a revision of an earlier one (status 'corrected')."
    )
    summary: str = Field("", description="The sentence(s) that describe the event.")
    evidence: list[Evidence] = Field(
        default_factory=list, description="Spans and rule ids behind each extracted field."
    )
    confidence: float = Field(ge=0, le=1, description="Extractor's confidence in the incident.")
    extracted_at: AwareDatetime = Field(description="When the extractor produced the incident.")

    @model_validator(mode="after")
    def _status_agrees(self) -> Incident:
        if self.status not in NEW_EVENT_STATUSES and not self.background:
            raise ValueError(
                f"status {self.status!r} tells of no new event: background must be true"
            )
        if self.status == "refuted" and not self.retraction:
            raise ValueError(
                "status 'refuted' withdraws earlier reporting: retraction must be true")
        return self

    @model_validator(mode="after")
    def _types_agree(self) -> Incident:
        expected = SUB_EVENT_TYPES[self.sub_event_type]
        if self.event_type != expected:
            raise ValueError(
                f"sub_event_type {self.sub_event_type!r} belongs to {expected!r}, "
                f"not {self.event_type!r}"
            )
        return self
