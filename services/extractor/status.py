"""Status of what a report tells: is an event new, or history, a total, a denial, a threat?

Per mention, the cue tables of ``cues.yaml`` decide (``negation``): one status per mention,
with the id of the cue that set it. Per report, the lead decides how the rest is read: a story
whose first event words are history, a denial or a total ("Ten years after the hospital
strike...", "Army denies shelling school", "Monitor: 92 civilians killed in June") tells of
that, and an event in its body that names no day of its own is the same story, not news.

``pipeline`` labels each sentence; ``events`` groups them; ``frame`` runs on the events.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from services.extractor.events import Event, SentInfo, event_place, place_of
from services.extractor.gazetteer import Gazetteer, Place
from services.extractor.negation import month_end, names_event, other_date, said_date
from services.extractor.text import fold

#: The statuses an incident or a mention may carry. Only ``asserted`` (and, flagged,
#: ``reported_by_one_side``) raise alerts; the others are kept as background.
STATUSES = (
    "asserted",
    "reported_by_one_side",
    "negated",
    "denied",
    "hypothetical",
    "historical",
    "aggregate",
    "refuted",
    "corrected",
    "denied_by_accused",
)
#: The status each cue kind gives the event words it governs.
CUE_STATUS = {
    "negation": "negated",
    "denial": "denied",
    "hypothetical": "hypothetical",
    "non_event": "negated",
    "background": "historical",
    "cumulative": "aggregate",
    "aggregate": "aggregate",
}
#: A body event is today's news, whatever its lead, when it names a day this close to
#: publication (days).
FRESH_DAYS = 2
LEAD_RULE = "status.lead"


@dataclass(frozen=True)
class Lead:
    """The report's lead when it tells of no new event: its status, cue, and place."""

    status: str
    rule: str
    place: Place | None


def lead_of(infos: list[SentInfo]) -> Lead | None:
    """The report's lead (the first sentence with event words, live or not) when it tells of
    no new event, else None."""
    for info in infos:
        said = None
        if info.triggers and info.cumulative:
            said = ("aggregate", info.cumulative)
        elif info.triggers:
            if info.background is None:
                return None
            said = (info.bg_status or "historical", info.background)
        elif info.cancelled is not None:
            said = info.cancelled
        if said is not None:
            m = place_of(info)
            return Lead(said[0], said[1], m.place if m is not None else None)
    return None


def frame(events: list[Event], lead: Lead | None, published: dt.date, gaz: Gazetteer) -> None:
    """Read the body in the lead's light: an event at the lead's place (or placed nowhere)
    that names no day close to publication retells the lead's story; it takes the lead's
    status and becomes background. An event somewhere else is news of its own; after a lead
    placed nowhere, so is a placed event that does not refer back to it."""
    if lead is None:
        return
    for ev in events:
        if ev.background or _fresh(ev, published):
            continue
        m = event_place(ev, gaz)
        if m is not None and (
            not _within(m.place, lead.place) if lead.place is not None
            else ev.sents[0].referring is None  # a lead placed nowhere: only what refers back
        ):
            continue
        ev.background = True
        ev.status, ev.status_rule = lead.status, f"{LEAD_RULE}:{lead.rule}"


#: In a report that tells of news, an event dated more than this many days before publication is
#: recalled, not new: it was news when it happened ("On May 18, militants killed ...").
RECALL_DAYS = 6
RECALL_RULE = "status.recalled"


#: An event dated, year and all, more than this many days before publication is history
#: whatever the report leads with: "in March 2023", "on 3 October 2015" (a court case, an
#: investigation, a commemoration long after).
PAST_DAYS = 30
PAST_RULE = "status.long_past"


def recall(events: list[Event], infos: list[SentInfo], published: dt.date) -> None:
    """A report tells events dated long before it as history. One that tells of news (an event
    of the last days, or one it names no day for, which is the report's day) tells its older
    dated events as background too, while a report whose every event is a few days old ("on
    28 April, gunmen killed a teacher", told on 6 May) keeps them."""
    live = [ev for ev in events if not ev.background]
    for ev in live:
        if _old(ev, published, PAST_DAYS, spelled=True):
            ev.background, ev.status, ev.status_rule = True, "historical", PAST_RULE
    live = [ev for ev in live if not ev.background]
    if live and _leads_with_aftermath(infos) and all(
            _old(ev, published, RECALL_DAYS, weeks=True) for ev in live):
        # "Mourners bury victims of last week's bombing", "Toll from last week's strike rises
        # to 19": what the report leads with came after every event it tells
        for ev in live:
            ev.background, ev.status, ev.status_rule = True, "historical", AFTERMATH_RULE
        return
    old = [ev for ev in live if _old(ev, published, RECALL_DAYS)]
    if not old or len(old) == len(live) or not _leads_with_news(infos, published):
        return
    for ev in old:
        ev.background, ev.status, ev.status_rule = True, "historical", RECALL_RULE


AFTERMATH_RULE = "status.aftermath"
#: The headline and the lead: where a report says what it is about.
LEAD_SENTENCES = 2


def _leads_with_aftermath(infos: list[SentInfo]) -> bool:
    """The report's headline or lead tells what came after an event: its dead buried, a curfew,
    its toll risen."""
    return any(m.kind == "cue" and m.entry.kind in ("aftermath", "toll_rise")
               for info in infos[:LEAD_SENTENCES] for m in info.matches)


def _leads_with_news(infos: list[SentInfo], published: dt.date) -> bool:
    """The report's first event words tell of no total, no history and no old date."""
    lead = next((i for i in infos if i.triggers), None)
    if lead is None or lead.background is not None or lead.cumulative:
        return False
    return not any(_old_date(d, published, RECALL_DAYS) for d in lead.dates)


