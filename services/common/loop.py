"""Which asyncio event loop the long-running processes use.

uvloop (libuv) halves the event loop's own cost per socket operation. Every worker spends most
of its CPU on small Kafka requests and webhook calls, so at 100 reports/s on two cores the
choice decides whether the pipeline keeps up (bench/bench_pipeline.py, docs/delivery.md).
The standard loop stays available for platforms uvloop does not support and for debugging.
"""

from __future__ import annotations

import asyncio

from services.common.settings import Settings

__all__ = ["install_event_loop"]


def install_event_loop(settings: Settings) -> str:
    """Set this process's event loop policy from ``settings.event_loop``; return the loop used.

    Call before anything creates a loop: faust and aiohttp take theirs from the policy, and so
    do the threads faust starts for its consumer.
    """
    if settings.event_loop == "uvloop":
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    return settings.event_loop
