"""``conflict-alerts reseal``: write every subscription record again sealed with the newest
secrets key, on the topic, while the delivery worker keeps running.

    read subscriptions to its end ──▶ plan: decode each record (subscriptions.decode)
                                            current   left as it is
                                            stale     encode again (subscriptions.encode)
                                            unusable  left as it is, reported
    write the re-sealed records ──▶ read again ──▶ a record changed in between? restore it

The delivery worker follows the topic, so it takes each re-sealed record as it comes, and its
sealer reads the changed key file (``services/delivery/sealing.py``), so it opens them with the
key the operator just added. A write the worker made between this command's read and its write
(an API change) would be overwritten by the older content re-sealed: the second read finds the
worker's record just before this command's one and writes it again (re-sealed if need be), and
reads once more, at most ``PASSES`` times.

Exit code: 0 when nothing is unusable, 1 when a record is unusable (no configured key opens it,
or it is not a subscription) or a record kept changing, 2 for bad configuration. Nothing printed
holds a key, a secret or a URL: ids, counts and reasons only.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.delivery.sealing import Sealer
from services.delivery.subscriptions import decode, encode

__all__ = ["Plan", "History", "concurrent", "latest", "plan", "register", "reseal_topic"]

#: write-and-check rounds: a record the worker changed during one round is restored in the next
PASSES = 3

#: key -> every value seen for it, in topic order (None: tombstone)
History = dict[bytes, list[bytes | None]]
#: key -> (the value it was planned from, the value written)
Writes = dict[bytes, tuple[bytes | None, bytes | None]]


@dataclass
class Plan:
    resealed: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    unusable: list[tuple[str, str]] = field(default_factory=list)  # id, reason
    restored: list[str] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)
    writes: Writes = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.unusable or self.unsettled else 0

    def summary(self, dry_run: bool = False) -> str:
        done = "would be re-sealed" if dry_run else "re-sealed"
        text = (f"{len(self.resealed)} {done}, {len(self.current)} already current, "
                f"{len(self.unusable)} unusable")
        if self.restored:
            text += f", {len(self.restored)} changed meanwhile and written again"
        if self.unsettled:
            text += f", {len(self.unsettled)} still changing (run it again)"
        return text


def history(records: Iterable[tuple[bytes, bytes | None]]) -> History:
    seen: History = {}
    for key, value in records:
        seen.setdefault(key, []).append(value)
    return seen


def latest(seen: History) -> dict[bytes, bytes]:
    """The live record of each key (a key whose last record is a tombstone is gone)."""
    return {key: values[-1] for key, values in seen.items() if values[-1] is not None}


def _reseal(value: bytes, sealer: Sealer) -> tuple[str, bytes | None, str | None]:
    """(state, the record to write or None, the reason it is unusable)."""
    try:
        subscription, state = decode(value, sealer)
    except ValueError as exc:  # ValidationError included
        return "unusable", None, f"not a subscription record ({type(exc).__name__})"
    if state == "unusable":
        return state, None, subscription.unusable
    if state == "current":
        return state, None, None
    return state, encode(subscription, sealer), None


def plan(records: Mapping[bytes, bytes], sealer: Sealer) -> Plan:
    """What to write so that every readable record is sealed with the newest key."""
    result = Plan()
    for key in sorted(records):
        value = records[key]
        name = key.decode("utf-8", "replace")
        state, resealed, reason = _reseal(value, sealer)
        if state == "current":
            result.current.append(name)
        elif state == "unusable":
            result.unusable.append((name, reason or "unusable"))
        else:
            result.resealed.append(name)
            result.writes[key] = (value, resealed)
    return result


def concurrent(seen: History, written: Writes) -> dict[bytes, bytes | None]:
    """The records another writer put between the read a write was planned from and the write
    itself (key -> that record, None for a delete): the write overwrote them. A write that is
    no longer the key's last record was itself superseded, which is as it should be."""
    lost: dict[bytes, bytes | None] = {}
    for key, (base, ours) in written.items():
        values = seen.get(key, [])
        if len(values) < 2 or values[-1] != ours:
            continue
        before = values[-2]
        if before != base:
            lost[key] = before
    return lost


def restore(lost: Mapping[bytes, bytes | None], seen: History, sealer: Sealer) -> Writes:
    """Writes that put back what ``concurrent`` found overwritten, re-sealed when stale."""
    writes: Writes = {}
    for key, value in lost.items():
        base = seen[key][-1]
        if value is None:
            writes[key] = (base, None)
            continue
        state, resealed, _ = _reseal(value, sealer)
        writes[key] = (base, resealed if state == "stale" else value)
    return writes


async def _read(kafka: Any, topic: str) -> History:
    records: list[tuple[bytes, bytes | None]] = []
    await kafka.read(topic, lambda key, value: records.append((key, value)))
    return history(records)


async def reseal_topic(kafka: Any, topic: str, sealer: Sealer, *, dry_run: bool = False,
                       passes: int = PASSES) -> Plan:
    """Re-seal every record of ``topic`` (a started ``KafkaLog``); the plan, as carried out."""
    seen = await _read(kafka, topic)
    result = plan(latest(seen), sealer)
    pending = dict(result.writes)
    for _ in range(passes if not dry_run else 0):
        if not pending:
            break
        for key, (_, value) in pending.items():
            await kafka.put(topic, key, value)
        seen = await _read(kafka, topic)
        lost = concurrent(seen, pending)
        result.restored.extend(k.decode("utf-8", "replace") for k in lost)
        pending = restore(lost, seen, sealer)
    result.unsettled = sorted(k.decode("utf-8", "replace") for k in pending)
    return result


def run(args: argparse.Namespace) -> int:
    from services.common.errors import ConfigError
    from services.common.settings import Settings
    from services.delivery.kafkalog import KafkaLog
    from services.delivery.sealing import sealer_from_settings

    settings = Settings()
    if not settings.kafka_bootstrap_servers:
        print("KAFKA_BOOTSTRAP_SERVERS is not set", file=sys.stderr)
        return 2
    try:
        sealer = sealer_from_settings(settings)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    if not sealer.configured:
        print("no secrets key is configured: set CONFLICT_ALERTS_SECRETS_KEY_FILE (one Fernet "
              "key a line, the newest first) or CONFLICT_ALERTS_SECRETS_KEY", file=sys.stderr)
        return 2

    async def go() -> Plan:
        kafka = KafkaLog(settings.bootstrap_servers,
                         fetch_max_wait_ms=settings.effective_feed_fetch_max_wait_ms)
        await kafka.start()
        try:
            return await reseal_topic(kafka, settings.topic("subscriptions"), sealer,
                                      dry_run=args.dry_run)
        finally:
            await kafka.stop()

    result = asyncio.run(go())
    for name, reason in result.unusable:
        print(f"{name} unusable: {reason}", file=sys.stderr)
    for name in result.unsettled:
        print(f"{name} still changing: not re-sealed", file=sys.stderr)
    print(result.summary(dry_run=args.dry_run))
    return result.exit_code


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "reseal", help="seal every stored subscription's signing secrets with the newest "
        "secrets key (after adding one first to the key file)")
    parser.add_argument("--dry-run", action="store_true",
                        help="count what would be re-sealed, write nothing")
    parser.set_defaults(func=run)
