"""Exact end offsets on a broker that under-reports them.

Tansu 0.6 answers a ListOffsets request for the latest offset with one past the *first* record
of a partition's last batch, so when that batch holds several records the reported end is short
of the real one. faust's table recovery reads each changelog partition up to its reported end
and would silently drop the rest of the batch (tests/integration/test_table_recovery.py).

``exact_end_offsets`` corrects the reported ends by reading: a fetch from one before the
reported end returns the whole last batch (brokers answer fetches in whole batches), and
reading on until a fetch comes back empty finds the true end. It costs one short read per
partition, and only at recovery: the hot path never asks for end offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition

__all__ = ["exact_end_offsets"]

#: A fetch that returns nothing within this long means the partition has been read to its end.
EMPTY_FETCH_TIMEOUT_MS = 250


async def exact_end_offsets(
    bootstrap: str | list[str],
    reported: Mapping[Any, int | None],
    *,
    fetch_max_wait_ms: int = 10,
) -> dict[Any, int | None]:
    """The reported end offsets, each raised to one past the last record actually present.

    ``reported`` maps topic-partitions (anything with ``topic`` and ``partition``) to the
    broker's end offsets; the result has the same keys.
    """
    exact = dict(reported)
    todo = [tp for tp, end in reported.items() if end]  # empty partitions are exact
    if not todo:
        return exact
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
        fetch_max_wait_ms=fetch_max_wait_ms,
    )
    await consumer.start()
    try:
        by_tp = {TopicPartition(tp.topic, tp.partition): tp for tp in todo}
        consumer.assign(list(by_tp))
        for tp, key in by_tp.items():
            consumer.seek(tp, reported[key] - 1)
        for tp, last in (await _read_to_end(consumer, by_tp)).items():
            key = by_tp[tp]
            exact[key] = max(reported[key] or 0, last + 1)
    finally:
        await consumer.stop()
    return exact


async def _read_to_end(consumer: AIOKafkaConsumer,
                       tps: Iterable[TopicPartition]) -> dict[TopicPartition, int]:
    """Offset of the last record of each partition, read until a fetch returns nothing."""
    last: dict[TopicPartition, int] = {tp: -1 for tp in tps}
    while True:
        batches = await consumer.getmany(timeout_ms=EMPTY_FETCH_TIMEOUT_MS)
        if not any(batches.values()):
            return last
        for tp, records in batches.items():
            if records:
                last[tp] = max(last[tp], records[-1].offset)
