"""A local webhook receiver for the demo and the tests: a real HTTP server on 127.0.0.1 that
records every request, checks its Standard Webhooks signature and answers with a chosen status."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from services.delivery.signing import verify

__all__ = ["Delivery", "WebhookReceiver"]


@dataclass(frozen=True)
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: bool
    received_at: float


class WebhookReceiver:
    """``with WebhookReceiver(secret) as r: ... r.url ... r.wait_for(3)``.

    ``respond`` picks the status of each answer (default 204); ``on_delivery`` sees each request.
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
        self._respond = respond or (lambda _d: 204)
        self._on_delivery = on_delivery
        self._lock = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            # Keep connections alive, as real webhook endpoints do (HTTP/1.0 would make the
            # sender open a TCP connection per request).
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                delivery = Delivery(
                    self.path, headers, body,
                    verify(receiver.secret, headers, body, now=int(time.time())), time.time(),
                )
                status = receiver._record(delivery)
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass  # the demo prints deliveries itself

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/hooks/alerts"

    def _record(self, delivery: Delivery) -> int:
        status = self._respond(delivery)
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
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
