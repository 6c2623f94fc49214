"""The reports a running pipeline holds, for ``conflict-alerts replay --live``.

The broker is, in order: ``--bootstrap``, ``KAFKA_BOOTSTRAP_SERVERS``, the run file of the ``up``
running here (``services.runtime.runfile``, which also gives its topic prefix). The ``reports``
topic is read from its beginning, every partition, until no record arrives for ``idle_s``: counted
by consuming, never from end offsets (Tansu 0.6 under-reports them). Nothing is committed; the
pipeline's own consumer groups are not touched."""

from __future__ import annotations

from collections.abc import Iterator

from services.common.settings import Settings

__all__ = ["BrokerUnavailable", "live_reports"]


class BrokerUnavailable(RuntimeError):
    """No broker is known, or the one named does not answer."""


def live_reports(bootstrap: str | None = None, *, idle_s: float = 2.0,
                 settings: Settings | None = None) -> Iterator[tuple[str, bytes | None]]:
    """(where, raw value) of every record on the reports topic, ``where`` naming the record for
    error messages."""
    import asyncio

    from kafka.errors import KafkaError

    from services.common.kafka import consume
    from services.common.ops import broker_reachable

    settings = settings or Settings()
    address = bootstrap or settings.kafka_bootstrap_servers
    if not address:
        raise BrokerUnavailable(
            "no broker: no `conflict-alerts up` is running here (run file var/run/up.json, or "
            "CONFLICT_ALERTS_RUN_DIR), KAFKA_BOOTSTRAP_SERVERS is not set and no --bootstrap "
            "was given")
    # a TCP connect first: kafka-python's own bootstrap waits about 30 s on a closed port
    if not asyncio.run(broker_reachable(address, timeout_s=3.0)):
        raise BrokerUnavailable(f"the broker at {address} does not answer")
    topic = settings.topic("reports")
    try:
        for n, (key, value, _) in enumerate(consume(address, topic, timeout_s=idle_s), 1):
            name = key.decode("utf-8", "replace") if key else "no key"
            yield f"{topic} record {n} ({name})", value
    except KafkaError as exc:
        raise BrokerUnavailable(f"reading {topic} at {address} failed: "
                                f"{type(exc).__name__}") from exc
