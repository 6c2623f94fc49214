"""The hot-path shortcuts give exactly what the plain forms they replace give.

Each shortcut (a byte table instead of a regex, a scanner that opens with a character class, a
guard that skips a pattern, tokens built by ``map``) is checked against the plain form on cases
at its edges.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from types import SimpleNamespace

import pytest
from unidecode import unidecode

from services.extractor import dates as dates_mod
from services.extractor.lexicon import _NON_ALNUM, _blank
from services.extractor.pipeline import _distribute
from services.extractor.text import (
    _ASCII_WORD,
    _SENT_END,
    _WORD,
    Token,
    fold,
    sentences,
    tokens,
)

PUB = dt.date(2020, 5, 10)


@pytest.mark.parametrize(
    "text",
    ["", "abc 123", "Hello, World_1!", "tab\tnew\nline", "caf\u00e9 \u0627\u0644", "\x7f\x00z"],
)
def test_blanking_matches_the_regex(text):
    folded = text.lower()
    assert _blank(folded) == _NON_ALNUM.sub(" ", folded)


def _plain_fold(text: str) -> str:
    """``fold`` as it was written before: unidecode over the whole text, or per character."""
    out = unidecode(text).lower()
    if len(out) != len(text):
        out = "".join((unidecode(c).lower() or " ")[:1] for c in text)
    return out


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Plain ASCII, Upper and lower 123",
        "\u201cWe fled,\u201d she said \u2014 the town\u2019s market",  # "—" is "--": per character
        "Ma\u2019arrat al-Nu\u02bfman, \u00c9cole, \u0130stanbul",  # one character for one
        "\u00df and \U0001f600",  # "ss" and "": longer and shorter, the same length in all
        "\u0627\u0644\u0645\u0639\u0631\u0629 \U0001f600 \ue000 \u00df\u00e6",  # none, several
    ],
)
def test_fold_matches_the_plain_form(text):
    assert fold(text) == _plain_fold(text)


@pytest.mark.parametrize("offset", [0, 7])
def test_tokens_match_the_plain_comprehension(offset):
    text = "Ma'arrat al-Numan, 12,500 people; caf\u00e9 \u00c9cole 3.5 km"
    plain = [Token(m.start() + offset, m.end() + offset, m.group()) for m in _WORD.finditer(text)]
    assert tokens(text, offset) == plain
    assert all(text[t.start - offset : t.end - offset] == t.text for t in tokens(text, offset))


@pytest.mark.parametrize(
    "text",
    [
        "Ma'arrat al-Numan, 12,500 people; 3.5 km o'clock `x` a_b 1a2 ''x'' 2020-05-09",
        "".join(f"a{chr(c)}b{chr(c)}1{chr(c)}" for c in range(128)),  # every ASCII character
    ],
)
def test_ascii_tokens_match_the_unicode_pattern(text):
    assert text.isascii()
    assert [(m.start(), m.end()) for m in _ASCII_WORD.finditer(text)] == [
        (m.start(), m.end()) for m in _WORD.finditer(text)
    ]
    plain = [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    assert tokens(text) == plain


#: The sentence-end pattern as it was written before (with a lookbehind).
_LOOKBEHIND_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


@pytest.mark.parametrize(
    "text",
    [
        "One. Two! Three? Four",
        'He said "stop." Then it fell.\nNext line.. Also',
        "Mr. Smith went to Washington. Dr. No\n\nwas there.)  And 3 more.",
        "a.\n B",
        "Nothing here",
    ],
)
def test_sentence_ends_match_the_lookbehind_form(text):
    new = [
        (m.start(1) if m.group(1) is not None else m.start(), m.end())
        for m in _SENT_END.finditer(text)
    ]
    old = [(m.start(), m.end()) for m in _LOOKBEHIND_END.finditer(text)]
    assert new == old
    assert sentences(text, clauses=True)  # and the splitter runs on it


def test_clauses_split_only_when_a_clause_word_is_present():
    text = "Shelling hit Ariha; two died, while others fled. Separately, a drone struck"
    assert [s.text for s in sentences(text, clauses=True)] == [
        "Shelling hit Ariha",
        "two died",
        "while others fled.",
        "Separately, a drone struck",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "on 9 May 2020",
        "12 may",
        "123 may 5",
        "x_5 may",
        "on 1st of May, 2nd June",
        "a5 may and 7 may",
        "05 Sept. 2019",
        "report 2020-05-03 and 2019-20 season",
        "a - b -- c",
    ],
)
def test_date_scanners_find_what_the_full_patterns_find(text):
    found = [(d.start, d.end, d.rule_id) for d in dates_mod.find_dates(text, PUB)]
    # the full patterns alone, first come first served, as find_dates resolves overlaps
    taken: list[tuple[int, int, str]] = []
    low = text.lower()
    for rid, pat in dates_mod._PATTERNS:
        for m in pat.finditer(low):
            if any(m.start() < e and s < m.end() for s, e, _ in taken):
                continue
            if dates_mod._resolve(rid, m, PUB) is not None:
                taken.append((m.start(), m.end(), rid))
    assert found == sorted(taken)


@pytest.mark.parametrize(
    "positions",
    [[0, 3, 10, 11, 25, 99], [5, 2, 40, 12, 12, 0], [], [1, 1, 1]],
)
def test_distribute_matches_a_binary_search_per_item(positions):
    """``pipeline._distribute`` walks sorted items; out-of-order ones still land right."""
    starts = [2, 10, 12, 30]
    items = [SimpleNamespace(start=p) for p in positions]
    lists: list[list] = [[] for _ in starts]
    _distribute(items, starts, lists)
    plain: list[list] = [[] for _ in starts]
    for it in items:
        plain[max(0, bisect.bisect_right(starts, it.start) - 1)].append(it)
    assert lists == plain
