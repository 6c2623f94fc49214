"""One report message in, incident messages out. Incidents are keyed by their correlation bucket
(see ``services.rules.keys``) so that reports of one event reach the same rules partition."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from services.common.bounds import DEFAULT_BOUNDS
from services.common.clock import utcnow
from services.common.codec import encode
from services.common.stage import Output
from services.extractor.entry import extract_report, read_report
from services.rules.keys import incident_key

__all__ = ["ExtractHandler"]


class ExtractHandler:
    def __init__(
        self, resources: Any, *, max_report_bytes: int, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._resources = resources
        self._bounds = replace(DEFAULT_BOUNDS, max_bytes=max_report_bytes)
        self._clock = clock

    async def __call__(self, raw: bytes | None) -> list[Output]:
        now = self._clock()
        report = read_report(raw, now, bounds=self._bounds)
        incidents = extract_report(report, self._resources, now)
        return [
            Output("incidents", incident_key(incident).encode(), encode(incident))
            for incident in incidents
        ]
