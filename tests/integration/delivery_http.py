"""What the delivery worker's broker-backed tests share: waiting for its HTTP server to answer,
and writing a secrets key file."""

from __future__ import annotations

import time
from pathlib import Path

import httpx


def wait_healthy(base: str, timeout_s: float = 60) -> dict:
    """The worker's ``/healthz`` answer, once it is 200."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            answer = httpx.get(f"{base}/healthz", timeout=2)
            if answer.status_code == 200:
                return answer.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("delivery worker HTTP server never became ready")


def write_key_file(path: Path, *keys: bytes) -> Path:
    """A secrets key file (0600), newest key first."""
    path.write_text("".join(k.decode() + "\n" for k in keys))
    path.chmod(0o600)
    return path
