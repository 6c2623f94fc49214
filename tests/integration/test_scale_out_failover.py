"""Scale-out as it really runs: two extractor and two rules workers in one consumer group each, on
6-partition topics, one delivery worker, and a real HTTP receiver on 127.0.0.1. One extractor and
one rules worker are SIGKILLed while reports are still arriving; the survivors take over their
partitions from the last committed offsets. Every alert still arrives, and any copy sent again
carries the same ``webhook-id`` and the same bytes, so de-duplicating by ``webhook-id`` sees each
alert exactly once. No process is left behind."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook

from schemas import Report
from services.common.codec import encode
from services.common.kafka import ensure_topics
from services.common.settings import Settings
from services.common.topics import pipeline_topics
from services.rules.alerts import alert_id_for
from services.runtime.cli import expected_alerts
from services.runtime.ports import free_port
from services.runtime.processes import WorkerGroup, pid_alive
from services.runtime.receiver import WebhookReceiver
from tests.integration.test_delivery_durability import FAST

PARTITIONS = 6

#: (town, province): far enough apart that each report is its own event and its own alert, in
#: enough provinces (correlation buckets) to spread the incidents over both rules workers.
TOWNS = [("Saraqib", "Idlib"), ("Ariha", "Idlib"), ("Atarib", "Aleppo"), ("Azaz", "Aleppo"),
         ("Kafr Zita", "Hama"), ("Morek", "Hama"), ("Nawa", "Daraa"), ("Bosra", "Daraa"),
         ("Mayadin", "Deir ez-Zor"), ("Talbiseh", "Homs"), ("Rastan", "Homs"),
         ("Tabqa", "Raqqa"), ("Douma", "Rif Dimashq"), ("Jableh", "Latakia"),
         ("Manbij", "Aleppo"), ("Khan Shaykhun", "Idlib")]


@pytest.fixture
def settings(kafka_bootstrap: str, topic_prefix: str, broker_profile: str) -> Settings:
    """This module's topics have six partitions (three per worker of a pair)."""
    settings = Settings(kafka_bootstrap_servers=kafka_bootstrap, topic_prefix=topic_prefix,
                        profile=broker_profile, topic_partitions=PARTITIONS)
    ensure_topics(kafka_bootstrap, pipeline_topics(settings))
    return settings


def _reports() -> list[Report]:
    """Two rounds of hospital strikes, one town each, nine days apart: 32 distinct alerts."""
    reports = []
    start = dt.datetime(2021, 1, 4, tzinfo=dt.UTC)
    for n in range(2 * len(TOWNS)):
        town, province = TOWNS[n % len(TOWNS)]
        day = start + dt.timedelta(days=9 * n)
        reports.append(Report(
            id=f"scale-{n:02d}", source="Scale Test Wire", published_at=day + dt.timedelta(hours=9),
            text=f"Warplanes bombed the central hospital in {town}, {province} province, on "
                 f"{day:%A}, killing {3 + n % 4} patients, medics said."))
    return reports


class Instances:
    """Worker processes started one by one (two of a stage are two groups), each with its own
    log directory and ops port; all stopped at the end."""

    def __init__(self, env: dict[str, str], log_root: Path) -> None:
        self._env, self._log_root = env, log_root
        self.groups: dict[str, WorkerGroup] = {}
        self.urls: dict[str, str] = {}

    def start(self, name: str, stage: str) -> None:
        port = free_port()
        group = WorkerGroup(self._env, self._log_root / name,
                            {stage: {"CONFLICT_ALERTS_OPS_PORT": str(port)}})
        group.start([stage])
        self.groups[name] = group
        self.urls[name] = f"http://127.0.0.1:{port}/"

    def pid(self, name: str) -> int:
        return next(iter(self.groups[name].pids().values()))

    def get(self, name: str, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.urls[name] + path, timeout=3) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        except OSError:
            return 0, ""

    def processed(self, name: str, stage: str) -> float:
        _, body = self.get(name, "metrics")
        prefix = f'conflict_alerts_messages_processed_total{{stage="{stage}"}} '
        return sum(float(line[len(prefix):]) for line in body.splitlines()
                   if line.startswith(prefix))

    def kill(self, name: str) -> None:
        process = next(iter(self.groups[name].processes.values()))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        assert process.returncode == -signal.SIGKILL

    def stop(self) -> None:
        for group in self.groups.values():
            group.stop()

    def logs(self) -> Iterator[str]:
        for log in sorted(self._log_root.glob("*/*.log")):
            yield f"--- {log.parent.name}/{log.name}\n{log.read_text(errors='replace')[-3000:]}"


def _marked(prefix: str) -> set[int]:
    """Live processes carrying this test's topic prefix in their environment."""
    marker = f"CONFLICT_ALERTS_TOPIC_PREFIX={prefix}".encode()
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().split(") ")[1][:1]
        except (OSError, IndexError):
            continue
        if marker in environ.split(b"\0") and state != "Z":
            found.add(int(entry.name))
    return found


def _positions(settings: Settings, alerts: set[str]) -> str:
    """Where the incidents of ``alerts`` lie on the incidents topic, and the rules group's
    committed offsets: whether the group committed past them or never got to them."""
    from kafka import KafkaConsumer, TopicPartition

    def read(topic: str, group: str) -> tuple[list, dict]:
        consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers,
                                 group_id=f"{settings.topic_prefix}conflict-alerts-{group}",
                                 enable_auto_commit=False, consumer_timeout_ms=5000)
        try:
            parts = [TopicPartition(settings.topic(topic), p) for p in range(PARTITIONS)]
            committed = {tp.partition: consumer.committed(tp) for tp in parts}
            consumer.assign(parts)
            consumer.seek_to_beginning()
            return list(consumer), committed
        finally:
            consumer.close()

    incidents, rules_at = read("incidents", "rules")
    at = [(r.partition, r.offset) for r in incidents
          if alert_id_for(json.loads(r.value)["incident_id"]) + ":1" in alerts]
    sent, delivery_at = read("alerts", "delivery")
    out = [(r.partition, r.offset) for r in sent if r.key.decode() + ":1" in alerts]
    return (f"their incidents at (partition, offset) {at}, rules committed {rules_at}; "
            f"their alerts at {out}, delivery committed {delivery_at}")


