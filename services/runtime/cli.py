"""``up``, ``demo``, ``worker`` and ``topics``: running the pipeline."""

from __future__ import annotations

import argparse
import base64
import importlib
import json
import os
import secrets
import signal
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


class _RefuseSecret(argparse.Action):
    """``--webhook-secret VALUE`` would show the secret to anyone running ``ps``: refused."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any, **__: Any) -> None:
        parser.error("--webhook-secret is not accepted (a command line is visible to every user "
                     "of the machine); use --webhook-secret-file FILE or "
                     "CONFLICT_ALERTS_WEBHOOK_SECRET")


def _webhook_env(args: argparse.Namespace) -> dict[str, str]:
    env: dict[str, str] = {}
    if getattr(args, "config", None):
        env["CONFLICT_ALERTS_WEBHOOK_CONFIG"] = str(Path(args.config).resolve())
    if getattr(args, "webhook_url", None):
        env["CONFLICT_ALERTS_WEBHOOK_URL"] = args.webhook_url
    if getattr(args, "webhook_secret_file", None):
        # read here and passed on in the environment: never on a command line (visible in ps)
        env["CONFLICT_ALERTS_WEBHOOK_SECRET"] = (
            Path(args.webhook_secret_file).read_text(encoding="utf-8").strip())
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


def _check_secrets_key() -> bool:
    """Validate a configured secrets key here, so a bad key file fails before anything starts
    (and is not a worker crashing on every restart)."""
    from services.delivery.sealing import load_keys

    settings = Settings()
    try:
        load_keys(settings.secrets_key, settings.secrets_key_file)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return False
    return True


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


class _Stop(Exception):  # noqa: N818 - a request, not an error
    """SIGTERM or SIGHUP: stop everything and exit 0."""


def _on_stop_signal(signum: int, _frame: Any) -> None:
    raise _Stop(signal.Signals(signum).name)


def _stop_signals(handler: Any) -> None:
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, handler)


def _run_info(pipeline: Any, log_dir: Path | None, started_at: str) -> dict[str, Any]:
    pids = pipeline.workers.pids() if pipeline.workers else {}
    workers = {}
    for stage, url in pipeline.urls.items():
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        workers[stage] = {"pid": pids.get(stage), "port": port, "url": url,
                          "restarts": pipeline.workers.restarts.get(stage, 0)}
    return {"pid": os.getpid(), "bootstrap": pipeline.bootstrap,
            "broker": ({"embedded": True, "pid": pipeline.broker.pid} if pipeline.broker
                       else {"embedded": False}),
            "profile": pipeline.env.get("CONFLICT_ALERTS_PROFILE", "production"),
            "topic_prefix": pipeline.env.get("CONFLICT_ALERTS_TOPIC_PREFIX", ""),
            "workers": workers, "log_dir": str(log_dir.resolve()) if log_dir else None,
            "started_at": started_at}


def _supervise(pipeline: Any, policy: Any = None,
               on_change: Any = None, clock: Any = time.monotonic) -> int:
    """Restart crashed workers with backoff until a stop signal (exit 0) or a worker crashing
    too often (exit 1)."""
    from services.runtime.restart import RestartPolicy

    policy = policy or RestartPolicy()
    due: dict[str, float] = {}  # stage -> when to restart it
    try:
        while True:
            now = clock()
            for stage, code in pipeline.workers.exited().items():
                if stage in due:
                    continue
                delay = policy.crashed(stage, now)
                if delay is None:
                    print(f"worker {stage} exited with code {code}, crashing too often; "
                          "stopping everything", file=sys.stderr, flush=True)
                    return 1
                print(f"worker {stage} exited with code {code}; restarting in {delay:.1f} s "
                      f"(restart {policy.restarts[stage]})", file=sys.stderr, flush=True)
                due[stage] = now + delay
            for stage, when in list(due.items()):
                if now >= when:
                    del due[stage]
                    pipeline.workers.restart(stage)
                    if on_change:
                        on_change()
            time.sleep(0.2)
    except (KeyboardInterrupt, _Stop) as stop:
        name = stop.args[0] if isinstance(stop, _Stop) else "SIGINT"
        print(f"{name}: stopping workers, then the broker", file=sys.stderr, flush=True)
        return 0


def run_up(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from services.runtime.pipeline import Pipeline
    from services.runtime.runfile import AlreadyRunning, RunLock, run_dir, write_run

    directory = run_dir()
    try:
        lock = RunLock(directory).acquire()
    except AlreadyRunning as exc:
        print(str(exc), file=sys.stderr)
        return 1
    env = _webhook_env(args)
    receivers = _check_receivers(env)
    if receivers < 0 or not _check_secrets_key():
        lock.release()
        return 2
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    _stop_signals(_on_stop_signal)
    try:
        with Pipeline(env, log_dir=args.log_dir) as pipeline:
            def record() -> None:
                write_run(directory, _run_info(pipeline, args.log_dir, started_at))

            record()
            where = "embedded Tansu broker" if pipeline.broker else "Kafka"
            _say(f"pipeline up: {where} at {pipeline.bootstrap}; workers: "
                 f"{', '.join(_describe_stages(pipeline))}; {receivers} webhook receiver(s)")
            _say_urls(pipeline)
            if pipeline.env.get("CONFLICT_ALERTS_SECRETS_KEY_FILE"):
                _say("subscriptions' signing secrets are sealed with the key(s) in "
                     f"{pipeline.env['CONFLICT_ALERTS_SECRETS_KEY_FILE']} (keep it)")
            _say(f"run file: {directory / 'up.json'} (publish, status and redeliver read the "
                 "broker address from it)")
            _say("publish reports with: conflict-alerts publish FILE; "
                 "Ctrl-C or SIGTERM stops everything")
            try:
                code = _supervise(pipeline, on_change=record)
            finally:
                # a second signal must not cut the orderly stop short
                _stop_signals(signal.SIG_IGN)
            return code
    except _Stop:  # a signal before the pipeline was up: what started is stopped
        return 0
    finally:
        lock.release()


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
        parser.add_argument("--webhook-secret-file",
                            help="file holding its secret, whsec_<base64> (or set "
                                 "CONFLICT_ALERTS_WEBHOOK_SECRET); never given on the command line")
        parser.add_argument("--webhook-secret", action=_RefuseSecret, help=argparse.SUPPRESS)
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
