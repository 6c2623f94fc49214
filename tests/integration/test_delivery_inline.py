"""Delivery inside the rules worker (``delivery_inline``), over the real broker and a real local
HTTP receiver: incidents in, the same alert events on the alerts topic and at the webhook; the
rules worker SIGKILLed mid-retry and restarted loses nothing."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path

from standardwebhooks.webhooks import Webhook

from schemas import AlertEvent
from services.common.codec import encode
from services.rules.keys import incident_key
from services.runtime.receiver import WebhookReceiver
from tests.factories import incident
from tests.integration.test_delivery_durability import (
    FAST,
    Switch,
    _wait,
    journal_loads,
    kill_and_restart,
)

INLINE = {"CONFLICT_ALERTS_DELIVERY_INLINE": "true"}


def _incidents(n: int):
    # a month apart: each its own alert
    return [incident(incident_id=f"inc-{i}", report_id=f"rep-{i}",
                     date=date(2019, 1, 1) + timedelta(days=30 * i)) for i in range(n)]


def _env(receiver: WebhookReceiver, secret: str) -> dict[str, str]:
    return INLINE | FAST | {"CONFLICT_ALERTS_WEBHOOK_URL": receiver.url,
                            "CONFLICT_ALERTS_WEBHOOK_SECRET": secret}


def test_the_rules_worker_publishes_and_delivers_each_alert(start_workers, send, read_topic,
                                                            webhook_secret):
    incidents = _incidents(3)
    with WebhookReceiver(webhook_secret) as receiver:
        start_workers("rules", env=_env(receiver, webhook_secret))
        for inc in incidents:
            send("incidents", incident_key(inc).encode(), encode(inc))
        assert len(receiver.wait_for(3, timeout_s=60)) >= 3, "the alerts were not delivered"
        deliveries = list(receiver.deliveries)

    published = [AlertEvent.model_validate_json(v) for _, v in read_topic("alerts", expect=3)]
    verifier = Webhook(webhook_secret)
    delivered = [verifier.verify(d.body, d.headers) for d in deliveries]
    # the webhook carries the very event the alerts topic holds, under its id
    assert sorted(d["id"] for d in delivered) == sorted(e.id for e in published)
    assert {d["data"]["sources"][0]["report_id"] for d in delivered} == {"rep-0", "rep-1", "rep-2"}
    assert all(d.headers["webhook-id"] == json.loads(d.body)["id"] for d in deliveries)


def test_sigkill_of_the_rules_worker_mid_retry_loses_nothing(start_workers, send, webhook_secret,
                                                             tmp_path: Path):
    incidents = _incidents(4)
    switch = Switch(failing=True)
    with WebhookReceiver(webhook_secret, respond=switch) as receiver:
        env = _env(receiver, webhook_secret)
        first = start_workers("rules", env=env)
        for inc in incidents:
            send("incidents", incident_key(inc).encode(), encode(inc))
        # every alert is being retried, and long enough for the incidents to be committed
        assert _wait(lambda: len({d.headers["webhook-id"] for d in receiver.deliveries}) == 4
                     and switch.refused >= 12, 60)
        expected = {d.headers["webhook-id"] for d in receiver.deliveries}
        time.sleep(4.0)  # > faust's commit interval (2.8 s)
        kill_and_restart(first, "rules", start_workers, env, switch)
        assert _wait(lambda: expected <= set(switch.delivered), 60), \
            f"lost by the SIGKILL: {sorted(expected - set(switch.delivered))}"

    # the restarted worker took them from the journal: the incidents were committed, not re-read
    assert journal_loads(tmp_path / "logs" / "rules.log") == [0, len(incidents)]
