"""Bytes <-> contract models. Every topic carries raw bytes; validation happens here, inside the
worker's error boundary, so a malformed message becomes a dead letter instead of a crash."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from services.common.bounds import DEFAULT_BOUNDS, Bounds, check_bounds
from services.common.errors import InvalidMessage, MessageOutOfBounds, UndecodableMessage

__all__ = ["decode", "describe_validation_error", "encode", "load_json"]

M = TypeVar("M", bound=BaseModel)


def encode(model: BaseModel) -> bytes:
    return model.model_dump_json().encode("utf-8")


#: A ``\\uD800``-``\\uDFFF`` escape: JSON text may spell a lone surrogate so, valid UTF-8 bytes
#: that parse to a string no UTF-8 encoder accepts (it would fail the next stage's write).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(data: object) -> bool:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def load_json(raw: bytes | None, *, bounds: Bounds = DEFAULT_BOUNDS) -> object:
    """Bound, then parse one message; raise an ``InvalidMessage`` subclass that says why not."""
    if raw is None:
        raise UndecodableMessage("message has no value (tombstone)")
    check_bounds(raw, bounds)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableMessage(f"not UTF-8: invalid byte at position {exc.start}") from None
    try:
        data = json.loads(text)
        # only a message that spells a surrogate escape is walked
        if _SURROGATE_ESCAPE.search(raw) and _lone_surrogate(data):
            raise UndecodableMessage("not Unicode: a string holds an unpaired surrogate escape")
        return data
    except json.JSONDecodeError as exc:
        raise UndecodableMessage(
            f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except ValueError:  # an integer past Python's digit limit for int(text)
        raise MessageOutOfBounds(
            f"a number of more than {sys.get_int_max_str_digits():,} digits"
        ) from None
    except RecursionError:  # unreachable after check_bounds; kept as a second wall
        raise MessageOutOfBounds("nested too deep to parse") from None


def decode(
    raw: bytes | None,
    model: type[M],
    *,
    max_bytes: int | None = None,
    bounds: Bounds = DEFAULT_BOUNDS,
) -> M:
    """Validate one message; raise an ``InvalidMessage`` subclass that says what is wrong."""
    if max_bytes is not None:
        bounds = replace(bounds, max_bytes=max_bytes)
    data = load_json(raw, bounds=bounds)
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
