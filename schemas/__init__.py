"""The message contract of conflict-alerts.

Every message that crosses a topic is one of these pydantic v2 models. Producers build them,
consumers validate them; the JSON Schema files in ``schemas/json/`` are generated from them
(``python -m schemas.export``) and a test keeps them fresh.

    Report      reports topic     inbound, tolerant of unknown fields
    Incident    incidents topic   one event extracted from a report
    AlertEvent  alerts topic      CloudEvents 1.0 envelope around an ``Alert``
    DeadLetter  deadletter topic  a message a stage could not process, with the reason
"""

from schemas.alert import (
    Alert,
    AlertEvent,
    AlertStatus,
    Change,
    MergeNote,
    Retraction,
    Severity,
    SourceRef,
    Statement,
    TollEntry,
    ZoneRef,
)
from schemas.base import SCHEMA_VERSION
from schemas.deadletter import DeadLetter
from schemas.incident import (
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    Actor,
    Casualties,
    Evidence,
    Incident,
    Location,
    Refutation,
    ReportSource,
    Revision,
    Target,
    TargetCategory,
)
from schemas.report import Report

__all__ = [
    "EVENT_TYPES",
    "SCHEMA_VERSION",
    "SUB_EVENT_TYPES",
    "Actor",
    "Alert",
    "AlertEvent",
    "AlertStatus",
    "Casualties",
    "Change",
    "DeadLetter",
    "Evidence",
    "Incident",
    "Location",
    "MergeNote",
    "Report",
    "Refutation",
    "ReportSource",
    "Retraction",
    "Revision",
    "Severity",
    "SourceRef",
    "Statement",
    "Target",
    "TargetCategory",
    "TollEntry",
    "ZoneRef",
]
