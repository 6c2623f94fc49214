"""The whole pipeline over the real broker: the project's example reports in, signed alerts out at
a real HTTP server on 127.0.0.1, and malformed reports in the dead-letter topic while good ones
still flow."""

from __future__ import annotations

import json
from collections import Counter

from standardwebhooks.webhooks import Webhook

from schemas import AlertEvent, DeadLetter, Report
from services.common.codec import encode
from services.runtime.cli import EXAMPLES, expected_alerts
from services.runtime.receiver import WebhookReceiver


def _examples() -> list[Report]:
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return sorted((Report.model_validate_json(line) for line in lines if line.strip()),
                  key=lambda r: r.published_at)


def test_example_reports_become_signed_alerts(start_workers, send, read_topic, webhook_secret):
    reports = _examples()
    # The offline replay of the same reports through the same pure engine says what to expect,
    # report by report.
    expected_by_report = [expected_alerts(reports[: n + 1]) for n in range(len(reports))]
    expected = expected_by_report[-1]
    assert len(expected) >= 3, "the examples must exercise new alerts and updates"

    with WebhookReceiver(webhook_secret) as receiver:
        start_workers("extractor", "rules", "delivery",
                      env={"CONFLICT_ALERTS_WEBHOOK_URL": receiver.url,
                           "CONFLICT_ALERTS_WEBHOOK_SECRET": webhook_secret})
        send("reports", None, b"{not json")  # a bad report first: the good ones must still flow
        for report, expect in zip(reports, expected_by_report, strict=True):
            send("reports", report.id.encode(), encode(report))
            # one at a time, so updates reach the rules worker in publication order
            receiver.wait_for(len(expect), timeout_s=90)
        deliveries = receiver.wait_for(len(expected), timeout_s=30)

    verifier = Webhook(webhook_secret)
    received = [AlertEvent.model_validate(verifier.verify(d.body, d.headers)) for d in deliveries]
    key = lambda e: (e.data.alert_id, e.data.sequence, e.data.status, tuple(e.data.rule_ids))  # noqa: E731
    assert Counter(map(key, received)) == Counter(map(key, expected))
    assert [d.headers["webhook-id"] for d in deliveries] == [e.id for e in received]
    health = [e for e in received if "health-care-attack" in e.data.rule_ids]
    assert health and health[0].data.location is not None
    assert {s.report_id for e in received for s in e.data.sources} >= {"example-001"}

    letters = [DeadLetter.model_validate_json(v) for _, v in read_topic("deadletter", expect=1)]
    assert [(dl.stage, dl.error) for dl in letters] == [("extractor", "UndecodableMessage")]


def test_alert_updates_share_a_key(start_workers, send, read_topic):
    """Every message of one alert is keyed by its alert id (one partition, in order)."""
    reports = _examples()[:3]
    start_workers("extractor", "rules")
    for report in reports:
        send("reports", report.id.encode(), encode(report))
    expected = expected_alerts(reports)
    records = read_topic("alerts", expect=len(expected), timeout_s=90)
    assert len(records) == len(expected)
    for key, value in records:
        assert key == json.loads(value)["data"]["alert_id"].encode()
