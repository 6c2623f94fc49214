"""Partition keys of incidents: the correlation bucket, country and first-level admin area.

Reports of one event land in the same bucket (same province), so the same rules-worker partition
sees all of them and its table holds their correlation state. Escalation counts per admin area
live in the same bucket.
"""

from __future__ import annotations

from schemas import Incident

__all__ = ["as_first_reported", "incident_key"]


def as_first_reported(incident: Incident) -> Incident:
    """The incident with the date or place its report corrects put back ("on Sunday, not on
    Monday as first reported"): the earlier reporting of the event is filed under those, so the
    correction is keyed, and finds its event, by them. Every other incident as it is."""
    rev = incident.revision
    if rev is None or rev.kind != "revised":
        return incident
    if rev.field == "date" and rev.previous_date is not None:
        return incident.model_copy(update={"date": rev.previous_date})
    if rev.field == "location" and rev.previous_location is not None:
        return incident.model_copy(update={"location": rev.previous_location})
    return incident


def incident_key(incident: Incident) -> str:
    location = as_first_reported(incident).location
    if location is None:
        return "unlocated"
    return f"{location.country}:{location.admin1 or '-'}"
