"""What happens to a pending delivery after one attempt: a pure function of the delivery, the
outcome, the retry policy and the time.

    delivered                      -> Settled("delivered")          journal tombstone
    retry, attempts left           -> Retry(next_attempt_at)        journal updated
    retry, schedule used up        -> Settled("exhausted")          dead letter + tombstone
    permanent (4xx but 408/410/429)-> Settled("permanent")          dead letter + tombstone
    gone (410)                     -> Settled("gone")               dead letter + tombstone,
                                                                    subscription disabled
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from services.delivery.outcome import Outcome, Verdict
from services.delivery.records import (
    DeliveryBase,
    DeliveryDeadLetter,
    FinalVerdict,
    PendingDelivery,
)
from services.delivery.schedule import RetryPolicy

__all__ = ["Retry", "Settled", "Step", "dead_letter_of", "next_step"]


@dataclass(frozen=True, slots=True)
class Retry:
    delivery: PendingDelivery  # attempts and next_attempt_at updated


@dataclass(frozen=True, slots=True)
class Settled:
    delivery: PendingDelivery
    verdict: FinalVerdict | None  # None: delivered
    outcome: Outcome


Step = Retry | Settled


def next_step(
    delivery: PendingDelivery,
    outcome: Outcome,
    now: float,
    policy: RetryPolicy,
    rand: Callable[[], float] = random.random,
) -> Step:
    attempts = delivery.attempts + 1
    done = delivery.model_copy(update={"attempts": attempts, "last_status": outcome.status,
                                       "last_reason": outcome.reason})
    if outcome.verdict is Verdict.DELIVERED:
        return Settled(done, None, outcome)
    if outcome.verdict is Verdict.GONE:
        return Settled(done, "gone", outcome)
    if outcome.verdict is Verdict.PERMANENT:
        return Settled(done, "permanent", outcome)
    when = policy.next_attempt_at(attempts, now, retry_after_s=outcome.retry_after_s, rand=rand)
    if when is None:
        return Settled(done, "exhausted", outcome)
    return Retry(done.model_copy(update={"next_attempt_at": when}))


def dead_letter_of(
    delivery: PendingDelivery, verdict: FinalVerdict, reason: str, status: int | None, now: float
) -> DeliveryDeadLetter:
    shared = delivery.model_dump(include={*DeliveryBase.model_fields, "attempts"})
    return DeliveryDeadLetter(**shared, verdict=verdict, status=status, reason=reason,
                              failed_at=datetime.fromtimestamp(now, UTC))
