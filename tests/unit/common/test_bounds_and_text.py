import datetime as dt
import json

import pytest

from schemas import Report
from services.common.bounds import Bounds, check_bounds
from services.common.codec import decode, load_json
from services.common.datewindow import date_problem
from services.common.deadletter import dead_letter
from services.common.errors import MessageOutOfBounds, MessageTooLarge, UndecodableMessage
from services.common.links import safe_link
from services.common.textnorm import normalise

NOW = dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)


def test_deep_nesting_is_refused_before_parsing():
    with pytest.raises(MessageOutOfBounds, match="nested deeper than 32"):
        load_json(b"[" * 200_000 + b"]" * 200_000)


def test_brackets_inside_strings_are_not_nesting():
    raw = json.dumps({"text": "[" * 500}).encode()
    assert load_json(raw) == {"text": "[" * 500}


def test_escaped_quotes_do_not_end_a_string():
    raw = json.dumps({"t": 'a\\"[[[[' + "[" * 100}).encode()
    check_bounds(raw)


@pytest.mark.parametrize(
    ("raw", "error", "reason"),
    [
        (b"x" * 2049, MessageTooLarge, "limit is 2,048"),
        (json.dumps({"a": "y" * 600}).encode(), MessageOutOfBounds, "string of 600 bytes"),
        (json.dumps(list(range(200))).encode(), MessageOutOfBounds, "more than 100 items"),
        (b'{"a":' * 9 + b"1" + b"}" * 9, MessageOutOfBounds, "deeper than 8"),
    ],
)
def test_each_bound_names_itself(raw, error, reason):
    bounds = Bounds(max_bytes=2048, max_depth=8, max_string_bytes=500, max_items=100)
    with pytest.raises(error, match=reason):
        check_bounds(raw, bounds)


def test_within_bounds_passes():
    check_bounds(json.dumps({"a": [[1, 2], {"b": "c"}]}).encode())


def test_normalise_removes_format_and_ansi_and_maps_back():
    original = "Strike on the hos\u00adpi\u200btal in \x1b[1;31mKafr  Nabl\x1b[0m\r\n\r\n\r\nEnd"
    norm = normalise(original)
    assert norm.text == "Strike on the hospital in Kafr Nabl\n\nEnd"
    i = norm.text.index("hospital")
    start, end = norm.span(i, i + len("hospital"))
    assert original[start:end] == "hos\u00adpi\u200btal"
    j = norm.text.index("Kafr Nabl")
    start, end = norm.span(j, j + len("Kafr Nabl"))
    assert original[start:end] == "Kafr  Nabl"


def test_nfkc_where_safe_only():
    assert normalise("\ufb01ve \uff11\uff12 killed").text == "five 12 killed"
    assert normalise("10\u00b2 km, \u00bd").text == "10\u00b2 km, \u00bd"
    assert normalise("cafe\u0301").text == "caf\u00e9"


def test_controls_become_spaces():
    assert normalise("a\x00b\x07c\x7fd").text == "a b c d"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (dt.datetime(1, 1, 1, tzinfo=dt.UTC), "before 1900"),
        (dt.datetime(9999, 12, 31, tzinfo=dt.UTC), "more than a day after"),
        (dt.date(1899, 12, 31), "before 1900"),
        (NOW + dt.timedelta(days=1, seconds=1), "more than a day after"),
    ],
)
def test_date_window(value, reason):
    assert reason in (date_problem("published_at", value, NOW) or "")


def test_date_window_accepts_a_sane_date():
    assert date_problem("published_at", NOW + dt.timedelta(hours=23), NOW) is None
    assert date_problem("d", dt.date(1900, 1, 1), NOW) is None


def test_zone_less_timestamp_is_assumed_utc_with_a_flag():
    raw = b'{"id": "r", "text": "Shelling hit a market.", "published_at": "2025-05-10T08:00:00"}'
    report = decode(raw, Report)
    assert report.published_at.tzinfo is dt.UTC
    assert report.published_at_zone_assumed is True
    aware = decode(raw.replace(b'08:00:00"', b'08:00:00+02:00"'), Report)
    assert aware.published_at_zone_assumed is False


def test_deterministic_errors_are_not_retryable():
    letter = dead_letter(stage="x", topic="t", partition=0, offset=1, key=None, raw=b"r",
                         error=OverflowError("date value out of range"), now=NOW,
                         max_payload_bytes=10)
    assert letter.retryable is False
    assert letter.reason == "date value out of range"


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a", True),
        ("http://example.org/a", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<b>", False),
        (" https://example.org", False),
        ("https://exa\nmple.org", False),
        ("//example.org", False),
    ],
)
def test_safe_link(url, kept):
    assert (safe_link(url) == url) is kept


def test_a_number_past_the_digit_limit_is_refused_not_raised():
    with pytest.raises(MessageOutOfBounds, match="a number of more than 4,300 digits"):
        load_json(b'{"n": ' + b"7" * 5000 + b"}")


def test_a_spacing_accent_does_not_become_a_space():
    # NFKC folds the macron to a space and a combining mark: the text would gain a space
    assert normalise("\u00af").text == "\u00af"
    assert normalise("a\u00b4b").text == "a\u00b4b"


def test_charset_escapes_and_string_commands_are_dropped():
    # what `tput sgr0` writes, a DCS string, a reset
    assert normalise("the hos\x1b(Bpital\x1bP1$r0m\x1b\\ was hit\x1bc").text == (
        "the hospital was hit")


def test_an_unended_string_command_hides_no_text():
    assert normalise("shelling \x1b]hit the hospital").text == "shelling hit the hospital"


def test_variation_selectors_and_joiners_inside_a_word_are_dropped():
    original = "hospi\ufe0ftal\u034f"
    norm = normalise(original)
    assert norm.text == "hospital"
    assert norm.span(0, 8) == (0, len(original) - 1)


def test_an_unpaired_surrogate_escape_is_refused():
    with pytest.raises(UndecodableMessage, match="unpaired surrogate"):
        load_json(b'{"id": "r\\ud800", "text": "x"}')
    with pytest.raises(UndecodableMessage, match="unpaired surrogate"):
        load_json(b'[{"\\udc00": 1}]')
    # a pair is one character, and an escaped backslash is no escape
    assert load_json(b'{"t": "\\ud83d\\ude00 \\\\ud800"}') == {"t": "\U0001f600 \\ud800"}
