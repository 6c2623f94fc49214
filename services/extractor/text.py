"""Text primitives: sentence splitting and word tokens with character offsets, and the name keys
used to match place names tolerant of transliteration.

Everything downstream works on offsets into ``report.text`` so evidence spans can be cited.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

from unidecode import unidecode

#: Arabic definite-article spellings; dropped from place names ("Maarat al-Numan" ~ "Maarat Numan").
ARTICLES = frozenset("al el il ul ad ed at et ath adh as es ash esh az ez ar er an en".split())
#: How a word in the possessive ends, straight or curly apostrophe: "Idlib's", "Turkey’s".
POSSESSIVE_ENDINGS = ("'s", "’s")

#: A sentence ends after [.!?] (group 1 starts right after it) or at newlines. Written with the
#: punctuation consumed rather than a lookbehind, which the regex engine tried at every position.
_SENT_END = re.compile(r"[.!?]([\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9]))|\n+")
#: Abbreviations after which a full stop does not end a sentence.
_ABBREV = (
    "Mr.",
    "Mrs.",
    "Dr.",
    "St.",
    "Gen.",
    "Col.",
    "Lt.",
    "Maj.",
    "Capt.",
    "Sgt.",
    "U.S.",
    "U.N.",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "No.",
    "approx.",
)
#: Letters, with apostrophes only between letters ("Ma'arrat"); written as runs, not per letter
#: with a lookahead, which made tokenising the costliest step of ``extract``.
_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:['’`ʿʾ‘][^\W\d_]+)*")
#: ``_WORD`` for ASCII text, where ``[^\W\d_]`` is ``[A-Za-z]`` and the other apostrophes cannot
#: occur: the same tokens, found about a third faster (most reports are ASCII).
_ASCII_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[A-Za-z]+(?:['`][A-Za-z]+)*")


@dataclass(slots=True, eq=False)  # not frozen: frozen init costs 2x on the hot path
class Sentence:
    start: int
    end: int
    text: str


class Token(NamedTuple):
    """A word or number with its offsets. A tuple, built with ``tuple.__new__`` in ``tokens``:
    a report has hundreds, and a dataclass ``__init__`` per token was a tenth of ``extract``."""

    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()


#: "while" and a gerund that is no attack tells the circumstances of the same event: "were shot
#: while attempting to cross from X" (but "..., while shelling Y" is a second event).
_CIRCUMSTANCE = (
    r"(?!(?:shell|bomb|target|strik|attack|fir|clash|fight|storm|raid|shoot|kill)ing\b)\w+ing\b"
)
#: Clause breaks that can separate two events inside one sentence.
_CLAUSE = re.compile(
    rf";\s+|,?\s+(?=(?:while|whereas|meanwhile)\s(?!{_CIRCUMSTANCE}))"
    r"|,\s+(?=(?:and\s+)?separately\b)"
)
#: ``_CLAUSE`` cannot match without one of these ("meanwhile" holds "while"); most texts have none,
#: and the pattern tries its lookaheads at every space.
_CLAUSE_WORDS = (";", "while", "whereas", "separately")


def sentences(text: str, clauses: bool = False, breaks: tuple[int, ...] = ()) -> list[Sentence]:
    """Split text into sentences, keeping offsets; newlines always end a sentence, and so does
    each offset in ``breaks`` (the end of a headline run into its lead with no line break).
    With ``clauses``, also split at "; " and before "while"/"whereas" (one event per clause)."""
    out: list[Sentence] = []
    pos = 0
    # (start of the break, its end, whether it holds a newline)
    ends = [
        (m.start(1) if m.group(1) is not None else m.start(), m.end(), "\n" in m.group())
        for m in _SENT_END.finditer(text)
    ]
    if breaks:
        ends += [(b, b, True) for b in breaks]
        ends.sort(key=lambda e: e[0])
    if clauses and any(w in text for w in _CLAUSE_WORDS):
        ends += [(m.start(), m.end(), "\n" in m.group()) for m in _CLAUSE.finditer(text)]
        ends.sort(key=lambda e: e[0])
    for start, end, newline in ends:
        if start < pos:
            continue
        if not newline and text[pos:start].rstrip().endswith(_ABBREV):
            continue
        _emit(text, pos, start, out)
        pos = end
    _emit(text, pos, len(text), out)
    return out


def title_end(text: str, title: str | None) -> int | None:
    """Where the headline ends when the text opens with it and runs on into the lead without a
    line break ("Gunmen kill 7 in X Seven people were killed ..."), else None."""
    if not title or not title.strip():
        return None
    head = title.strip()
    lead = len(text) - len(text.lstrip())
    end = lead + len(head)
    if text.startswith(head, lead) and end < len(text) and text[end] in " \t":
        return end
    return None


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    body = chunk.strip()  # str.strip removes exactly what str.isspace matches
    if body:
        start += len(chunk) - len(chunk.lstrip())
        out.append(Sentence(start, start + len(body), body))


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Word and number tokens; hyphens and punctuation separate tokens."""
    # built by C-level map/zip rather than a comprehension (the commonest object of a report);
    # the texts come from the matches (``Match.group``), not from a second regex pass
    ms = list((_ASCII_WORD if text.isascii() else _WORD).finditer(text))
    starts, ends = map(re.Match.start, ms), map(re.Match.end, ms)
    if offset:
        starts, ends = map(offset.__add__, starts), map(offset.__add__, ends)
    texts = map(re.Match.group, ms)
    return list(map(tuple.__new__, repeat(Token), zip(starts, ends, texts, strict=True)))


