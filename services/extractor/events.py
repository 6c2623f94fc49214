"""Events: sentences grouped into the events they describe.

A sentence with live triggers joins the event at the same place (same gazetteer entry, within
``SAME_PLACE_KM``, or in the province the headline names by its seat), else starts a new one; a
following sentence that only adds casualties joins the current event. Each sentence's place is
its most specific, earliest, best-matched mention.
``pipeline`` fills ``SentInfo``; ``assemble`` turns each ``Event`` into an Incident.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from services.extractor.dates import DateMention
from services.extractor.gazetteer import Gazetteer, distance_km
from services.extractor.geocode import Mention
from services.extractor.lexicon import Match
from services.extractor.negation import said_date
from services.extractor.numbers import Count
from services.extractor.text import Sentence, fold

#: Two places further apart than this are two events: two different towns named in one report
#: are two ACLED events even when close (neighbouring villages lie 5-15 km apart).
SAME_PLACE_KM = 5.0
PRECISION_RANK = {"town": 3, "district": 2, "province": 1, "country": 0}


@dataclass
class SentInfo:
    sent: Sentence
    matches: list[Match]
    places: list[Mention]
    dates: list[DateMention]
    counts: list[Count]
    triggers: list[Match]
    background: str | None = None
    cumulative: str | None = None
    no_casualties: Match | None = None
    #: where a trigger of the sentence refers back to an event already told ("the strike")
    referring: int | None = None
    #: (status, cue id) of event words the sentence holds that tell of no new event: denied,
    #: negated, hypothetical ("the ministry denied its jets struck the clinic")
    cancelled: tuple[str, str] | None = None
    #: the status a background sentence gives its event (historical unless it refutes)
    bg_status: str | None = None
    #: a denial by the accused or a refutation the sentence holds (``corrections``)
    said: Any = None
    #: a toll the sentence states as revised or risen (``corrections``)
    revised: Any = None
    #: the sentence opens on a share of a total told before it ("Most died in air strikes")
    partitive: bool = False
    #: a headline joined to the body's event it tells: its town ranks below the body's
    joined_headline: bool = False
    #: the sentence tells an act that came after the event already told, or answered it ("air
    #: strikes carried out after the attack"): a new event, not a retelling (``follow_up``)
    follow_up: bool = False
    #: the sentence is (part of) the report's headline
    headline: bool = False
    #: the sentence says where the event told happened ("The incident occurred in Tillaberi")
    states_place: bool = False


@dataclass
class Event:
    sents: list[SentInfo] = field(default_factory=list)
    background: bool = False
    #: why the event is no new event (status.STATUSES), and the cue or rule that said so
    status: str = "asserted"
    status_rule: str | None = None

    @property
    def triggers(self) -> list[Match]:
        return [t for s in self.sents for t in s.triggers]


_CLAUSE_COMMA = re.compile(r",(?!\d{3}\b)|(?<!\d),")


def same_segment(a: int, b: int, info: SentInfo, sent_folded: str) -> bool:
    """No comma between two offsets of a sentence: "X, which was hit in 2017, was shelled"."""
    lo, hi = sorted((a, b))
    between = sent_folded[lo - info.sent.start : hi - info.sent.start]
    # a comma inside a figure ("1,200") breaks no clause
    return "," not in between or _CLAUSE_COMMA.search(between) is None


def segment(trigger: Match, ms: list[Match], info: SentInfo, sent_folded: str) -> list[Match]:
    return [m for m in ms if same_segment(m.start, trigger.start, info, sent_folded)]


#: Preference for finer places when choosing an event's location, in score points.
PRECISION_BONUS = {"town": 4.0, "district": 3.0, "province": 1.0, "country": 0.0}
#: Penalty per earlier place in the sentence: the first place is the most specific in "in X in Y
#: in Z" and "in X (District, Province)".
ORDER_PENALTY = 1.0
SCORE_WEIGHT = 0.5
#: A name after "in"/"near"/"at" is where something happened; a bare capitalised name that
#: happens to match a town ("Street Day protest in X") is less likely the event's place.
PREP_BONUS = 1.5
#: A landmark the event is placed against ("Sirwah district west of Marib city") is the event's
#: place only when nothing else is named.
REFERENCE_PENALTY = 3.0


def place_of(info: SentInfo) -> Mention | None:
    """The sentence's best place: well-matched, fine-grained, and early ("in X (District, Y)")."""
    best = None
    # a country is the event's place only when the sentence names nothing finer ("in northwestern
    # Yemen (Razih, Sadah)"); its high score (a named country) must not outrank the district
    finer = any(m.place.precision != "country" for m in info.places)
    for order, m in enumerate(info.places):
        if finer and m.place.precision == "country":
            continue
        key = SCORE_WEIGHT * m.score + PRECISION_BONUS[m.place.precision] - ORDER_PENALTY * order
        if m.prep:
            key += PREP_BONUS
        if m.reference:
            key -= REFERENCE_PENALTY
        if best is None or key > best[0]:
            best = (key, m)
    return best[1] if best else None


