"""A hostile mix published into a running pipeline (``up`` with a delivery worker): JSON nested
thousands deep on ``reports`` and on ``alerts``, bytes that are not UTF-8, control, format and
ANSI characters inside a real report, dates in year 1 and 9999, and 500 copies of one report;
then a normal report of a hospital strike. Every worker stays ready and is never restarted, the
normal report's alert arrives, the 500 copies make one alert message, and every refused message
is in ``deadletter`` with its reason and its original bytes."""

from __future__ import annotations

import base64
import datetime as dt
import json
import signal
import threading
import time
import urllib.request

from schemas import DeadLetter, Report
from services.common.codec import encode
from services.common.kafka import consume, producer
from services.runtime.cli import expected_alerts
from services.runtime.receiver import WebhookReceiver
from services.runtime.runfile import read_run
from tests.integration.test_up_supervisor import _env, _gone, _start_up, _wait_ready

COPIES = 500
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)


def _report(report_id: str, text: str, **extra) -> Report:
    return Report(id=report_id, text=text, published_at=NOW, source="Hostile Mix Wire", **extra)


NORMAL = _report("mix-normal", "An air strike hit the children's hospital in Maarrat Misrin, "
                 "Idlib province, on Sunday, killing four people, doctors said.")
COPIED = _report("mix-copied", "Artillery shells struck the maternity hospital in Darat Izza, "
                 "Aleppo province, on Monday, killing two women, a local doctor said.")
#: An ANSI colour code, soft hyphens, zero-width spaces and a bell inside a real report: not
#: refused, normalised, and its event still found.
GARBLED = _report("mix-garbled", "\x1b[31mRockets\x1b[0m hit the hos\u00adpi\u200btal in "
                  "Sar\u200bmada, Idlib prov\u00adince, on Tuesday,\x07 killing three nurses, "
                  "medics said.")


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _report_json(published_at: str) -> bytes:
    return json.dumps({"id": "x", "published_at": published_at,
                       "text": "Shelling hit the hospital in Ariha, Idlib province."}).encode()


