"""Integration fixtures: topics and worker processes on the session broker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from services.common.kafka import consume, ensure_topics, producer
from services.common.settings import Settings
from services.common.topics import pipeline_topics
from services.runtime.processes import WorkerGroup


@pytest.fixture
def settings(kafka_bootstrap: str, topic_prefix: str, broker_profile: str) -> Settings:
    settings = Settings(kafka_bootstrap_servers=kafka_bootstrap, topic_prefix=topic_prefix,
                        profile=broker_profile)
    ensure_topics(kafka_bootstrap, pipeline_topics(settings))
    return settings


@pytest.fixture
def start_workers(worker_env: dict[str, str], tmp_path: Path, settings: Settings
                  ) -> Iterator[Callable[..., WorkerGroup]]:
    """Factory: start_workers("extractor", ..., env={...}) -> WorkerGroup (stopped after)."""
    groups: list[WorkerGroup] = []
    log_dir = tmp_path / "logs"

    def start(*stages: str, env: dict[str, str] | None = None) -> WorkerGroup:
        group = WorkerGroup(worker_env | (env or {}), log_dir)
        group.start(stages)
        groups.append(group)
        return group

    yield start
    for group in groups:
        group.stop()
    failed = any(g.exited() and any(c not in (0, -15) for c in g.exited().values()) for g in groups)
    if failed:
        for log in sorted(log_dir.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-4000:]}")


@pytest.fixture
def send(settings: Settings) -> Iterator[Callable[[str, bytes | None, bytes], None]]:
    """send(logical_topic, key, value): produce one message and wait for the ack."""
    kafka = producer(settings.bootstrap_servers)

    def _send(topic: str, key: bytes | None, value: bytes) -> None:
        kafka.send(settings.topic(topic), key=key, value=value).get(timeout=10)

    yield _send
    kafka.close()


@pytest.fixture
def read_topic(settings: Settings) -> Callable[..., list[tuple[bytes | None, bytes | None]]]:
    """read_topic(logical_topic, expect=N, timeout_s=...) -> [(key, value)], by consuming."""

    def _read(topic: str, *, expect: int, timeout_s: float = 60.0):
        import time

        deadline = time.monotonic() + timeout_s
        records: list[tuple[bytes | None, bytes | None]] = []
        while time.monotonic() < deadline:
            records = [(k, v) for k, v, _ in consume(settings.bootstrap_servers,
                                                      settings.topic(topic), timeout_s=2.0)]
            if len(records) >= expect:
                break
        return records

    return _read