def group(infos: list[SentInfo], gaz: Gazetteer, published: dt.date) -> list[Event]:
    events: list[Event] = []
    headline_end = _headline_end(infos)
    for info in infos:
        info.headline = info.sent.end <= headline_end
        info.states_place = bool(info.places) and _PLACE_STATEMENT.match(info.sent.text) is not None
    places: dict[int, Mention | None] = {}  # id(event) -> its place, until it grows

    def place_of_event(ev: Event) -> Mention | None:
        if id(ev) not in places:
            places[id(ev)] = event_place(ev, gaz)
        return places[id(ev)]

    current: Event | None = None
    prev: SentInfo | None = None
    for info in infos:
        if info.triggers and (info.cumulative or _carries_period(prev, info)):
            # a running total over weeks is not one event; what carries it goes on counting it
            info.cumulative = info.cumulative or prev.cumulative
            prev = info
            continue
        if info.triggers:
            bg = info.background is not None
            place = place_of(info)
            # a dateline says where the story was filed: it anchors no event of its own
            anchor = None if place is not None and place.dateline else place
            separate = _opens_separately(info) or info.follow_up
            # "Separately, the two sides exchanged fire": another event, whatever refers back
            target = None if separate else _referred(events, info, anchor, current)
            status = info.bg_status or "historical"
            if target is not None and bg and not target.background and all(
                    s.headline for s in target.sents):
                # "Somalia pledges compensation to families of truck bomb victims" over a lead
                # on the bombing's anniversary: the headline tells the lead's history
                target.background = True
                target.status, target.status_rule = status, info.background
            elif target is not None and bg and not target.background:
                # "The ceasefire aims to revive a deal that collapsed after fighting": the word
                # that refers back is the live event's, the history told after it is not
                info.triggers = [t for t in info.triggers if t.start == info.referring]
            if target is None and info.revised is not None and not bg and not separate and (
                    current is not None and not current.background):
                target = current  # "the toll had risen to five, rescuers in Idlib province
                # said": the toll of the event told, wherever its tellers are
            if target is not None and info.bg_status == "refuted" and target.status != status:
                target = None  # a refutation that refers back is no retelling of the claim
            for ev in events if target is None and anchor is not None and not separate else ():
                if ev.background != bg or (bg and ev.status != status):
                    continue
                p = place_of_event(ev)
                if p is None or p.dateline:
                    continue
                if near(p, anchor, gaz, headline_end) and _same_day(
                    ev, info, published, headline_end
                ):
                    target = ev
                    break
            if target is None and current is not None and not separate and (
                current.background == bg) and (not bg or current.status == status):
                cur = place_of_event(current)
                if (anchor is None or cur is None or (
                    cur.dateline and _same_type(current, info)
                )) and _same_day(current, info, published, headline_end):
                    target = current  # placed nowhere (or the event nowhere): more of it,
                    # unless it names another day ("... was hit by shells on Saturday")
            if target is None and current is not None and current.background and (
                not bg and anchor is None and not info.dates
            ):
                target = current  # placed and dated nowhere, after history: more of that story
            if target is None:
                target = Event(background=bg)
                if bg:
                    target.status, target.status_rule = status, info.background
                events.append(target)
            target.sents.append(info)
            places.pop(id(target), None)
            current = target
        elif current is not None and not current.background and info.states_place:
            current.sents.append(info)  # "The incident occurred in Tillaberi": where it was
            places.pop(id(current), None)
        elif current is not None and not current.background and (info.counts or info.no_casualties):
            if not info.cumulative and not info.background and not _carries_period(prev, info):
                current.sents.append(info)
        if info.triggers or info.counts or info.cumulative:
            prev = info  # a sentence that tells nothing to count ("Nineveh was worst hit")
            # does not end the running total told before it
    return _headlines_told(events, infos, headline_end, gaz)


