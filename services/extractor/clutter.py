"""Page clutter: the lines of a page scraped whole that belong to no story of its own.

A web page carries, around its story, the headlines of other stories (under "Related", "Latest",
"Next Post", or as a list where each title ends with its own date), photo captions and credits,
and embedded posts from social media. Their places and events are not the report's: the
sentences on those lines raise nothing and place nothing.

``clutter_lines(text)`` returns the spans of such lines; the classes, each a rule id:

    clutter.after_marker    the run of headline-like lines after a line that is only a section
                            marker ("Related", "Top Stories", "Next Post:")
    clutter.dated_list      two or more headline-like lines after the story's first sentence
                            that each end with their own date ("..., May 21, 2024", "Jul 22,
                            2025", "3 hours ago"), and the headline-like lines between them
    clutter.caption         a line ending with a photo credit in parentheses ("(Image:
                            Twitter)", "(AP)", "(U.S. Army photo by ...)") or opened by one
                            ("File photo -", "Photo:")
    clutter.embed           a line of an embedded post: "pic.twitter.com/...", or a signature
                            "— Name (@handle) July 24, 2022"

A headline-like line is short (at most ``HEADLINE_WORDS`` words) and does not end as a
sentence does (a full stop, a question or exclamation mark, a closing quote). Captions and
embeds are only clutter on a page that has prose of its own (``PROSE_LINES`` lines ending as
sentences do): a report that is a tweet, or a caption alone, is the story.
"""

from __future__ import annotations

import bisect
import functools
import re

__all__ = ["clutter_lines", "clutter_sentences", "MARKERS", "HEADLINE_WORDS"]

#: Lines that, alone, open a block of links to other stories.
MARKERS = frozenset(
    """related|related news|related stories|related articles|related posts|related coverage
    |related content|related topics|read more|read also|also read|see also|more on this story
    |more stories|more news|latest|latest news|latest stories|top stories|most read|most popular
    |popular|trending|trending now|recommended|you may also like|you might also like
    |editor's picks|editors' picks|prev post|previous post|next post|previous article
    |next article|more from|other news|in other news|recent posts|recent news|featured
    |further reading|don't miss|must read""".replace("\n", "").split("|")
)
MARKERS = frozenset(m.strip() for m in MARKERS)
#: A headline has at most this many words.
HEADLINE_WORDS = 22
#: Lines ending as sentences do that a page needs before its captions and embeds are clutter.
PROSE_LINES = 3

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
#: A date or an age closing a line: "May 21, 2024", "21 May 2024", "2024-05-21", "3 hours ago".
_OWN_DATE = re.compile(
    rf"(?:{_MONTH}[ \t]+\d{{1,2}},?[ \t]+\d{{4}}|\d{{1,2}}[ \t]+{_MONTH},?[ \t]+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|\d+[ \t]+(?:minutes?|mins?|hours?|hrs?|days?|weeks?)[ \t]+ago)[ \t]*$",
    re.IGNORECASE,
)
#: A credit in parentheses closing a line: "(Image: Twitter)", "(AP Photo/...)", "(Reuters)".
_CREDIT_END = re.compile(
    r"\((?:[^()\n]*\b(?:photo|photos|image|images|picture|credit|courtesy|getty|file)\b[^()\n]*"
    r"|AP|AFP|Reuters|EPA)\)[ \t.]*$",
    re.IGNORECASE,
)
#: A caption's or credit's opening: "File photo - ...", "Photo: ...", "Image credit: ...".
_CREDIT_START = re.compile(
    r"[ \t]*(?:file[ \t]+(?:photo|picture|image)|photo(?:graph)?|image|picture|credit"
    r"|(?:photo|image)[ \t]+credit)[ \t]*[:\-\u2013\u2014|]",
    re.IGNORECASE,
)
#: An embedded post: its link, or its signature with the handle and the day.
_EMBED = re.compile(
    r"pic\.twitter\.com/|[\u2014\u2013-][ \t]*[^\n()]{1,60}\(@\w{1,30}\)[ \t]+" + _MONTH
    + r"[ \t]+\d{1,2},[ \t]+\d{4}",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\"”’'»)]\s*$")


def _headline_like(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= HEADLINE_WORDS and _SENTENCE_END.search(line) is None


def _marker(line: str) -> bool:
    return line.strip(" \t:|-\u2013\u2014>»›").lower() in MARKERS


@functools.lru_cache(maxsize=4)
def clutter_lines(text: str) -> tuple[tuple[int, int, str], ...]:
    """The spans ``(start, end, rule_id)`` of the lines of ``text`` that are page clutter."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    prose = [k for k, (_, _, line) in enumerate(lines)
             if len(line.split()) > 3 and _SENTENCE_END.search(line) is not None]
    body = prose[0] if prose else len(lines)
    out: dict[int, str] = {}
    k = 0
    while k < len(lines):
        if _marker(lines[k][2]):
            j = k + 1
            while j < len(lines) and (not lines[j][2].strip() or _marker(lines[j][2])
                                      or _headline_like(lines[j][2])):
                if lines[j][2].strip() and not _marker(lines[j][2]):
                    out.setdefault(j, "clutter.after_marker")
                j += 1
            k = j
        else:
            k += 1
    dated = [k for k in range(body + 1, len(lines)) if _headline_like(lines[k][2])
             and len(lines[k][2].split()) >= 4 and _OWN_DATE.search(lines[k][2])]
    if len(dated) >= 2:
        for k in range(dated[0], dated[-1] + 1):
            if k in dated or _headline_like(lines[k][2]):
                out.setdefault(k, "clutter.dated_list")
    if len(prose) >= PROSE_LINES:
        for k, (_, _, line) in enumerate(lines):
            if _EMBED.search(line):
                out.setdefault(k, "clutter.embed")
            elif len(line.split()) <= 60 and (
                    _CREDIT_END.search(line) or _CREDIT_START.match(line)):
                out.setdefault(k, "clutter.caption")
    return tuple((lines[k][0], lines[k][1], rule) for k, rule in sorted(out.items()))


def clutter_sentences(spans: tuple[tuple[int, int, str], ...], starts: list[int]) -> set[int]:
    """The indices of the sentences (by their ``starts``, sorted) that open on a clutter line."""
    out: set[int] = set()
    for a, b, _rule in spans:
        k = bisect.bisect_left(starts, a)
        while k < len(starts) and starts[k] < b:
            out.add(k)
            k += 1
    return out
