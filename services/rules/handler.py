"""One incident message in, alert messages out: the worker side of the pure engine.

The correlation state lives in a key-value store (a faust table in the worker, a dict in tests and
in ``replay``); the handler reads only the incident's candidate keys, evaluates, and writes back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from schemas import AlertEvent, Incident
from services.common import ops
from services.common.boundary import MessageMeta, current_message
from services.common.clock import utcnow
from services.common.codec import decode, encode
from services.common.stage import Output
from services.rules.events import to_event
from services.rules.rulebook import Rulebook
from services.rules.step import Store, step

__all__ = ["RulesHandler", "message_time"]

#: How far a record's timestamp may be from the clock and still be the evaluation's ``now``.
MAX_SKEW = timedelta(days=1)


def message_time(read_at: MessageMeta | None, clock_now: datetime) -> datetime:
    """``now`` for one incident message: its record's timestamp, the same every time the message
    is read (so an alert made again after a crash lost its state is the same bytes, with the
    same ``updated_at``); the clock when there is none or it is a day or more off."""
    if read_at is None or read_at.timestamp is None:
        return clock_now
    try:
        stamp = datetime.fromtimestamp(read_at.timestamp, UTC)
    except (OverflowError, OSError, ValueError):
        return clock_now
    return stamp if abs(stamp - clock_now) < MAX_SKEW else clock_now


class RulesHandler:
    def __init__(
        self,
        book: Rulebook,
        store: Store,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._book = book
        self._store = store
        self._clock = clock

    async def __call__(self, raw: bytes | None) -> list[Output]:
        return [self.output(event) for event in self.events(raw)]

    def events(self, raw: bytes | None) -> list[AlertEvent]:
        """The alert events one incident message raises (the step, without publishing)."""
        incident = decode(raw, Incident)
        read_at = current_message()
        now = message_time(read_at, self._clock())
        alerts = step(incident, self._book, self._store, now,
                      None if read_at is None else read_at.position)
        for alert in alerts:
            ops.count_alert(alert.rule_ids, alert.status)
        return [to_event(a, now) for a in alerts]

    @staticmethod
    def output(event: AlertEvent) -> Output:
        """An alert event as a message of the alerts topic, keyed by alert id."""
        return Output("alerts", event.data.alert_id.encode(), encode(event))
