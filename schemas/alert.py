"""Alert: what subscribers receive, on the ``alerts`` topic, wrapped in a CloudEvents 1.0 envelope.

One alert stands for one real-world incident however many reports describe it. Every change to it
(a revised toll, a new source, another rule firing) is a new message with the same ``alert_id`` and
a higher ``sequence``; messages are keyed by ``alert_id`` so they stay in order in one partition.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field

from schemas.base import SCHEMA_VERSION, AwareDatetime, Internal
from schemas.incident import Casualties, Incident, Location, RefuterRole

AlertStatus = Literal["new", "updated", "escalated", "retracted"]
Severity = Literal["info", "low", "medium", "high", "critical"]

#: CloudEvents ``type`` of alert messages; the suffix is the schema version.
ALERT_EVENT_TYPE = "org.conflict-alerts.alert.v1"
#: Where the Alert JSON Schema (schemas/json/alert.schema.json) is published.
ALERT_SCHEMA_URI = "https://conflict-alerts.example/schemas/alert.schema.json"


class ZoneRef(Internal):
    """The declared zone an incident falls in, and how sure that is."""

    id: str = Field(description="Zone id from the zones file.")
    name: str = Field(description="Human-readable zone name.")
    kind: str = Field(description="Zone kind, e.g. 'de-escalation', 'demilitarized'.")
    certainty: Literal["confirmed", "possible"] = Field(
        description="'confirmed' when the located point lies inside the zone; 'possible' when "
        "only the uncertainty area around a coarse location overlaps it."
    )


class SourceRef(Internal):
    """A report that contributed to the alert."""

    report_id: str = Field(description="Report id.")
    title: str | None = Field(None, description="Report headline.")
    url: str | None = Field(None, description="Report URL.")
    source: str | None = Field(None, description="Publisher or feed name.")


class Change(Internal):
    """One field this message changed relative to the previous message of the alert."""

    field: str = Field(description="Changed field, e.g. 'fatalities.total', 'rule_ids', 'sources'.")
    before: Any = Field(None, description="Previous value (null for a new alert).")
    after: Any = Field(None, description="New value.")
    reason: str | None = Field(
        None, description="Why it changed, when a report says so: a revised toll's sentence, "
        "or the refutation that retracts the alert."
    )


class MergeNote(Internal):
    """Why a report's incident was merged into this alert."""

    report_id: str = Field(description="Report whose incident was merged.")
    incident_id: str = Field(description="The merged incident.")
    reason: str = Field(description="Human-readable explanation: distance, dates, types compared.")


TollKind = Literal["first", "rises", "reported", "revised", "refuted"]


class TollEntry(Internal):
    """One report's figure in the history of an alert's toll."""

    value: int | None = Field(None, ge=0, description="People killed as that report gives it.")
    report_id: str = Field(description="The report.")
    source: str | None = Field(None, description="Its publisher or feed.")
    at: AwareDatetime = Field(description="When that report was published.")
    kind: TollKind = Field(
        description="'first' figure; 'rises' above the best so far; 'reported' at or below it "
        "(a wire repeating an early figure: no effect); 'revised' (replaces earlier figures, up "
        "or down); 'refuted' (the report withdraws the event)."
    )


class Retraction(Internal):
    """Why an alert was retracted."""

    report_id: str = Field(description="The refuting report.")
    source: str | None = Field(None, description="Its publisher or feed.")
    url: str | None = Field(None, description="Its URL.")
    by: RefuterRole | None = Field(None, description="Who refutes.")
    reason: str = Field(description="The refuting sentence.")


class Statement(Internal):
    """A party's word on the event that changes no fact of it: a denial by the accused party."""

    kind: Literal["denied_by_accused"] = Field(description="What kind of statement it is.")
    report_id: str = Field(description="The report that carries it.")
    source: str | None = Field(None, description="Its publisher or feed.")
    text: str = Field(description="The sentence.")
    rule_ids: list[str] = Field(default_factory=list, description="Cue and speaker rule ids.")


class Alert(Internal):
    """A rule-matched incident, as delivered to subscribers and dashboards."""

    schema_version: int = Field(SCHEMA_VERSION, description="Contract version of this message.")
    alert_id: str = Field(description="Stable id of the alert across all its updates.")
    sequence: int = Field(ge=1, description="1 for the first message, +1 for each update.")
    status: AlertStatus = Field(
        description="new; updated (more detail); escalated (another rule fired or a threshold "
        "was crossed); retracted (the sources withdrew it)."
    )
    rule_ids: list[str] = Field(min_length=1, description="Every rule that fires for the alert.")
    severity: Severity = Field(description="Highest severity among the rules that fire.")
    title: str = Field(description="One-line headline rendered from the rule's title template.")
    summary: str = Field(description="A few sentences describing the incident.")
    event_type: str = Field(description="ACLED event type of the incident.")
    sub_event_type: str = Field(description="ACLED sub-event type of the incident.")
    event_date: date | None = Field(None, description="Day the incident happened.")
    fatalities: Casualties = Field(default_factory=Casualties, description="Best current toll.")
    incidents: list[Incident] = Field(
        min_length=1, description="The incidents merged into this alert, with their evidence."
    )
    location: Location | None = Field(None, description="Best known location.")
    zone: ZoneRef | None = Field(None, description="Declared zone the incident is in, if any.")
    sources: list[SourceRef] = Field(description="Reports that describe the incident.")
    merges: list[MergeNote] = Field(
        default_factory=list, description="Each report merged after the first, with the reason."
    )
    first_seen: AwareDatetime = Field(description="When the first message of the alert was made.")
    updated_at: AwareDatetime = Field(description="When this message was made.")
    changes: list[Change] = Field(
        default_factory=list, description="What this message changed (empty for sequence 1)."
    )
    toll_history: list[TollEntry] = Field(
        default_factory=list, description="Every report's toll, oldest first; `fatalities` "
        "follows the latest revision, then the highest figure after it."
    )
    statements: list[Statement] = Field(
        default_factory=list, description="Denials by the accused party: kept as evidence, "
        "never a retraction on their own."
    )
    retraction: Retraction | None = Field(
        None, description="Why the alert was retracted (with status 'retracted')."
    )


class AlertEvent(Internal):
    """CloudEvents 1.0 structured-mode JSON envelope carrying an ``Alert`` as ``data``."""

    specversion: Literal["1.0"] = Field("1.0", description="CloudEvents spec version.")
    id: str = Field(description="Unique per message: '<alert_id>:<sequence>'.")
    source: str = Field(description="URI reference of the producer, e.g. '/conflict-alerts/rules'.")
    type: str = Field(ALERT_EVENT_TYPE, description="Event type, versioned.")
    subject: str = Field(description="The alert id.")
    time: AwareDatetime = Field(description="When the message was produced.")
    datacontenttype: Literal["application/json"] = Field(
        "application/json", description="Media type of `data`."
    )
    dataschema: str = Field(ALERT_SCHEMA_URI, description="URI of the Alert JSON Schema.")
    data: Alert = Field(description="The alert.")