def _headlines_told(events: list[Event], infos: list[SentInfo], headline_end: int,
                    gaz: Gazetteer) -> list[Event]:
    """A headline that names no day tells the story of the body's first event of its kind:
    - when that event is history, a denial or a total, so is the headline's, if near it
      ("Inquiry names pilots who bombed clinic" over a body on a strike of last year);
    - when the body first tells of its kind as a running total, the headline sums up that
      total ("Fighting has displaced 80,000" over "Fighting ... has forced 80,000 from their
      homes over the past month");
    - when it is news in the same province, however far the headline's town lies from the
      body's, it is one event ("Junta air strike kills 11 in Sagaing village" over a strike on
      a village of Kanbalu township, in Sagaing region), whose place is the body's."""
    events = [e for e in events if e.triggers]
    if not headline_end:
        return events
    out = list(events)
    for head in events:
        if head.background or any(s.sent.start >= headline_end or s.dates
                                  for s in head.sents if s.triggers):
            continue  # a headline that names a day tells news of that day
        kinds = {t.entry.event_type for t in head.triggers}
        total = _told_as_total(kinds, infos, headline_end)
        if total is not None:
            head.background, head.status, head.status_rule = True, "aggregate", total
            continue
        body = next((ev for ev in out if ev.sents[0].sent.start >= headline_end
                     and any(t.entry.event_type in kinds for t in ev.triggers)), None)
        if body is None:
            continue
        here, there = event_place(head, gaz), event_place(body, gaz)
        if body.background:
            if here is not None and there is not None and not near(
                    there, here, gaz, headline_end):
                continue
        elif here is None or there is None or here.place.admin1 is None or (
                (here.place.country, here.place.admin1)
                != (there.place.country, there.place.admin1)):
            continue
        else:
            for info in head.sents:
                info.joined_headline = True
        body.sents[0:0] = head.sents
        out.remove(head)
    return out


def _told_as_total(kinds: set[str], infos: list[SentInfo], headline_end: int) -> str | None:
    """The cue of a running total, when the body's first sentence that tells of an event of
    these kinds tells it as one."""
    for info in infos:
        if info.sent.start >= headline_end and any(
                t.entry.event_type in kinds for t in info.triggers):
            return info.cumulative
    return None


#: A determiner before an event noun that points back to an event already told ("the strike",
#: "this attack", "the deadly air raid"): up to two words between them.
#: ("that" is left out: far more often a relative pronoun, "a strike that killed", than a
#: determiner.)
#: The words between are modifiers, no verb of saying ("the army said air strikes killed 30" opens a
#: clause) and no preposition ("the arrival of injured" names no injured told before).
_REFERRING = re.compile(
    r"\b(?:the|this|these|those|such)\s+"
    r"(?:(?!(?:said|says|say|told|tells|reported|reports|added|adds|claimed|claims|stated|of|in"
    r"|on|at|to|for|from|by|with|and|or|was|were|is|are|has|have|had)\s)"
    r"[a-z'-]+\s+){0,2}$")
#: A past-tense verb opening a trigger ("exchanged fire", "attacked an army post", "shelled").
_PAST_VERB = re.compile(r"[a-z]+ed\b")
#: How far before a trigger its determiner may stand, in characters.
REFER_REACH = 30


