"""A child of ``up`` ends when ``up`` is gone: a daemon thread compares the parent pid with the
one ``up`` gave (``CONFLICT_ALERTS_SUPERVISOR_PID``); once they differ it sends this process
SIGTERM (a clean stop) and, if that has not ended it within ``grace_s``, exits hard."""

from __future__ import annotations

import os
import signal
import threading
import time

__all__ = ["watch_parent"]


def watch_parent(grace_s: float = 6.0, every_s: float = 0.5) -> threading.Thread | None:
    supervisor = os.environ.get("CONFLICT_ALERTS_SUPERVISOR_PID")
    if not supervisor or not supervisor.isdigit():
        return None
    expected = int(supervisor)

    def watch() -> None:
        while os.getppid() == expected:
            time.sleep(every_s)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace_s)
        os._exit(1)

    thread = threading.Thread(target=watch, name="parent-watch", daemon=True)
    thread.start()
    return thread
