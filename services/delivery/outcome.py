"""What the result of one webhook request means, decided in one place.

    2xx                                   delivered
    408, 429, 5xx, timeout, network error retry (honouring Retry-After when given)
    410                                   gone: the receiver asks to be disabled
    3xx                                   permanent: redirects are not followed, a moved
                                          endpoint must be reconfigured
    other 4xx                             permanent failure
    target refused (before any request)   permanent: the host resolved to an address the
                                          webhook URL rules refuse; nothing was sent
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum

__all__ = ["Outcome", "Verdict", "classify", "parse_retry_after"]


class Verdict(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    PERMANENT = "permanent"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Outcome:
    verdict: Verdict
    status: int | None
    reason: str
    retry_after_s: float | None = None


def classify(
    status: int | None,
    *,
    error: BaseException | None = None,
    retry_after: str | None = None,
    now: datetime | None = None,
    refused: str | None = None,
) -> Outcome:
    """Classify an HTTP status, or (status None) the transport error that prevented one, or
    the URL rule (``refused``) that kept the request from being sent."""
    if refused is not None:
        return Outcome(Verdict.PERMANENT, None, f"target refused: {refused}")
    if status is None:
        name = type(error).__name__ if error else "no response"
        return Outcome(Verdict.RETRY, None, f"transport error: {name}")
    if 200 <= status < 300:
        return Outcome(Verdict.DELIVERED, status, "delivered")
    if status in (408, 429) or status >= 500:
        return Outcome(
            Verdict.RETRY, status, f"HTTP {status}", parse_retry_after(retry_after, now)
        )
    if status == 410:
        return Outcome(Verdict.GONE, status, "HTTP 410: receiver gone")
    if 300 <= status < 400:
        return Outcome(Verdict.PERMANENT, status, f"HTTP {status}: redirect not followed")
    return Outcome(Verdict.PERMANENT, status, f"HTTP {status}")


def parse_retry_after(value: str | None, now: datetime | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if now is None or when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())
