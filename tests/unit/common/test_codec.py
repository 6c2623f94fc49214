import json

import pytest

from schemas import Report
from services.common.codec import decode, encode
from services.common.errors import InvalidMessage, MessageTooLarge, UndecodableMessage

GOOD = {"id": "r1", "text": "Shelling hit a market.", "published_at": "2019-05-10T08:00:00Z"}


def _raw(**changes) -> bytes:
    return json.dumps(GOOD | changes).encode()


def test_round_trip():
    report = decode(_raw(), Report)
    assert decode(encode(report), Report) == report
    assert report.published_at.tzinfo is not None


def test_unknown_fields_of_inbound_reports_are_ignored():
    assert decode(_raw(feed_id=7), Report).id == "r1"


@pytest.mark.parametrize(
    ("raw", "error", "reason"),
    [
        (b"{not json", UndecodableMessage, "not JSON"),
        (b"\xff\xfe\x00garbage", UndecodableMessage, "not UTF-8"),
        (b"[1, 2]", InvalidMessage, "expected a JSON object"),
        (None, UndecodableMessage, "tombstone"),
        (_raw(text=""), InvalidMessage, "Report.text"),
        (_raw(text="  \n "), InvalidMessage, "Report.text"),
        (_raw(text="?!"), InvalidMessage, "no words"),
        (json.dumps({"id": "x"}).encode(), InvalidMessage, "Report.text: Field required"),
        (_raw(published_at="yesterday"), InvalidMessage, "Report.published_at"),
        (_raw(id=""), InvalidMessage, "Report.id"),
    ],
)
def test_malformed_messages_say_what_is_wrong(raw, error, reason):
    with pytest.raises(error) as caught:
        decode(raw, Report)
    assert reason in str(caught.value)
    assert not caught.value.retryable


def test_size_limit_is_checked_before_parsing():
    raw = _raw(text="word " * 300_000)
    with pytest.raises(MessageTooLarge, match="1,500,"):
        decode(raw, Report, max_bytes=1_000_000)


def test_schema_limit_rejects_huge_text_even_without_a_byte_limit():
    with pytest.raises(InvalidMessage, match="Report.text"):
        decode(_raw(text="a" * 300_000), Report)
