"""One report message in, incident messages out. Incidents are keyed by their correlation bucket
(see ``services.rules.keys``) so that reports of one event reach the same rules partition."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from schemas import Report
from services.common.clock import utcnow
from services.common.codec import decode, encode
from services.common.stage import Output
from services.rules.keys import incident_key

__all__ = ["ExtractHandler"]


class ExtractHandler:
    def __init__(
        self, resources: Any, *, max_report_bytes: int, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._resources = resources
        self._max_bytes = max_report_bytes
        self._clock = clock

    async def __call__(self, raw: bytes | None) -> list[Output]:
        from services.extractor import extract

        report = decode(raw, Report, max_bytes=self._max_bytes)
        incidents = extract(report, self._resources, self._clock())
        return [
            Output("incidents", incident_key(incident).encode(), encode(incident))
            for incident in incidents
        ]
