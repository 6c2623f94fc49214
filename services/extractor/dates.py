"""Dates: find date expressions and resolve them against the report's publication time.

"On 9 May 2020", "May 9", "on Friday", "yesterday", "overnight into Sunday", "last week",
"in April 2017". Relative expressions resolve against ``published_at`` (never the clock).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()  # noqa: E501
    )
}
for _m, _i in list(MONTHS.items()):
    MONTHS[_m[:3]] = _i
MONTHS["sept"] = 9
WEEKDAYS = {
    d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
}

_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "date.dmy",
        re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_MON}(?:,?\s+(\d{{4}}))?\b", re.I),
    ),
    ("date.mdy", re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)),
    ("date.iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    (
        "date.my",
        re.compile(
            rf"\b(?:in|since|during|of|the)\s+(?:early\s+|late\s+|mid-?)?{_MON}\s+(\d{{4}})\b",
            re.I,
        ),
    ),
    (
        # "in 2024", "in late 2024", "since mid-2022", "by the end of 2021"; a period named by
        # its year: "during the 2019 offensive", "in the 2014 war"
        "date.year",
        re.compile(
            r"\b(?:(?:in|since|during|by|between)\s+(?:(?:early|late|mid)(?:-|\s+)|the\s+(?:end|start"
            r"|beginning|middle)\s+of\s+)?|(?:early|late|mid)-|(?:in|during)\s+the\s+"
            r"(?=\d{4}\s+[a-z]))(\d{4})\b",
            re.I,
        ),
    ),
    ("date.last_month", re.compile(r"\b(last month)\b", re.I)),
    # a holiday of a fixed day: the last one up to publication ("On Christmas Eve, at least 35
    # people were killed", told in March)
    ("date.holiday", re.compile(
        r"\b(christmas eve|christmas day|new year['’]s eve|new year['’]s day)\b", re.I)),
    (
        # a month with no day and no year: the last such month up to publication ("In October,
        # an airstrike destroyed ...", published in February: last October)
        "date.month",
        re.compile(
            rf"\b(?:in|since|during|between|last|early|late|mid-?)\s+{_MON}(?![a-z])(?!\s*\d)(?!,\s*\d{4}\b)",
            re.I,
        ),
    ),
    (
        "date.overnight",
        re.compile(
            r"\bovernight\s+(?:into|on|to)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            re.I,
        ),
    ),
    (
        "date.weekday",
        re.compile(
            r"\b(?:(last|this|on|early|late)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            re.I,
        ),
    ),
    ("date.yesterday", re.compile(r"\b(yesterday|last night|the day before)\b", re.I)),
    (
        "date.today",
        re.compile(
            r"\b(today|this morning|this afternoon|this evening|tonight|earlier today)\b", re.I
        ),
    ),
    ("date.days_ago", re.compile(r"\b(two|three|four|five|2|3|4|5) days ago\b", re.I)),
    ("date.last_week", re.compile(r"\b(last week|earlier this week|past week)\b", re.I)),
    ("date.weeks_ago", re.compile(r"\b(a|one|two|three|four|five|six|[1-6]) weeks? ago\b", re.I)),
]
#: Cheap substring checks that skip a pattern which cannot match.
_GUARDS = {
    "date.overnight": ("overnight",),
    "date.weekday": ("day",),
    "date.yesterday": ("yesterday", "last night", "day before"),
    "date.today": ("today", "this ", "tonight"),
    "date.days_ago": ("days ago",),
    "date.last_week": ("week",),
    "date.weeks_ago": ("weeks ago", "week ago"),
    "date.last_month": ("last month",),
    "date.holiday": ("christmas", "new year"),
    "date.iso": ("-",),
}
#: Holidays of a fixed day: (month, day).
_HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "new year's eve": (12, 31),
             "new year's day": (1, 1)}
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(slots=True, eq=False)  # not frozen: frozen init costs 2x on the hot path
class DateMention:
    start: int
    end: int
    date: dt.date
    precision: str
    rule_id: str


#: Fast scanners, run over lower-cased text (no re.I: about twice as fast). A pattern that starts
#: with ``\b`` or an optional word cannot use the regex engine's literal-prefix search, so each
#: pattern is found by a scanner (the pattern without its leading ``\b``; for weekdays, the bare
#: day name) and then confirmed by the full pattern anchored at the scanner's start: one pass
#: over the text per pattern at literal-search speed. Date finding was the hottest stage.
_QUAL_BEFORE = re.compile(r"(?:last|this|on|early|late)\s+$")


def _scanner(rid: str, pat: re.Pattern[str]) -> re.Pattern[str]:
    if rid == "date.weekday":
        return re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")
    if rid == "date.dmy":
        # the first digit, with the rest as a lookahead: a pattern that opens with a character
        # class is searched twice as fast; every start the full pattern accepts is found, and the
        # extra starts (a second digit) fail the word-boundary check in ``_confirmed``
        return re.compile(
            r"\d(?=\d?(?:st|nd|rd|th)?(?:\s+of)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
        )
    src = pat.pattern
    return re.compile(src[2:] if src.startswith(r"\b") else src)


_LOWER = [(rid, re.compile(p.pattern), _scanner(rid, p)) for rid, p in _PATTERNS]


def find_dates(text: str, published: dt.date, offset: int = 0) -> list[DateMention]:
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    # lower() keeps offsets unless a character changes length ("İ"): then match case-insensitively
    same = len(low) == len(text)
    for k, (rid, pat) in enumerate(_PATTERNS):
        guard = _GUARDS.get(rid)
        if guard and not any(g in low for g in guard):
            continue
        if rid == "date.iso" and not _digit_hyphen(low):
            continue
        if same:
            _, full, scan = _LOWER[k]
            found = _confirmed(rid, full, scan, low)
        else:
            found = pat.finditer(text)
        for m in found:
            if taken and any(m.start() < e and s < m.end() for s, e in taken):
                continue
            d = _resolve(rid, m, published)
            if d is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(DateMention(m.start() + offset, m.end() + offset, d[0], d[1], rid))
    out.sort(key=lambda x: x.start)
    return out


#: Before a dateline's date on its line: the place it was filed from, in capitals or not, and a
#: comma ("KYIV, May 14 -", "Beirut, Lebanon, 3 June (Agency) -").
_DATELINE_PLACE = re.compile(r"[ \t]*[A-Z][\w.'\-]*(?:[ \t]+[A-Z][\w.'\-]*)*"
                             r"(?:,[ \t]*[A-Z][\w.'\-]*(?:[ \t]+[A-Z][\w.'\-]*)*)?,[ \t]*")
#: After it: the agency in parentheses, then a dash or a colon.
_DATELINE_END = re.compile(r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?(?:[-\u2013\u2014]|:)")


def dateline_date(text: str, d: DateMention) -> bool:
    """The date is a dateline's: when the story was filed ("KYIV, May 14 - A missile struck
    ... on Wednesday"), not when what it tells happened."""
    line = text.rfind("\n", 0, d.start) + 1
    return (d.start - line <= 60 and _DATELINE_PLACE.fullmatch(text, line, d.start) is not None
            and _DATELINE_END.match(text, d.end) is not None)


