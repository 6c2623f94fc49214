"""A local webhook receiver for the demo and the tests: a real HTTP server on 127.0.0.1 that
records every request, checks its Standard Webhooks signature and answers with a chosen status."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from aiohttp import web

from services.delivery.signing import verify

__all__ = ["Delivery", "WebhookReceiver"]

#: Answers that may block in ``respond`` at once (a test's hanging endpoint holds a few).
MAX_BLOCKED_ANSWERS = 32


@dataclass(frozen=True)
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: bool
    received_at: float


class WebhookReceiver:
    """``with WebhookReceiver(secret) as r: ... r.url ... r.wait_for(3)``.

    ``respond`` picks the status of each answer (default 204) and may block (a test's hanging
    endpoint): it runs on a thread of the receiver's own pool. ``on_delivery`` sees each request.
    The server is aiohttp on an event loop in a background thread: its C HTTP parser keeps the
    receiver cheap, so a benchmark measures the pipeline rather than its stand-in subscriber.
    """

    def __init__(
        self,
        secret: str,
        *,
        respond: Callable[[Delivery], int] | None = None,
        on_delivery: Callable[[Delivery], None] | None = None,
    ) -> None:
        self.secret = secret
        self.deliveries: list[Delivery] = []
        self._respond = respond
        self._on_delivery = on_delivery
        self._lock = threading.Condition()
        self._loop = asyncio.new_event_loop()
        self._pool = ThreadPoolExecutor(max_workers=MAX_BLOCKED_ANSWERS,
                                        thread_name_prefix="receiver")
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}/hooks/alerts"

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        received_at = time.time()
        headers = {k.lower(): v for k, v in request.headers.items()}
        delivery = Delivery(request.path_qs, headers, body,
                            verify(self.secret, headers, body, now=int(received_at)), received_at)
        if self._respond is None:
            status = self._record(delivery)
        else:
            status = await self._loop.run_in_executor(self._pool, self._record, delivery)
        return web.Response(status=status)

    async def _start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    def _record(self, delivery: Delivery) -> int:
        status = self._respond(delivery) if self._respond is not None else 204
        if self._on_delivery:  # before waiters wake, so what it prints comes first
            self._on_delivery(delivery)
        with self._lock:
            self.deliveries.append(delivery)
            self._lock.notify_all()
        return status

    def wait_for(self, count: int, timeout_s: float) -> list[Delivery]:
        """Wait until ``count`` requests arrived (or the timeout); return all received."""
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while len(self.deliveries) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            return list(self.deliveries)

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._runner is not None:
            # answers still blocked in ``respond`` are abandoned, not awaited
            self._pool.shutdown(wait=False, cancel_futures=True)
            cleanup = asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop)
            try:
                cleanup.result(timeout=10)
            except TimeoutError:
                pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self._loop.close()