def _old(ev: Event, published: dt.date, days: int, spelled: bool = False,
         weeks: bool = False) -> bool:
    """Every date the event's sentences name lies more than ``days`` before publication (with
    ``spelled``, each names its year: "in March 2023", not a "14 February" whose year is
    guessed)."""
    dates = [(d, info) for info in ev.sents if info.triggers for d in _dating(info)]
    return bool(dates) and all(
        _old_date(d, published, days, _part_end(d, info), weeks)
        and (not spelled or _names_year(d, info))
        for d, info in dates)


#: The last day of the part of a month a date names: "early July" is over by the 10th.
_PART_END = {"early": 10, "mid": 20}


def _part_end(d, info: SentInfo) -> int | None:
    a = d.start - info.sent.start
    word = info.sent.text[a : a + 5].lower()
    return next((day for part, day in _PART_END.items() if word.startswith(part)), None)


def _dating(info: SentInfo) -> list:
    """The dates of a sentence that date its event words, not another thing ("the railway, which
    was built in 1913")."""
    folded, start = fold(info.sent.text), info.sent.start
    named = [d for d in info.dates if any(names_event(d, t, folded, start) for t in info.triggers)]
    if named:  # "the March 2016 bombing": that date is the event's, whatever else is named
        return named
    t = info.triggers[0]
    own = [d for d in info.dates if not other_date(d, t, folded, start)]
    # "the watchdog said on Thursday that ... in February 2018": Thursday is when it was said,
    # though a day said alone still dates what was said
    told = [d for d in own if not said_date(d, info.matches, start)]
    return told or own


_YEAR = re.compile(r"\d{4}")


def _names_year(d, info: SentInfo) -> bool:
    a = d.start - info.sent.start
    return _YEAR.search(info.sent.text, a, d.end - info.sent.start) is not None


def _old_date(d, published: dt.date, days: int, part_end: int | None = None,
              weeks: bool = False) -> bool:
    """The date (a day, or the last day of a month, of its part ``part_end``, or of a year)
    lies ``days`` before publication; with ``weeks``, "last week" and "two weeks ago" count as
    days too (elsewhere "last week" may open a battle still going on)."""
    horizon = published - dt.timedelta(days=days)
    if d.precision == "day" or (weeks and d.precision == "week"):  # "last week": 7 days back
        return d.date < horizon
    if d.precision == "month":  # "in July", told in August: the whole month is past
        if part_end is not None:  # "in early July", told on 3 August: over by 10 July
            return d.date.replace(day=part_end) <= horizon
        return month_end(d.date) <= horizon
    if d.precision == "year":
        return dt.date(d.date.year, 12, 31) <= horizon
    return False


#: A headline that names its piece as comment or background rather than news ("Analysis: how
#: drones remade the war", "Explainer: who controls El Fasher?", "Opinion: ..."): the events it
#: tells are its material, not news, unless one names a day close to publication.
_GENRE = re.compile(r"\s*(?:analysis|opinion|explainer|commentary|comment|editorial|factbox|"
                    r"fact\s+box|q\s*&\s*a|op-ed|review|timeline)\s*[:|\u2013\u2014-]", re.I)
GENRE_RULE = "status.genre"


def genre(events: list[Event], text: str, published: dt.date) -> None:
    """Events of a comment or an explainer (its headline says which) are background."""
    if not _GENRE.match(text):
        return
    for ev in events:
        if not ev.background and not _fresh(ev, published):
            ev.background, ev.status, ev.status_rule = True, "historical", GENRE_RULE


def retold(events: list[Event], gaz: Gazetteer) -> None:
    """A report that refutes an event at a place tells any claim of an event there as the one it
    refutes: "Reports said the hospital was struck. Rescuers said the strike hit a warehouse." """
    refuted = [ev for ev in events if ev.status == "refuted"]
    if not refuted:
        return
    places = [m.place for ev in refuted if (m := event_place(ev, gaz)) is not None]
    # a refutation placed nowhere ("the air strike had actually hit a warehouse outside the
    # town") refutes what the report told before it
    unplaced = min((ev.sents[0].sent.start for ev in refuted if event_place(ev, gaz) is None),
                   default=-1)
    for ev in events:
        if ev.background:
            continue
        m = event_place(ev, gaz)
        if m is None or ev.sents[0].sent.start < unplaced or any(m.place.id == p.id or (
                p.precision != "town" and _within(m.place, p)) for p in places):
            src = refuted[0]
            ev.background, ev.status, ev.status_rule = True, "refuted", src.status_rule
            for info in ev.sents:
                info.said = info.said or next(
                    (i.said for i in src.sents if i.said is not None), None)


def _within(p: Place, lead: Place) -> bool:
    """``p`` lies where the lead is: the same province, or the lead's whole country."""
    if p.country != lead.country:
        return False
    return lead.precision == "country" or p.admin1 == lead.admin1


def _fresh(ev: Event, published: dt.date) -> bool:
    """The event names a day close to publication; a day that only says when something was said
    ("a rights group said today in a new report") is not the event's."""
    return any(
        d.precision == "day" and 0 <= (published - d.date).days <= FRESH_DAYS
        and not _said_only(d, info)
        for info in ev.sents
        for d in info.dates
    )


def _said_only(d, info: SentInfo) -> bool:
    """The day says when something was said, and names no event word right before it ("said
    the air strike on Tuesday" still dates the strike)."""
    return said_date(d, info.matches, info.sent.start) and not any(
        0 <= d.start - t.end <= 4 for t in info.triggers)
