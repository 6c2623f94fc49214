"""Outcome classification, as a table."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from services.delivery.outcome import Verdict, classify, parse_retry_after

NOW = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "error", "retry_after", "verdict", "wait"),
    [
        (200, None, None, Verdict.DELIVERED, None),
        (204, None, None, Verdict.DELIVERED, None),
        (299, None, None, Verdict.DELIVERED, None),
        (301, None, None, Verdict.PERMANENT, None),
        (400, None, None, Verdict.PERMANENT, None),
        (401, None, None, Verdict.PERMANENT, None),
        (404, None, None, Verdict.PERMANENT, None),
        (408, None, None, Verdict.RETRY, None),
        (410, None, None, Verdict.GONE, None),
        (413, None, None, Verdict.PERMANENT, None),
        (429, None, "7", Verdict.RETRY, 7.0),
        (429, None, "Mon, 01 Jan 2024 12:01:00 GMT", Verdict.RETRY, 60.0),
        (429, None, "soon", Verdict.RETRY, None),
        (500, None, None, Verdict.RETRY, None),
        (503, None, "120", Verdict.RETRY, 120.0),
        (None, httpx.ConnectError("refused"), None, Verdict.RETRY, None),
        (None, httpx.ReadTimeout("slow"), None, Verdict.RETRY, None),
    ],
)
def test_classify(status, error, retry_after, verdict, wait):
    outcome = classify(status, error=error, retry_after=retry_after, now=NOW)
    assert outcome.verdict is verdict
    assert outcome.retry_after_s == wait
    assert outcome.status == status


def test_transport_error_reason_names_the_error_class_only():
    outcome = classify(None, error=httpx.ConnectError("https://secret.example/tok"))
    assert outcome.reason == "transport error: ConnectError"


def test_retry_after_in_the_past_is_zero():
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", NOW) == 0.0