def _until(predicate, timeout_s: float, what) -> None:
    """Wait for ``predicate``; ``what`` (a string, or a callable giving one at the time of the
    failure) says what did not happen."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, what() if callable(what) else what
        time.sleep(0.2)


def test_two_of_each_one_killed_mid_stream_every_alert_once_by_webhook_id(
        worker_env, settings, read_topic, webhook_secret, tmp_path, topic_prefix):
    reports = _reports()
    expected = {e.id for e in expected_alerts(reports)}
    assert len(expected) == len(reports), "each report must be an alert of its own"

    with WebhookReceiver(webhook_secret) as receiver:
        env = worker_env | FAST | {
            "CONFLICT_ALERTS_TOPIC_PARTITIONS": str(PARTITIONS),
            "CONFLICT_ALERTS_WEBHOOK_URL": receiver.url,
            "CONFLICT_ALERTS_WEBHOOK_SECRET": webhook_secret}
        workers = Instances(env, tmp_path / "logs")
        publisher: threading.Thread | None = None
        try:
            workers.start("delivery", "delivery")
            for name in ("extractor-a", "extractor-b", "rules-a", "rules-b"):
                workers.start(name, name.split("-")[0])
            # every member has joined and holds partitions, none is rebalancing
            _until(lambda: all(workers.get(n, "readyz")[0] == 200 for n in workers.urls), 90,
                   "workers never all ready")

            from services.common.kafka import producer

            kafka = producer(settings.bootstrap_servers)

            def publish() -> None:
                for report in reports:  # a steady stream, so the kills land in the middle
                    kafka.send(settings.topic("reports"), key=report.id.encode(),
                               value=encode(report)).get(timeout=10)
                    time.sleep(0.25)

            publisher = threading.Thread(target=publish, daemon=True)
            publisher.start()
            _until(lambda: len(receiver.deliveries) >= len(reports) // 4, 60,
                   "no alert arrived before the kills")
            # the victim of each pair is the one that has worked more: it held partitions with
            # data, and dies with some of its work not yet committed
            victims = [max(pair, key=lambda n: workers.processed(n, n.split("-")[0]))
                       for pair in (("extractor-a", "extractor-b"), ("rules-a", "rules-b"))]
            assert all(workers.processed(n, n.split("-")[0]) > 0 for n in victims)
            for name in victims:
                workers.kill(name)
            assert publisher.is_alive(), "the stream ended before the kills"
            publisher.join(timeout=30)
            kafka.close()

            def all_arrived() -> bool:
                return expected <= {d.headers["webhook-id"] for d in receiver.deliveries}

            def lost() -> str:
                """Which alerts never arrived, and the stage that lost each: no incident of
                its report on the incidents topic (extractor), no alert message (rules), or
                an alert message never delivered (delivery)."""
                missing = expected - {d.headers["webhook-id"] for d in receiver.deliveries}
                published = {json.loads(v)["id"] for _, v in
                             read_topic("alerts", expect=len(expected), timeout_s=5)}
                incidents = {alert_id_for(json.loads(v)["incident_id"]) + ":1"
                             for _, v in read_topic("incidents", expect=len(reports),
                                                    timeout_s=5)}
                lost_by = {alert: "delivery" if alert in published else
                           "rules" if alert in incidents else "extractor"
                           for alert in sorted(missing)}
                letters = [json.loads(v).get("reason", "")[:200] for _, v in
                           read_topic("deadletter", expect=1, timeout_s=3)]
                return (f"alerts lost in the failover, with the stage that lost them: "
                        f"{lost_by}; dead letters: {letters}; {_positions(settings, missing)}")

            _until(all_arrived, 90, lost)
            survivors = set(workers.urls) - set(victims)
            assert all(workers.get(n, "readyz")[0] == 200 for n in survivors)
        except BaseException:
            for text in workers.logs():
                print(text)
            raise
        finally:
            workers.stop()
        deliveries = list(receiver.deliveries)

    # Nothing was left running: not the victims, not the survivors.
    assert not any(pid_alive(workers.pid(n)) for n in workers.groups)
    assert _marked(topic_prefix) == set()

    verifier = Webhook(webhook_secret)
    bodies: dict[str, set[bytes]] = {}
    for delivery in deliveries:
        payload = verifier.verify(delivery.body, delivery.headers)
        assert payload["id"] == delivery.headers["webhook-id"]
        bodies.setdefault(delivery.headers["webhook-id"], set()).add(delivery.body)
    # De-duplicated by webhook-id, the receiver saw each alert exactly once, and every copy sent
    # again was the same bytes as the first.
    assert set(bodies) == expected
    assert {k: len(v) for k, v in bodies.items() if len(v) > 1} == {}
    # The same holds on the alerts topic itself: a message the rules re-sent after the kill is
    # byte-identical to the one before it.
    on_topic: dict[str, set[bytes]] = {}
    records = read_topic("alerts", expect=len(expected), timeout_s=30)
    for _, value in records:
        on_topic.setdefault(json.loads(value)["id"], set()).add(value)
    assert set(on_topic) == expected
    assert {k: len(v) for k, v in on_topic.items() if len(v) > 1} == {}
