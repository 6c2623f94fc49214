from datetime import UTC, datetime

from services.common.boundary import Boundary, MessageMeta
from services.common.errors import InvalidMessage

META = MessageMeta("reports", 0, 42, b"key")


def _boundary(sent: list, fail_sends: int = 0) -> Boundary:
    failures = {"left": fail_sends}

    async def send(letter, key):
        if failures["left"]:
            failures["left"] -= 1
            raise ConnectionError("broker away")
        sent.append((letter, key))

    return Boundary("extractor", send, max_payload_bytes=1024,
                    clock=lambda: datetime(2020, 1, 1, tzinfo=UTC))


async def test_success_sends_nothing():
    sent: list = []
    boundary = _boundary(sent)

    async def ok(raw):
        return None

    assert await boundary.run(META, b"{}", ok)
    assert sent == [] and boundary.processed == 1


async def test_invalid_message_is_dead_lettered_and_the_loop_goes_on():
    sent: list = []
    boundary = _boundary(sent)

    async def bad(raw):
        raise InvalidMessage("Report.text: Field required")

    assert not await boundary.run(META, b"{}", bad)
    [(letter, key)] = sent
    assert key == b"key" and letter.offset == 42 and "Report.text" in letter.reason
    assert boundary.dead_lettered == 1


async def test_a_bug_in_the_handler_is_contained():
    sent: list = []
    boundary = _boundary(sent)

    async def crash(raw):
        raise ZeroDivisionError("division by zero")

    assert not await boundary.run(META, b"{}", crash)
    assert sent[0][0].error == "ZeroDivisionError" and sent[0][0].retryable


async def test_dead_letter_send_is_retried(monkeypatch):
    import services.common.boundary as module

    async def no_sleep(_s):
        return None

    monkeypatch.setattr(module.asyncio, "sleep", no_sleep)
    sent: list = []
    boundary = _boundary(sent, fail_sends=2)

    async def bad(raw):
        raise InvalidMessage("x")

    await boundary.run(META, b"x", bad)
    assert len(sent) == 1


async def test_a_message_whose_output_the_broker_refused_is_dead_lettered_after_all():
    sent: list = []
    boundary = _boundary(sent)

    async def ok(raw):
        return None

    assert await boundary.run(META, b"{}", ok)
    await boundary.reject(META, b"{}", ValueError("MessageSizeTooLargeError"))
    assert boundary.processed == 0 and boundary.dead_lettered == 1
    letter, key = sent[0]
    assert key == b"key" and "MessageSizeTooLargeError" in letter.model_dump_json()
