"""Durable delivery over the real broker and real local HTTP receivers: an endpoint failing for a
while, the worker SIGKILLed mid-retry and restarted, a hanging endpoint next to a healthy one."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path

from standardwebhooks.webhooks import Webhook

from services.common.codec import encode
from services.runtime.receiver import WebhookReceiver
from tests.factories import alert_event

FAST = {
    "CONFLICT_ALERTS_DELIVERY_RETRY_SCHEDULE": json.dumps([0] + [0.4] * 40),
    "CONFLICT_ALERTS_DELIVERY_JITTER": "0",
    "CONFLICT_ALERTS_DELIVERY_BREAKER_COOLDOWN_S": "0.5",
}


def _receiver_env(receiver: WebhookReceiver, secret: str) -> dict[str, str]:
    return FAST | {"CONFLICT_ALERTS_WEBHOOK_URL": receiver.url,
                   "CONFLICT_ALERTS_WEBHOOK_SECRET": secret}


def _wait(predicate, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _alerts(n: int):
    return [alert_event(alert_id=f"alert-{i}") for i in range(n)]


class Switch:
    """A receiver's answer that the test flips: 503 while failing, 204 after; records the
    webhook-id of every 2xx answer."""

    def __init__(self, failing: bool = True) -> None:
        self.failing = failing
        self.delivered: list[str] = []
        self.refused = 0
        self._lock = threading.Lock()

    def __call__(self, delivery) -> int:
        with self._lock:
            if self.failing:
                self.refused += 1
                return 503
            self.delivered.append(delivery.headers["webhook-id"])
            return 204


def test_endpoint_down_for_a_while_gets_every_alert(start_workers, send, webhook_secret):
    events = _alerts(10)
    switch = Switch(failing=True)
    with WebhookReceiver(webhook_secret, respond=switch) as receiver:
        start_workers("delivery", env=_receiver_env(receiver, webhook_secret))
        for event in events:
            send("alerts", event.data.alert_id.encode(), encode(event))
        assert _wait(lambda: switch.refused >= 20, 60), "the failing endpoint was not retried"
        switch.failing = False
        expected = {e.id for e in events}
        assert _wait(lambda: expected <= set(switch.delivered), 60), \
            f"missing after recovery: {sorted(expected - set(switch.delivered))}"
        deliveries = list(receiver.deliveries)

    verifier = Webhook(webhook_secret)
    for delivery in deliveries:  # every attempt, failed or not, is signed and carries its id
        payload = verifier.verify(delivery.body, delivery.headers)
        assert delivery.headers["webhook-id"] == payload["id"]
    # duplicates (if any) only ever repeat a webhook-id of one of our alerts
    assert set(Counter(d.headers["webhook-id"] for d in deliveries)) == expected


def test_sigkill_mid_retry_loses_nothing(start_workers, send, webhook_secret, tmp_path: Path):
    events = _alerts(6)
    switch = Switch(failing=True)
    with WebhookReceiver(webhook_secret, respond=switch) as receiver:
        env = _receiver_env(receiver, webhook_secret)
        first = start_workers("delivery", env=env)
        for event in events:
            send("alerts", event.data.alert_id.encode(), encode(event))
        expected = {e.id for e in events}
        # every alert is being retried, and long enough for its offset to be committed
        assert _wait(lambda: {d.headers["webhook-id"] for d in receiver.deliveries} == expected
                     and switch.refused >= 3 * len(events), 60)
        time.sleep(4.0)  # > faust's commit interval (2.8 s): offsets committed past the alerts
        kill_and_restart(first, "delivery", start_workers, env, switch)
        assert _wait(lambda: expected <= set(switch.delivered), 60), \
            f"lost by the SIGKILL: {sorted(expected - set(switch.delivered))}"

    # the restarted worker got them from the journal (not only by re-reading alerts)
    assert journal_loads(tmp_path / "logs" / "delivery.log") == [0, len(events)]


def kill_and_restart(group, stage: str, start_workers, env: dict[str, str], switch: Switch) -> None:
    """SIGKILL the stage's process, let the receiver recover, and start the stage again."""
    process = group.processes[stage]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    switch.failing = False
    start_workers(stage, env=env)


def journal_loads(log: Path) -> list[int]:
    """The pending deliveries each start of a worker found in the journal, from its log."""
    return [json.loads(line)["pending"] for line in log.read_text().splitlines()
            if line.startswith("{") and '"delivery state loaded"' in line]


def test_hanging_endpoint_does_not_delay_another(start_workers, send, webhook_secret, tmp_path):
    release = threading.Event()
    hanging: list[str] = []

    def hang(delivery) -> int:
        hanging.append(delivery.headers["webhook-id"])  # counted on arrival, answered much later
        release.wait(30)
        return 204

    events = _alerts(20)
    with WebhookReceiver(webhook_secret, respond=hang) as stuck, \
            WebhookReceiver(webhook_secret) as healthy:
        config = tmp_path / "receivers.yaml"
        config.write_text(
            "receivers:\n"
            f"  - {{name: stuck, url: '{stuck.url}', secret: '{webhook_secret}'}}\n"
            f"  - {{name: healthy, url: '{healthy.url}', secret: '{webhook_secret}'}}\n")
        start_workers("delivery", env=FAST | {"CONFLICT_ALERTS_WEBHOOK_CONFIG": str(config),
                                              "CONFLICT_ALERTS_DELIVERY_TIMEOUT_S": "30",
                                              "CONFLICT_ALERTS_DELIVERY_ENDPOINT_CONCURRENCY": "4"})
        send("alerts", b"warm-up", encode(alert_event(alert_id="warm-up")))
        assert healthy.wait_for(1, timeout_s=60), "worker did not start"
        sent_at = time.time()
        for event in events:
            send("alerts", event.data.alert_id.encode(), encode(event))
        arrived = healthy.wait_for(1 + len(events), timeout_s=10)
        stuck_requests = len(hanging)
        release.set()

    assert len(arrived) == 1 + len(events)
    assert max(d.received_at for d in arrived) - sent_at < 5.0
    assert 1 <= stuck_requests <= 4  # the per-endpoint concurrency limit held
