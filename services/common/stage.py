"""Wire one pipeline stage into a faust app: source topic in, handler inside the error boundary,
outputs sent and acknowledged before the next message.

Waiting for each acknowledgement costs a broker round trip per output, but a send the broker
rejects (a record too large, say) then fails inside the error boundary and the message is
dead-lettered with the reason; handed off unawaited, the failure would surface only after faust
had flushed and committed the offset, and the output would be lost without a trace.

Agents stay thin: a stage module supplies only ``handler(raw) -> list[Output]``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from schemas import DeadLetter
from services.common import ops
from services.common.boundary import Boundary, MessageMeta
from services.common.codec import encode
from services.common.settings import Settings

__all__ = ["Output", "add_stage", "declare_topics"]

LOGICAL_TOPICS = ("reports", "incidents", "alerts", "deadletter")


@dataclass(frozen=True, slots=True)
class Output:
    """A message a handler wants published: logical topic name, key, value."""

    topic: str
    key: bytes | None
    value: bytes


Handler = Callable[[bytes | None], Awaitable[list[Output]]]


def declare_topics(app: Any, settings: Settings, *extra: str) -> dict[str, Any]:
    """faust topic objects for every pipeline topic (and any ``extra`` logical topics), as raw
    bytes (validated in the boundary: a faust codec error would be raised from the
    ``async for`` itself and drop the message)."""
    return {
        name: app.topic(
            settings.topic(name),
            key_serializer="raw",
            value_serializer="raw",
            partitions=settings.topic_partitions,
        )
        for name in (*LOGICAL_TOPICS, *extra)
    }


def add_stage(
    app: Any,
    settings: Settings,
    stage: str,
    source: str,
    handler: Handler,
    *,
    after: Callable[[Any], None] | None = None,
) -> Boundary:
    """Register the agent of ``stage`` reading logical topic ``source``; return its boundary
    (whose counters tests and metrics read). ``after(message)``, when given, runs once each
    message is done (processed or dead-lettered), e.g. to record lag."""
    topics = declare_topics(app, settings, *([] if source in LOGICAL_TOPICS else [source]))

    async def send(topic: str, key: bytes | None, value: bytes) -> None:
        pending = await topics[topic].send(key=key, value=value)
        await pending  # the broker's ack: a rejection fails this message, not a later commit

    async def send_dead_letter(letter: DeadLetter, key: bytes | None) -> None:
        await send("deadletter", key, encode(letter))

    boundary = Boundary(
        stage, send_dead_letter, max_payload_bytes=settings.max_dead_letter_payload_bytes
    )

    async def process(stream: Any) -> None:
        async for event in stream.events():
            message = event.message
            meta = MessageMeta(message.topic, message.partition, message.offset, message.key)

            async def handle(raw: bytes | None) -> None:
                with ops.HANDLER_SECONDS.labels(stage=stage).time():
                    outputs = await handler(raw)
                for output in outputs:
                    await send(output.topic, output.key, output.value)

            ok = await boundary.run(meta, event.value, handle)
            (ops.PROCESSED if ok else ops.DEAD_LETTERED).labels(stage=stage).inc()
            if after is not None:
                after(message)

    # concurrency=1: order within a partition matters (alert updates) and offsets must only be
    # committed after success (faust-streaming #606 with concurrency > 1).
    app.agent(topics[source], name=f"{stage}-agent", concurrency=1)(process)
    return boundary
