"""Partition keys of incidents: the correlation bucket, country and first-level admin area.

Reports of one event land in the same bucket (same province), so the same rules-worker partition
sees all of them and its table holds their correlation state. Escalation counts per admin area
live in the same bucket.
"""

from __future__ import annotations

from schemas import Incident

__all__ = ["incident_key"]


def incident_key(incident: Incident) -> str:
    location = incident.location
    if location is None:
        return "unlocated"
    return f"{location.country}:{location.admin1 or '-'}"
