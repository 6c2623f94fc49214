"""One incident message in, alert messages out: the worker side of the pure engine.

The correlation state lives in a key-value store (a faust table in the worker, a dict in tests and
in ``replay``); the handler reads only the incident's candidate keys, evaluates, and writes back.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any

from schemas import Incident
from services.common.codec import decode, encode
from services.common.stage import Output
from services.rules import Rulebook, candidate_keys, evaluate, to_event

__all__ = ["RulesHandler"]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class RulesHandler:
    def __init__(
        self,
        book: Rulebook,
        store: MutableMapping[str, Any],
        *,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._book = book
        self._store = store
        self._clock = clock

    async def __call__(self, raw: bytes | None) -> list[Output]:
        incident = decode(raw, Incident)
        now = self._clock()
        keys = candidate_keys(incident, self._book.ruleset)
        state = {key: self._store.get(key) for key in keys}
        alerts, new_state = evaluate(incident, self._book, state, now)
        for key, value in new_state.items():
            if value is None:
                self._store.pop(key, None)
            elif value != state.get(key):
                self._store[key] = value
        return [Output("alerts", a.alert_id.encode(), encode(to_event(a, now))) for a in alerts]
