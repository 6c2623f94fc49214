"""Subscriber tokens and key rotation on a real broker and a real delivery worker: a reissued
or revoked token is written to the subscriptions topic and still holds after a restart; a new
key added to the key file is taken by ``conflict-alerts reseal`` and by the running worker, which
goes on delivering signed webhooks without a restart; the command's report and exit code say
what it found. No token, key or secret reaches the topic in clear, the logs or the output."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
from cryptography.fernet import Fernet

from services.common.codec import encode
from services.delivery.kafkalog import MARKER_PREFIX
from services.runtime.ports import free_port
from services.runtime.receiver import WebhookReceiver
from tests.factories import alert_event
from tests.integration.delivery_http import wait_healthy, write_key_file

TOKEN = "tokens-operator-token"
OPERATOR = {"authorization": f"Bearer {TOKEN}"}
ROOT = Path(__file__).resolve().parents[2]


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def _env(port: int, key_file: Path) -> dict[str, str]:
    return {"CONFLICT_ALERTS_DELIVERY_HTTP_PORT": str(port),
            "CONFLICT_ALERTS_SUBSCRIPTIONS_API_TOKEN": TOKEN,
            "CONFLICT_ALERTS_WEBHOOK_ALLOWLIST": '["127.0.0.1/32"]',
            "CONFLICT_ALERTS_SECRETS_KEY_FILE": str(key_file)}


def _latest(read_topic, expect: int) -> dict[bytes, bytes]:
    """The live record of each subscription (markers left out, tombstones delete)."""
    state: dict[bytes, bytes] = {}
    for key, value in read_topic("subscriptions", expect=expect, timeout_s=30):
        if key is None or key.startswith(MARKER_PREFIX):
            continue
        if value is None:
            state.pop(key, None)
        elif value:
            state[key] = value
    return state


def _sealed_with(value: bytes, key: bytes) -> bool:
    try:
        Fernet(key).decrypt(json.loads(value)["sealed_secrets"].encode())
        return True
    except Exception:  # noqa: BLE001 - another key sealed it
        return False


def _reseal(worker_env: dict[str, str], key_file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "services.cli", "reseal"],
                          env=worker_env | {"CONFLICT_ALERTS_SECRETS_KEY_FILE": str(key_file)},
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_reissued_and_revoked_tokens_are_durable(start_workers, read_topic, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = _env(port, write_key_file(tmp_path / "keys", Fernet.generate_key()))
    workers = start_workers("delivery", env=env)
    wait_healthy(base)
    created = httpx.post(f"{base}/subscriptions", headers=OPERATOR,
                         json={"url": "http://127.0.0.1:9/a"})
    assert created.status_code == 201, created.text
    sid, first = created.json()["id"], created.json()["token"]
    other = httpx.post(f"{base}/subscriptions", headers=bearer(first),
                       json={"url": "http://127.0.0.1:9/a2"})
    assert other.status_code == 201, other.text
    both = sorted([sid, other.json()["id"]])

    reissued = httpx.post(f"{base}/subscriptions/{sid}/token", headers=OPERATOR)
    assert reissued.status_code == 200, reissued.text
    second = reissued.json()["token"]
    assert sorted(reissued.json()["subscriptions"]) == both
    assert httpx.get(f"{base}/subscriptions", headers=bearer(first)).status_code == 401

    workers.stop()
    workers = start_workers("delivery", env=env)
    wait_healthy(base)
    assert httpx.get(f"{base}/subscriptions", headers=bearer(first)).status_code == 401
    listed = httpx.get(f"{base}/subscriptions", headers=bearer(second)).json()
    assert sorted(s["id"] for s in listed["subscriptions"]) == both

    revoked = httpx.delete(f"{base}/subscriptions/{sid}/token", headers=OPERATOR)
    assert revoked.status_code == 200, revoked.text
    workers.stop()
    workers = start_workers("delivery", env=env)
    wait_healthy(base)
    for token in (first, second):
        assert httpx.get(f"{base}/subscriptions", headers=bearer(token)).status_code == 401
    shown = httpx.get(f"{base}/subscriptions", headers=OPERATOR).json()["subscriptions"]
    assert {s["id"]: s["subscriber_token"] for s in shown} == dict.fromkeys(both, "revoked")
    assert httpx.patch(f"{base}/subscriptions/{sid}", headers=OPERATOR,
                       json={"enabled": False}).status_code == 200

    third = httpx.post(f"{base}/subscriptions/{sid}/token", headers=OPERATOR).json()["token"]
    listed = httpx.get(f"{base}/subscriptions", headers=bearer(third)).json()
    assert sorted(s["id"] for s in listed["subscriptions"]) == both
    workers.stop()

    raw = b"".join(_latest(read_topic, expect=6).values())
    logs = "".join(p.read_text() for p in (tmp_path / "logs").glob("*.log"))
    assert "subscriber token reissued" in logs and "subscriber token revoked" in logs
    for token in (first, second, third):
        assert token.encode() not in raw and token not in logs


def test_a_new_key_is_taken_by_reseal_and_the_running_worker_without_a_restart(
        start_workers, send, read_topic, worker_env, webhook_secret, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    old, new, other = (Fernet.generate_key() for _ in range(3))
    keys = write_key_file(tmp_path / "keys", old)
    with WebhookReceiver(webhook_secret) as receiver:
        workers = start_workers("delivery", env=_env(port, keys))
        wait_healthy(base)
        created = httpx.post(f"{base}/subscriptions", headers=OPERATOR,
                             json={"url": receiver.url, "secret": webhook_secret})
        assert created.status_code == 201, created.text
        sid = created.json()["id"]
        assert _sealed_with(_latest(read_topic, expect=1)[sid.encode()], old)

        # 1. the operator puts a new key first and runs reseal; the worker keeps running
        write_key_file(keys, new, old)
        done = _reseal(worker_env, keys)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "1 re-sealed, 0 already current, 0 unusable"
        assert _sealed_with(_latest(read_topic, expect=2)[sid.encode()], new)

        # the running worker opened the re-sealed record with the key it had not started with
        time.sleep(1.0)
        assert wait_healthy(base)["unusable_subscriptions"] == []
        send("alerts", b"alert-k1", encode(alert_event(alert_id="alert-k1")))
        got = receiver.wait_for(1, timeout_s=30)
        assert got[0].verified and got[0].headers["webhook-id"] == "alert-k1:1"
        # and seals its own writes with it
        assert httpx.patch(f"{base}/subscriptions/{sid}", headers=OPERATOR,
                           json={"description": "after the new key"}).status_code == 200
        assert _sealed_with(_latest(read_topic, expect=3)[sid.encode()], new)

        # 2. the old key removed: nothing left to do
        write_key_file(keys, new)
        again = _reseal(worker_env, keys)
        assert (again.returncode, again.stdout.strip()) == (
            0, "0 re-sealed, 1 already current, 0 unusable")

        # 3. a record no configured key opens: named, and the exit code says so
        lost = json.loads(_latest(read_topic, expect=3)[sid.encode()])
        lost |= {"id": "sub_lost", "sealed_secrets": Fernet(other).encrypt(
            json.dumps([webhook_secret]).encode()).decode()}
        send("subscriptions", b"sub_lost", json.dumps(lost).encode())
        found = _reseal(worker_env, keys)
        assert found.returncode == 1
        assert found.stdout.strip() == "0 re-sealed, 1 already current, 1 unusable"
        assert "sub_lost unusable:" in found.stderr
        assert not workers.exited()
        workers.stop()

    output = "".join(r.stdout + r.stderr for r in (done, again, found))
    logs = "".join(p.read_text() for p in (tmp_path / "logs").glob("*.log"))
    for text in (output, logs):
        assert webhook_secret not in text
        assert all(k.decode() not in text for k in (old, new, other))
    assert "secrets keys read again" in logs
