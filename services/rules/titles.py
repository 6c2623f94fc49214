"""Alert title templates: which placeholders exist, checking them at load, rendering them safely.

A template is a ``str.format`` string whose fields are dotted paths into a plain dict built by the
engine (``{location.name}``, ``{fatalities.total}``, ``{zone.name}``...). Rendering never touches
Python attributes, indexes or format specs beyond plain text, so a ruleset cannot reach into
objects; a missing value renders as ``unknown``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

__all__ = ["PLACEHOLDERS", "check_template", "render"]

#: Every placeholder a title may use, with what it stands for (docs/rules.md lists them too).
PLACEHOLDERS: dict[str, str] = {
    "location.name": "place name",
    "location.admin1": "governorate/province",
    "location.admin2": "district",
    "location.country": "ISO country code",
    "event_type": "ACLED event type",
    "sub_event_type": "ACLED sub-event type",
    "date": "event date (YYYY-MM-DD)",
    "fatalities.total": "people killed (best current toll)",
    "fatalities.children": "children killed",
    "fatalities.civilians": "civilians killed",
    "injured.total": "people injured",
    "target.type": "first target hit, e.g. 'hospital'",
    "target.category": "its category, e.g. 'health'",
    "perpetrator": "first perpetrator named",
    "zone.name": "declared zone the incident is in",
    "zone.kind": "its kind",
    "area_attacks": "attacks counted in the admin area within the escalation window",
    "window_days": "escalation window in days",
}
MISSING = "unknown"
_formatter = string.Formatter()


def check_template(template: str) -> None:
    """Raise ``ValueError`` naming the first unknown or unsafe placeholder."""
    try:
        parsed = list(_formatter.parse(template))
    except ValueError as exc:
        raise ValueError(f"malformed template: {exc}") from None
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS:
            known = ", ".join(sorted(PLACEHOLDERS))
            raise ValueError(f"unknown placeholder {{{field}}} (known: {known})")
        if spec or conversion:
            raise ValueError(f"placeholder {{{field}}} may not carry a format spec or conversion")


def _lookup(context: Mapping[str, Any], path: str) -> Any:
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def render(template: str, context: Mapping[str, Any]) -> str:
    """Render a checked template against a plain dict; missing values read ``unknown``."""
    out: list[str] = []
    for literal, field, _spec, _conversion in _formatter.parse(template):
        out.append(literal)
        if field is not None:
            value = _lookup(context, field) if field in PLACEHOLDERS else None
            out.append(MISSING if value is None or value == "" else str(value))
    return "".join(out)
