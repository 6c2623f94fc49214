"""``conflict-alerts up`` as a supervisor, on its own embedded broker: the run file and its lock,
``publish`` finding the broker from it, a crashed worker restarted, and every way of stopping it
leaving no process behind."""

from __future__ import annotations

import base64
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from services.runtime.cli import EXAMPLES, expected_alerts
from services.runtime.receiver import WebhookReceiver

ROOT = Path(__file__).resolve().parents[2]


def _marked(run_dir: Path) -> set[int]:
    """Pids of every process carrying this test's run directory in its environment (``up``,
    the broker, every worker)."""
    marker = f"CONFLICT_ALERTS_RUN_DIR={run_dir}".encode()
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker in environ.split(b"\0"):
            found.add(int(entry.name))
    return found


def _gone(run_dir: Path, timeout_s: float) -> set[int]:
    deadline = time.monotonic() + timeout_s
    left = _marked(run_dir)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = {p for p in _marked(run_dir) if not _zombie(p)}
    return left


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (OSError, IndexError):
        return False


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("KAFKA_BOOTSTRAP_SERVERS", "CONFLICT_ALERTS_KAFKA_BOOTSTRAP_SERVERS")}
    return env | {"CONFLICT_ALERTS_RUN_DIR": str(tmp_path / "run"),
                  "CONFLICT_ALERTS_DATA_DIR": str(tmp_path / "var"),
                  "CONFLICT_ALERTS_DASHBOARD_PORT": "0",
                  "PYTHONPATH": str(ROOT)} | extra


def _cli(*args: str, env: dict[str, str], cwd: Path, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "services.cli", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120, **kw)


def _start_up(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], dict]:
    log = open(tmp_path / "up.out", "w")  # noqa: SIM115 - closed with the test's tmp dir
    process = subprocess.Popen(
        [sys.executable, "-m", "services.cli", "up", "--log-dir", str(tmp_path / "logs")],
        env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, text=True)
    run_file = tmp_path / "run" / "up.json"
    deadline = time.monotonic() + 90
    while not run_file.exists():
        assert process.poll() is None, (tmp_path / "up.out").read_text()
        assert time.monotonic() < deadline, "up wrote no run file"
        time.sleep(0.2)
    return process, json.loads(run_file.read_text())


def _wait_ready(info: dict, timeout_s: float = 90) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout_s
    for stage in ("extractor", "rules"):
        url = info["workers"][stage]["url"] + "readyz"
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"{stage} never ready"
            time.sleep(0.3)


def _reports(first: int, last: int, tmp_path: Path) -> tuple[Path, int]:
    """Example reports ``first..last-1`` as a file, and how many alert messages reports
    ``0..last-1`` raise in all."""
    from schemas import Report

    lines = [line for line in EXAMPLES.read_text().splitlines() if line.strip()]
    path = tmp_path / f"reports-{first}-{last}.jsonl"
    path.write_text("\n".join(lines[first:last]) + "\n")
    return path, len(expected_alerts([Report.model_validate_json(x) for x in lines[:last]]))


