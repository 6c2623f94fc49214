"""The Rulebook: a validated ruleset and the zones it refers to, loaded once and shared."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services.rules.ruleset import Ruleset, load_ruleset
from services.rules.zones import Zones, load_zones

__all__ = ["Rulebook"]


@dataclass(frozen=True)
class Rulebook:
    """Everything ``evaluate`` needs besides the incident, the state and the time."""

    ruleset: Ruleset
    zones: Zones

    @classmethod
    def load(cls, rules: str | Path | None = None, zones: str | Path | None = None) -> Rulebook:
        """Load and validate both files (packaged defaults when None); raises on a bad file."""
        return cls(load_ruleset(rules), load_zones(zones))
