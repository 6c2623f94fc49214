"""The feed survives any record on its topics: it counts it as invalid and goes on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.codec import encode
from services.common.settings import Settings
from services.dashboard import AlertStore, ReportTexts
from services.dashboard.feed import Broadcaster, Feed
from tests.factories import NOW, alert_event


@pytest.fixture
def feed() -> Feed:
    settings = Settings()
    store = AlertStore(window=timedelta(days=365 * 20), max_alerts=100)
    return Feed(settings, store, ReportTexts(10), Broadcaster(), clock=lambda: NOW)


@pytest.mark.parametrize(
    "value",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b"\xff\xfe",
        b"null",
        b'{"id": [1], "text": {}}',
        b"x" * (2 * 1024 * 1024),
    ],
)
def test_hostile_records_are_skipped_on_both_topics(feed, value):
    assert feed.handle(feed.settings.topic("alerts"), value) is None
    assert feed.invalid == 1
    assert feed.handle(feed.settings.topic("reports"), value) is None
    # and a good alert after them is still shown
    message = feed.handle(feed.settings.topic("alerts"), encode(alert_event(alert_id="ok")))
    assert message is not None and message["alert"]["alert_id"] == "ok"
