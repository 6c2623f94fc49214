"""``conflict-alerts publish FILE...``: send reports to the ``reports`` topic.

JSON Lines files (``-`` for stdin) hold one report per line; a ``.txt`` file is one report whose id
is derived from its content. Every report is validated first; bad lines are reported on stderr with
their file and line number and are not sent, the good ones still are, and the exit code is 1.

Each line goes through the bounds every worker applies (``services/common/bounds.py``: size
``max_report_bytes``, nesting depth, string and list lengths) before it is parsed, and is read
at most that many bytes at a time: a line of gigabytes or a 100,000-deep ``[[[...`` is one
rejected line, not a crash or a process holding the whole line in memory.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from schemas import Report
from services.common.bounds import DEFAULT_BOUNDS, Bounds
from services.common.codec import describe_validation_error, encode, load_json
from services.common.errors import InvalidMessage
from services.common.settings import Settings

__all__ = ["read_reports", "register"]


_CHUNK = 64 * 1024


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line, bytes) for each line; the line is None when it is longer than
    ``limit`` bytes, and then only its length is kept (the rest is read and dropped in chunks)."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(_CHUNK)
            if not line:
                break
            size += len(line)
        yield number, None, size - line.endswith(b"\n")


def _from_jsonl(stream: BinaryIO, name: str, bounds: Bounds
                ) -> Iterator[tuple[str, Report | str]]:
    for number, line, size in _lines(stream, bounds.max_bytes):
        where = f"{name}:{number}"
        if line is None:
            yield where, f"line is {size:,} bytes; the limit is {bounds.max_bytes:,}"
            continue
        if not line.strip():
            continue
        try:
            data: Any = load_json(line.rstrip(b"\r\n"), bounds=bounds)
            if not isinstance(data, dict):
                yield where, f"expected a JSON object, got {type(data).__name__}"
                continue
            yield where, Report.model_validate(data)
        except InvalidMessage as exc:
            yield where, str(exc)
        except ValidationError as exc:
            yield where, describe_validation_error(exc, "Report")


def _from_text(path: Path, published_at: datetime, bounds: Bounds
               ) -> Iterator[tuple[str, Report | str]]:
    try:
        size = path.stat().st_size
        if size > bounds.max_bytes:
            yield str(path), f"file is {size:,} bytes; the limit is {bounds.max_bytes:,}"
            return
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        yield str(path), f"cannot read: {exc.strerror}"
        return
    except UnicodeDecodeError as exc:
        yield str(path), f"not UTF-8: invalid byte at position {exc.start}"
        return
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    try:
        yield str(path), Report(id=f"{path.stem}-{digest}", text=text, published_at=published_at,
                                source="file")
    except ValidationError as exc:
        yield str(path), describe_validation_error(exc, "Report")


def read_reports(paths: list[str], published_at: datetime, bounds: Bounds = DEFAULT_BOUNDS
                 ) -> Iterator[tuple[str, Report | str]]:
    """(where, report) for each good report, (where, reason) for each bad one."""
    for name in paths:
        if name == "-":
            yield from _from_jsonl(sys.stdin.buffer, "<stdin>", bounds)
        elif name.endswith(".txt"):
            yield from _from_text(Path(name), published_at, bounds)
        else:
            try:
                handle = open(name, "rb")  # noqa: SIM115 - closed below
            except OSError as exc:
                yield name, f"cannot read: {exc.strerror}"
                continue
            with handle:
                yield from _from_jsonl(handle, name, bounds)


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    if not settings.kafka_bootstrap_servers:
        print("no broker: no `conflict-alerts up` is running here (run file var/run/up.json, or "
              "CONFLICT_ALERTS_RUN_DIR) and KAFKA_BOOTSTRAP_SERVERS is not set", file=sys.stderr)
        return 2
    from kafka.errors import KafkaError

    from services.common.kafka import producer

    published_at = args.published_at or datetime.now(UTC)
    try:
        kafka = producer(settings.bootstrap_servers)
    except KafkaError as exc:
        print(f"publish: the broker at {settings.bootstrap_servers} is unreachable "
              f"({type(exc).__name__}); is `conflict-alerts up` running?", file=sys.stderr)
        return 3
    topic = settings.topic("reports")
    sent = bad = 0
    try:
        bounds = replace(DEFAULT_BOUNDS, max_bytes=settings.max_report_bytes)
        for where, item in read_reports(args.files, published_at, bounds):
            if isinstance(item, str):
                bad += 1
                print(f"{where}: {item}", file=sys.stderr)
                continue
            kafka.send(topic, key=item.id.encode(), value=encode(item))
            sent += 1
        kafka.flush(timeout=30)
    finally:
        kafka.close()
    print(f"published {sent} report(s) to {topic}" + (f"; {bad} rejected" if bad else ""),
          file=sys.stderr)
    return 1 if bad else 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "publish", help="send reports (JSON Lines, '-' for stdin, or .txt) to the reports topic"
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument(
        "--published-at", type=datetime.fromisoformat, default=None,
        help="publication time for .txt reports (ISO 8601; default: now)",
    )
    parser.set_defaults(func=run)
