"""Properties of the boundary: whatever arrives, the answer is a value or a typed refusal with a
reason (``InvalidMessage``), never another exception."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from schemas import Report
from services.common.bounds import Bounds, check_bounds
from services.common.codec import encode, load_json
from services.common.datewindow import date_problem
from services.common.errors import InvalidMessage
from services.common.links import safe_link
from services.common.textnorm import normalise
from services.extractor.entry import check_report, read_report
from tests.unit.properties import hostile
from tests.unit.properties.tally import budget, seen

NOW = dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)
SMALL = Bounds(max_bytes=64 * 1024, max_depth=8, max_string_bytes=2_000, max_items=50)


def refused_with_reason(call, *args, **kwargs):
    """Run ``call``: its value, or None when it refused with ``InvalidMessage`` and a reason."""
    try:
        return call(*args, **kwargs)
    except InvalidMessage as exc:
        assert str(exc).strip(), f"{type(exc).__name__} without a reason"
        assert not exc.retryable
        return None


@settings(max_examples=budget(12))
@given(st.binary(max_size=2_000))
def test_random_bytes_are_parsed_or_refused_with_a_reason(raw):
    seen("random bytes")
    refused_with_reason(load_json, raw)
    refused_with_reason(load_json, raw, bounds=SMALL)


@settings(max_examples=budget(3))
@given(hostile.deep_json_bytes)
def test_deep_json_is_refused_before_the_parser(raw):
    seen("deep JSON")
    value = refused_with_reason(load_json, raw)
    if value is not None:  # shallow enough: parsed
        assert raw.count(b"[") + raw.count(b"{") <= 2 * 32


@settings(max_examples=budget(3))
@given(st.integers(0, 1_200_000), st.sampled_from(["string", "list", "keys"]))
def test_huge_json_is_refused_with_the_limit_it_crossed(n, shape):
    seen("huge JSON")
    if shape == "string":
        raw = b'{"text": "' + b"a" * n + b'"}'
    elif shape == "list":
        raw = b"[" + b"0," * n + b"0]"
    else:
        raw = b"{" + b",".join(b'"k%d":0' % i for i in range(min(n, 60_000))) + b"}"
    value = refused_with_reason(load_json, raw)
    if value is None:
        return
    assert len(raw) <= 1024 * 1024


@settings(max_examples=budget(8))
@given(hostile.json_values, st.booleans())
def test_any_json_value_is_parsed_as_written_or_refused(value, ascii):
    seen("JSON values")
    raw = hostile.dumps(value, ascii)
    parsed = refused_with_reason(load_json, raw, bounds=SMALL)
    if parsed is not None and "NaN" not in raw.decode("utf-8", "replace"):
        assert parsed == json.loads(raw)


@settings(max_examples=budget(4))
@given(hostile.huge_numerals)
@example("1" * 4301)  # one digit past Python's int-from-text limit
def test_huge_numerals_are_parsed_or_refused(numeral):
    seen("huge numerals")
    refused_with_reason(load_json, b'{"n": ' + numeral.encode() + b"}")


@settings(max_examples=budget(8))
@given(st.fixed_dictionaries(
    {},
    optional={"id": hostile.json_values, "text": hostile.any_text | hostile.json_values,
              "published_at": hostile.timestamp_values, "title": hostile.any_text,
              "url": hostile.any_text | st.sampled_from(["javascript:alert(1)", "https://x.org/"]),
              "source": hostile.any_text, "language": hostile.any_text,
              "schema_version": hostile.extreme_numbers},
))
def test_reports_are_read_or_refused_with_a_reason(fields):
    seen("report messages")
    fields.setdefault("id", "r1")
    report = refused_with_reason(read_report, hostile.dumps(fields, ascii=True), NOW)
    if report is None:
        return
    assert isinstance(report, Report)
    encode(report)  # what was read can be written on
    assert date_problem("published_at", report.published_at, NOW) is None
    assert report.url is None or safe_link(report.url) == report.url


@settings(max_examples=budget(8))
@given(hostile.extreme_datetimes | hostile.extreme_dates, hostile.extreme_datetimes)
def test_date_window_answers_for_any_date(value, latest):
    seen("dates")
    if latest.tzinfo is None:
        latest = latest.replace(tzinfo=dt.UTC)
    problem = date_problem("event date", value, latest)
    assert problem is None or problem.strip()
    if isinstance(value, dt.datetime) and value.tzinfo is not None and problem is None:
        assert value >= dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


@settings(max_examples=budget(4))
@given(hostile.aware_datetimes)
def test_a_report_published_at_any_moment_is_accepted_or_refused(published):
    seen("published_at")
    report = Report(id="r", text="Shelling hit a market.", published_at=published)
    checked = refused_with_reason(check_report, report, NOW)
    inside = dt.datetime(1900, 1, 1, tzinfo=dt.UTC) <= published <= NOW + dt.timedelta(days=1)
    assert (checked is not None) == inside


@settings(max_examples=budget(8))
@given(hostile.any_text | st.lists(hostile.any_text | hostile.ansi_sequences()).map("".join))
def test_normalised_text_holds_no_control_format_or_escape(text):
    seen("normalise")
    norm = normalise(text)
    for ch in norm.text:
        assert ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"), (
            repr(ch))
    assert "  " not in norm.text and norm.text == norm.text.strip()
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    for i in range(len(norm.text)):
        start, end = norm.span(i, i + 1)
        assert 0 <= start <= end <= len(text)
    assert normalise(norm.text).text == norm.text  # once is enough


@settings(max_examples=budget(6))
@given(hostile.any_text | st.builds(lambda s, rest: s + rest,
                                    st.sampled_from(["http://", "https://", "HTTPS://",
                                                     "javascript:", "data:", "//", "http:"]),
                                    hostile.any_text))
def test_only_plain_http_links_are_kept(url):
    seen("links")
    kept = safe_link(url)
    if kept is not None:
        assert kept == url
        assert url.lower().startswith(("http://", "https://"))
        assert not any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url)


def test_check_bounds_accepts_what_it_bounds():
    check_bounds(json.dumps({"a": [1, {"b": "c"}]}).encode(), SMALL)
