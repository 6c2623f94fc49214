"""The run file of ``up``: where a running pipeline answers, and the lock that makes it the only
one in its directory.

``up`` takes an exclusive ``flock`` on ``<run dir>/up.lock`` (the kernel drops it when ``up`` dies,
however it dies) and writes ``<run dir>/up.json`` atomically: its pid, the broker address, every
worker's pid and ports, the start time. Commands that need the broker (``publish``, ``status``,
``redeliver``, ``reseal``, ``replay --live``, ``dashboard``) read the broker address (and the
topic prefix) from it when neither a flag nor ``KAFKA_BOOTSTRAP_SERVERS`` gives one. The run
directory is ``var/run`` under the current directory unless ``CONFLICT_ALERTS_RUN_DIR`` says
otherwise."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import IO, Any

__all__ = ["AlreadyRunning", "RunLock", "read_run", "run_dir", "use_running_broker", "write_run"]

RUN_FILE = "up.json"
LOCK_FILE = "up.lock"


def run_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get("CONFLICT_ALERTS_RUN_DIR") or "var/run")


class AlreadyRunning(RuntimeError):
    """Another ``up`` holds the lock of this run directory."""

    def __init__(self, directory: Path, info: dict[str, Any] | None) -> None:
        self.info = info
        pid = info.get("pid") if info else None
        where = f" (pid {pid}, broker {info.get('bootstrap')})" if info else ""
        super().__init__(f"conflict-alerts up is already running in {directory}{where}; "
                         "stop it first (`kill <pid>`) or use another CONFLICT_ALERTS_RUN_DIR")


class RunLock:
    """Exclusive, non-blocking lock on the run directory, held for the life of ``up``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._handle: IO[str] | None = None

    def acquire(self) -> RunLock:
        self.directory.mkdir(parents=True, exist_ok=True)
        handle = open(self.directory / LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise AlreadyRunning(self.directory, _load(self.directory / RUN_FILE)) from None
        # Not inherited by children (Python opens files non-inheritable): the lock is up's alone.
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is not None:
            (self.directory / RUN_FILE).unlink(missing_ok=True)
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def locked(directory: Path) -> bool:
    """Whether some process holds the run directory's lock (an ``up`` is running there)."""
    path = directory / LOCK_FILE
    if not path.exists():
        return False
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def write_run(directory: Path, info: dict[str, Any]) -> Path:
    """Write the run file atomically (a reader sees the old or the new file, never half)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / RUN_FILE
    tmp = directory / f".{RUN_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def _load(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_run(directory: Path | None = None) -> dict[str, Any] | None:
    """The run file of the ``up`` running in ``directory``; None when none runs (a file left by
    an ``up`` that was killed is ignored: its lock is gone)."""
    directory = directory or run_dir()
    if not locked(directory):
        return None
    return _load(directory / RUN_FILE)


def use_running_broker(environ: dict[str, str] | None = None) -> str | None:
    """When ``KAFKA_BOOTSTRAP_SERVERS`` is unset, take the broker address (and the profile and
    topic prefix, unless set) from the run file of a running ``up`` into the environment.
    Returns the address used, if any."""
    env = os.environ if environ is None else environ
    if env.get("KAFKA_BOOTSTRAP_SERVERS") or env.get("CONFLICT_ALERTS_KAFKA_BOOTSTRAP_SERVERS"):
        return None
    info = read_run(run_dir(env))
    if not info or not info.get("bootstrap"):
        return None
    env["KAFKA_BOOTSTRAP_SERVERS"] = info["bootstrap"]
    if info.get("profile"):
        env.setdefault("CONFLICT_ALERTS_PROFILE", info["profile"])
    if info.get("topic_prefix"):  # the running pipeline's topics, not the unprefixed ones
        env.setdefault("CONFLICT_ALERTS_TOPIC_PREFIX", info["topic_prefix"])
    return info["bootstrap"]
