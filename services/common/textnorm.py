"""Normalise report text once, keeping a map back to the original.

What happens, in order, in one left-to-right pass:

- ANSI/VT escape sequences (CSI ``ESC [ ... m``, OSC ``ESC ] ... BEL``, two-byte ``ESC x``, C1
  CSI) are dropped;
- format characters (Unicode category Cf: soft hyphen, zero-width space and joiners, BOM,
  bidirectional controls) are dropped, so "hos\\u00adpital" reads "hospital";
- other control characters and unassigned/private-use/surrogate code points become a space;
- each base character with its combining marks goes through NFKC, except compatibility
  mappings that change meaning (superscripts, subscripts, vulgar fractions: "10\\u00b2" must not
  read "102"), which get NFC only;
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
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # C1 CSI
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
        return unicodedata.normalize("NFKC", cluster)
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
        if cat in _DROP:
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
        while j < n and unicodedata.category(text[j]).startswith("M"):
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
