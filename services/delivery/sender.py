"""Delivery to one receiver: its own HTTP client (one shared client degrades under concurrency),
signed requests, and attempts with exponential backoff bounded by a deadline.

Clock and sleep are injectable so the retry schedule is testable without waiting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import httpx

from services.delivery.config import Receiver
from services.delivery.outcome import Outcome, Verdict, classify
from services.delivery.redact import redact_url
from services.delivery.signing import headers

__all__ = ["Sender"]

log = logging.getLogger(__name__)

CONTENT_TYPE = "application/cloudevents+json"
USER_AGENT = "conflict-alerts-webhooks/0.1"


class Sender:
    def __init__(
        self,
        receiver: Receiver,
        *,
        timeout_s: float,
        attempts: int,
        backoff_s: float = 0.5,
        max_backoff_s: float = 30.0,
        deadline_s: float = 120.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.receiver = receiver
        self._url = str(receiver.url)
        self._attempts = attempts
        self._backoff = backoff_s
        self._max_backoff = max_backoff_s
        self._deadline = deadline_s
        self._clock = clock
        self._sleep = sleep
        self._client = httpx.AsyncClient(
            timeout=timeout_s, follow_redirects=False, transport=transport,
            headers={"user-agent": USER_AGENT, "content-type": CONTENT_TYPE},
        )

    async def deliver(self, msg_id: str, body: bytes) -> Outcome:
        """POST ``body`` until delivered, a permanent outcome, the last attempt or the deadline."""
        secrets = [s.get_secret_value() for s in self.receiver.secrets]
        started = self._clock()
        attempt = 0
        while True:
            attempt += 1
            now = self._clock()
            request_headers = headers(secrets, msg_id, int(now), body)
            try:
                response = await self._client.post(self._url, content=body, headers=request_headers)
                outcome = classify(
                    response.status_code,
                    retry_after=response.headers.get("retry-after"),
                    now=datetime.fromtimestamp(now, UTC),
                )
            except httpx.HTTPError as exc:  # timeouts, refused connections, protocol errors
                outcome = classify(None, error=exc)
            log.info(
                "webhook attempt",
                extra={
                    "receiver": self.receiver.name, "endpoint": redact_url(self._url),
                    "webhook_id": msg_id, "attempt": attempt, "status": outcome.status,
                    "verdict": outcome.verdict.value, "reason": outcome.reason,
                },
            )
            if outcome.verdict is not Verdict.RETRY or attempt >= self._attempts:
                return outcome
            delay = outcome.retry_after_s
            if delay is None:
                delay = min(self._max_backoff, self._backoff * 2 ** (attempt - 1))
            if self._clock() + delay - started > self._deadline:
                return outcome
            await self._sleep(delay)

    async def aclose(self) -> None:
        await self._client.aclose()