def _digit_hyphen(low: str) -> bool:
    """A digit right before a hyphen: ISO dates need one. Hyphens are few, so this walks them with
    ``str.find`` instead of the ISO pattern trying its digits at every position."""
    k = low.find("-", 1)
    while k > 0:
        if low[k - 1].isdigit():
            return True
        k = low.find("-", k + 1)
    return False


def _confirmed(rid: str, full: re.Pattern[str], scan: re.Pattern[str], low: str):
    """Matches of ``full`` found through the fast ``scan`` (see above)."""
    for h in scan.finditer(low):
        start = h.start()
        if rid == "date.weekday":
            q = _QUAL_BEFORE.search(low, max(0, start - 8), start)
            if q is not None:
                start = q.start()
        if start > 0 and low[start - 1].isalnum():
            continue
        m = full.match(low, start)
        if m is not None:
            yield m


def _year_for(month: int, day: int, published: dt.date) -> dt.date | None:
    for year in (published.year, published.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        if d <= published + dt.timedelta(days=2):
            return d
    return None


def _resolve(rid: str, m: re.Match[str], pub: dt.date) -> tuple[dt.date, str] | None:
    g = m.groups()
    try:
        if rid == "date.dmy":
            day, mon, year = int(g[0]), MONTHS[g[1].lower()[:3]], g[2]
            d = dt.date(int(year), mon, day) if year else _year_for(mon, day, pub)
            return (d, "day") if d else None
        if rid == "date.mdy":
            mon, day, year = MONTHS[g[0].lower()[:3]], int(g[1]), g[2]
            if g[0].lower() == "may" and not year and day > 31:
                return None
            d = dt.date(int(year), mon, day) if year else _year_for(mon, day, pub)
            return (d, "day") if d else None
        if rid == "date.iso":
            return dt.date(int(g[0]), int(g[1]), int(g[2])), "day"
        if rid == "date.my":
            return dt.date(int(g[1]), MONTHS[g[0].lower()[:3]], 1), "month"
        if rid == "date.month":
            mon = MONTHS[g[0].lower()[:3]]
            year = pub.year if mon <= pub.month else pub.year - 1
            return dt.date(year, mon, 1), "month"
        if rid == "date.last_month":
            last = pub.replace(day=1) - dt.timedelta(days=1)
            return last.replace(day=1), "month"
        if rid == "date.year":
            y = int(g[0])
            return (dt.date(y, 1, 1), "year") if 1900 < y <= pub.year else None
        if rid in ("date.overnight", "date.weekday"):
            wd = WEEKDAYS[g[-1].lower()]
            back = (pub.weekday() - wd) % 7
            if rid == "date.weekday" and g[0] and g[0].lower() == "last" and back == 0:
                back = 7
            return pub - dt.timedelta(days=back), "day"
        if rid == "date.yesterday":
            return pub - dt.timedelta(days=1), "day"
        if rid == "date.today":
            return pub, "day"
        if rid == "date.days_ago":
            n = _SMALL.get(g[0].lower()) or int(g[0])
            return pub - dt.timedelta(days=n), "day"
        if rid == "date.last_week":
            return pub - dt.timedelta(days=7), "week"
        if rid == "date.holiday":
            mon, day = _HOLIDAYS[g[0].lower().replace("’", "'")]
            d = dt.date(pub.year, mon, day)
            return (d if d <= pub else d.replace(year=pub.year - 1)), "day"
        if rid == "date.weeks_ago":
            n = _SMALL.get(g[0].lower()) or int(g[0])
            return pub - dt.timedelta(days=7 * n), "week"
    except (ValueError, KeyError):
        return None
    return None