def referring(trigger: Match, sent_folded: str, sent_start: int) -> bool:
    """The trigger is a definite event noun that refers back: "the attack came hours after". A
    trigger that opens on a verb ("the two sides exchanged fire") is told by its own subject."""
    a = trigger.start - sent_start
    if _PAST_VERB.match(sent_folded, a) and not trigger.entry.id.startswith(CASUALTY_TRIGGER):
        return False  # ("the wounded", "the dead": the victims of the event told)
    return _determiner(sent_folded, a) is not None


def _determiner(sent_folded: str, a: int) -> re.Match[str] | None:
    """The determiner that points an event word at offset ``a`` back ("the deadly attack")."""
    return _REFERRING.search(sent_folded, max(0, a - REFER_REACH), a)


#: What makes an event word that refers back the one a new act followed or answered: "after the
#: attack", "in response to the shelling", "to avenge the killing".
_FOLLOWING = re.compile(
    r"\b(?:after|following|in[ \t]+response[ \t]+to|in[ \t]+retaliation[ \t]+for|in[ \t]+revenge"
    r"[ \t]+for|to[ \t]+avenge|in[ \t]+reprisal[ \t]+for)[ \t]+$")


def follow_up(info: SentInfo, sent_folded: str) -> bool:
    """The sentence's word that refers back ("the attack") follows "after" or "in response to",
    and an event word of its own, a strike or an assault, stands before it: "the army said air
    strikes carried out after the attack killed 30" tells of the strikes."""
    head = _determiner(sent_folded, info.referring - info.sent.start)
    if head is None or not _FOLLOWING.search(sent_folded, 0, head.start()):
        return False
    return any(t.start < info.referring and _strikes(t) for t in info.triggers)


#: An act told as the answer to one already told, named only by the answer: "fired rockets in
#: response". ("Retaliated with bombardment" more often opens a whole campaign, told as history.)
_ANSWER = re.compile(
    r"\bin[ \t]+(?:response|retaliation|reprisal|revenge)\b(?![ \t]+(?:to|for)\b)")


def answers(info: SentInfo, sent_folded: str) -> bool:
    """The sentence tells a strike or an assault as an answer to what came before ("Hezbollah
    said its fighters fired rockets at an army post in response"): a new event."""
    return _ANSWER.search(sent_folded) is not None and any(_strikes(t) for t in info.triggers)


#: The acts a follow-up can be: a strike or an assault answering an attack. A protest's arrests
#: "right after the protest" are its intervention, one event (ACLED's coding).
_STRIKING = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def _strikes(t: Match) -> bool:
    """An event word of a strike or an assault, no mere casualty word."""
    return not t.entry.id.startswith(CASUALTY_TRIGGER) and t.entry.event_type in _STRIKING


def _referred(
    events: list[Event], info: SentInfo, anchor: Mention | None, current: Event | None
) -> Event | None:
    """The event a sentence that refers back ("the strike", with no day of its own) retells: the
    last one told, history included (a report's "the attack" after an anniversary is that
    attack). A place of another province named after the trigger ("the shelling of Mhardeh")
    tells of a new event; one named before it belongs to the rest of the sentence ("families met
    officials in Damascus to ask why the attack happened"). A day that only says when something
    was said ("the toll had risen to 14, officials said on Tuesday") is no day of its own; one
    that is still retells an event whose only day is when it was said ("killed 10, officials
    said Monday. The missiles hit late Sunday")."""
    if current is None or info.referring is None:
        return None
    if any(d.precision != "day" for d in info.dates) or told_day(info) is not None and any(
            told_day(s) is not None for s in current.sents):
        return None
    if info.states_place:
        return current  # "The ambush took place in Tillaberi": where the event told happened
    earlier = _with_target(events, info, current)
    if earlier is not None:
        return earlier  # "The aircraft struck the school": the school strike, not the latest
    cur = next((m for s in reversed(current.sents) for m in reversed(s.places)), None)
    if anchor is not None and cur is not None and anchor.start > info.referring and (
        (anchor.place.country, anchor.place.admin1) != (cur.place.country, cur.place.admin1)
    ):
        return None
    return current


