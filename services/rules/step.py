"""One incident through the engine against a key-value store of correlation state: read the
incident's candidate keys, evaluate, write back what changed. The worker's store is a faust
table; ``replay`` uses a dict. Both go through here, so the backtest is the worker's logic."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from schemas import Alert, Incident
from services.rules.engine import evaluate
from services.rules.rulebook import Rulebook
from services.rules.state import candidate_keys

__all__ = ["Store", "step"]


class Store(Protocol):
    """What the engine needs of a state store: a faust table and a dict both qualify."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def __setitem__(self, key: str, value: Any) -> None: ...
    def pop(self, key: str, default: Any = None) -> Any: ...


def step(incident: Incident, book: Rulebook, store: Store, now: dt.datetime) -> list[Alert]:
    keys = candidate_keys(incident, book.ruleset)
    state = {key: store.get(key) for key in keys}
    alerts, new_state = evaluate(incident, book, state, now)
    for key, value in new_state.items():
        if value is None:
            store.pop(key, None)
        elif value != state.get(key):
            store[key] = value  # unchanged values are not rewritten (no changelog traffic)
    return alerts
