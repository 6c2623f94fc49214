"""Strategies for bad and odd input: random bytes, deep and huge JSON, every Unicode category,
extreme numbers and dates, terminal escapes, and invisible characters to slip into a sentence."""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata

from hypothesis import strategies as st

#: Every Unicode general category: text drawn from all of them (surrogates included).
CATEGORIES = ("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd",
              "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc",
              "Cf", "Cs", "Co", "Cn")


def _chars_of(category: str) -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == category]


#: Format characters (category Cf): soft hyphen, zero-width space and joiners, BOM, bidi marks
#: and isolates, invisible operators, tags...
FORMAT_CHARS = _chars_of("Cf")
#: Invisible characters that are not Cf: combining grapheme joiner, variation selectors,
#: Mongolian free variation selectors, Khmer inherent vowels, Hangul fillers.
IGNORABLE_CHARS = ["\u034f", "\u17b4", "\u17b5", "\u180b", "\u180c", "\u180d", "\u180f",
                   "\u115f", "\u1160", "\u3164", "\uffa0",
                   *map(chr, range(0xFE00, 0xFE10)), *map(chr, range(0xE0100, 0xE01F0))]
#: C0/C1 controls other than line breaks and the escape introducers (ESC, CSI).
PLAIN_CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20),
                                   0x7F, *range(0x80, 0x85), *range(0x86, 0x9B),
                                   *range(0x9C, 0xA0)]]

any_text = st.text(st.characters(codec=None, categories=CATEGORIES), max_size=300)


@st.composite
def ansi_sequences(draw) -> str:
    """Well-formed ECMA-48 escape sequences of every kind a terminal log carries."""
    kind = draw(st.sampled_from(["csi", "osc", "string", "nf", "single", "c1csi"]))
    params = draw(st.text(st.sampled_from("0123456789;:<=>?"), max_size=12))
    inter = draw(st.text(st.sampled_from(" !\"#$%&'()*+,-./"), max_size=2))
    if kind == "csi":
        return "\x1b[" + params + inter + draw(st.sampled_from("@ABCDHJKmnhlsu~"))
    if kind == "c1csi":
        return "\x9b" + params + inter + draw(st.sampled_from("mHJK"))
    if kind == "osc":  # e.g. a hyperlink or a window title, ended by BEL or ST
        body = draw(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30))
        return "\x1b]" + body + draw(st.sampled_from(["\x07", "\x1b\\"]))
    if kind == "string":  # DCS, SOS, PM, APC: ended by ST
        body = draw(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30))
        return "\x1b" + draw(st.sampled_from("PX^_")) + body + "\x1b\\"
    if kind == "nf":  # charset designations such as ESC ( B (what `tput sgr0` writes)
        first = draw(st.sampled_from(" !\"#$%&'()*+,-./"))
        return "\x1b" + first + inter + draw(st.sampled_from("0AB<>@`~"))
    # ESC Fp / Fe / Fs: ESC 7, ESC =, ESC D, ESC M, ESC c ...
    return "\x1b" + draw(st.sampled_from("6789=>DEHMNOZcno|}~"))


#: What can be slipped anywhere into a word without changing what it says.
invisible = st.one_of(st.sampled_from(FORMAT_CHARS), st.sampled_from(IGNORABLE_CHARS),
                      ansi_sequences())


def deep_json(depth: int, kind: str) -> bytes:
    if kind == "array":
        return b"[" * depth + b"]" * depth
    if kind == "object":
        return b'{"a":' * depth + b"1" + b"}" * depth
    if kind == "open":  # never closed
        return b'[{"x":' * depth
    return b'{"text": "x", "n": ' + b"[" * depth + b"0" + b"]" * depth + b"}"


deep_json_bytes = st.builds(deep_json, st.integers(1, 200_000),
                            st.sampled_from(["array", "object", "open", "mixed"]))

extreme_numbers = st.one_of(
    st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -0.0, 2**63, -(2**63) - 1, 2**64, 1e308, -1e308, 5e-324, 10**400]),
)

json_values = st.recursive(
    st.none() | st.booleans() | extreme_numbers | any_text,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(any_text, inner, max_size=6),
    max_leaves=40,
)


def dumps(value: object, ascii: bool = False) -> bytes:
    """JSON text as an upstream feed may write it: NaN and Infinity included, any Unicode (a
    lone surrogate as raw bytes, or with ``ascii`` as a ``\\udxxx`` escape)."""
    text = json.dumps(value, ensure_ascii=ascii, allow_nan=True)
    return text.encode("utf-8", "surrogatepass")


#: Raw numerals JSON allows (and some it does not): thousands of digits, huge exponents.
huge_numerals = st.one_of(
    st.integers(1, 20_000).map(lambda n: "9" * n),
    st.integers(1, 5_000).map(lambda n: "-1" + "0" * n),
    st.integers(-400_000, 400_000).map(lambda e: f"1e{e}"),
    st.sampled_from(["1.5e999999999999", "-0", "0.000000000000000000001", "1" * 4301]),
)

aware_datetimes = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30),
    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=14)),
                               dt.timezone(dt.timedelta(hours=-12)),
                               dt.timezone(dt.timedelta(hours=23, minutes=59)),
                               dt.timezone(dt.timedelta(hours=-23, minutes=-59))]),
)
extreme_datetimes = st.one_of(
    aware_datetimes,
    st.datetimes(),  # naive, any year
    st.sampled_from([dt.datetime.min, dt.datetime.max, dt.datetime.min.replace(tzinfo=dt.UTC),
                     dt.datetime.max.replace(tzinfo=dt.UTC),
                     dt.datetime.max.replace(tzinfo=dt.timezone(-dt.timedelta(hours=23))),
                     dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=23)))]),
)
extreme_dates = st.one_of(st.dates(), st.sampled_from([dt.date.min, dt.date.max]))

#: Timestamps as a feed may spell them: ISO with odd zones and years, epoch numbers, junk.
timestamp_values = st.one_of(
    extreme_datetimes.map(lambda d: d.isoformat()),
    st.sampled_from(["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
                     "+275760-09-13T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-01T25:00:00",
                     "2024-01-01T00:00:00+25:00", "2024-01-01", "now", "", "1e309"]),
    extreme_numbers,
    any_text,
)
