"""faust table state comes back whole after a restart, including every record of a changelog
batch. (On Tansu 0.6 this needs the end-offset check of services/common/endoffsets.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from kafka.admin import KafkaAdminClient, NewTopic

from services.common.kafka import consume, producer

PROBE = Path(__file__).with_name("table_probe.py")


def _answers(settings, count: int, timeout_s: float = 60.0) -> list[dict]:
    deadline = time.monotonic() + timeout_s
    answers: list[dict] = []
    while time.monotonic() < deadline and len(answers) < count:
        answers = [json.loads(v) for _, v, _ in consume(
            settings.bootstrap_servers, settings.topic_prefix + "probe-out", timeout_s=1.0)]
    return answers


def test_every_key_written_in_one_event_is_recovered(settings, worker_env, tmp_path):
    prefix = settings.topic_prefix
    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    admin.create_topics([NewTopic(prefix + "probe-in", 1, 1), NewTopic(prefix + "probe-out", 1, 1)])
    admin.close()
    keys = [f"k{i}" for i in range(6)]
    kafka = producer(settings.bootstrap_servers)

    def command(**fields) -> None:
        kafka.send(prefix + "probe-in", json.dumps(fields).encode()).get(timeout=10)

    def start() -> subprocess.Popen:
        log = open(tmp_path / "probe.log", "ab")  # noqa: SIM115 - closed with the process
        return subprocess.Popen([sys.executable, str(PROBE)], env=worker_env, stderr=log,
                                stdout=log)

    worker = start()
    try:
        command(write=keys, value=1, read=keys)
        command(write=keys[:3], value=2, read=keys)
        before = _answers(settings, 2)
        assert before[-1] == {"k0": 2, "k1": 2, "k2": 2, "k3": 1, "k4": 1, "k5": 1}
        worker.terminate()
        worker.wait(timeout=30)

        worker = start()
        command(read=keys)
        after = _answers(settings, len(before) + 1)
        assert after[-1] == before[-1]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        kafka.close()
