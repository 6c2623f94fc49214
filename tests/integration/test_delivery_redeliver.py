"""Exhausted and permanently failed deliveries land in the delivery dead-letter topic with the
reason; ``conflict-alerts redeliver`` replays them (by alert, by subscription, all) with the same
webhook-id, and a successful redelivery resolves the dead letter."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from services.common.codec import encode
from services.delivery.records import DeliveryDeadLetter
from services.delivery.redeliver import latest
from services.runtime.receiver import WebhookReceiver
from tests.factories import alert_event


def _letters(read_topic, expect: int) -> list[DeliveryDeadLetter]:
    return latest(read_topic("delivery_deadletter", expect=expect, timeout_s=60))


def _redeliver(worker_env, *args: str) -> str:
    command = [sys.executable, "-m", "services.cli", "redeliver", "--idle-s", "1", *args]
    done = subprocess.run(command, env=worker_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_dead_letters_and_redeliver(start_workers, send, read_topic, webhook_secret, worker_env):
    status = {"alert-0:1": 503, "alert-1:1": 503, "alert-2:1": 400}
    answers: dict[str, list[int]] = {}

    def respond(delivery) -> int:
        webhook_id = delivery.headers["webhook-id"]
        code = status.get(webhook_id, 204)
        answers.setdefault(webhook_id, []).append(code)
        return code

    with WebhookReceiver(webhook_secret, respond=respond) as receiver:
        start_workers("delivery", env={
            "CONFLICT_ALERTS_WEBHOOK_URL": receiver.url,
            "CONFLICT_ALERTS_WEBHOOK_SECRET": webhook_secret,
            "CONFLICT_ALERTS_DELIVERY_RETRY_SCHEDULE": json.dumps([0, 0.2, 0.2]),
            "CONFLICT_ALERTS_DELIVERY_JITTER": "0",
            # five 503s in a row open the breaker; keep its cool-down short here
            "CONFLICT_ALERTS_DELIVERY_BREAKER_COOLDOWN_S": "0.5"})
        for n in range(3):
            send("alerts", f"alert-{n}".encode(), encode(alert_event(alert_id=f"alert-{n}")))

        letters = {dl.webhook_id: dl for dl in _letters(read_topic, 3)}
        assert set(letters) == {"alert-0:1", "alert-1:1", "alert-2:1"}
        assert letters["alert-0:1"].verdict == "exhausted"
        assert letters["alert-0:1"].attempts == 3 and answers["alert-0:1"] == [503] * 3
        assert letters["alert-0:1"].reason == "HTTP 503"
        assert letters["alert-2:1"].verdict == "permanent"  # a 400 is not retried
        assert letters["alert-2:1"].attempts == 1 and letters["alert-2:1"].status == 400
        assert letters["alert-0:1"].subscription_id == "default"

        status.clear()  # the endpoint is fixed
        assert "1 dead letter(s) sent" in _redeliver(worker_env, "--alert", "alert-1")
        deadline = time.monotonic() + 60
        while answers["alert-1:1"][-1] != 204 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert answers["alert-1:1"][-1] == 204
        assert len(answers["alert-0:1"]) == 3  # not chosen, not replayed

        # the replayed one is resolved (tombstoned); the rest are still dead letters
        time.sleep(1.0)
        remaining = {dl.webhook_id for dl in latest(read_topic("delivery_deadletter", expect=1))}
        assert remaining == {"alert-0:1", "alert-2:1"}

        assert "2 dead letter(s) sent" in _redeliver(worker_env, "--subscription", "default")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(
                answers[w][-1] == 204 for w in ("alert-0:1", "alert-2:1")):
            time.sleep(0.1)
        deliveries = list(receiver.deliveries)

    assert all(answers[w][-1] == 204 for w in ("alert-0:1", "alert-1:1", "alert-2:1"))
    assert {d.headers["webhook-id"] for d in deliveries} == {"alert-0:1", "alert-1:1", "alert-2:1"}


def test_redeliver_needs_a_selection(worker_env):
    done = subprocess.run([sys.executable, "-m", "services.cli", "redeliver"], env=worker_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--all" in done.stderr
