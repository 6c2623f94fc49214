"""CPU per webhook attempt of ``Sender``: its default transport (aiohttp's pool under httpx)
against httpx's own (httpcore), posting a signed alert-sized body to a local receiver.

    python bench/bench_sender.py [--requests 3000] [--in-flight 1 4]

The receiver (the project's ``WebhookReceiver``, answering 204) runs in a child process, so the
CPU time measured here is the sender's alone: signing, the request, reading the answer,
classifying it. Each transport is run twice, alternating, after a warm-up on an open connection.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from services.common.loop import install_event_loop  # noqa: E402
from services.common.settings import Settings  # noqa: E402
from services.delivery.outcome import Verdict  # noqa: E402
from services.delivery.sender import Sender  # noqa: E402
from services.delivery.urlcheck import URLPolicy  # noqa: E402
from services.runtime.receiver import WebhookReceiver  # noqa: E402

SECRET = "whsec_" + "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"
BODY = b'{"data": "' + b"x" * 3000 + b'"}'  # about the size of one alert event


def receive(conn: Connection) -> None:
    """The child process: a receiver, its URL sent back, until the benchmark says it is done."""
    with WebhookReceiver(SECRET) as receiver:
        conn.send(receiver.url)
        conn.recv()


async def measure(url: str, transport: str, requests: int, in_flight: int) -> tuple[float, float]:
    """CPU microseconds per attempt and attempts per second."""
    own = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=in_flight))
    sender = Sender(url, timeout_s=5.0, max_connections=in_flight,
                    policy=URLPolicy(allow_loopback=True),  # the receiver is on 127.0.0.1
                    transport=own if transport == "httpx" else None)
    slots = asyncio.Semaphore(in_flight)

    async def one(n: int) -> None:
        async with slots:
            outcome = await sender.attempt(f"msg_{n}", BODY, [SECRET])
        if outcome.verdict is not Verdict.DELIVERED:
            raise RuntimeError(outcome.reason)

    try:
        await asyncio.gather(*(one(n) for n in range(200)))  # connections open, code warm
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(requests)))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        await sender.aclose()
    return cpu / requests * 1e6, requests / wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--in-flight", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    install_event_loop(Settings())
    here, there = multiprocessing.Pipe()
    child = multiprocessing.Process(target=receive, args=(there,), daemon=True)
    child.start()
    url = here.recv()
    print("| transport | in flight | CPU µs per attempt | attempts/s |")
    print("|---|---:|---:|---:|")
    try:
        for in_flight in args.in_flight:
            for transport in ("aiohttp", "httpx", "aiohttp", "httpx"):
                cpu, rate = asyncio.run(measure(url, transport, args.requests, in_flight))
                print(f"| {transport} | {in_flight} | {cpu:.0f} | {rate:,.0f} |", flush=True)
    finally:
        here.send(None)
        child.join(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
