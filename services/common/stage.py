"""Wire one pipeline stage into a faust app: source topic in, handler inside the error boundary,
outputs sent, and the message committed only once the broker has acknowledged its outputs.

Handlers run one message at a time, in order. Their outputs' acknowledgements are awaited in the
background (``Confirmations``): the agent handles the next message meanwhile, so under load the
sends of consecutive messages share produce requests instead of each paying a round trip. A
message is acked for commit only when its own outputs are confirmed; a send the broker refuses
(a record too large, say) dead-letters that message with the reason. Handed off unchecked, the
failure would surface only after faust had committed the offset, and the output would be lost.

Agents stay thin: a stage module supplies only ``handler(raw) -> list[Output | Await]``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from schemas import DeadLetter
from services.common import ops
from services.common.boundary import Boundary, MessageMeta
from services.common.codec import encode
from services.common.settings import Settings

__all__ = ["Await", "Confirmations", "Output", "add_stage", "declare_topics"]

LOGICAL_TOPICS = ("reports", "incidents", "alerts", "deadletter")

#: Messages whose outputs may await their acknowledgement at once; past this the agent waits.
MAX_UNCONFIRMED = 500


@dataclass(frozen=True, slots=True)
class Output:
    """A message a handler wants published: logical topic name, key, value."""

    topic: str
    key: bytes | None
    value: bytes


@dataclass(frozen=True, slots=True)
class Await:
    """Something else the message's commit must wait for, besides its outputs' acks: a
    handler's own durable write (the delivery journal). Failing, it dead-letters the message."""

    ack: Awaitable[object]


Handler = Callable[[bytes | None], Awaitable[list[Output | Await]]]
Finish = Callable[[BaseException | None], Awaitable[None]]


class Confirmations:
    """Sent outputs awaiting the broker's acknowledgement, each message's in its own task.

    ``add(sends, finish)`` returns at once (unless ``limit`` messages are still unconfirmed);
    ``finish(error)`` runs when all of the message's sends are acknowledged (``error`` None)
    or one failed (the first error).
    """

    def __init__(self, limit: int = MAX_UNCONFIRMED) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._slots = asyncio.Semaphore(limit)
        self._tasks: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    async def add(self, sends: list[Awaitable[object]], finish: Finish) -> None:
        await self._slots.acquire()
        task = asyncio.get_running_loop().create_task(self._confirm(sends, finish))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _confirm(self, sends: list[Awaitable[object]], finish: Finish) -> None:
        try:
            error: BaseException | None = None
            try:
                await asyncio.gather(*sends)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - handed to finish(), which dead-letters
                error = exc
            await finish(error)
        finally:
            self._slots.release()

    async def drain(self) -> None:
        """Wait until every message added so far is finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


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

    async def send_dead_letter(letter: DeadLetter, key: bytes | None) -> None:
        ack = await topics["deadletter"].send(key=key, value=encode(letter))
        await ack  # the broker's: a dead letter is never handed off unchecked

    boundary = Boundary(
        stage, send_dead_letter, max_payload_bytes=settings.max_dead_letter_payload_bytes
    )

    # this stage's metric children, looked up once rather than per message
    handler_seconds = ops.HANDLER_SECONDS.labels(stage=stage)
    processed, dead_lettered = (m.labels(stage=stage) for m in (ops.PROCESSED, ops.DEAD_LETTERED))

    async def process(stream: Any) -> None:
        confirmations = Confirmations()
        # noack: a message is acked (committable) by finish(), once its outputs are confirmed
        async for event in stream.noack().events():
            message = event.message
            meta = MessageMeta(message.topic, message.partition, message.offset, message.key,
                               message.timestamp)
            sends: list[Awaitable[object]] = []

            async def handle(raw: bytes | None, sends: list[Awaitable[object]] = sends) -> None:
                with handler_seconds.time():
                    outputs = await handler(raw)
                for output in outputs:
                    if isinstance(output, Await):
                        sends.append(output.ack)
                    else:
                        sends.append(await topics[output.topic].send(key=output.key,
                                                                     value=output.value))

            ok = await boundary.run(meta, event.value, handle)

            async def finish(error: BaseException | None, event: Any = event,
                             meta: MessageMeta = meta, ok: bool = ok) -> None:
                if error is not None:  # the broker refused an output: the message failed
                    await boundary.reject(meta, event.value, error)
                    ok = False
                (processed if ok else dead_lettered).inc()
                event.ack()
                if after is not None:
                    after(event.message)

            await confirmations.add(sends if ok else [], finish)

    # concurrency=1: order within a partition matters (alert updates) and offsets must only be
    # committed after success (faust-streaming #606 with concurrency > 1).
    app.agent(topics[source], name=f"{stage}-agent", concurrency=1)(process)
    return boundary
