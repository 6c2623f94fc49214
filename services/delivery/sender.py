"""One HTTP attempt to one endpoint: its own HTTP client (one shared client degrades under
concurrency: measured ~400 req/s p99 216 ms shared vs ~1,000 req/s p99 23 ms per endpoint),
a signed POST, and the outcome classified. Retrying is the endpoint queue's job (endpoint.py).

The client is httpx; its requests go over aiohttp's connection pool (httpx-aiohttp's transport),
whose C parser and single write per request halve the CPU of a webhook call (a local receiver,
one in flight: ~0.5 ms instead of ~0.9 ms): in the rules worker, which delivers inline, that CPU
is taken from the incidents waiting behind it. aiohttp's errors come back as httpx's, and an
outcome names the aiohttp error underneath.

Every new connection resolves the host again, checks each address with the registration rules
and connects only to them (``pinning.py``); an address literal is judged once, here. A refused
target is an outcome ("target refused: host resolves to a loopback address"), nothing is sent.
Redirects are never followed: a 3xx is an outcome too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import aiohttp
import httpx

from services.delivery.outcome import Outcome, classify
from services.delivery.pinning import pinned_transport
from services.delivery.redact import redact_url
from services.delivery.signing import headers
from services.delivery.urlcheck import Resolver, URLPolicy, URLRejected, judge, parse_target
from services.delivery.urlcheck import system_resolver as _system_resolver

__all__ = ["CONTENT_TYPE", "Sender"]

log = logging.getLogger(__name__)
# httpx and httpcore log every request with its full URL (at INFO and DEBUG): webhook URLs carry
# tokens, so their records are dropped below WARNING whatever the log level.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)

CONTENT_TYPE = "application/cloudevents+json"
USER_AGENT = "conflict-alerts-webhooks/0.1"
_SPENT = httpx.ByteStream(b"")  # what a read response's stream is replaced with


class Sender:
    def __init__(
        self,
        url: str,
        *,
        timeout_s: float,
        max_connections: int = 8,
        clock: Callable[[], float] = time.time,
        policy: URLPolicy | None = None,
        resolve: Resolver = _system_resolver,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """``policy``: the webhook URL rules applied at every connection (default: the strict
        production rules); ``resolve``: host name to addresses, injectable for tests;
        ``transport`` replaces the pinned one (tests only: nothing is checked then)."""
        self.url = url
        self._clock = clock
        policy = policy or URLPolicy()
        limits = httpx.Limits(max_connections=max_connections,
                              max_keepalive_connections=max_connections)
        self._refused: str | None = None
        try:
            target = parse_target(url)
            if target.literal is not None:  # no resolver sees a literal: judged here, once
                judge(target, [target.literal], policy)
        except URLRejected as exc:
            self._refused = str(exc)
        if transport is None and self._refused is None:
            # the pool (its aiohttp session) is made on the first request, inside the event loop
            transport = pinned_transport(target, policy, resolve, limits)
        self._client = httpx.AsyncClient(
            timeout=timeout_s, follow_redirects=False, limits=limits, transport=transport,
            headers={"user-agent": USER_AGENT, "content-type": CONTENT_TYPE},
        )

    async def attempt(self, msg_id: str, body: bytes, secrets: Sequence[str]) -> Outcome:
        """POST ``body`` once, signed with every secret; never raises for HTTP trouble."""
        if self._refused is not None:
            return classify(None, refused=self._refused)
        now = self._clock()
        request_headers = headers(list(secrets), msg_id, int(now), body)
        try:
            response = await self._client.post(self.url, content=body, headers=request_headers)
        except URLRejected as exc:  # the connect-time check refused every way to the host
            return classify(None, refused=str(exc))
        except httpx.HTTPError as exc:  # timeouts, refused connections, protocol errors
            # named by aiohttp's own error (ServerDisconnectedError...) where it raised one:
            # the transport maps several of them onto one httpx class
            cause = exc.__cause__
            return classify(None, error=cause if isinstance(cause, aiohttp.ClientError) else exc)
        except (aiohttp.ClientError, TimeoutError) as exc:  # the few the transport leaves as is
            return classify(None, error=exc)
        # A read httpx 0.28 response and its body stream refer to each other (encode/httpx#3733):
        # left alone, each request leaves ~40 objects that only the cyclic collector frees, in
        # pauses of tens of milliseconds under load. Unlinked, reference counting frees them.
        response.stream = _SPENT
        return classify(
            response.status_code,
            retry_after=response.headers.get("retry-after"),
            now=datetime.fromtimestamp(self._clock(), UTC),
        )

    @property
    def endpoint(self) -> str:
        return redact_url(self.url)

    async def aclose(self) -> None:
        await self._client.aclose()
