"""Normalise report text once, keeping a map back to the original.

What happens, in order, in one left-to-right pass:

- ANSI/VT escape sequences (ECMA-48: CSI ``ESC [ ... m``; OSC ``ESC ] ... BEL`` and the other
  string commands, when ended; ``ESC ( B`` and other nF escapes; two-byte ``ESC x``; C1 CSI)
  are dropped; an unended string command loses only its introducer, so it hides no text;
- format characters (Unicode category Cf: soft hyphen, zero-width space and joiners, BOM,
  bidirectional controls) and the other default-ignorable code points (variation selectors,
  combining grapheme joiner, Hangul fillers) are dropped, so "hos\\u00adpital" reads "hospital";
- other control characters and unassigned/private-use/surrogate code points become a space;
- each base character with its combining marks goes through NFKC, except compatibility
  mappings that change meaning (superscripts, subscripts, vulgar fractions: "10\\u00b2" must not
  read "102") or yield a space (spacing accents such as the macron), which get NFC only;
- whitespace runs collapse: to one space, or to one or two line breaks when the run held them.

``Normalised.span(start, end)`` turns a span of the normalised text into the span of the
original text it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Normalised", "normalise"]

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: ESC [ parameters, intermediates, final
    r"|\x1b[\]PX^_][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)"  # OSC, DCS, SOS, PM, APC: ended by BEL/ST
    r"|\x1b[ -/]+[0-~]"  # nF: ESC, intermediates, final ("ESC ( B" selects a character set)
    r"|\x1b[0-~]"  # Fp, Fe, Fs: ESC 7, ESC D, ESC c...; an unended string command's ESC ]
    r"|\x9b[0-?]*[ -/]*[@-~]"  # C1 CSI
)
#: Invisible code points outside category Cf (Unicode's default-ignorables): combining grapheme
#: joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other variation selectors.
_IGNORABLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10))) + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
_UNSAFE_COMPAT = ("<super>", "<sub>", "<fraction>")
_DROP = {"Cf"}
_SPACE = {"Cc", "Cn", "Co", "Cs"}
_LINE = {"\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"}


@dataclass(frozen=True, slots=True)
class Normalised:
    """The normalised text; ``starts[i]``/``ends[i]`` give the original span of character i."""

    text: str
    original: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span behind ``text[start:end]`` (clamped to the text)."""
        n = len(self.text)
        if n == 0:
            return 0, 0
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        if start == n:
            return len(self.original), len(self.original)
        if end == start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]

    @property
    def changed(self) -> bool:
        return self.text != self.original


def _cluster_text(cluster: str) -> str:
    if all(not unicodedata.decomposition(c).startswith(_UNSAFE_COMPAT) for c in cluster):
        folded = unicodedata.normalize("NFKC", cluster)
        # Spacing accents ("\u00af", "\u00b4") fold to a space and a combining mark: that would
        # put a space into a word, or a mark on the whitespace before it.
        if not any(c.isspace() for c in folded):
            return folded
    return unicodedata.normalize("NFC", cluster)


def _pieces(text: str):
    """Yield (original start, original end, replacement) for each cluster, after escapes."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\x1b\x9b":
            m = _ANSI.match(text, i)
            if m:
                i = m.end()
                continue
        cat = unicodedata.category(ch)
        if cat in _DROP or ch in _IGNORABLE:
            i += 1
            continue
        if ch in _LINE or (ch == "\r"):
            yield i, i + 1, "\n"
            i += 1
            continue
        if ch.isspace():
            yield i, i + 1, " "
            i += 1
            continue
        if cat in _SPACE:
            yield i, i + 1, " "
            i += 1
            continue
        j = i + 1
        while j < n and unicodedata.category(text[j]).startswith("M") and (
                text[j] not in _IGNORABLE):
            j += 1
        yield i, j, _cluster_text(text[i:j])
        i = j


def normalise(text: str) -> Normalised:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    ws_start = ws_end = -1
    ws_lines = 0
    pending = False  # a whitespace run waiting to be written

    def flush() -> None:
        if not out:  # leading whitespace is dropped
            return
        rep = "\n\n" if ws_lines >= 2 else "\n" if ws_lines == 1 else " "
        for c in rep:
            out.append(c)
            starts.append(ws_start)
            ends.append(ws_end)

    last_cr = -2
    for start, end, rep in _pieces(text):
        if rep in (" ", "\n"):
            if not pending:
                pending, ws_start, ws_lines = True, start, 0
            ws_end = end
            if rep == "\n" and not (text[start] == "\n" and last_cr == start - 1):
                ws_lines += 1
            if text[start] == "\r":
                last_cr = start
            continue
        if pending:
            flush()
            pending = False
        for c in rep:
            if c.isspace():  # NFKC can yield spaces (e.g. from U+00A0 clusters)
                c = " "
            out.append(c)
            starts.append(start)
            ends.append(end)
    # trailing whitespace is dropped
    return Normalised("".join(out), text, tuple(starts), tuple(ends))
