"""How many examples each property runs (``budget``) and how many inputs it was given (``seen``).

``budget(share)`` scales the active profile's ``max_examples`` (``ci``: 100), so one profile
setting scales every property; the shares add up to about 10,000 inputs under ``ci``.
"""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import settings

COUNTS: Counter[str] = Counter()
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")


def budget(share: float) -> int:
    """Examples for one property: ``share`` times the profile's ``max_examples``."""
    return max(5, round(settings().max_examples * share))


def seen(name: str, n: int = 1) -> None:
    """Count ``n`` generated inputs for the property ``name``."""
    COUNTS[name] += n
