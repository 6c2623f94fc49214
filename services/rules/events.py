"""CloudEvents envelope for alert messages on the ``alerts`` topic."""

from __future__ import annotations

import datetime as dt

from schemas.alert import Alert, AlertEvent

__all__ = ["EVENT_SOURCE", "event_id", "to_event"]

EVENT_SOURCE = "/conflict-alerts/rules"


def event_id(alert: Alert) -> str:
    """Unique per message and stable across replays: '<alert_id>:<sequence>'."""
    return f"{alert.alert_id}:{alert.sequence}"


def to_event(alert: Alert, now: dt.datetime) -> AlertEvent:
    """Wrap an alert in a CloudEvents 1.0 structured-mode envelope. The event time is the
    alert's own ``updated_at``, so a message re-sent for one alert version is byte-identical."""
    return AlertEvent(id=event_id(alert), source=EVENT_SOURCE, subject=alert.alert_id,
                      time=alert.updated_at, data=alert)
