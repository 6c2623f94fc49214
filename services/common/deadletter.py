"""Build the dead letter for a message a stage rejected: the reason, the error class, whether it
is retryable, and the original bytes (base64), so nothing is lost and it can be replayed."""

from __future__ import annotations

import base64
from datetime import datetime

from schemas import DeadLetter
from services.common.errors import ConflictAlertsError

__all__ = ["dead_letter"]

_DETERMINISTIC = (RecursionError, OverflowError, UnicodeError)


def dead_letter(
    *,
    stage: str,
    topic: str,
    partition: int | None,
    offset: int | None,
    key: bytes | None,
    raw: bytes | None,
    error: BaseException,
    now: datetime,
    max_payload_bytes: int,
) -> DeadLetter:
    raw = raw or b""
    kept = raw[:max_payload_bytes]
    if isinstance(error, ConflictAlertsError):
        retryable = error.retryable
    else:  # errors the same bytes raise every time: retrying cannot help
        retryable = not isinstance(error, _DETERMINISTIC)
    return DeadLetter(
        stage=stage,
        topic=topic,
        partition=partition,
        offset=offset,
        key=base64.b64encode(key).decode("ascii") if key is not None else None,
        error=type(error).__name__,
        reason=str(error) or type(error).__name__,
        retryable=retryable,
        payload=base64.b64encode(kept).decode("ascii"),
        payload_size=len(raw),
        payload_truncated=len(kept) < len(raw),
        failed_at=now,
    )
