"""``conflict-alerts publish FILE...``: send reports to the ``reports`` topic.

JSON Lines files (``-`` for stdin) hold one report per line; a ``.txt`` file is one report whose id
is derived from its content. Every report is validated first; bad lines are reported on stderr with
their file and line number and are not sent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from schemas import Report
from services.common.codec import describe_validation_error, encode
from services.common.settings import Settings

__all__ = ["read_reports", "register"]


def _from_jsonl(stream: TextIO, name: str) -> Iterator[tuple[str, Report | str]]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            data: Any = json.loads(line)
            yield where, Report.model_validate(data)
        except json.JSONDecodeError as exc:
            yield where, f"not JSON: {exc.msg}"
        except ValidationError as exc:
            yield where, describe_validation_error(exc, "Report")


def _from_text(path: Path, published_at: datetime) -> Iterator[tuple[str, Report | str]]:
    text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    try:
        yield str(path), Report(id=f"{path.stem}-{digest}", text=text, published_at=published_at,
                                source="file")
    except ValidationError as exc:
        yield str(path), describe_validation_error(exc, "Report")


def read_reports(paths: list[str], published_at: datetime) -> Iterator[tuple[str, Report | str]]:
    """(where, report) for each good report, (where, reason) for each bad one."""
    for name in paths:
        if name == "-":
            yield from _from_jsonl(sys.stdin, "<stdin>")
        elif name.endswith(".txt"):
            yield from _from_text(Path(name), published_at)
        else:
            with open(name, encoding="utf-8") as handle:
                yield from _from_jsonl(handle, name)


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
        for where, item in read_reports(args.files, published_at):
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
