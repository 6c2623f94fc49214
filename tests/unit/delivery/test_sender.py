"""One attempt against a real local receiver: signed, classified, and nothing left behind for
the cyclic garbage collector (whose pauses under load land in the latency tail)."""

from __future__ import annotations

import base64
import gc

from services.delivery.outcome import Verdict
from services.delivery.sender import Sender
from services.runtime.receiver import WebhookReceiver

SECRET = "whsec_" + base64.b64encode(b"s" * 24).decode()


async def test_an_attempt_is_signed_and_leaves_no_cyclic_garbage():
    statuses = iter([204, 503])
    with WebhookReceiver(SECRET, respond=lambda delivery: next(statuses)) as receiver:
        sender = Sender(receiver.url, timeout_s=5.0)
        try:
            first = await sender.attempt("msg_1", b'{"n": 1}', [SECRET])  # opens the connection
            gc.collect()
            gc.disable()
            gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds is kept in gc.garbage
            try:
                second = await sender.attempt("msg_2", b'{"n": 2}', [SECRET])
                gc.collect()
                left = [type(o).__qualname__ for o in gc.garbage  # the client's, not the
                        if type(o).__module__.startswith(("httpx", "httpcore"))]  # receiver's
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
