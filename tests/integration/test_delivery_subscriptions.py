"""Self-service subscriptions over HTTP on the delivery worker: created with a token, persisted
in the subscriptions topic (they survive a restart), delivered to with their own secret, and
disabled when the endpoint answers 410 Gone."""

from __future__ import annotations

import time

import httpx
from cryptography.fernet import Fernet
from standardwebhooks.webhooks import Webhook

from services.common.codec import encode
from services.runtime.ports import free_port
from services.runtime.receiver import WebhookReceiver
from tests.factories import alert_event
from tests.integration.delivery_http import wait_healthy

TOKEN = "test-token-7c1e"


def test_subscriptions_api_end_to_end(start_workers, send, webhook_secret):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    auth = {"authorization": f"Bearer {TOKEN}"}
    env = {"CONFLICT_ALERTS_DELIVERY_HTTP_PORT": str(port),
           "CONFLICT_ALERTS_SUBSCRIPTIONS_API_TOKEN": TOKEN,
           "CONFLICT_ALERTS_WEBHOOK_ALLOWLIST": '["127.0.0.1/32"]',
           # stored subscriptions need a secrets key (the embedded profile would make one)
           "CONFLICT_ALERTS_SECRETS_KEY": Fernet.generate_key().decode()}
    gone = {"on": False}
    with WebhookReceiver(webhook_secret, respond=lambda d: 410 if gone["on"] else 204) as receiver:
        workers = start_workers("delivery", env=env)
        wait_healthy(base)
        assert httpx.get(f"{base}/subscriptions").status_code == 401
        created = httpx.post(f"{base}/subscriptions", headers=auth, json={
            "url": receiver.url, "filters": {"matchers": ['severity=~"high|critical"']}})
        assert created.status_code == 201, created.text
        sub = created.json()
        secret = sub["secret"]
        assert secret.startswith("whsec_")
        listed = httpx.get(f"{base}/subscriptions/{sub['id']}", headers=auth).json()
        assert "secret" not in listed and "secrets" not in listed

        send("alerts", b"alert-1", encode(alert_event(alert_id="alert-1", severity="high")))
        send("alerts", b"alert-2", encode(alert_event(alert_id="alert-2", severity="low")))
        first = receiver.wait_for(1, timeout_s=30)
        assert [d.headers["webhook-id"] for d in first] == ["alert-1:1"]
        Webhook(secret).verify(first[0].body, first[0].headers)

        workers.stop()
        start_workers("delivery", env=env)
        wait_healthy(base)
        after = httpx.get(f"{base}/subscriptions", headers=auth).json()["subscriptions"]
        assert [s["id"] for s in after] == [sub["id"]]
        assert after[0]["filters"]["matchers"] == ['severity=~"high|critical"']

        gone["on"] = True
        send("alerts", b"alert-3", encode(alert_event(alert_id="alert-3", severity="critical")))
        deadline = time.monotonic() + 30
        state = {}
        while time.monotonic() < deadline:
            state = httpx.get(f"{base}/subscriptions/{sub['id']}", headers=auth).json()
            if not state["enabled"]:
                break
            time.sleep(0.2)
        assert state["enabled"] is False and "410" in state["disabled_reason"]
        metrics = httpx.get(f"{base}/metrics").text
        assert 'conflict_alerts_deliveries_total{outcome="gone"} 1.0' in metrics
        assert [d.headers["webhook-id"] for d in receiver.deliveries] == ["alert-1:1", "alert-3:1"]
