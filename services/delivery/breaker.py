"""A circuit breaker per endpoint: after N consecutive retryable failures stop sending for a
cool-down, then let one probe through (half-open); success closes it, failure re-opens it for
twice as long (up to a cap). Pure: ``now`` is a parameter.

    closed ──N failures──▶ open ──cool-down over──▶ half-open ──probe ok──▶ closed
                             ▲                          │
                             └────── probe failed ──────┘ (cool-down doubled)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["BreakerState", "CircuitBreaker"]


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(slots=True)
class CircuitBreaker:
    failures_to_open: int = 5
    cooldown_s: float = 30.0
    max_cooldown_s: float = 600.0
    failures: int = 0
    opened_until: float = 0.0
    current_cooldown_s: float = field(default=0.0)
    probing: bool = False

    def state(self, now: float) -> BreakerState:
        if self.failures < self.failures_to_open:
            return BreakerState.CLOSED
        return BreakerState.OPEN if now < self.opened_until else BreakerState.HALF_OPEN

    def allows(self, now: float) -> bool:
        """May a request start now? In half-open state only one probe at a time."""
        state = self.state(now)
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.HALF_OPEN and not self.probing:
            return True
        return False

    def started(self, now: float) -> None:
        if self.state(now) is BreakerState.HALF_OPEN:
            self.probing = True

    def next_allowed_at(self, now: float) -> float:
        return max(now, self.opened_until) if not self.allows(now) else now

    def record_success(self) -> None:
        self.failures, self.probing, self.current_cooldown_s = 0, False, 0.0

    def record_failure(self, now: float) -> None:
        """A retryable failure (5xx, 429, 408, timeout, network error)."""
        self.failures += 1
        was_probe = self.probing
        self.probing = False
        if self.failures >= self.failures_to_open:
            if was_probe or self.current_cooldown_s == 0.0:
                self.current_cooldown_s = (
                    self.cooldown_s if self.current_cooldown_s == 0.0
                    else min(self.max_cooldown_s, self.current_cooldown_s * 2)
                )
                self.opened_until = now + self.current_cooldown_s

    def record_neutral(self) -> None:
        """A permanent failure (4xx): the endpoint answers, so it is not down."""
        self.failures, self.probing, self.current_cooldown_s = 0, False, 0.0
