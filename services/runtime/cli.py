"""``up``, ``demo``, ``worker`` and ``topics``: running the pipeline."""

from __future__ import annotations

import argparse
import base64
import importlib
import json
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Any

from services.common.errors import ConfigError
from services.common.gctune import tune_gc
from services.common.logs import setup_logging
from services.common.loop import install_event_loop
from services.common.settings import Settings
from services.runtime.processes import STAGES

__all__ = ["register"]

EXAMPLES = Path(__file__).parent / "examples" / "reports.jsonl"


def _say(message: str) -> None:
    # one write per line: the demo receiver prints from its own thread
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def _webhook_env(args: argparse.Namespace) -> dict[str, str]:
    env: dict[str, str] = {}
    if getattr(args, "config", None):
        env["CONFLICT_ALERTS_WEBHOOK_CONFIG"] = str(Path(args.config).resolve())
    if getattr(args, "webhook_url", None):
        env["CONFLICT_ALERTS_WEBHOOK_URL"] = args.webhook_url
    if getattr(args, "webhook_secret", None):
        env["CONFLICT_ALERTS_WEBHOOK_SECRET"] = args.webhook_secret
    if getattr(args, "delivery_port", None):
        env["CONFLICT_ALERTS_DELIVERY_HTTP_PORT"] = str(args.delivery_port)
    return env


def _check_receivers(env: dict[str, str]) -> int:
    """Validate the receivers here, so a bad config fails before anything starts."""
    from services.delivery.app import receivers_from_settings

    try:
        receivers = receivers_from_settings(Settings(**_settings_kwargs(env)))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return -1
    return len(receivers)


def _settings_kwargs(env: dict[str, str]) -> dict[str, Any]:
    keys = {"CONFLICT_ALERTS_WEBHOOK_CONFIG": "webhook_config",
            "CONFLICT_ALERTS_WEBHOOK_URL": "webhook_url",
            "CONFLICT_ALERTS_WEBHOOK_SECRET": "webhook_secret"}
    return {field: env[var] for var, field in keys.items() if var in env}


def _say_urls(pipeline: Any) -> None:
    """Print where the dashboard and each worker's ops endpoints answer."""
    urls = dict(pipeline.urls)
    dashboard = urls.pop("dashboard", None)
    if dashboard:
        _say(f"dashboard: {dashboard}")
    if urls:
        _say("ops (/healthz /readyz /metrics): "
             + ", ".join(f"{stage} {url}" for stage, url in urls.items()))


def _describe_stages(pipeline: Any) -> list[str]:
    inline = "delivery" not in pipeline.stages
    return [f"{stage} (delivers webhooks)" if stage == "rules" and inline else stage
            for stage in pipeline.stages]


def _supervise(pipeline: Any) -> int:
    """Wait for Ctrl-C or a worker dying; return the exit code."""
    try:
        while True:
            dead = pipeline.workers.exited()
            if dead:
                stage, code = next(iter(dead.items()))
                print(f"worker {stage} exited with code {code}; stopping", file=sys.stderr)
                return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0


def run_up(args: argparse.Namespace) -> int:
    from services.runtime.pipeline import Pipeline

    env = _webhook_env(args)
    receivers = _check_receivers(env)
    if receivers < 0:
        return 2
    with Pipeline(env, log_dir=args.log_dir) as pipeline:
        where = "embedded Tansu broker" if pipeline.broker else "Kafka"
        _say(f"pipeline up: {where} at {pipeline.bootstrap}; workers: "
             f"{', '.join(_describe_stages(pipeline))}; {receivers} webhook receiver(s)")
        _say_urls(pipeline)
        _say(f"publish reports with: KAFKA_BOOTSTRAP_SERVERS={pipeline.bootstrap} "
             "conflict-alerts publish FILE")
        _say("Ctrl-C stops everything")
        return _supervise(pipeline)


def _describe(delivery: Any) -> str:
    try:
        event = json.loads(delivery.body)
        alert = event["data"]
        mark = "signature ok" if delivery.verified else "SIGNATURE INVALID"
        return (f"  [{mark}] {alert['alert_id']} #{alert['sequence']} {alert['status']:<9} "
                f"{alert['severity']:<8} {','.join(alert['rule_ids'])}: {alert['title']}")
    except (ValueError, KeyError, TypeError):
        return f"  [unreadable delivery of {len(delivery.body)} bytes]"


def expected_alerts(reports: list[Any]) -> list[Any]:
    """The alert messages the given reports should produce: the offline replay of the same
    reports, in publication order, through the same pure extraction and rules engine."""
    import io

    from schemas import AlertEvent
    from services.rules import Rulebook
    from services.rules.cli import replay_reports

    out = io.StringIO()
    replay_reports(reports, Rulebook.load(), out)
    return [AlertEvent.model_validate_json(line) for line in out.getvalue().splitlines()]


