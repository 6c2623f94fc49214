"""Partitions that stopped moving: records fetched past the committed offset, and nothing changed
for a while.

faust can lose records across a rebalance: fetched (or handed to a stream) in one generation and
dropped when the next begins, without seeking back. The partition then holds uncommitted records
that no agent will ever finish, and the alerts they carry are never made. ``StallWatch`` sees such
a partition from three numbers the consumer keeps (committed offset, fetch position, last offset
read) and says when to read it again from the committed offset, which every stage handles as a
message read twice. Pure: the caller passes the time.
"""

from __future__ import annotations

from collections.abc import Hashable

__all__ = ["StallWatch", "head_unfinished"]


def head_unfinished(committed: int | None, acked: list[int]) -> bool:
    """The record at the committed offset (the next one to finish) is not finished, though later
    ones are: nothing may be committed yet. faust-streaming 0.15 commits past that record when
    the first finished one is right after it (it checks ``min(acked) - committed > 1``), which
    turns a record it dropped into one skipped for good."""
    return committed is not None and bool(acked) and min(acked) > committed


class StallWatch:
    """``observe(tp, committed, position, read, now)`` is True once ``tp`` has stood still, with
    records fetched past its committed offset, for ``after_s`` seconds; it then starts over."""

    def __init__(self, after_s: float) -> None:
        self.after_s = after_s
        self._seen: dict[Hashable, tuple[tuple[int | None, ...], float]] = {}

    def observe(self, tp: Hashable, committed: int | None, position: int | None,
                read: int | None, now: float) -> bool:
        """``committed`` None: nothing committed yet, the partition is read from its start."""
        committed = 0 if committed is None else committed
        if position is None or position <= committed:
            self._seen.pop(tp, None)  # caught up, or nothing to go on
            return False
        state = (committed, position, read)
        seen = self._seen.get(tp)
        if seen is None or seen[0] != state:
            self._seen[tp] = (state, now)  # moving: start the clock again
            return False
        if now - seen[1] < self.after_s:
            return False
        del self._seen[tp]
        return True

    def reset(self) -> None:
        """Forget every partition (a rebalance moves them all)."""
        self._seen.clear()
