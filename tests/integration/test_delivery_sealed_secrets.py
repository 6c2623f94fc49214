"""Signing secrets sealed at rest, on a real broker and a real delivery worker: the bytes of the
``subscriptions`` topic never hold a whsec_ secret, webhooks still arrive signed with it at a
real receiver on 127.0.0.1; a plain-text record from before sealing is read and re-sealed; a
worker whose key does not open a record keeps running, reports it, holds its deliveries, and
delivers them once restarted with the right key."""

from __future__ import annotations

import base64
import json
import secrets
import time
from datetime import UTC, datetime

import httpx
from cryptography.fernet import Fernet
from standardwebhooks.webhooks import Webhook

from services.common.codec import encode
from services.delivery.kafkalog import MARKER_PREFIX
from services.delivery.records import Subscription
from services.runtime.ports import free_port
from services.runtime.receiver import WebhookReceiver
from tests.factories import alert_event
from tests.integration.delivery_http import wait_healthy, write_key_file

TOKEN = "sealed-secrets-operator-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def _secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _env(port: int, key_file) -> dict[str, str]:
    # retries a second apart: a held delivery is still due soon after the next restart
    return {"CONFLICT_ALERTS_DELIVERY_HTTP_PORT": str(port),
            "CONFLICT_ALERTS_DELIVERY_RETRY_SCHEDULE": json.dumps([0.0] + [1.0] * 30),
            "CONFLICT_ALERTS_SUBSCRIPTIONS_API_TOKEN": TOKEN,
            "CONFLICT_ALERTS_WEBHOOK_ALLOWLIST": '["127.0.0.1/32"]',
            "CONFLICT_ALERTS_SECRETS_KEY_FILE": str(key_file)}


def _records(read_topic, expect: int) -> list[tuple[bytes, bytes]]:
    """The subscription records of the topic (markers and tombstones left out), in order."""
    return [(k, v) for k, v in read_topic("subscriptions", expect=expect, timeout_s=30)
            if k is not None and v and not k.startswith(MARKER_PREFIX)]


def test_topic_bytes_hold_no_secret_and_webhooks_are_still_signed(
        start_workers, send, read_topic, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    key = Fernet.generate_key()
    secret, rotated = _secret(), None
    with WebhookReceiver(secret) as receiver:
        start_workers("delivery", env=_env(port, write_key_file(tmp_path / "keys", key)))
        wait_healthy(base)
        created = httpx.post(f"{base}/subscriptions", headers=AUTH,
                             json={"url": receiver.url, "secret": secret})
        assert created.status_code == 201, created.text
        sid = created.json()["id"]
        # a rotation: two secrets sign while both are current; both must be sealed too
        rotation = httpx.patch(f"{base}/subscriptions/{sid}", headers=AUTH,
                               json={"rotate_secret": True})
        rotated = rotation.json()["secret"]

        send("alerts", b"alert-s1", encode(alert_event(alert_id="alert-s1")))
        got = receiver.wait_for(1, timeout_s=30)
        assert [d.headers["webhook-id"] for d in got] == ["alert-s1:1"]
        assert got[0].verified  # the receiver checked the signature of the original secret
        Webhook(secret).verify(got[0].body, got[0].headers)
        Webhook(rotated).verify(got[0].body, got[0].headers)

    records = _records(read_topic, expect=2)
    assert [k for k, _ in records] == [sid.encode(), sid.encode()]
    raw = b"".join(v for _, v in records)
    assert b"whsec_" not in raw
    for plain in (secret, rotated):
        assert plain.encode() not in raw
        assert plain.split("_", 1)[1].encode() not in raw  # nor its base64 key
    last = json.loads(records[-1][1])
    assert "secrets" not in last
    opened = json.loads(Fernet(key).decrypt(last["sealed_secrets"].encode()))
    assert opened == [rotated, secret]


def test_legacy_record_resealed_and_a_wrong_key_holds_deliveries_without_crashing(
        start_workers, send, read_topic, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    old, new, wrong = (Fernet.generate_key() for _ in range(3))
    secret = _secret()
    with WebhookReceiver(secret) as receiver:
        # a record written before sealing: the secrets in clear
        now = datetime.now(UTC)
        legacy = Subscription(id="sub_legacy", url=receiver.url, secrets=(secret,),
                              created_at=now, updated_at=now)
        send("subscriptions", b"sub_legacy",
             json.dumps(legacy.model_dump(mode="json") | {"secrets": [secret]}).encode())

        # 1. a key the record does not need yet: read as it is, re-sealed at start-up
        workers = start_workers("delivery", env=_env(port, write_key_file(tmp_path / "k1", old)))
        wait_healthy(base)
        send("alerts", b"alert-l1", encode(alert_event(alert_id="alert-l1")))
        got = receiver.wait_for(1, timeout_s=30)
        assert got[0].verified and got[0].headers["webhook-id"] == "alert-l1:1"
        resealed = _records(read_topic, expect=2)[-1][1]
        assert b"whsec_" not in resealed
        assert json.loads(Fernet(old).decrypt(json.loads(resealed)["sealed_secrets"].encode()))
        workers.stop()

        # 2. rotation: the new key first, the old one after it: re-sealed with the new key
        workers = start_workers("delivery",
                                env=_env(port, write_key_file(tmp_path / "k2", new, old)))
        wait_healthy(base)
        deadline = time.monotonic() + 30
        token = ""
        while time.monotonic() < deadline:
            token = json.loads(_records(read_topic, expect=3)[-1][1])["sealed_secrets"]
            try:
                Fernet(new).decrypt(token.encode())
                break
            except Exception:  # noqa: BLE001 - not re-sealed yet
                time.sleep(0.3)
        assert json.loads(Fernet(new).decrypt(token.encode())) == [secret]
        workers.stop()

        # 3. a key that opens nothing: the worker runs, says which subscription is unusable,
        #    and holds its deliveries instead of sending them unsigned or dropping them
        workers = start_workers("delivery",
                                env=_env(port, write_key_file(tmp_path / "k3", wrong)))
        health = wait_healthy(base)
        assert health["unusable_subscriptions"] == ["sub_legacy"]
        shown = httpx.get(f"{base}/subscriptions/sub_legacy", headers=AUTH).json()
        assert "opens its sealed secrets" in shown["secrets_unusable"]
        assert secret not in json.dumps(shown)
        metrics = httpx.get(f"{base}/metrics").text
        assert 'conflict_alerts_subscriptions_unusable{subscription="sub_legacy"} 1.0' in metrics
        send("alerts", b"alert-l2", encode(alert_event(alert_id="alert-l2")))
        time.sleep(3)
        assert len(receiver.deliveries) == 1  # held, not sent
        assert not workers.exited()  # and the worker is still up
        assert 'conflict_alerts_delivery_queue_depth{subscription="sub_legacy"} 1.0' in (
            httpx.get(f"{base}/metrics").text)
        workers.stop()

        # 4. the right key again: the journaled delivery goes out, signed
        start_workers("delivery", env=_env(port, write_key_file(tmp_path / "k4", new)))
        wait_healthy(base)
        got = receiver.wait_for(2, timeout_s=30)
        assert [d.headers["webhook-id"] for d in got] == ["alert-l1:1", "alert-l2:1"]
        assert all(d.verified for d in got)

    logs = "".join(p.read_text() for p in (tmp_path / "logs").glob("*.log"))
    assert "subscription unusable" in logs
    assert secret not in logs
