"""Connections only to checked addresses: the connect-time half of the webhook URL rules.

    new connection ──▶ CheckedResolver.resolve(host) ──▶ resolve ──▶ judge (urlcheck)
                                │                                          │
                                │ refused: URLRejected, nothing is sent    │ every address ok
                                ▼                                          ▼
                           the attempt's outcome               aiohttp connects to these
                           ("target refused: ...")             addresses, and only these

A name checked when it was registered may resolve elsewhere later (DNS rebinding): aiohttp asks
this resolver for the addresses of every new connection (its DNS cache is off), so what is
checked is exactly what is connected to. The URL is unchanged, so the ``Host`` header, TLS SNI
and certificate verification stay on the original name. A kept-alive connection stays on the
address it was checked for. Address literals never reach a resolver: ``Sender`` judges them
once, with the same rules.
"""

from __future__ import annotations

import socket

import aiohttp
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult
from httpx_aiohttp import AiohttpTransport

from services.delivery.urlcheck import Resolver, Target, URLPolicy, resolve_checked

__all__ = ["CheckedResolver", "pinned_transport"]


class CheckedResolver(AbstractResolver):
    """An aiohttp resolver that returns a host's addresses only when every one passes the
    webhook URL rules; otherwise it raises ``URLRejected`` (which aiohttp passes through)."""

    def __init__(self, target: Target, policy: URLPolicy, resolve: Resolver) -> None:
        self._target = target
        self._policy = policy
        self._resolve = resolve

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        target = Target(self._target.scheme, host, None)
        addresses = await resolve_checked(target, self._policy, self._resolve)
        results: list[ResolveResult] = []
        for address in addresses:
            kind = socket.AF_INET6 if address.version == 6 else socket.AF_INET
            if family in (socket.AF_INET, socket.AF_INET6) and kind != family:
                continue
            results.append(ResolveResult(hostname=host, host=str(address), port=port,
                                         family=kind, proto=0, flags=0))
        if not results:
            raise OSError(f"no address of family {family!r}")
        return results

    async def close(self) -> None:
        return None


def pinned_transport(target: Target, policy: URLPolicy, resolve: Resolver,
                     limits: httpx.Limits) -> AiohttpTransport:
    """httpx-aiohttp's transport over a connector that resolves through ``CheckedResolver``."""
    ssl_context = httpx.create_ssl_context()  # verification on, for the URL's own host name

    def session() -> aiohttp.ClientSession:  # called on the first request, inside the loop
        connector = aiohttp.TCPConnector(
            resolver=CheckedResolver(target, policy, resolve),
            use_dns_cache=False,  # every new connection is resolved and checked again
            limit=limits.max_connections or 0,
            keepalive_timeout=limits.keepalive_expiry or 0,
            ssl=ssl_context,
        )
        return aiohttp.ClientSession(connector=connector)

    return AiohttpTransport(limits=limits, client=session)
