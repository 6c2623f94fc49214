"""The hot-path shortcuts give exactly what the plain forms they replace give.

Each shortcut (a byte table instead of a regex, a scanner that opens with a character class, a
guard that skips a pattern, tokens built by ``map``) is checked against the plain form on cases
at its edges.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from services.extractor import dates as dates_mod
from services.extractor.lexicon import _NON_ALNUM, _blank
from services.extractor.text import _SENT_END, _WORD, Token, sentences, tokens

PUB = dt.date(2020, 5, 10)


@pytest.mark.parametrize(
    "text",
    ["", "abc 123", "Hello, World_1!", "tab\tnew\nline", "caf\u00e9 \u0627\u0644", "\x7f\x00z"],
)
def test_blanking_matches_the_regex(text):
    folded = text.lower()
    assert _blank(folded) == _NON_ALNUM.sub(" ", folded)


@pytest.mark.parametrize("offset", [0, 7])
def test_tokens_match_the_plain_comprehension(offset):
    text = "Ma'arrat al-Numan, 12,500 people; caf\u00e9 \u00c9cole 3.5 km"
    plain = [Token(m.start() + offset, m.end() + offset, m.group()) for m in _WORD.finditer(text)]
    assert tokens(text, offset) == plain
    assert all(text[t.start - offset : t.end - offset] == t.text for t in tokens(text, offset))


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
