"""Retry schedule, jitter, Retry-After and the breaker, with time and randomness injected."""

from __future__ import annotations

import pytest

from services.delivery.breaker import BreakerState, CircuitBreaker
from services.delivery.lifecycle import Retry, Settled, next_step
from services.delivery.outcome import Outcome, Verdict
from services.delivery.records import PendingDelivery
from services.delivery.schedule import DEFAULT_SCHEDULE, RetryPolicy, exponential_schedule

NO_JITTER = RetryPolicy((0.0, 5.0, 300.0), jitter=0.0, max_retry_after_s=60.0)


def test_default_schedule_spans_about_a_day():
    assert DEFAULT_SCHEDULE[:3] == (0.0, 5.0, 300.0)
    assert 24 * 3600 <= sum(DEFAULT_SCHEDULE) <= 30 * 3600


@pytest.mark.parametrize(("failed", "expected"), [(1, 1005.0), (2, 1300.0), (3, None)])
def test_next_attempt_follows_the_schedule(failed, expected):
    assert NO_JITTER.next_attempt_at(failed, 1000.0) == expected


@pytest.mark.parametrize(("rand", "factor"), [(0.0, 0.8), (0.5, 1.0), (0.9999999, 1.2)])
def test_jitter_bounds(rand, factor):
    policy = RetryPolicy((0.0, 100.0), jitter=0.2)
    assert policy.next_attempt_at(1, 0.0, rand=lambda: rand) == pytest.approx(100.0 * factor)


def test_retry_after_lengthens_never_shortens_and_is_capped():
    assert NO_JITTER.next_attempt_at(1, 0.0, retry_after_s=30.0) == 30.0
    assert NO_JITTER.next_attempt_at(1, 0.0, retry_after_s=1.0) == 5.0
    assert NO_JITTER.next_attempt_at(1, 0.0, retry_after_s=10_000.0) == 60.0


def test_exponential_schedule():
    assert exponential_schedule(1.0, 2.0, 5, cap=5.0) == (0.0, 1.0, 2.0, 4.0, 5.0)


def _pending(attempts: int = 0) -> PendingDelivery:
    return PendingDelivery(delivery_id="s/a:1", subscription_id="s", webhook_id="a:1",
                           alert_id="a", sequence=1, body="{}", attempts=attempts,
                           next_attempt_at=0.0, created_at=0.0)


@pytest.mark.parametrize(
    ("verdict", "attempts", "step", "final"),
    [
        (Verdict.DELIVERED, 0, Settled, None),
        (Verdict.RETRY, 0, Retry, None),
        (Verdict.RETRY, 2, Settled, "exhausted"),
        (Verdict.PERMANENT, 0, Settled, "permanent"),
        (Verdict.GONE, 1, Settled, "gone"),
    ],
)
def test_lifecycle(verdict, attempts, step, final):
    result = next_step(_pending(attempts), Outcome(verdict, 500, "x"), 1000.0, NO_JITTER)
    assert isinstance(result, step)
    assert result.delivery.attempts == attempts + 1
    if isinstance(result, Settled):
        assert result.verdict == final
    else:
        assert result.delivery.next_attempt_at == 1005.0


def test_breaker_opens_half_opens_and_backs_off():
    breaker = CircuitBreaker(failures_to_open=3, cooldown_s=10.0, max_cooldown_s=25.0)
    for _ in range(3):
        assert breaker.allows(0.0)
        breaker.record_failure(0.0)
    assert breaker.state(5.0) is BreakerState.OPEN and not breaker.allows(5.0)
    assert breaker.next_allowed_at(5.0) == 10.0
    assert breaker.allows(10.0)  # half-open: one probe
    breaker.started(10.0)
    assert not breaker.allows(10.0)
    breaker.record_failure(11.0)  # probe failed: open twice as long
    assert breaker.next_allowed_at(12.0) == 31.0
    breaker.started(31.0)
    breaker.record_failure(31.0)
    assert breaker.next_allowed_at(31.0) == 56.0  # capped at 25 s
    breaker.started(56.0)
    breaker.record_success()
    assert breaker.state(56.0) is BreakerState.CLOSED


def test_permanent_failures_do_not_open_the_breaker():
    breaker = CircuitBreaker(failures_to_open=2)
    breaker.record_failure(0.0)
    breaker.record_neutral()
    breaker.record_failure(0.0)
    assert breaker.allows(0.0)
