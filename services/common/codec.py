"""Bytes <-> contract models. Every topic carries raw bytes; validation happens here, inside the
worker's error boundary, so a malformed message becomes a dead letter instead of a crash."""

from __future__ import annotations

import json
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from services.common.errors import InvalidMessage, MessageTooLarge, UndecodableMessage

__all__ = ["decode", "describe_validation_error", "encode"]

M = TypeVar("M", bound=BaseModel)


def encode(model: BaseModel) -> bytes:
    return model.model_dump_json().encode("utf-8")


def decode(raw: bytes | None, model: type[M], *, max_bytes: int | None = None) -> M:
    """Validate one message; raise an ``InvalidMessage`` subclass that says what is wrong."""
    if raw is None:
        raise UndecodableMessage("message has no value (tombstone)")
    if max_bytes is not None and len(raw) > max_bytes:
        raise MessageTooLarge(f"message is {len(raw):,} bytes; the limit is {max_bytes:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableMessage(f"not UTF-8: invalid byte at position {exc.start}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UndecodableMessage(
            f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    if not isinstance(data, dict):
        raise InvalidMessage(f"expected a JSON object, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidMessage(describe_validation_error(exc, model.__name__)) from None


def describe_validation_error(exc: ValidationError, what: str) -> str:
    """'Report.text: String should have at least 1 character; Report.id: Field required'."""
    parts = []
    for error in exc.errors(include_url=False, include_input=False)[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "(root)"
        parts.append(f"{what}.{where}: {error['msg']}")
    more = exc.error_count() - len(parts)
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)