#: How far after the event word that refers back its target may stand, in characters.
TARGET_REACH = 30


def _with_target(events: list[Event], info: SentInfo, current: Event) -> Event | None:
    """The earlier live event whose target the retelling names, when the latest has none such:
    after "a school was bombed in Kani ... a drone hit a house in Taze", "The aircraft struck
    the school" retells Kani's."""
    # the target the retold event word acts on, a few words after it: "struck the school"
    named = {m.entry.id for m in info.matches if m.kind == "target"
             and 0 <= m.start - info.referring <= TARGET_REACH}
    if not named:
        return None

    def has(ev: Event) -> bool:
        return any(m.kind == "target" and m.entry.id in named for s in ev.sents for m in s.matches)

    if has(current):
        return None
    return next((ev for ev in reversed(events)
                 if ev is not current and not ev.background and has(ev)), None)


#: Triggers that are only casualty words ("were killed"), no event word.
CASUALTY_TRIGGER = "trig.casualty"


def _carries_period(prev: SentInfo | None, info: SentInfo) -> bool:
    """A bare toll right after a running total goes on counting its period ("Shelling went on
    all through the last month. Some 300 died."), and so do a share of it ("Most died in air
    strikes") and figures placed nowhere ("39 clinics were bombed"), unless it names a day."""
    if prev is None or prev.cumulative is None or info.dates:
        return False
    if info.partitive or not info.places:
        return True  # a share of it, or more figures told nowhere: "39 clinics were bombed"
    # a sentence with an event word of its own ("an air strike killed 3") tells of an event
    return all(t.entry.id.startswith(CASUALTY_TRIGGER) for t in info.triggers)


def _opens_separately(info: SentInfo) -> bool:
    """The sentence opens on a cue that it tells another event ("Separately, ...", "In a
    separate incident, ...", "Elsewhere, ..."): never more of the one before, however near."""
    return any(m.kind == "cue" and m.entry.kind == "separate"
               and m.start - info.sent.start <= 2 for m in info.matches)


def _same_type(ev: Event, info: SentInfo) -> bool:
    kinds = {t.entry.event_type for t in ev.triggers}
    return any(t.entry.event_type in kinds for t in info.triggers)


def _headline_end(infos: list[SentInfo]) -> int:
    """Where the report's headline ends: a first line with no full stop, before the body."""
    if len(infos) < 2:
        return 0
    first = infos[0].sent.text.rstrip()
    return infos[0].sent.end if first and first[-1] not in ".!?" else 0


def told_day(info: SentInfo) -> dt.date | None:
    """The first day the sentence names that is not when something was said."""
    return next((d.date for d in info.dates if d.precision == "day"
                 and not said_date(d, info.matches, info.sent.start)), None)


def _day(info: SentInfo):
    return next((d.date for d in info.dates if d.precision == "day"), None)


#: A body sentence that names no day tells of a day up to this many days before publication.
UNDATED_DAYS = 2


def _same_day(ev: Event, info: SentInfo, published: dt.date, headline_end: int) -> bool:
    """No two different days: "On June 29, shelling killed two in X" is not today's strike on X.
    A body sentence that names no day tells of the report's day or one of the ``UNDATED_DAYS``
    before it; a headline names no day at all. A toll revised ("by Tuesday the toll had risen
    to 15") counts the dead of a day told before: its own day is when it was counted."""
    day = _day(info)
    if day is None or info.revised is not None:
        return True
    days: set[dt.date] = set()
    undated = False
    for s in ev.sents:
        if not s.triggers:
            continue
        d = _day(s)
        if d is not None:
            days.add(d)
        elif s.sent.start >= headline_end:
            undated = True
    if not days and undated:
        # an event that names its day keeps it: an undated retelling ("Shells crashed into
        # homes") is of that day, not of any day of the report's week
        days.update(published - dt.timedelta(days=k) for k in range(UNDATED_DAYS + 1))
    if days and day > max(days) and not info.places and all(
            t.entry.id.startswith(CASUALTY_TRIGGER) for t in info.triggers):
        return True  # the dead counted a day later, placed nowhere ("This morning we counted
        # 19 dead"): the toll of the event told, not a new one
    return not days or day in days


