"""The topics of the pipeline and how they are created.

    reports ──extractor──▶ incidents ──rules──▶ alerts ──delivery──▶ webhooks
        └──────────────┴──────── deadletter ◀─────────┘

Messages are raw bytes (JSON); keys: report id, incident id, alert id (so every update of an alert
lands in one partition, in order).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.common.settings import Settings

__all__ = ["TopicSpec", "pipeline_topics"]

# Reports and dead letters may be large (a dead letter carries the original bytes in base64);
# Kafka's default per-message limit is 1 MB.
_LARGE = {"max.message.bytes": str(16 * 1024 * 1024)}
# Delivery state (pending deliveries, subscriptions, delivery dead letters) is keyed by id and only
# the latest record per key matters: compacted (docs/delivery.md).
_COMPACT = _LARGE | {"cleanup.policy": "compact"}


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replication: int
    config: dict[str, str] = field(default_factory=dict)


def pipeline_topics(settings: Settings) -> list[TopicSpec]:
    """Every topic the workers read or write, with the partition count faust expects."""

    def spec(logical: str, config: dict[str, str] | None = None) -> TopicSpec:
        return TopicSpec(
            settings.topic(logical),
            settings.topic_partitions,
            settings.topic_replication,
            dict(config or {}),
        )

    return [
        spec("reports", _LARGE),
        spec("incidents"),
        spec("alerts"),
        spec("deadletter", _LARGE),
        spec("deliveries", _COMPACT),
        spec("subscriptions", _COMPACT),
        spec("delivery_deadletter", _COMPACT),
        spec("redeliveries", _LARGE),
    ]
