"""``conflict-alerts status``: is ``up`` running here, where, and is it healthy?

Reads the run file of the ``up`` in this directory, asks each worker's ``/readyz``, reads lag per
topic and partition of every consumer group from the broker, alerts pending delivery from the
delivery metrics, and the dead letters held. Exit code (LSB): 0 healthy, 1 degraded, 3 not
running."""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
from typing import Any

from services.runtime.processes import pid_alive
from services.runtime.runfile import read_run, run_dir

__all__ = ["collect", "register"]

HEALTHY, DEGRADED, NOT_RUNNING = 0, 1, 3
_PENDING = re.compile(r"^conflict_alerts_delivery_queue_depth(?:\{[^}]*\})? ([0-9.e+]+)$", re.M)
#: stored subscriptions whose signing secrets the secrets key does not open (deliveries held)
_UNUSABLE = re.compile(
    r'^conflict_alerts_subscriptions_unusable\{subscription="([^"]*)"\} 1(?:\.0)?$', re.M)


def _alive(pid: int | None) -> bool:
    return bool(pid) and pid_alive(pid)


def _get(url: str, timeout_s: float = 2.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


#: The topic each stage's consumer group reads (the group id is the faust app id).
_READS = {"extractor": "reports", "rules": "incidents", "delivery": "alerts"}


def _broker_view(bootstrap: str, prefix: str, stages: list[str]) -> dict[str, Any]:
    """Lag per group, topic and partition (end offset minus committed offset; a partition with
    nothing committed counts from 0), and the records held in each dead-letter topic."""
    from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    try:
        topics = consumer.topics()
        lag: dict[str, dict[str, dict[str, int]]] = {}
        for stage in stages:
            if stage not in _READS:
                continue
            group, topic = f"{prefix}conflict-alerts-{stage}", f"{prefix}{_READS[stage]}"
            if topic not in topics:
                continue
            parts = [TopicPartition(topic, p)
                     for p in sorted(consumer.partitions_for_topic(topic) or ())]
            committed = admin.list_group_offsets(group).get(group, {})
            ends = consumer.end_offsets(parts)
            lag[group] = {topic: {
                str(tp.partition): max(0, ends[tp] - max(0, getattr(committed.get(tp), "offset",
                                                                    0) or 0))
                for tp in parts}}
        dead: dict[str, int] = {}
        for topic in sorted(topics):
            if topic.startswith(prefix) and "deadletter" in topic:
                parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
                dead[topic] = sum(consumer.end_offsets(parts).values())
        return {"reachable": True, "lag": lag, "dead_letters": dead}
    finally:
        consumer.close()
        admin.close()


def collect(info: dict[str, Any]) -> dict[str, Any]:
    report: dict[str, Any] = {"running": True, "pid": info.get("pid"),
                              "bootstrap": info.get("bootstrap"),
                              "started_at": info.get("started_at"), "workers": {}}
    healthy = True
    pending = 0.0
    unusable: list[str] = []
    for stage, worker in sorted(info.get("workers", {}).items()):
        alive = _alive(worker.get("pid"))
        probe = "/readyz"  # open to every worker, the dashboard with a read token too
        code, _ = _get(worker["url"].rstrip("/") + probe) if alive else (0, "")
        ready = code == 200
        healthy &= ready
        if alive and stage != "dashboard":
            _, metrics = _get(worker["url"].rstrip("/") + "/metrics")
            pending += sum(float(v) for v in _PENDING.findall(metrics))
            unusable.extend(_UNUSABLE.findall(metrics))
        report["workers"][stage] = {"pid": worker.get("pid"), "alive": alive, "ready": ready,
                                    "url": worker.get("url"),
                                    "restarts": worker.get("restarts", 0)}
    report["pending_delivery"] = int(pending)
    report["unusable_subscriptions"] = sorted(set(unusable))
    healthy &= not unusable
    try:
        report["broker"] = _broker_view(info["bootstrap"], info.get("topic_prefix", ""),
                                        list(info.get("workers", {})))
    except Exception as exc:  # noqa: BLE001 - any broker failure means degraded, said why
        report["broker"] = {"reachable": False, "error": f"{type(exc).__name__}: {exc}"}
        healthy = False
    report["healthy"] = healthy
    return report


def _print(report: dict[str, Any]) -> None:
    say = sys.stdout.write
    state = "healthy" if report["healthy"] else "DEGRADED"
    say(f"conflict-alerts up (pid {report['pid']}, since {report['started_at']}): {state}\n")
    broker = report["broker"]
    say(f"broker: {report['bootstrap']} "
        f"({'reachable' if broker['reachable'] else 'UNREACHABLE: ' + broker['error']})\n")
    for stage, w in report["workers"].items():
        health = "ready" if w["ready"] else ("NOT READY" if w["alive"] else "NOT RUNNING")
        say(f"  {stage:<10} pid {w['pid']:<8} {health:<11} {w['url']}"
            + (f"  restarts {w['restarts']}" if w["restarts"] else "") + "\n")
    say(f"alerts pending delivery: {report['pending_delivery']}\n")
    if report.get("unusable_subscriptions"):
        say("subscriptions UNUSABLE (secrets key does not open their secrets; deliveries held): "
            + ", ".join(report["unusable_subscriptions"]) + "\n")
    for group, topics in broker.get("lag", {}).items():
        for topic, parts in topics.items():
            cells = " ".join(f"{p}:{n}" for p, n in parts.items())
            say(f"lag {group} {topic}: {cells}\n")
    dead = broker.get("dead_letters", {})
    say("dead letters: " + (", ".join(f"{t} {n}" for t, n in dead.items()) or "none") + "\n")


def run(args: argparse.Namespace) -> int:
    directory = run_dir()
    info = read_run(directory)
    if info is None:
        if args.json:
            print(json.dumps({"running": False, "run_dir": str(directory)}))
        else:
            print(f"conflict-alerts is not running (no live up in {directory})")
        return NOT_RUNNING
    report = collect(info)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    return HEALTHY if report["healthy"] else DEGRADED


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "status", help="is `up` running here: broker, workers' health, lag, pending, dead letters "
                       "(exit 0 healthy, 1 degraded, 3 not running)")
    parser.add_argument("--json", action="store_true", help="one JSON document, for scripts")
    parser.set_defaults(func=run)