def test_up_supervises_publish_finds_it_and_sigterm_leaves_nothing(tmp_path):
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    with WebhookReceiver(secret) as receiver:
        env = _env(tmp_path, CONFLICT_ALERTS_WEBHOOK_URL=receiver.url)
        up, info = _start_up(tmp_path, env | {"CONFLICT_ALERTS_WEBHOOK_SECRET": secret})
        run_dir = tmp_path / "run"
        try:
            assert info["pid"] == up.pid
            assert info["bootstrap"].startswith("127.0.0.1:")
            assert {"extractor", "rules", "dashboard"} <= set(info["workers"])
            assert all(w["pid"] and w["port"] for w in info["workers"].values())

            # a second up on the same directory refuses, naming the first
            second = _cli("up", env=env, cwd=tmp_path)
            assert second.returncode == 1
            assert f"already running in {run_dir} (pid {up.pid}" in second.stderr

            # publish with no address: the run file gives it
            _wait_ready(info)
            path, expected = _reports(0, 2, tmp_path)
            assert expected >= 1
            published = _cli("publish", str(path), env=env, cwd=tmp_path)
            assert published.returncode == 0, published.stderr
            assert len(receiver.wait_for(expected, timeout_s=90)) == expected

            # a worker killed outright is restarted; the broker kept what it held
            old = info["workers"]["rules"]["pid"]
            os.kill(old, signal.SIGKILL)
            deadline = time.monotonic() + 30
            while True:
                info = json.loads((run_dir / "up.json").read_text())
                if info["workers"]["rules"]["pid"] != old:
                    break
                assert time.monotonic() < deadline, "rules worker not restarted"
                time.sleep(0.2)
            assert info["workers"]["rules"]["restarts"] == 1
            assert up.poll() is None
            _wait_ready(info)
            import urllib.request

            metrics = urllib.request.urlopen(info["workers"]["rules"]["url"] + "metrics",
                                             timeout=5).read().decode()
            assert "conflict_alerts_worker_restarts 1.0" in metrics
            path, total = _reports(2, 4, tmp_path)
            assert total > expected
            assert _cli("publish", str(path), env=env, cwd=tmp_path).returncode == 0
            # at least once: a copy re-sent after the restart has the same id and body
            deadline = time.monotonic() + 90
            by_id: dict[str, set[bytes]] = {}
            while len(by_id) < total and time.monotonic() < deadline:
                received = receiver.wait_for(total, timeout_s=2)
                by_id = {}
                for delivery in received:
                    by_id.setdefault(delivery.headers["webhook-id"], set()).add(delivery.body)
            assert len(by_id) == total
            # re-sent copies keep their webhook-id, so a receiver de-duplicating by it sees
            # each alert message once
            alerts = {json.loads(next(iter(b)))["id"] for b in by_id.values()}
            assert len(alerts) == total
            assert secret not in (tmp_path / "up.out").read_text()
            assert secret not in metrics
            logs = list((tmp_path / "logs").glob("*.log"))
            assert {"extractor.log", "rules.log", "broker.log"} <= {p.name for p in logs}
            assert all(secret not in p.read_text(errors="replace") for p in logs)
        finally:
            up.send_signal(signal.SIGTERM)
            code = up.wait(timeout=60)
        assert code == 0, (tmp_path / "up.out").read_text()
        assert not (run_dir / "up.json").exists()
        assert _gone(run_dir, timeout_s=5) == set()


def _status(env: dict[str, str], cwd: Path) -> tuple[int, dict]:
    result = _cli("status", "--json", env=env, cwd=cwd)
    return result.returncode, json.loads(result.stdout)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGHUP])
def test_status_in_each_state_and_sigint_sighup_stop_everything(tmp_path, sig):
    env = _env(tmp_path)
    up, info = _start_up(tmp_path, env)
    children = {w["pid"] for w in info["workers"].values()} | {info["broker"]["pid"]}
    assert children <= _marked(tmp_path / "run")
    try:
        _wait_ready(info)
        deadline = time.monotonic() + 60
        code, report = _status(env, tmp_path)
        while code != 0 and time.monotonic() < deadline:
            time.sleep(0.5)
            code, report = _status(env, tmp_path)
        assert code == 0, report  # running and healthy
        assert report["bootstrap"] == info["bootstrap"]
        assert report["workers"]["rules"]["pid"] == info["workers"]["rules"]["pid"]
        assert report["broker"]["reachable"] is True
        lag = report["broker"]["lag"]
        assert any("reports" in topic for topics in lag.values() for topic in topics), lag
        assert "pending_delivery" in report and "dead_letters" in report["broker"]
        text = _cli("status", env=env, cwd=tmp_path)
        assert text.returncode == 0 and "healthy" in text.stdout

        # a worker that stops answering: degraded
        frozen = info["workers"]["extractor"]["pid"]
        os.kill(frozen, signal.SIGSTOP)
        try:
            code, report = _status(env, tmp_path)
            assert code == 1
            assert report["workers"]["extractor"]["ready"] is False
            assert report["workers"]["rules"]["ready"] is True
        finally:
            os.kill(frozen, signal.SIGCONT)
    finally:
        up.send_signal(sig)
        assert up.wait(timeout=60) == 0, (tmp_path / "up.out").read_text()
    assert _gone(tmp_path / "run", timeout_s=5) == set()
    assert f"{signal.Signals(sig).name}: stopping" in (tmp_path / "up.out").read_text()
    code, report = _status(env, tmp_path)
    assert (code, report["running"]) == (3, False)


def test_children_of_a_killed_up_exit_within_ten_seconds(tmp_path):
    up, info = _start_up(tmp_path, _env(tmp_path))
    run_dir = tmp_path / "run"
    assert len(_marked(run_dir)) >= 4  # up, broker, two workers, dashboard
    up.kill()
    up.wait()
    assert _gone(run_dir, timeout_s=10) == set()
    # the lock died with up: a new up may start, and nothing reads the stale run file
    from services.runtime.runfile import read_run

    assert read_run(run_dir) is None
