"""One incident through the engine against a key-value store of correlation state: read the
incident's candidate keys, evaluate, write back what changed. The worker's store is a faust
table; ``replay`` uses a dict. Both go through here, so the backtest is the worker's logic."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Protocol

from schemas import Alert, Incident
from services.rules.engine import evaluate
from services.rules.rulebook import Rulebook

__all__ = ["Store", "step"]

log = logging.getLogger(__name__)


class Store(Protocol):
    """What the engine needs of a state store: a faust table and a dict both qualify."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def __setitem__(self, key: str, value: Any) -> None: ...
    def pop(self, key: str, default: Any = None) -> Any: ...


class _ReadThrough:
    """The store as ``evaluate`` sees it: read on demand, each key once, reads remembered."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.read: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self.read:
            self.read[key] = self._store.get(key)
        value = self.read[key]
        return default if value is None else value


def step(
    incident: Incident, book: Rulebook, store: Store, now: dt.datetime,
    position: str | None = None,
) -> list[Alert]:
    """``position``: where the incident's message is in its topic (see ``evaluate``)."""
    state = _ReadThrough(store)  # evaluate reads the incident's keys; they are remembered
    alerts, new_state, notes = evaluate(incident, book, state, now, position)
    for note in notes:
        log.info("%s", note)
    if not alerts and not incident.background:
        log.debug("incident %s (report %s) at %s raised no alert message", incident.incident_id,
                  incident.report_id, position)
    for key, value in new_state.items():
        before = state.get(key)
        if value is None:
            if before is not None:
                store.pop(key, None)
        elif value != before:
            store[key] = value  # unchanged values are not rewritten (no changelog traffic)
    return alerts
