"""``up``'s supervision loop with fake workers and a fake clock: restarts after the backoff, and
gives up (exit 1) when one worker keeps crashing."""

from __future__ import annotations

from services.runtime.cli import _supervise
from services.runtime.restart import RestartPolicy


class _Workers:
    def __init__(self, crashes: int) -> None:
        self.crashes = crashes  # how many more times the rules worker dies
        self.dead = False
        self.restarts: dict[str, int] = {}
        self.started: list[float] = []

    def exited(self) -> dict[str, int]:
        if not self.dead and self.crashes:
            self.crashes -= 1
            self.dead = True
        return {"rules": -9} if self.dead else {}

    def restart(self, stage: str) -> None:
        self.restarts[stage] = self.restarts.get(stage, 0) + 1
        self.dead = False


class _Pipeline:
    def __init__(self, workers: _Workers) -> None:
        self.workers = workers


def test_a_worker_crashing_too_often_stops_everything(monkeypatch, capsys):
    ticks = iter(range(1000))
    monkeypatch.setattr("services.runtime.cli.time.sleep", lambda _s: None)
    workers = _Workers(crashes=100)
    code = _supervise(_Pipeline(workers), RestartPolicy(max_crashes=3, window_s=60, base_s=1),
                      clock=lambda: float(next(ticks)))
    assert code == 1
    assert workers.restarts == {"rules": 3}
    assert "crashing too often" in capsys.readouterr().err


def test_restart_waits_for_the_backoff_then_a_stop_signal_exits_0(monkeypatch):
    now = [0.0]
    workers = _Workers(crashes=1)
    changes = []

    def sleep(_s: float) -> None:
        now[0] += 0.25
        if now[0] > 5:
            raise KeyboardInterrupt  # Ctrl-C once the worker is back

    monkeypatch.setattr("services.runtime.cli.time.sleep", sleep)
    code = _supervise(_Pipeline(workers), RestartPolicy(base_s=2), on_change=lambda: changes
                      .append(now[0]), clock=lambda: now[0])
    assert code == 0
    assert workers.restarts == {"rules": 1}
    assert changes and 2.0 <= changes[0] <= 2.5  # restarted after the 2 s backoff, not before
