"""The webhook URL rules at connect time: a name that resolved to a good address when it was
registered and to a refused one when a delivery connects is refused then, and nothing is sent;
redirects are answers, never followed. Servers are real, on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from services.delivery.outcome import Verdict
from services.delivery.pinning import CheckedResolver
from services.delivery.sender import Sender
from services.delivery.urlcheck import URLPolicy, URLRejected, check_url, parse_target

SECRET = "whsec_" + base64.b64encode(b"r" * 24).decode()
PUBLIC = "93.184.216.34"  # only ever resolved to, never connected to
PROD, EMBEDDED = URLPolicy(), URLPolicy(allow_loopback=True)


class Rebinding:
    """A resolver whose answer the test changes between registration and connection."""

    def __init__(self, answer: list[str]) -> None:
        self.answer, self.calls = answer, 0

    async def __call__(self, host: str) -> list[str]:
        self.calls += 1
        return list(self.answer)


@asynccontextmanager
async def server(status: int = 204, location: str | None = None) -> AsyncIterator[list[bytes]]:
    """An HTTP server on 127.0.0.1; yields (the first bytes of every connection, its port)."""
    seen: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await reader.read(65536))
        extra = f"location: {location}\r\n" if location else ""
        writer.write(f"HTTP/1.1 {status} X\r\ncontent-length: 0\r\n{extra}"
                     "connection: close\r\n\r\n".encode())
        await writer.drain()
        writer.close()

    listening = await asyncio.start_server(handle, "127.0.0.1", 0)
    seen_port = listening.sockets[0].getsockname()[1]
    try:
        yield seen, seen_port  # type: ignore[misc]
    finally:
        listening.close()


async def test_a_name_rebound_to_loopback_after_registration_is_refused_and_nothing_is_sent():
    dns = Rebinding([PUBLIC])
    async with server() as (seen, port):
        url = f"https://hooks.example.org:{port}/hook"
        await check_url(url, PROD, dns)  # registration: the public answer passes
        dns.answer = ["127.0.0.1"]  # rebound before the delivery connects
        sender = Sender(url, timeout_s=2.0, policy=PROD, resolve=dns)
        try:
            outcome = await sender.attempt("msg_1", b"{}", [SECRET])
        finally:
            await sender.aclose()
    assert (outcome.verdict, outcome.status) == (Verdict.PERMANENT, None)
    assert outcome.reason == "target refused: host resolves to a loopback address"
    assert dns.calls == 2 and seen == []


async def test_the_connection_goes_to_the_checked_address_with_the_original_host_header():
    dns = Rebinding(["127.0.0.1"])  # a name only this resolver knows
    async with server() as (seen, port):
        sender = Sender(f"http://hooks.example.org:{port}/hook", timeout_s=2.0,
                        policy=EMBEDDED, resolve=dns)
        try:
            outcome = await sender.attempt("msg_1", b"{}", [SECRET])
        finally:
            await sender.aclose()
    assert outcome.verdict is Verdict.DELIVERED
    assert len(seen) == 1 and f"host: hooks.example.org:{port}".encode() in seen[0].lower()


async def test_a_rebound_name_in_the_embedded_profile_is_refused_when_one_answer_is_private():
    dns = Rebinding(["127.0.0.1"])
    async with server() as (seen, port):
        url = f"http://hooks.example.org:{port}/hook"
        await check_url(url, EMBEDDED, dns)
        dns.answer = ["127.0.0.1", "10.0.0.7"]
        sender = Sender(url, timeout_s=2.0, policy=EMBEDDED, resolve=dns)
        try:
            outcome = await sender.attempt("msg_1", b"{}", [SECRET])
        finally:
            await sender.aclose()
    assert outcome.reason == "target refused: URL must use https"
    assert seen == []


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_redirect_is_an_outcome_and_is_not_followed(status):
    async with server() as (elsewhere, other_port):
        async with server(status, f"http://127.0.0.1:{other_port}/moved") as (seen, port):
            sender = Sender(f"http://127.0.0.1:{port}/hook", timeout_s=2.0, policy=EMBEDDED)
            try:
                outcome = await sender.attempt("msg_1", b"{}", [SECRET])
            finally:
                await sender.aclose()
    assert (outcome.verdict, outcome.status) == (Verdict.PERMANENT, status)
    assert outcome.reason == f"HTTP {status}: redirect not followed"
    assert len(seen) == 1 and elsewhere == []


@pytest.mark.parametrize(("address", "reason"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("fd12::1", "private"),
    ("169.254.10.1", "link-local"), ("fe80::1", "link-local"),
    ("100.64.0.1", "shared (CGNAT)"), ("fec0::1", "site-local"),
    ("224.0.0.1", "reserved"), ("ff02::1", "reserved"), ("240.0.0.1", "reserved"),
    ("0.0.0.0", "reserved"), ("::", "reserved"),
    ("::ffff:127.0.0.1", "loopback address (wrapped"), ("::10.0.0.1", "private address (wrapped"),
    ("2002:a9fe:a9fe::", "cloud metadata address (wrapped"),
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private address (wrapped"),
    ("64:ff9b::7f00:1", "loopback address (wrapped"),
    ("169.254.169.254", "cloud metadata"), ("fd00:ec2::254", "cloud metadata"),
    ("100.100.100.200", "cloud metadata"),
])
async def test_every_refused_address_class_is_refused_at_connect_time(address, reason):
    """What aiohttp asks for each new connection: registration passed, the answer changed."""
    dns = Rebinding([PUBLIC])
    url = "https://hooks.example.org/hook"
    await check_url(url, PROD, dns)
    dns.answer = [address]
    resolver = CheckedResolver(parse_target(url), PROD, dns)
    with pytest.raises(URLRejected, match=re.escape(reason)):
        await resolver.resolve("hooks.example.org", 443)


async def test_a_public_answer_at_connect_time_is_what_the_connector_gets():
    dns = Rebinding([PUBLIC, "2606:2800:220:1::"])
    resolver = CheckedResolver(parse_target("https://hooks.example.org/"), PROD, dns)
    got = await resolver.resolve("hooks.example.org", 443, socket.AF_UNSPEC)  # aiohttp's default
    assert [(r["host"], r["port"], r["hostname"]) for r in got] == [
        (PUBLIC, 443, "hooks.example.org"), ("2606:2800:220:1::", 443, "hooks.example.org")]
