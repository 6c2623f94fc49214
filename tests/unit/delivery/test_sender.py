"""One attempt against real local servers: signed, classified (answers, and each way a
connection can fail), and nothing left behind for the cyclic garbage collector (whose pauses
under load land in the latency tail)."""

from __future__ import annotations

import asyncio
import base64
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from services.delivery.outcome import Verdict
from services.delivery.sender import Sender
from services.delivery.urlcheck import URLPolicy
from services.runtime.ports import free_port
from services.runtime.receiver import WebhookReceiver

SECRET = "whsec_" + base64.b64encode(b"s" * 24).decode()
EMBEDDED = URLPolicy(allow_loopback=True)  # the local servers are on 127.0.0.1
#: the sender's HTTP stack (not the receiver's, which runs in the same process)
CLIENT_MODULES = ("httpx", "httpcore", "aiohttp.client", "aiohttp.connector", "httpx_aiohttp")


async def test_an_attempt_is_signed_and_leaves_no_cyclic_garbage():
    statuses = iter([204, 503])
    with WebhookReceiver(SECRET, respond=lambda delivery: next(statuses)) as receiver:
        sender = Sender(receiver.url, timeout_s=5.0, policy=EMBEDDED)
        try:
            first = await sender.attempt("msg_1", b'{"n": 1}', [SECRET])  # opens the connection
            gc.collect()
            gc.disable()
            gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds is kept in gc.garbage
            try:
                second = await sender.attempt("msg_2", b'{"n": 2}', [SECRET])
                gc.collect()
                left = [type(o).__qualname__ for o in gc.garbage  # the client's objects
                        if type(o).__module__.startswith(CLIENT_MODULES)]
            finally:
                gc.set_debug(0)
                gc.garbage.clear()
                gc.enable()
        finally:
            await sender.aclose()
        assert (first.verdict, second.verdict) == (Verdict.DELIVERED, Verdict.RETRY)
        assert [(d.verified, d.body) for d in receiver.deliveries] == [
            (True, b'{"n": 1}'), (True, b'{"n": 2}')]
    assert left == []


@asynccontextmanager
async def server(kind: str) -> AsyncIterator[str]:
    """A URL on 127.0.0.1 where a webhook request fails in one way."""
    if kind == "refused":  # a port nothing listens on
        yield f"http://127.0.0.1:{free_port()}/hook?token=abc"
        return

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        if kind == "silent":  # takes the request and never answers
            await asyncio.sleep(30)
        elif kind == "garbage":
            writer.write(b"NOT HTTP AT ALL\r\n\r\n")
            await writer.drain()
        writer.close()  # "hangs up": closes without an answer

    listening = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/hook?token=abc"
    finally:
        listening.close()


@pytest.mark.parametrize(("kind", "error"), [
    ("refused", "ClientConnectorError"),
    ("silent", "SocketTimeoutError"),
    ("hangs up", "ServerDisconnectedError"),
    ("garbage", "ClientResponseError"),
])
async def test_a_failed_connection_is_retried_and_named_without_its_url(kind, error):
    async with server(kind) as url:
        sender = Sender(url, timeout_s=0.3, policy=EMBEDDED)
        try:
            outcome = await asyncio.wait_for(sender.attempt("msg_1", b"{}", [SECRET]), 5)
        finally:
            await sender.aclose()
    assert (outcome.verdict, outcome.status) == (Verdict.RETRY, None)
    assert outcome.reason == f"transport error: {error}"
