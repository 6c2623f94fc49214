"""End offsets after a multi-record batch: what the broker reports, and the corrected value
table recovery uses (services/common/endoffsets.py)."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition

from services.common.endoffsets import exact_end_offsets
from services.common.kafka import ensure_topics
from services.common.topics import TopicSpec


async def _write_one_batch(bootstrap: str, topic: str, count: int) -> None:
    # unawaited sends within the linger time share one batch
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=50)
    await producer.start()
    try:
        sent = [await producer.send(topic, b"v%d" % i, key=b"k%d" % i) for i in range(count)]
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


async def _reported(bootstrap: str, tps: list[TopicPartition]) -> dict:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        return await consumer.end_offsets(tps)
    finally:
        await consumer.stop()


async def test_corrected_end_offset_counts_every_record_of_the_last_batch(
        kafka_bootstrap, topic_prefix):
    topic, empty = topic_prefix + "batched", topic_prefix + "empty"
    ensure_topics(kafka_bootstrap, [TopicSpec(topic, 1, 1), TopicSpec(empty, 1, 1)])
    await _write_one_batch(kafka_bootstrap, topic, 1)
    await _write_one_batch(kafka_bootstrap, topic, 5)  # offsets 1..5 in one batch
    tp, none = TopicPartition(topic, 0), TopicPartition(empty, 0)
    reported = await _reported(kafka_bootstrap, [tp, none])
    assert 2 <= reported[tp] <= 6  # Tansu 0.6 says 2 (one past the batch's first record)
    exact = await exact_end_offsets(kafka_bootstrap, reported)
    assert exact == {tp: 6, none: 0}
