"""Operations over the real broker: every worker answers /healthz, /readyz and /metrics on its own
port (counters move as messages flow), and ``conflict-alerts up`` starts the dashboard next to the
workers and prints where each answers."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from schemas import Report
from services.common.codec import encode
from services.runtime.cli import EXAMPLES
from services.runtime.ports import free_port


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _wait(url: str, check, timeout_s: float = 60.0) -> str:
    deadline = time.monotonic() + timeout_s
    last: object = None
    while time.monotonic() < deadline:
        try:
            status, body = _get(url)
            last = (status, body[:300])
            if check(status, body):
                return body
        except (urllib.error.URLError, OSError) as exc:
            last = exc
        time.sleep(0.3)
    raise AssertionError(f"{url}: condition not met in {timeout_s} s; last: {last}")


def _metric(body: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in body.splitlines():
        if line.startswith(name) and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def _first_report() -> Report:
    lines = [ln for ln in EXAMPLES.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return min((Report.model_validate_json(ln) for ln in lines), key=lambda r: r.published_at)


def test_workers_serve_health_readiness_and_metrics(start_workers, send):
    ports = {"extractor": free_port(), "rules": free_port()}
    for stage, port in ports.items():
        start_workers(stage, env={"CONFLICT_ALERTS_OPS_PORT": str(port)})
    base = {stage: f"http://127.0.0.1:{port}" for stage, port in ports.items()}
    for stage, url in base.items():
        health = _wait(url + "/healthz", lambda s, _b: s == 200)
        assert json.loads(health) == {"status": "ok", "stage": stage}
        ready = json.loads(_wait(url + "/readyz", lambda s, _b: s == 200))
        assert ready["broker_reachable"] and ready["partitions_assigned"]

    send("reports", None, b"{not json")
    report = _first_report()
    send("reports", report.id.encode(), encode(report))

    def extractor_counted(status: int, body: str) -> bool:
        return (_metric(body, "conflict_alerts_messages_processed_total", stage="extractor") >= 1
                and _metric(body, "conflict_alerts_messages_dead_lettered_total",
                            stage="extractor") >= 1)

    body = _wait(base["extractor"] + "/metrics", extractor_counted)
    assert _metric(body, "conflict_alerts_handler_seconds_count", stage="extractor") >= 2
    assert "# TYPE conflict_alerts_consumer_lag gauge" in body
    assert re.search(r'conflict_alerts_consumer_lag\{consumer="extractor",topic="[^"]*reports"\}',
                     body)

    body = _wait(base["rules"] + "/metrics", lambda s, b: _metric(
        b, "conflict_alerts_alerts_total", rule="health-care-attack", status="new") >= 1)
    assert _metric(body, "conflict_alerts_messages_processed_total", stage="rules") >= 1


def test_up_starts_the_dashboard_and_prints_its_url(worker_env, tmp_path):
    dashboard_port, ops_port, delivery_port = free_port(), free_port(), free_port()
    env = worker_env | {"CONFLICT_ALERTS_DASHBOARD_PORT": str(dashboard_port),
                        "CONFLICT_ALERTS_OPS_PORT": str(ops_port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "services.cli", "up", "--log-dir", str(tmp_path / "logs"),
         "--delivery-port", str(delivery_port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")),
                              daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not any(ln.startswith("ops ") for ln in lines) and time.monotonic() < deadline:
            assert process.poll() is None, "".join(lines)
            time.sleep(0.2)
        output = "".join(lines)
        assert f"dashboard: http://127.0.0.1:{dashboard_port}/" in output, output
        ops = dict(re.findall(r"(extractor|rules|delivery) (http://\S+?/)(?:,|\s|$)", output))
        # the rules worker delivers: no delivery worker on one machine
        assert set(ops) == {"extractor", "rules"}, output
        assert "rules (delivers webhooks)" in output, output
        assert len(set(ops.values())) == 2  # a port each
        _wait(f"http://127.0.0.1:{dashboard_port}/readyz", lambda s, _b: s == 200)
        assert "<title>conflict-alerts" in _get(f"http://127.0.0.1:{dashboard_port}/")[1]
        for url in ops.values():
            _wait(url + "readyz", lambda s, _b: s == 200)
            assert "conflict_alerts_messages_processed_total" in _get(url + "metrics")[1]
        # the delivery metrics and the subscriptions API are the rules worker's
        assert "conflict_alerts_delivery_queue_depth" in _get(ops["rules"] + "metrics")[1]
        _wait(f"http://127.0.0.1:{delivery_port}/subscriptions",
              lambda s, _b: s == 401)  # served, and no token given
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
