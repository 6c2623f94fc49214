"""``conflict-alerts redeliver``: replay dead-lettered deliveries (all, one subscription's, or
one alert's). Reads the ``delivery-deadletter`` topic to its end (by consuming it: the latest
record per delivery id; a tombstone means a redelivery already succeeded), and sends each chosen
dead letter to ``redeliveries``, where the delivery worker journals and queues it again with a
fresh retry schedule and the same webhook-id.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from services.common.settings import Settings
from services.delivery.records import DeliveryDeadLetter

__all__ = ["register", "select"]


def latest(records: Iterable[tuple[bytes | None, bytes | None]]) -> list[DeliveryDeadLetter]:
    """The live dead letters of a compacted topic's records, in first-seen order."""
    state: dict[bytes, DeliveryDeadLetter | None] = {}
    for key, value in records:
        if key is None:
            continue
        if value is None:
            state[key] = None
            continue
        try:
            state[key] = DeliveryDeadLetter.model_validate_json(value)
        except ValidationError:
            continue
    return [letter for letter in state.values() if letter is not None]


def select(letters: Iterable[DeliveryDeadLetter], *, subscription: str | None = None,
           alert: str | None = None) -> list[DeliveryDeadLetter]:
    return [letter for letter in letters
            if (subscription is None or letter.subscription_id == subscription)
            and (alert is None or letter.alert_id == alert)]


def run(args: argparse.Namespace) -> int:
    if not (args.all or args.subscription or args.alert):
        print("say what to replay: --all, --subscription ID and/or --alert ID", file=sys.stderr)
        return 2
    settings = Settings()
    if not settings.kafka_bootstrap_servers:
        print("KAFKA_BOOTSTRAP_SERVERS is not set", file=sys.stderr)
        return 2
    from services.common.kafka import consume, producer

    records = ((k, v) for k, v, _ in consume(settings.bootstrap_servers,
                                             settings.topic("delivery_deadletter"),
                                             timeout_s=args.idle_s))
    chosen = select(latest(records), subscription=args.subscription, alert=args.alert)
    for letter in chosen:
        print(f"{letter.subscription_id} {letter.webhook_id} {letter.verdict}: {letter.reason}")
    if args.dry_run:
        print(f"{len(chosen)} dead letter(s) would be redelivered", file=sys.stderr)
        return 0
    kafka = producer(settings.bootstrap_servers)
    try:
        for letter in chosen:
            kafka.send(settings.topic("redeliveries"), key=letter.delivery_id.encode(),
                       value=letter.model_dump_json().encode())
        kafka.flush(timeout=30)
    finally:
        kafka.close()
    print(f"{len(chosen)} dead letter(s) sent for redelivery", file=sys.stderr)
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "redeliver", help="replay dead-lettered webhook deliveries (all, by subscription or alert)")
    parser.add_argument("--all", action="store_true", help="every dead letter")
    parser.add_argument("--subscription", help="only this subscription's (id or receiver name)")
    parser.add_argument("--alert", help="only this alert's (alert id)")
    parser.add_argument("--dry-run", action="store_true", help="list, do not send")
    parser.add_argument("--idle-s", type=float, default=3.0,
                        help="the topic is read until nothing new arrives for this long")
    parser.set_defaults(func=run)
