"""The per-message error boundary every agent runs its handler inside.

A handler raising ``InvalidMessage`` (bad input) or anything else (a bug, a dependency down) never
escapes: the message goes to the dead-letter topic with the reason and its original bytes, the
error is logged with topic/partition/offset, and the agent moves to the next message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar

from schemas import DeadLetter
from services.common.clock import Clock, utcnow
from services.common.deadletter import dead_letter
from services.common.errors import InvalidMessage

__all__ = ["Boundary", "MessageMeta", "current_message", "current_position"]

log = logging.getLogger(__name__)


class MessageMeta:
    """Where a message came from; enough to log it and dead-letter it."""

    __slots__ = ("key", "offset", "partition", "timestamp", "topic")

    def __init__(self, topic: str, partition: int | None, offset: int | None, key: bytes | None,
                 timestamp: float | None = None):
        self.topic, self.partition, self.offset, self.key = topic, partition, offset, key
        #: The record's own timestamp (seconds since the epoch): the same every time it is read.
        self.timestamp = timestamp

    def log_fields(self) -> dict[str, object]:
        return {"topic": self.topic, "partition": self.partition, "offset": self.offset}

    @property
    def position(self) -> str | None:
        """``<topic>/<partition>/<offset>``: the same when the message is consumed again after
        a crash, different for a copy of it published again."""
        if self.partition is None or self.offset is None:
            return None
        return f"{self.topic}/{self.partition}/{self.offset}"


_CURRENT: ContextVar[MessageMeta | None] = ContextVar("current_message", default=None)


def current_message() -> MessageMeta | None:
    """The message the running handler was given, or None outside a boundary."""
    return _CURRENT.get()


def current_position() -> str | None:
    """The position of the message the running handler was given (``MessageMeta.position``),
    or None outside a boundary."""
    meta = _CURRENT.get()
    return meta.position if meta is not None else None


class Boundary:
    """Run ``handler(raw)`` for one message; on failure, dead-letter it and carry on."""

    def __init__(
        self,
        stage: str,
        send_dead_letter: Callable[[DeadLetter, bytes | None], Awaitable[None]],
        *,
        max_payload_bytes: int,
        clock: Clock = utcnow,
        dead_letter_attempts: int = 5,
    ) -> None:
        self.stage = stage
        self._send = send_dead_letter
        self._max_payload = max_payload_bytes
        self._clock = clock
        self._attempts = dead_letter_attempts
        self.processed = 0
        self.dead_lettered = 0

    async def run(
        self,
        meta: MessageMeta,
        raw: bytes | None,
        handler: Callable[[bytes | None], Awaitable[None]],
    ) -> bool:
        """True when the handler succeeded, False when the message was dead-lettered."""
        token = _CURRENT.set(meta)
        try:
            await handler(raw)
        except asyncio.CancelledError:
            raise
        except InvalidMessage as exc:
            log.warning(
                "invalid message dead-lettered",
                extra={"stage": self.stage, "reason": str(exc), **meta.log_fields()},
            )
            await self._dead_letter(meta, raw, exc)
            return False
        except Exception as exc:  # noqa: BLE001 - the boundary: nothing escapes the agent loop
            log.exception(
                "handler failed; message dead-lettered",
                extra={"stage": self.stage, "error": type(exc).__name__, **meta.log_fields()},
            )
            await self._dead_letter(meta, raw, exc)
            return False
        finally:
            _CURRENT.reset(token)
        self.processed += 1
        return True

    async def reject(self, meta: MessageMeta, raw: bytes | None, exc: BaseException) -> None:
        """Dead-letter a message ``run`` had passed, whose outputs the broker then refused."""
        log.error(
            "output refused by the broker; message dead-lettered",
            extra={"stage": self.stage, "error": type(exc).__name__, **meta.log_fields()},
        )
        self.processed -= 1
        await self._dead_letter(meta, raw, exc)

    async def _dead_letter(self, meta: MessageMeta, raw: bytes | None, exc: BaseException) -> None:
        letter = dead_letter(
            stage=self.stage,
            topic=meta.topic,
            partition=meta.partition,
            offset=meta.offset,
            key=meta.key,
            raw=raw,
            error=exc,
            now=self._clock(),
            max_payload_bytes=self._max_payload,
        )
        delay = 0.2
        for attempt in range(1, self._attempts + 1):
            try:
                await self._send(letter, meta.key)
                self.dead_lettered += 1
                return
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - retried below, then logged
                if attempt == self._attempts:
                    log.critical(
                        "could not write dead letter; message dropped",
                        extra={"stage": self.stage, **meta.log_fields()},
                        exc_info=True,
                    )
                    return
                await asyncio.sleep(delay)
                delay *= 2