def _example_reports() -> list[Any]:
    from schemas import Report

    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return sorted((Report.model_validate_json(line) for line in lines if line.strip()),
                  key=lambda r: r.published_at)


def run_demo(args: argparse.Namespace) -> int:
    from services.common.codec import encode
    from services.common.kafka import producer
    from services.runtime.pipeline import Pipeline
    from services.runtime.receiver import WebhookReceiver

    secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    reports = _example_reports()
    expected = len(expected_alerts(reports))
    with WebhookReceiver(secret, on_delivery=lambda d: _say(_describe(d))) as receiver:
        env = {"CONFLICT_ALERTS_WEBHOOK_URL": receiver.url,
               "CONFLICT_ALERTS_WEBHOOK_SECRET": secret}
        with Pipeline(env, log_dir=args.log_dir) as pipeline:
            _say(f"pipeline up on {pipeline.bootstrap}; worker logs in {args.log_dir}/")
            _say_urls(pipeline)
            kafka = producer(pipeline.bootstrap)
            topic = Settings(kafka_bootstrap_servers=pipeline.bootstrap).topic("reports")
            _say(f"publishing {len(reports)} example reports; expecting {expected} alert "
                 f"messages at the local receiver {receiver.url.split('/hooks')[0]}")
            done = 0
            for n, report in enumerate(reports, 1):
                _say(f"> {report.id}: {report.title}")
                kafka.send(topic, key=report.id.encode(), value=encode(report)).get(timeout=10)
                # One at a time, so updates of an alert reach the rules worker in order.
                done = len(expected_alerts(reports[:n]))
                receiver.wait_for(done, timeout_s=args.timeout)
            kafka.close()
            received = receiver.wait_for(expected, timeout_s=5)
            verified = sum(d.verified for d in received)
            _say(f"received {len(received)} of {expected} alert messages, "
                 f"{verified} with a valid signature")
            if args.keep_running:
                _say("pipeline keeps running; Ctrl-C stops it")
                _supervise(pipeline)
            ok = len(received) >= expected and verified == len(received)
            return 0 if ok else 1


def run_worker(args: argparse.Namespace) -> int:
    settings = Settings()
    setup_logging(settings.log_level, settings.log_format)
    install_event_loop(settings)
    module = importlib.import_module(f"services.{args.stage}.app")
    try:
        app = module.create_app(settings)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    from services.common.faust_app import run_worker as run

    tune_gc()  # after the app and its resources exist: they are frozen, never scanned again
    run(app, settings)
    return 0


def run_topics(args: argparse.Namespace) -> int:
    from services.common.kafka import ensure_topics
    from services.common.topics import pipeline_topics

    settings = Settings()
    created = ensure_topics(settings.bootstrap_servers, pipeline_topics(settings))
    _say(f"created: {', '.join(created) or 'nothing (all topics exist)'}")
    return 0


def register(subparsers: Any) -> None:
    log_dir = Path(os.environ.get("CONFLICT_ALERTS_LOG_DIR", "var/log"))

    def webhook_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--config", help="webhook receivers file (YAML)")
        parser.add_argument("--webhook-url", help="a single receiver, without a config file")
        parser.add_argument("--webhook-secret", help="its secret, whsec_<base64>")
        parser.add_argument("--delivery-port", type=int, default=None,
                            help="serve delivery's /subscriptions and /metrics here (from the "
                                 "rules worker when it delivers; token: "
                                 "CONFLICT_ALERTS_SUBSCRIPTIONS_API_TOKEN)")
        parser.add_argument("--log-dir", type=Path, default=None,
                            help="write worker logs here instead of the terminal")

    up = subparsers.add_parser("up", help="start broker (if needed) and all workers")
    webhook_options(up)
    up.set_defaults(func=run_up)

    demo = subparsers.add_parser(
        "demo", help="up + example reports + a local webhook receiver printing what it gets")
    demo.add_argument("--timeout", type=float, default=90.0, help="seconds to wait for alerts")
    demo.add_argument("--keep-running", action="store_true", help="stay up after the examples")
    demo.add_argument("--log-dir", type=Path, default=log_dir, help="worker logs")
    demo.set_defaults(func=run_demo)

    worker = subparsers.add_parser("worker", help="run one worker in this process")
    worker.add_argument("stage", choices=STAGES)
    worker.set_defaults(func=run_worker)

    topics = subparsers.add_parser("topics", help="create the pipeline's topics")
    topics.set_defaults(func=run_topics)
