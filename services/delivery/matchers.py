"""Alertmanager-style label matchers on alerts: ``severity=~"high|critical"``, ``country="SY"``,
``rule_id!="zone-breach"``. Pure.

Labels of an alert (``labels(alert)``): ``rule_id`` (one per rule that fired: ``=``/``=~`` match
when any does, ``!=``/``!~`` when none does), ``severity``, ``status``, ``country``, ``admin1``,
``zone``, ``event_type``, ``sub_event_type``, ``alert_id``. A missing label is the empty string,
as in Alertmanager. Regular expressions are anchored at both ends, as in Alertmanager.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas import Alert

__all__ = ["LABELS", "Matcher", "labels", "parse_matcher"]

LABELS = ("rule_id", "severity", "status", "country", "admin1", "zone", "event_type",
          "sub_event_type", "alert_id")

_SYNTAX = re.compile(r'^\s*([a-z_][a-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|(\S*))\s*$')


@dataclass(frozen=True, slots=True)
class Matcher:
    name: str
    op: str
    value: str

    def matches(self, values: tuple[str, ...]) -> bool:
        if self.op in ("=", "!="):
            hit = any(v == self.value for v in values)
        else:
            pattern = re.compile(f"^(?:{self.value})$")
            hit = any(pattern.match(v) for v in values)
        return hit if self.op in ("=", "=~") else not hit

    def __str__(self) -> str:
        return f'{self.name}{self.op}"{self.value}"'


def parse_matcher(text: str) -> Matcher:
    """``'severity=~"high|critical"'`` -> Matcher; ``ValueError`` says what is wrong."""
    found = _SYNTAX.match(text)
    if not found:
        raise ValueError(f"not a matcher (label=value, !=, =~, !~): {text!r}")
    name, op = found.group(1), found.group(2)
    value = found.group(3) if found.group(3) is not None else found.group(4)
    value = value.replace('\\"', '"')
    if name not in LABELS:
        raise ValueError(f"unknown label {name!r}; known: {', '.join(LABELS)}")
    if op in ("=~", "!~"):
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"bad regular expression in {text!r}: {exc}") from None
    return Matcher(name, op, value)


def labels(alert: Alert) -> dict[str, tuple[str, ...]]:
    location = alert.location
    return {
        "rule_id": tuple(alert.rule_ids) or ("",),
        "severity": (alert.severity,),
        "status": (alert.status,),
        "country": ((location.country or "") if location else "",),
        "admin1": ((location.admin1 or "") if location else "",),
        "zone": (alert.zone.id if alert.zone else "",),
        "event_type": (alert.event_type,),
        "sub_event_type": (alert.sub_event_type,),
        "alert_id": (alert.alert_id,),
    }
