"""Where report text enters extraction: bound and read the message, check its dates, normalise
the text once, extract, and map evidence spans back to the original text.

The worker, ``conflict-alerts extract`` and ``replay`` all come through here, so they accept and
refuse the same reports for the same reasons.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from schemas import Incident, Report
from services.common.bounds import DEFAULT_BOUNDS, Bounds
from services.common.codec import decode
from services.common.datewindow import date_problem
from services.common.errors import InvalidMessage, MessageOutOfBounds
from services.common.links import safe_link
from services.common.textnorm import Normalised, normalise

__all__ = ["check_report", "extract_report", "read_report"]


def read_report(raw: bytes | None, now: dt.datetime, *, bounds: Bounds = DEFAULT_BOUNDS) -> Report:
    """Bounded decode plus the date window; raise ``InvalidMessage`` with the reason."""
    report = decode(raw, Report, bounds=bounds)
    return check_report(report, now)


def check_report(report: Report, now: dt.datetime) -> Report:
    problem = date_problem("published_at", report.published_at, now)
    if problem:
        raise MessageOutOfBounds(problem)
    url = safe_link(report.url)
    return report if url == report.url else report.model_copy(update={"url": url})


def extract_report(report: Report, resources: Any, now: dt.datetime) -> list[Incident]:
    """Normalise, extract, check event dates, and give spans in the original text."""
    from services.extractor import extract

    norm = normalise(report.text)
    if not any(ch.isalnum() for ch in norm.text):
        raise InvalidMessage("Report.text: holds no words once control characters are removed")
    title = normalise(report.title).text or None if report.title else report.title
    seen = report.model_copy(update={"text": norm.text, "title": title})
    try:
        incidents = extract(seen, resources, now)
    except (OverflowError, RecursionError) as exc:
        raise MessageOutOfBounds(f"extraction cannot handle this report: {exc}") from None
    out = []
    for incident in incidents:
        if incident.date is not None:
            problem = date_problem("event date", incident.date, report.published_at)
            if problem:
                incident = _undated(incident)
        out.append(_in_original(incident, norm) if norm.changed else incident)
    return out


#: Rule id on the evidence of an event date refused by the window.
DATE_REFUSED = "date.out_of_window"


def _undated(incident: Incident) -> Incident:
    """An event date outside the window is a misreading of the text, not a bad message: the
    incident keeps everything else, its date is refused (null), and the evidence of the date
    says why, so nothing the report tells is lost."""
    evidence = [e.model_copy(update={"field": "date_refused",
                                     "rule_ids": [*e.rule_ids, DATE_REFUSED]})
                if e.field == "date" else e for e in incident.evidence]
    return incident.model_copy(update={"date": None, "evidence": evidence})


def _in_original(incident: Incident, norm: Normalised) -> Incident:
    evidence = []
    for ev in incident.evidence:
        start, end = norm.span(ev.start, ev.end)
        evidence.append(ev.model_copy(update={
            "start": start, "end": end, "text": norm.original[start:end]}))
    return incident.model_copy(update={"evidence": evidence})
