"""When the next attempt of a delivery happens: the retry schedule, jitter and Retry-After.

Pure: time and randomness are parameters. A schedule is the delay before each attempt, counted
from the previous failure (Svix-style: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, about
27 hours in all). A delivery is exhausted when every attempt of the schedule has failed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["DEFAULT_SCHEDULE", "RetryPolicy", "exponential_schedule"]

DEFAULT_SCHEDULE: tuple[float, ...] = (0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)


def exponential_schedule(first: float, factor: float, attempts: int, cap: float
                         ) -> tuple[float, ...]:
    """(0, first, first*factor, ...) capped at ``cap``: ``attempts`` delays in all."""
    return (0.0,) + tuple(min(cap, first * factor**n) for n in range(attempts - 1))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``schedule[n]`` is the delay before attempt ``n + 1``."""

    schedule: tuple[float, ...] = DEFAULT_SCHEDULE
    jitter: float = 0.2
    max_retry_after_s: float = 3600.0

    @property
    def attempts(self) -> int:
        return len(self.schedule)

    def jittered(self, delay: float, rand: Callable[[], float]) -> float:
        """``delay`` times a factor in [1 - jitter, 1 + jitter]; ``rand()`` is in [0, 1)."""
        return max(0.0, delay * (1.0 + self.jitter * (2.0 * rand() - 1.0)))

    def next_attempt_at(
        self,
        failed_attempts: int,
        now: float,
        *,
        retry_after_s: float | None = None,
        rand: Callable[[], float] = random.random,
    ) -> float | None:
        """When to try again after ``failed_attempts`` failures, or None: exhausted.

        Retry-After wins when it asks for a longer wait than the schedule (capped at
        ``max_retry_after_s``); it never shortens the schedule.
        """
        if failed_attempts >= self.attempts:
            return None
        delay = self.jittered(self.schedule[failed_attempts], rand)
        if retry_after_s is not None:
            delay = max(delay, min(retry_after_s, self.max_retry_after_s))
        return now + delay

    def first_attempt_at(self, now: float, rand: Callable[[], float] = random.random) -> float:
        return now + self.jittered(self.schedule[0], rand)

    @classmethod
    def from_delays(cls, delays: Sequence[float], jitter: float, max_retry_after_s: float
                    ) -> RetryPolicy:
        if not delays or any(d < 0 for d in delays):
            raise ValueError("a retry schedule needs at least one delay, none negative")
        return cls(tuple(float(d) for d in delays), jitter, max_retry_after_s)
