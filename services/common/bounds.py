"""Bounds every message is checked against before it is parsed.

``check_bounds`` is one cheap pass over the raw bytes with a regular expression that skips whole
JSON strings at a time: it measures nesting depth, the length of every string and the number of
items in every array, and refuses the message at the first limit it crosses. Only then does
``json.loads`` run, so a 100,000-deep ``[[[[...`` never reaches the recursive parser.

The scan is a bound, not a validator: malformed JSON it lets through is refused by the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.common.errors import MessageOutOfBounds, MessageTooLarge

__all__ = ["DEFAULT_BOUNDS", "Bounds", "check_bounds"]

# A whole JSON string (escapes included), or one structural byte.
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]', re.DOTALL)


@dataclass(frozen=True, slots=True)
class Bounds:
    """Limits on one message. Strings are measured in encoded bytes (escapes included)."""

    max_bytes: int = 1024 * 1024
    max_depth: int = 32
    max_string_bytes: int = 800_000
    max_items: int = 10_000


DEFAULT_BOUNDS = Bounds()


def check_bounds(raw: bytes, bounds: Bounds = DEFAULT_BOUNDS) -> None:
    """Raise ``MessageTooLarge`` or ``MessageOutOfBounds`` (with the limit crossed) or return."""
    if len(raw) > bounds.max_bytes:
        raise MessageTooLarge(f"message is {len(raw):,} bytes; the limit is {bounds.max_bytes:,}")
    if b"[" not in raw and b"{" not in raw and b'"' not in raw:
        return
    # one entry per open container: [is_array, commas seen]
    stack: list[list[int]] = []
    for match in _TOKEN.finditer(raw):
        token = match.group()
        first = token[0]
        if first == 0x22:  # '"'
            if len(token) - 2 > bounds.max_string_bytes:
                raise MessageOutOfBounds(
                    f"a string of {len(token) - 2:,} bytes at byte {match.start()}; "
                    f"the limit is {bounds.max_string_bytes:,}"
                )
        elif first in (0x5B, 0x7B):  # '[' '{'
            stack.append([first == 0x5B, 0])
            if len(stack) > bounds.max_depth:
                raise MessageOutOfBounds(
                    f"nested deeper than {bounds.max_depth} levels at byte {match.start()}"
                )
        elif first in (0x5D, 0x7D):  # ']' '}'
            if stack:
                stack.pop()
        elif stack and stack[-1][0]:  # ',' inside an array
            stack[-1][1] += 1
            if stack[-1][1] >= bounds.max_items:
                raise MessageOutOfBounds(
                    f"a list of more than {bounds.max_items:,} items at byte {match.start()}"
                )