#: (topic, key, value) of every message the pipeline must refuse.
REFUSED = [
    ("reports", b"mix-deep-array", _deep(50_000)),
    ("reports", b"mix-deep-text", b'{"id": "deep", "published_at": "2024-01-01T00:00:00Z", '
                                  b'"text": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_000 + b"}"),
    ("reports", b"mix-not-utf8", b'{"id": "bad", "text": "\xff\xfe\xc3", '
                                 b'"published_at": "2024-01-01T00:00:00Z"}'),
    ("reports", b"mix-year-9999", _report_json("9999-12-31T23:59:59Z")),
    ("reports", b"mix-year-0001", _report_json("0001-01-01T00:00:00Z")),
    ("alerts", b"mix-deep-alert", _deep(50_000)),
    ("alerts", b"mix-deep-object-alert", b'{"data": ' * 5_000 + b"0" + b"}" * 5_000),
]


class ReadinessWatch:
    """Polls every worker's /readyz (and the dashboard's page) until stopped; keeps every answer
    that was not 200."""

    def __init__(self, urls: dict[str, str]) -> None:
        self._urls = urls
        self.failures: list[tuple[str, int | str]] = []
        self.polls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for stage, url in self._urls.items():
                probe = url if stage == "dashboard" else url + "readyz"
                try:
                    with urllib.request.urlopen(probe, timeout=10) as answer:
                        status: int | str = answer.status
                except urllib.error.HTTPError as exc:
                    status = exc.code
                except OSError as exc:
                    status = type(exc).__name__
                if status != 200:
                    self.failures.append((stage, status))
            self.polls += 1
            self._stop.wait(0.5)

    def __enter__(self) -> ReadinessWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def _counted(url: str, stage: str) -> float:
    """Messages the stage has finished with: processed plus dead-lettered."""
    with urllib.request.urlopen(url + "metrics", timeout=10) as answer:
        body = answer.read().decode()
    total = 0.0
    for name in ("processed", "dead_lettered"):
        prefix = f'conflict_alerts_messages_{name}_total{{stage="{stage}"}} '
        total += sum(float(line[len(prefix):]) for line in body.splitlines()
                     if line.startswith(prefix))
    return total


def _until(predicate, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.3)


def test_hostile_mix_then_a_normal_report(tmp_path, webhook_secret):
    alert_of = {r.id: expected_alerts([r])[0].data.alert_id for r in (NORMAL, COPIED, GARBLED)}
    assert len(set(alert_of.values())) == 3

    with WebhookReceiver(webhook_secret) as receiver:
        env = _env(tmp_path, CONFLICT_ALERTS_DELIVERY_INLINE="false",
                   CONFLICT_ALERTS_WEBHOOK_URL=receiver.url,
                   CONFLICT_ALERTS_WEBHOOK_SECRET=webhook_secret)
        up, info = _start_up(tmp_path, env)
        run_dir = tmp_path / "run"
        try:
            assert {"extractor", "rules", "delivery", "dashboard"} <= set(info["workers"])
            _wait_ready(info)
            _until(lambda: all(_ready(w["url"], s) for s, w in info["workers"].items()), 60,
                   "not every worker became ready")
            urls = {stage: w["url"] for stage, w in info["workers"].items()}
            kafka = producer(info["bootstrap"])

            def send(topic: str, key: bytes, value: bytes) -> None:
                kafka.send(topic, key=key, value=value).get(timeout=30)

            with ReadinessWatch(urls) as watch:
                for topic, key, value in REFUSED:
                    send(topic, key, value)
                send("reports", GARBLED.id.encode(), encode(GARBLED))
                copy = encode(COPIED)
                for _ in range(COPIES):
                    kafka.send("reports", key=COPIED.id.encode(), value=copy)
                kafka.flush(timeout=60)
                send("reports", NORMAL.id.encode(), encode(NORMAL))

                def delivered() -> set[str]:
                    return {json.loads(d.body)["data"]["alert_id"] for d in receiver.deliveries}

                _until(lambda: set(alert_of.values()) <= delivered(), 90,
                       f"alerts missing: {set(alert_of.values()) - delivered()}")
                sent_reports = sum(t == "reports" for t, _, _ in REFUSED) + 2 + COPIES
                _until(lambda: _counted(urls["extractor"], "extractor") >= sent_reports, 60,
                       "the extractor did not get through every report")
                refused_alerts = sum(t == "alerts" for t, _, _ in REFUSED)
                _until(lambda: _counted(urls["delivery"], "delivery") >= refused_alerts + 3, 60,
                       "the delivery worker did not get through every alert")
                # readiness was asked through and after the mix, not only before it
                _until(lambda: watch.polls >= 3, 30, "the readiness watch did not poll")
            kafka.close()

            assert watch.polls >= 3
            assert watch.failures == []
            now_info = read_run(run_dir)
            assert now_info is not None
            assert {s: w["restarts"] for s, w in now_info["workers"].items()} == {
                s: 0 for s in now_info["workers"]}
            assert {s: w["pid"] for s, w in now_info["workers"].items()} == {
                s: w["pid"] for s, w in info["workers"].items()}

            ours = {key for _, key, _ in REFUSED}  # the test's own deep messages: not read
            alerts = [json.loads(v) for k, v, _ in consume(info["bootstrap"], "alerts",
                                                           timeout_s=2.0) if k not in ours]
            letters = [DeadLetter.model_validate_json(v)
                       for _, v, _ in consume(info["bootstrap"], "deadletter", timeout_s=2.0)]
        finally:
            up.send_signal(signal.SIGTERM)
            code = up.wait(timeout=60)
        deliveries = list(receiver.deliveries)
    assert code == 0, (tmp_path / "up.out").read_text()
    assert _gone(run_dir, timeout_s=5) == set()

    # The 500 copies made one alert message, and one POST.
    copied = [a for a in alerts if a["data"]["alert_id"] == alert_of[COPIED.id]]
    assert len(copied) == 1, [a["id"] for a in copied]
    posts = [d for d in deliveries if json.loads(d.body)["data"]["alert_id"] == alert_of[COPIED.id]]
    assert len(posts) == 1
    # The normal and the garbled report each raised their alert, with their evidence.
    normal = next(a for a in alerts if a["data"]["alert_id"] == alert_of[NORMAL.id])
    assert "health-care-attack" in normal["data"]["rule_ids"]
    garbled = next(a for a in alerts if a["data"]["alert_id"] == alert_of[GARBLED.id])
    assert garbled["data"]["location"]["name"] == "Sarmada"

    # Every refused message is a dead letter: its stage, its reason, its original bytes, and
    # not retryable (retrying cannot help).
    by_key = {base64.b64decode(dl.key): dl for dl in letters if dl.key}
    for topic, key, value in REFUSED:
        assert key in by_key, f"{key!r} on {topic} is in no dead letter"
        letter = by_key[key]
        assert letter.topic == topic
        assert letter.stage == ("extractor" if topic == "reports" else "delivery")
        assert letter.reason.strip(), letter
        assert letter.retryable is False, letter
        assert base64.b64decode(letter.payload) == value
    assert len(letters) == len(REFUSED), [(dl.key, dl.reason) for dl in letters]


def _ready(url: str, stage: str) -> bool:
    probe = url if stage == "dashboard" else url + "readyz"
    try:
        with urllib.request.urlopen(probe, timeout=5) as answer:
            return answer.status == 200
    except OSError:
        return False
