"""Fixtures shared by every test layer.

The broker, in order of preference: ``KAFKA_BOOTSTRAP_SERVERS`` if set; else a testcontainers
Kafka if a Docker engine answers; else embedded Tansu started here on a free port. Broker-backed
tests therefore always run, in CI included.
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _docker_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=3)
        client.ping()
        return True
    except Exception:  # noqa: BLE001 - no engine, no socket, no permission: all mean "no"
        return False


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """'host:port' of a running Kafka-compatible broker for this test session."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield os.environ["KAFKA_BOOTSTRAP_SERVERS"]
        return
    if _docker_answers():
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer().with_kraft() as container:
            yield container.get_bootstrap_server()
        return
    from services.runtime.broker import EmbeddedBroker

    with EmbeddedBroker() as broker:
        yield broker.bootstrap


@pytest.fixture(scope="session")
def broker_profile(kafka_bootstrap: str) -> str:
    """'embedded' tuning for Tansu (short fetch wait and rebalance timeout), else production."""
    return "production" if os.environ.get("KAFKA_BOOTSTRAP_SERVERS") else "embedded"


@pytest.fixture
def topic_prefix() -> str:
    """A fresh prefix per test: its own topics and consumer groups on the shared broker."""
    return f"t{uuid.uuid4().hex[:10]}."


@pytest.fixture
def webhook_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


@pytest.fixture
def worker_env(kafka_bootstrap: str, broker_profile: str, topic_prefix: str, tmp_path: Path):
    """Environment for worker subprocesses of one test."""
    return dict(
        os.environ,
        KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
        CONFLICT_ALERTS_PROFILE=broker_profile,
        CONFLICT_ALERTS_TOPIC_PREFIX=topic_prefix,
        CONFLICT_ALERTS_DATA_DIR=str(tmp_path / "var"),
        CONFLICT_ALERTS_LOG_FORMAT="json",
        PYTHONPATH=str(ROOT),
    )
