import base64
from datetime import UTC, datetime

from services.common.deadletter import dead_letter
from services.common.errors import InvalidMessage

NOW = datetime(2020, 1, 1, tzinfo=UTC)


def _letter(raw: bytes, error: BaseException, limit: int = 1024):
    return dead_letter(stage="extractor", topic="reports", partition=1, offset=7, key=b"k",
                       raw=raw, error=error, now=NOW, max_payload_bytes=limit)


def test_keeps_reason_origin_and_original_bytes():
    letter = _letter(b"\xff bad", InvalidMessage("not UTF-8"))
    origin = (letter.stage, letter.topic, letter.partition, letter.offset)
    assert origin == ("extractor", "reports", 1, 7)
    assert letter.error == "InvalidMessage" and letter.reason == "not UTF-8"
    assert base64.b64decode(letter.payload) == b"\xff bad"
    assert base64.b64decode(letter.key) == b"k"
    assert not letter.retryable and not letter.payload_truncated


def test_unexpected_errors_are_marked_retryable():
    assert _letter(b"{}", RuntimeError("boom")).retryable


def test_huge_payloads_are_truncated_and_say_so():
    letter = _letter(b"x" * 5000, InvalidMessage("too large"), limit=1024)
    assert letter.payload_truncated and letter.payload_size == 5000
    assert len(base64.b64decode(letter.payload)) == 1024
