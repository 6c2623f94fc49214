"""Rules engine: incidents in, alert messages out (one alert per real-world event).

Stable API for the worker (``services/rules/agent.py``)::

    from services.rules import Rulebook, candidate_keys, evaluate, to_event

    book = Rulebook.load()                      # or Rulebook.load(rules=PATH, zones=PATH); once
    keys = candidate_keys(incident, book.ruleset)          # list[str], 1-5 keys
    state = {k: table.get(k) for k in keys}                # JSON text (bytes) or None
    alerts, new_state, notes = evaluate(incident, book, state, now, position)   # pure
    # position: "<topic>/<partition>/<offset>" of the incident's message (or None): a copy of
    # an incident changes nothing; the same message consumed again re-sends the last alert
    for k, v in new_state.items():                          # v None -> delete key
        table[k] = v   (or: table.pop(k, None))
    for alert in alerts:
        await alerts_topic.send(key=alert.alert_id, value=to_event(alert, now).model_dump_json())

State keys (see ``state.py``) all start with the incident's partition bucket
``keys.incident_key(incident)`` (``<CC>:<admin1>``): ``<bucket>/cell:<i>:<j>`` (open events in a
0.5-degree cell), ``<bucket>/attacks`` (attack counts for escalation), ``unlocated/date:<day>``.
Repartition incidents by ``incident_key`` so all keys of an incident live in the partition that
processes it. Values are JSON text (bytes), bounded by expiry at ``now``.
``prune_value(key, value, book.ruleset, now)`` lets a timer sweep keys no incident touches.

Modules: ruleset (rules as data), zones (+ build_zones), conditions, correlate, state, alerts,
engine, events (CloudEvents), cli (``replay``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.rules.engine import Evaluation, evaluate, is_retraction
from services.rules.events import to_event
from services.rules.rulebook import Rulebook
from services.rules.ruleset import Rule, Ruleset, RulesetError, load_ruleset
from services.rules.state import (
    OpenEvent,
    candidate_keys,
    dump_value,
    expired,
    load_value,
    prune,
)
from services.rules.zones import ZoneError, Zones, load_zones, locate

__all__ = [
    "Evaluation",
    "Rule",
    "Rulebook",
    "Ruleset",
    "RulesetError",
    "ZoneError",
    "Zones",
    "candidate_keys",
    "evaluate",
    "is_retraction",
    "load_ruleset",
    "load_zones",
    "locate",
    "prune_value",
    "to_event",
]


def prune_value(key: str, value: Any, ruleset: Ruleset, now: dt.datetime) -> bytes | None:
    """Expire one stored value at ``now``; None means the key can be deleted."""
    parsed = load_value(key, value)
    if isinstance(parsed, OpenEvent):
        return None if expired(parsed, ruleset, now) else dump_value(parsed)
    prune(parsed, ruleset, now)
    return dump_value(parsed)