def near(a: Mention, b: Mention, gaz: Gazetteer, headline_end: int = 0) -> bool:
    """Whether ``b`` is where the event placed at ``a`` happened. A province's seat in the
    report's first sentence (before ``headline_end``) stands for its province: a headline's
    "Idlib"; in the body, the city is a place of its own."""
    if a.place.id == b.place.id:
        return True
    if "town" not in (a.place.precision, b.place.precision):
        return True
    if "country" in (a.place.precision, b.place.precision) and a.place.country == b.place.country:
        return True  # a headline's "in Syria" and the body's town: the event the country stood for
    same_area = (a.place.country, a.place.admin1) == (b.place.country, b.place.admin1)
    if same_area and "province" in (a.place.precision, b.place.precision):
        return True  # a town in the province (however large the province)
    if same_area and a.start < headline_end and gaz.seat_province(a.place):
        return True  # "strike on Idlib" and a village of Idlib province
    return distance_km(a.place, b.place) <= max(SAME_PLACE_KM, a.place.radius_km, b.place.radius_km)


#: How far a joined headline's place ranks below the body's of the same precision.
HEADLINE_PENALTY = 0.25
#: How far a dateline's place ranks below the event's other places (more than any precision gap).
DATELINE_PENALTY = 100.0


def event_place(ev: Event, gaz: Gazetteer) -> Mention | None:
    """The event's most precise place; a province's seat ranks below the province's other towns
    (a headline's "Idlib" stands for the province its body's village lies in), and a dateline
    (where the story was filed) below every place the event's sentences name otherwise."""
    best, best_rank = None, -math.inf
    for info in ev.sents:
        if not info.triggers and not info.states_place:
            continue
        m = place_of(info)
        if m is None:
            continue
        rank = PRECISION_RANK[m.place.precision] - (0.5 if gaz.seat_province(m.place) else 0.0)
        if info.states_place:
            rank += STATED_BONUS
        if info.joined_headline:
            rank -= HEADLINE_PENALTY
        if m.dateline:
            rank -= DATELINE_PENALTY
        if rank > best_rank:
            best, best_rank = m, rank
    if best is not None and best_rank < PRECISION_RANK["town"]:
        return _refined(ev, best) or best
    return best


#: A sentence that says where the event told happened ("The incident occurred in Tillaberi",
#: "The ambush took place near Banibangou"): its place ranks above others of its precision.
_PLACE_STATEMENT = re.compile(
    r"[\s\"'(]*(?:the|this|that)\s+(?:[a-z-]+\s+)?(?:incident|attack|strike|ambush|raid|bombing|"
    r"blast|explosion|shelling|assault|killings?|massacre|clash(?:es)?|fighting)\s+(?:occurred|"
    r"took\s+place|happened|unfolded|was\s+carried\s+out)\s+(?:in|near|at|outside)\b", re.I)
STATED_BONUS = 1.0


#: A sentence that opens on the event told before, with no event word of its own matched ("The
#: strikes on the hospital in Kafr Nabl wounded two nurses").
_BACK_OPENING = re.compile(
    r"[\s\"'(]*(?:the|these|those|this|that)\s+(?:[a-z-]+\s+)?(?:strikes?|attacks?|shelling|"
    r"bombings?|bombardment|raids?|blasts?|explosions?|assault)\b")


def _refined(ev: Event, best: Mention) -> Mention | None:
    """A town inside the event's province or district, named by a later sentence that goes on
    telling the same event ("Air strikes hit a hospital in Idlib province. The strikes on the
    hospital in Kafr Nabl wounded two nurses."): the event's finer place."""
    for info in ev.sents:
        if info.triggers or not _BACK_OPENING.match(fold(info.sent.text)):
            continue
        m = place_of(info)
        if (m is not None and m.place.precision == "town" and not m.dateline
                and (m.place.country, m.place.admin1) == (best.place.country, best.place.admin1)):
            return m
    return None