#: A word of folded (ASCII lower-case) text, as the classification conventions read it.
_FOLDED_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=1024)
def folded_words(s: str) -> tuple[str, ...]:
    """The words of a folded text; cached, as every classification convention reads the trigger's
    sentence again (a tuple: callers must not mutate it)."""
    return tuple(_FOLDED_WORD.findall(s))


#: A character unidecode may change (everything else it leaves as it is).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """ASCII lower-case form used for lexicon matching (offset-preserving for most scripts)."""
    if text.isascii():  # unidecode leaves ASCII as it is
        return text.lower()
    # unidecode transliterates character by character: the text's few non-ASCII characters
    # (curly quotes and dashes in nearly every news text) are replaced where they stand, each
    # distinct one transliterated once, instead of a per-character walk of the whole text
    reps = {c: _translit(c) for c in set(_NON_ASCII.findall(text))}
    if any(len(r) != 1 for r in reps.values()) and sum(
        (len(r) - 1) * text.count(c) for c, r in reps.items()
    ):  # transliteration changes the length: one character for each
        reps = {c: _translit_one(c) for c in reps}
    return _NON_ASCII.sub(lambda m: reps[m.group()], text).lower()


@functools.lru_cache(maxsize=1 << 12)
def _translit(c: str) -> str:
    return unidecode(c)


@functools.lru_cache(maxsize=1 << 12)
def _translit_one(c: str) -> str:
    """One ASCII character for ``c``: its transliteration's first, or a space for none."""
    return (unidecode(c).lower() or " ")[:1]


@functools.lru_cache(maxsize=1 << 16)
def light_key(word: str) -> str:
    """Letters only, ASCII, lower case: "Ma'arrat" -> "maarrat"."""
    return re.sub(r"[^a-z0-9]", "", unidecode(word).lower())


_DIGRAPHS = (
    ("kh", "x"),
    ("sh", "$"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("ch", "$"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("ou", "u"),
    ("ee", "i"),
    ("oo", "u"),
    ("aw", "o"),
    ("ay", "e"),
    ("ey", "e"),
    ("ei", "e"),
    ("z", "z"),
    ("v", "w"),
    ("j", "j"),
)
_VOWELS = re.compile(r"[aeiouy]")


@functools.lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """A phonetic-ish key: transliteration variants of one Arabic name share it.

    "Sheikhoun"/"Shaykhun" -> "$xn", "Mhardeh"/"Muhradah" -> "mhrd", "Idlib"/"Edlib" -> "adlb".
    """
    s = light_key(word)
    if not s or s.isdigit():
        return s
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    if len(s) > 3 and s[-1] == "h" and s[-2] in "aeiou":  # ta marbuta: -ah/-eh
        s = s[:-1]
    head, rest = s[0], s[1:]
    if head in "aeiouy'":
        head = "a" if head != "y" else "y"
    rest = _VOWELS.sub("", rest)
    out = head
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out
