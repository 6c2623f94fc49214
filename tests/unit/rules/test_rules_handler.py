"""The rules worker's handler as the stage runs it: ``now`` is the incident record's own
timestamp, and where the message was read decides whether an incident already merged sends its
alert again."""

from __future__ import annotations

import datetime as dt
from contextvars import copy_context

from services.common.boundary import _CURRENT, MessageMeta
from services.common.codec import encode
from services.rules import Rulebook
from services.rules.handler import RulesHandler, message_time
from tests.factories import NOW, incident

CLOCK = NOW + dt.timedelta(hours=3)


def _alert_messages(handler: RulesHandler, raw: bytes, meta: MessageMeta | None) -> list[bytes]:
    """The alert messages the handler makes of ``raw`` when it was read at ``meta``."""
    def run() -> list[bytes]:
        _CURRENT.set(meta)
        return [handler.output(e).value for e in handler.events(raw)]

    return copy_context().run(run)


def test_now_is_the_record_timestamp_unless_there_is_none_or_it_is_far_off():
    assert message_time(MessageMeta("incidents", 0, 1, None, NOW.timestamp()), CLOCK) == NOW
    assert message_time(MessageMeta("incidents", 0, 1, None, None), CLOCK) == CLOCK
    assert message_time(None, CLOCK) == CLOCK
    days_off = (CLOCK - dt.timedelta(days=3)).timestamp()
    assert message_time(MessageMeta("incidents", 0, 1, None, days_off), CLOCK) == CLOCK
    assert message_time(MessageMeta("incidents", 0, 1, None, 1e300), CLOCK) == CLOCK


def test_an_alert_made_again_after_its_state_was_lost_is_the_same_bytes():
    book = Rulebook.load()
    raw = encode(incident())
    meta = MessageMeta("incidents", 2, 40, b"SY:Idleb", NOW.timestamp())
    [first] = _alert_messages(RulesHandler(book, {}, clock=lambda: CLOCK), raw, meta)
    # killed after the alert's ack and before the state's changelog write: the survivor has no
    # state for the event and reads the same record, minutes later by its own clock
    later = RulesHandler(book, {}, clock=lambda: CLOCK + dt.timedelta(minutes=7))
    assert _alert_messages(later, raw, meta) == [first]


def test_the_same_record_read_again_resends_its_alert_a_copy_of_it_does_not():
    handler = RulesHandler(Rulebook.load(), {}, clock=lambda: CLOCK)
    raw = encode(incident())
    read = MessageMeta("incidents", 1, 7, None, NOW.timestamp())
    [first] = _alert_messages(handler, raw, read)
    assert _alert_messages(handler, raw, read) == [first]
    copy = MessageMeta("incidents", 1, 8, None, NOW.timestamp() + 1)
    assert _alert_messages(handler, raw, copy) == []
