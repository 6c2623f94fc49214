"""The delivery worker over the real broker, delivering to a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json

from standardwebhooks.webhooks import Webhook

from schemas import DeadLetter
from services.common.codec import encode
from services.runtime.receiver import WebhookReceiver
from tests.factories import alert_event


def test_alerts_arrive_signed_and_garbage_is_dead_lettered(
    start_workers, send, read_topic, webhook_secret
):
    first = alert_event()
    update = alert_event(sequence=2, status="updated")
    with WebhookReceiver(webhook_secret) as receiver:
        start_workers("delivery", env={"CONFLICT_ALERTS_WEBHOOK_URL": receiver.url,
                                       "CONFLICT_ALERTS_WEBHOOK_SECRET": webhook_secret})
        send("alerts", b"alert-1", encode(first))
        send("alerts", b"alert-1", b"\xff\xfe not an alert")
        send("alerts", b"alert-1", encode(update))
        deliveries = receiver.wait_for(2, timeout_s=60)

    assert [d.headers["webhook-id"] for d in deliveries] == ["alert-1:1", "alert-1:2"]
    verifier = Webhook(webhook_secret)
    for delivery in deliveries:
        payload = verifier.verify(delivery.body, delivery.headers)  # raises when invalid
        assert payload["specversion"] == "1.0"
        assert delivery.headers["content-type"] == "application/cloudevents+json"
    assert json.loads(deliveries[1].body)["data"]["status"] == "updated"

    letters = [DeadLetter.model_validate_json(v) for _, v in read_topic("deadletter", expect=1)]
    assert len(letters) == 1
    assert letters[0].stage == "delivery"
    assert letters[0].error == "UndecodableMessage"
    assert "not UTF-8" in letters[0].reason
