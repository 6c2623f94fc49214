"""Worker processes: start one per stage, watch them, stop them all on the way out.

Each child runs in its own session (a terminal's Ctrl-C reaches ``up`` only, which then stops the
children in order) and is told to end when its parent dies: on Linux the kernel sends it SIGTERM
(``PR_SET_PDEATHSIG``), and every ``conflict-alerts`` child also watches its parent's pid
(``services.runtime.orphan``), so a SIGKILLed ``up`` leaves nothing behind."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

__all__ = ["DASHBOARD", "STAGES", "WorkerGroup", "die_with_parent", "kill_group", "pid_alive"]

STAGES = ("extractor", "rules", "delivery")
#: Not a pipeline stage: the dashboard process (``conflict-alerts dashboard``), started by ``up``.
DASHBOARD = "dashboard"
_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> Callable[[], None]:
    """A ``preexec_fn`` that asks the kernel to send ``sig`` to the child when its parent dies
    (Linux only; elsewhere the child's own parent watch does the job)."""
    parent = os.getpid()
    libc_name = ctypes.util.find_library("c") if sys.platform.startswith("linux") else None
    libc = ctypes.CDLL(libc_name, use_errno=True) if libc_name else None

    def preexec() -> None:
        os.setsid()
        if libc is not None:
            libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def kill_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class WorkerGroup:
    """The worker subprocesses of one ``up``: same environment, logs to files or the terminal."""

    def __init__(self, env: Mapping[str, str], log_dir: Path | None = None,
                 stage_env: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self._env = dict(env)
        # Per-process additions, e.g. each worker's own CONFLICT_ALERTS_OPS_PORT.
        self._stage_env = {stage: dict(extra) for stage, extra in (stage_env or {}).items()}
        self._log_dir = log_dir
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        #: Restarts of each stage so far (given to the restarted worker for its /metrics).
        self.restarts: dict[str, int] = {}

    def start(self, stages: Iterable[str] = STAGES) -> None:
        for stage in stages:
            self.start_one(stage)

    def start_one(self, stage: str) -> subprocess.Popen[bytes]:
        out = None
        if self._log_dir is not None:
            self._log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self._log_dir / f"{stage}.log", "ab")  # noqa: SIM115 - owned by child
        command = [DASHBOARD] if stage == DASHBOARD else ["worker", stage]
        env = self._env | self._stage_env.get(stage, {}) | {
            "CONFLICT_ALERTS_SUPERVISOR_PID": str(os.getpid()),
            "CONFLICT_ALERTS_WORKER_RESTARTS": str(self.restarts.get(stage, 0)),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "services.cli", *command],
            env=env, stdout=out, stderr=subprocess.STDOUT if out else None,
            preexec_fn=die_with_parent(),  # noqa: PLW1509 - only os/prctl calls, no locks
        )
        if out is not None:
            out.close()  # the child holds its own copy
        self.processes[stage] = process
        return process

    def restart(self, stage: str) -> subprocess.Popen[bytes]:
        self.restarts[stage] = self.restarts.get(stage, 0) + 1
        old = self.processes.get(stage)
        if old is not None:
            kill_group(old.pid, signal.SIGKILL)  # anything the dead worker left in its group
        return self.start_one(stage)

    def exited(self) -> dict[str, int]:
        """Stages whose process has ended, with the exit code."""
        return {s: p.returncode for s, p in self.processes.items() if p.poll() is not None}

    def pids(self) -> dict[str, int]:
        return {s: p.pid for s, p in self.processes.items()}

    def stop(self, timeout_s: float = 15.0) -> None:
        """Stop every process, in the order started (producers before their consumers): SIGTERM
        to its process group, ``timeout_s`` to commit and flush, then SIGKILL."""
        for process in self.processes.values():
            stop_process(process, timeout_s)


def stop_process(process: subprocess.Popen[bytes], timeout_s: float) -> None:
    if process.poll() is None:
        kill_group(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            pass
    kill_group(process.pid, signal.SIGKILL)  # a hung leader, anything left in its group
    process.wait()


def wait_gone(pids: Iterable[int], timeout_s: float) -> list[int]:
    """Pids still alive after ``timeout_s`` (for tests and ``status``)."""
    deadline = time.monotonic() + timeout_s
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if pid_alive(p)]
        if alive:
            time.sleep(0.1)
    return alive


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
