"""Worker processes: start one per stage, watch them, stop them all on the way out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

__all__ = ["DASHBOARD", "STAGES", "WorkerGroup"]

STAGES = ("extractor", "rules", "delivery")
#: Not a pipeline stage: the dashboard process (``conflict-alerts dashboard``), started by ``up``.
DASHBOARD = "dashboard"


class WorkerGroup:
    """The worker subprocesses of one ``up``: same environment, logs to files or the terminal."""

    def __init__(self, env: Mapping[str, str], log_dir: Path | None = None,
                 stage_env: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self._env = dict(env)
        # Per-process additions, e.g. each worker's own CONFLICT_ALERTS_OPS_PORT.
        self._stage_env = {stage: dict(extra) for stage, extra in (stage_env or {}).items()}
        self._log_dir = log_dir
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, stages: tuple[str, ...] = STAGES) -> None:
        for stage in stages:
            out = None
            if self._log_dir is not None:
                self._log_dir.mkdir(parents=True, exist_ok=True)
                out = open(self._log_dir / f"{stage}.log", "ab")  # noqa: SIM115 - owned by child
            command = [DASHBOARD] if stage == DASHBOARD else ["worker", stage]
            self.processes[stage] = subprocess.Popen(
                [sys.executable, "-m", "services.cli", *command],
                env=self._env | self._stage_env.get(stage, {}),
                stdout=out, stderr=subprocess.STDOUT if out else None,
                start_new_session=True,
            )

    def exited(self) -> dict[str, int]:
        """Stages whose process has ended, with the exit code."""
        return {s: p.returncode for s, p in self.processes.items() if p.poll() is not None}

    def stop(self, timeout_s: float = 15.0) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
