"""Browser fixtures: Debian's chromium driven by Playwright (PyPI ``playwright``; its own browser
downloads are not used), and a dashboard process on the session broker.

Never skipped: a missing chromium fails with how to install it (``./dev setup`` does).
"""

from __future__ import annotations

import os
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from services.runtime.ports import free_port
from services.runtime.processes import DASHBOARD, WorkerGroup
from tests.integration.conftest import send, settings, start_workers  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path() -> str:
    path = os.environ.get("CONFLICT_ALERTS_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not path:
        pytest.fail("chromium not found: run ./dev setup (apt-get install -y chromium) or set "
                    "CONFLICT_ALERTS_CHROMIUM", pytrace=False)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Module-scoped: Playwright's sync API keeps an event loop running in this thread while it
    is open, and pytest-asyncio cannot run the async tests of later modules beside it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh temporary profile (--user-data-dir).
        chromium = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                              args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def wait_ready(url: str, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url + "readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"dashboard at {url} not ready after {timeout_s} s")
        time.sleep(0.2)


@pytest.fixture
def start_dashboard(worker_env: dict[str, str], tmp_path: Path, settings  # noqa: F811
                    ) -> Iterator[Callable[[], str]]:
    """start_dashboard(env) -> its URL, once /readyz answers 200 (stopped after the test);
    ``env`` adds to the dashboard's environment (a read token, say)."""
    groups: list[WorkerGroup] = []

    def start(env: dict[str, str] | None = None) -> str:
        port = free_port()
        stage_env = {"CONFLICT_ALERTS_DASHBOARD_PORT": str(port), **(env or {})}
        group = WorkerGroup(worker_env, tmp_path / "logs", stage_env={DASHBOARD: stage_env})
        group.start((DASHBOARD,))
        groups.append(group)
        url = f"http://127.0.0.1:{port}/"
        wait_ready(url)
        return url

    yield start
    for group in groups:
        group.stop()
