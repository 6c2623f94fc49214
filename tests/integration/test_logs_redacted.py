"""Worker logs are structured JSON and never carry a webhook secret or a full webhook URL."""

from __future__ import annotations

import json

from services.common.codec import encode
from services.runtime.receiver import WebhookReceiver
from tests.factories import alert_event


def test_delivery_logs_hide_tokens_and_secrets(start_workers, send, webhook_secret, tmp_path):
    token = "tok-5f1d2c9a8b7e"
    with WebhookReceiver(webhook_secret, respond=lambda d: 503 if len(d.path) else 204) as receiver:
        url = f"{receiver.url}/{token}?key={token}"
        workers = start_workers("delivery", env={"CONFLICT_ALERTS_WEBHOOK_URL": url,
                                                 "CONFLICT_ALERTS_WEBHOOK_SECRET": webhook_secret,
                                                 "CONFLICT_ALERTS_LOG_LEVEL": "debug"})
        send("alerts", b"alert-1", encode(alert_event()))
        assert receiver.wait_for(2, timeout_s=60), "the failing receiver was never called"
        workers.stop()

    log = (tmp_path / "logs" / "delivery.log").read_text()
    assert token not in log
    assert webhook_secret not in log and webhook_secret[6:] not in log
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert lines and all({"ts", "level", "logger", "msg"} <= set(line) for line in lines)
    assert any(line.get("webhook_id") == "alert-1:1" for line in lines)
