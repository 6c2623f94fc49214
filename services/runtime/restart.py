"""When to restart a crashed worker: a pure policy, time passed in.

Each crash waits ``base_s * 2**n`` seconds (capped at ``max_s``) before the restart, ``n`` being
the crashes already seen in the window; more than ``max_crashes`` crashes of one worker within
``window_s`` seconds mean it will not get better by itself, and the supervisor gives up."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

__all__ = ["RestartPolicy"]


@dataclass
class RestartPolicy:
    max_crashes: int = 5
    window_s: float = 60.0
    base_s: float = 0.5
    max_s: float = 10.0
    _crashes: dict[str, deque[float]] = field(default_factory=dict, repr=False)
    #: Restarts granted per worker, for the log, the run file and /metrics.
    restarts: dict[str, int] = field(default_factory=dict)

    def crashed(self, worker: str, now: float) -> float | None:
        """Seconds to wait before restarting ``worker`` after a crash at ``now``, or None to
        give up."""
        recent = self._crashes.setdefault(worker, deque())
        while recent and now - recent[0] > self.window_s:
            recent.popleft()
        recent.append(now)
        if len(recent) > self.max_crashes:
            return None
        self.restarts[worker] = self.restarts.get(worker, 0) + 1
        return min(self.max_s, self.base_s * 2 ** (len(recent) - 1))
