"""The pure core: ``extract(report, resources, now) -> list[Incident]``.

Stages: match lexicons and find places and dates over the whole text; per sentence, keep the
triggers that are not negated, denied, hypothetical, diplomacy, everyday crime or running totals
(this module); group sentences into events (``events``), one per listed place where ACLED split
an event over the places it lists (``listed``); assemble one Incident per event with
evidence (sentence, span, rule ids) for every field (``assemble``). ``now`` only stamps
``extracted_at``.
The caller (the faust agent, or the CLI) publishes the incidents.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from schemas.incident import Evidence, Incident, ReportSource
from schemas.report import Report
from services.extractor import corrections, negation, status
from services.extractor.assemble import assemble
from services.extractor.clutter import clutter_lines, clutter_sentences
from services.extractor.dates import dateline_date, find_dates
from services.extractor.distributed import split_distributed
from services.extractor.events import (
    CASUALTY_TRIGGER,
    SentInfo,
    answers,
    follow_up,
    group,
    referring,
    same_segment,
    segment,
    told_day,
)
from services.extractor.gazetteer import Gazetteer
from services.extractor.geocode import Mention, attacker_word, locate
from services.extractor.lexicon import Match
from services.extractor.listed import split_listed
from services.extractor.numbers import SPLIT_WORDS, counts
from services.extractor.protests import thrown_projectiles
from services.extractor.resources import Resources
from services.extractor.text import POSSESSIVE_ENDINGS, fold, sentences, title_end, tokens

MONTH_LIKE = frozenset({"march", "may"})
_DIGIT = re.compile(r"[0-9]")
_NEXT_WORD = re.compile(r"[ -]+(\w+)")
#: What may stand between the names of a list of people: commas and spaces.
_NAME_GAP = re.compile(r"[\s,-]*")  # hyphens join a name: "Zia-ur-Rehman"
#: Lower-case words inside or between people's names.
_NAME_JOINERS = frozenset("and al el bin ibn abu bint ad as ar ash at az ul ur".split())
#: Triggers at or below this priority (generic attacks, arrests, looting, agreements) also name
#: everyday crime and politics: a non-conflict cue in their sentence cancels them.
EVERYDAY_PRIORITY = 50
CIVIL_ACTORS = frozenset({"act.police", "act.riot_police", "act.protesters"})


def extract(report: Report, resources: Resources, now: dt.datetime) -> list[Incident]:
    text = report.text
    folded = fold(text)
    published = report.published_at.date()
    matches = resources.lexicon.match(folded)
    toks = tokens(text)
    head = title_end(text, report.title)
    sents = sentences(text, clauses=True, breaks=(head,) if head else ())
    named_countries = [m for m in matches if m.kind == "country"]
    # a country named right before a weapon or an attack verb is the attacker, as its demonym
    # would be: "in Iran missile strike", "Turkey shelled X" name no country the event is in
    named = {m.entry.iso for m in named_countries if not _attacker(folded, m.end)}
    countries = named | {
        m.entry.country for m in matches if m.kind == "actor" and m.entry.country}
    areas = {(m.entry.iso, a) for m in named_countries for a in m.entry.areas}
    tok_starts = [t.start for t in toks]
    blocked = set()
    for m in matches:
        if m.kind in ("actor", "target") and " " in folded[m.start : m.end]:
            for k in range(bisect.bisect_left(tok_starts, m.start), len(toks)):
                if toks[k].start >= m.end:
                    break
                blocked.add(toks[k].start)
    for m in matches:  # "the dead were identified as A, B and C": people, not villages
        if m.kind == "cue" and m.entry.kind == "people_list":
            blocked |= _named_people(text, toks, bisect.bisect_left(tok_starts, m.end))
    blocked |= _name_lists(text, toks, resources.given)
    mentions = locate(text, toks, resources.gazetteer, resources.stop, frozenset(blocked),
                      countries, named, areas, resources.common, resources.given)
    mentions = [m for m in mentions if m.place is not None and not _owner_country(m)]
    if not mentions:
        mentions = _scene_country(named_countries, resources.gazetteer, text)
    dates = find_dates(text, published)
    has_context = any(
        m.kind == "actor" or (m.kind == "cue" and m.entry.kind == "context") for m in matches
    )

    starts = [s.start for s in sents]
    infos = [SentInfo(s, [], [], [], [], []) for s in sents]
    _distribute(matches, starts, [i.matches for i in infos])
    _distribute(mentions, starts, [i.places for i in infos])
    _distribute(dates, starts, [i.dates for i in infos])
    for info in infos:  # a dateline dates the filing: the sentence's own day dates its event
        if len(info.dates) > 1 and dateline_date(text, info.dates[0]) and any(
                not negation.said_date(d, info.matches, info.sent.start) for d in info.dates[1:]):
            del info.dates[0]
    links = _link_lines(infos, folded) if any(
        m.kind == "cue" and m.entry.kind == "link" for m in matches) else set()
    links |= clutter_sentences(clutter_lines(text), starts)
    for k, info in enumerate(infos):
        if k in links:
            info.places = []
            continue  # a link to another story on the page, a caption, an embedded post
        s = info.sent
        a, b = bisect.bisect_left(tok_starts, s.start), bisect.bisect_left(tok_starts, s.end)
        # most sentences hold no number: skip the casualty parser for them
        if _DIGIT.search(text, s.start, s.end) or any(m.kind == "number" for m in info.matches):
            info.counts = _own_counts(
                counts(text, toks[a:b], info.matches), info.matches, text, s.start)
        if ", wh" in text[s.start : s.end]:
            _drop_asides(info, text)
        _triggers(info, text, folded, has_context, published)
        if k and info.triggers and _question(s.text):
            # a question in the body asks whether, or asks who tells of it: no event is told
            info.triggers, info.background = [], None
            info.cancelled = ("hypothetical", QUESTION_RULE)
        if any(m.kind == "cue" and m.entry.kind in corrections.CUE_KINDS for m in info.matches):
            _corrections(info, folded, text)
        if info.cumulative == RUNNING_PERIOD and told_day(info) is not None:
            info.cumulative = None  # "On 21 June, for the 37th consecutive week, worshippers
            # staged a sit-in": that day's protest, one of a series
        if info.counts and info.cumulative is None and _month_toll(info, folded, published):
            info.cumulative = "cas.month_toll"
        if info.counts and info.cumulative is None and _week_toll(info, folded):
            info.cumulative = "cas.week_toll"
        if info.counts and info.cumulative is None and _since_toll(info, folded):
            info.cumulative = "cas.since_date"
        if info.triggers and info.cumulative is None and not info.counts and _since_span(
                info, folded):
            info.cumulative = "cas.since_span"
        if info.counts and info.cumulative is None and any(
                c.kind == "killed" and c.value >= WAR_TOLL for c in info.counts):
            info.cumulative = "cas.war_toll"
        if info.triggers and info.cumulative is None and not info.dates and _counted_attacks(
                folded, s.start, s.end):
            info.cumulative = "cas.counted_attacks"
        if info.triggers and info.cumulative is None and _repeated(info, folded):
            info.cumulative = "cas.repeated"
        if info.triggers and info.cumulative is None and not info.counts and not any(
                d.precision == "day" for d in info.dates) and _HABITUAL.search(
                folded, s.start, s.end):
            info.cumulative = "cas.habitual"

    # a place a sentence let go (what a protest was against, a detail as first reported, an
    # earlier event's town) is no fallback for an event that names none
    kept = {id(m) for info in infos for m in info.places}
    mentions = [m for m in mentions if id(m) in kept]
    events = group(infos, resources.gazetteer, published)
    status.frame(events, status.lead_of(infos), published, resources.gazetteer)
    status.recall(events, infos, published)
    status.retold(events, resources.gazetteer)
    status.genre(events, report.title or text, published)
    out = []
    # the citation is the same for every incident of the report: validated once
    source = ReportSource(
        title=report.title, url=report.url, name=report.source, published_at=report.published_at
    )
    ends = _context_ends(events, len(text))
    split_cue = any(w in folded for w in SPLIT_WORDS)  # most reports split nothing: skip the scan
    for listed, end in zip(events, ends, strict=True):
        for ev in split_listed(listed, text) if split_cue else (listed,):
            for one in split_distributed(ev, text):
                inc = assemble(one, report, source, resources, mentions, dates, now, folded, end)
                if inc is not None and inc.incident_id not in {o.incident_id for o in out}:
                    out.append(inc)
    denials = [i for i in infos if i.said is not None and i.said.status == "denied_by_accused"]
    return _with_denials(out, denials, text) if denials else out


def _link_lines(infos: list[SentInfo], folded: str) -> set[int]:
    """Sentences that link to another story: opened by a link cue ("RELATED Another hospital
    hit ..."), or the line after a cue that stands alone ("Prev Post" / its headline)."""
    out: set[int] = set()
    for k, info in enumerate(infos):
        s = info.sent
        cue = next((m for m in info.matches if m.kind == "cue" and m.entry.kind == "link"
                    and m.start - s.start <= 1), None)
        if cue is None:
            continue
        out.add(k)
        alone = not folded[cue.end : s.end].strip(" \t:|-")
        if alone and k + 1 < len(infos):
            out.add(k + 1)
    return out


def _with_denials(incidents: list[Incident], denials: list[SentInfo], text: str) -> list[Incident]:
    """Every incident but a refuted one carries the report's denials by the accused party as
    evidence: they change no fact, a reader sees them on the alert."""
    items = [Evidence(field="denial", sentence=i.sent.text.strip(), start=i.said.cue.start,
                      end=i.said.cue.end, text=text[i.said.cue.start:i.said.cue.end],
                      rule_ids=i.said.rule_ids) for i in denials]
    return [inc if inc.status == "refuted" else
            inc.model_copy(update={"evidence": [*inc.evidence, *items]}) for inc in incidents]


#: A relative pronoun (and up to one word) before a casualty word: "the bombing that killed",
#: or a relative clause with its own subject: "the bombing in which more than 80 people died".
_RELATIVE_BEFORE = re.compile(
    r"\b(?:(?:that|which)\s+(?:[a-z]+\s+)?|(?:in|during)\s+which\s+(?:[a-z0-9,]+\s+){0,5})$")
#: A teller of the past event who goes on telling it: "had announced clashes, claiming it had
#: killed scores".
_SAYING_BEFORE = re.compile(r",\s+(?:saying|adding|claiming)\s+(?:that\s+)?(?:it|they|he|she)\s+"
                            r"(?:had\s+|has\s+|have\s+)?$")
#: Between two casualty words of one toll: "killed 31 people and wounded 70".
_SAME_TOLL = re.compile(r"[a-z0-9, ]{0,40}\band\s+(?:[a-z]+\s+)?")
_POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their)[ \t]+$")


def _dates_whole_clause(rule: str, ms: list[Match]) -> bool:
    """The background rule dates the event's words and what follows them: a year naming the
    event or a cue of unbounded reach ("last year's bombing"), not a cue that governs only the
    word next to it ("from previous fighting") nor a date that other words share."""
    if rule == "bg.year_named":
        return True
    return any(m.kind == "cue" and m.entry.id == rule and m.entry.reach is None for m in ms)


def _past_toll(live: list[Match], folded: str) -> bool:
    """The live triggers, all after the past event's words, are a toll in a relative clause of
    them ("the 2019 bombing that killed 31 and wounded 70", "last year's bombing, in which 80
    died"), or what the past report goes on to tell ("the army had announced clashes, claiming
    it had killed scores")."""
    prev = None
    for t in live:
        if not t.entry.id.startswith(CASUALTY_TRIGGER):
            return False
        relative = _RELATIVE_BEFORE.search(folded, max(0, t.start - 40), t.start) or (
            _SAYING_BEFORE.search(folded, max(0, t.start - 40), t.start))
        if relative is None and (prev is None or _SAME_TOLL.fullmatch(
                folded, prev.end, t.start) is None):
            return False
        prev = t
    return True


def _generic_plural(m: Match, folded: str) -> bool:
    """A plural trigger after "its"/"their" that ends its clause or is what its clause is about:
    "to cover its attacks", "says its attacks are in solidarity with Gaza"."""
    if not folded[m.start : m.end].endswith("s"):
        return False
    if _POSSESSIVE_BEFORE.search(folded, max(0, m.start - 7), m.start) is None:
        return False
    return (folded[m.end : m.end + 1] in (".", ",", ";", "")
            or _STANCE_AFTER.match(folded, m.end) is not None)


#: Right after a party's plural attacks, a verb that tells what they are or aim at, not one
#: of them: "its attacks are in solidarity", "their strikes aim to".
_STANCE_AFTER = re.compile(r"[ \t]+(?:are|were|will|would|aim|aimed|target|are meant|serve)\b")


def _owner_country(m: Mention) -> bool:
    """A country in the possessive with no preposition before it names whose the thing after
    it is ("protest Turkey's offensive", "Russia's defence ministry said"), not where anything
    happened; "in Syria's northwest" still places."""
    return m.place.precision == "country" and m.text.endswith(POSSESSIVE_ENDINGS) and not m.prep


def _scene_country(named_countries: list[Match], gaz: Gazetteer, text: str) -> list[Mention]:
    """A report that names no place but a phrase that says where it is ("the OSCE SMM
    observed 22 explosions near <a village the gazetteer lacks>": Ukraine) is placed in that
    country, so it still routes by country. Demonyms say nothing of the kind ("Iranian drones")."""
    for m in named_countries:
        if text.startswith(POSSESSIVE_ENDINGS, m.end):
            continue  # "Turkey's offensive": whose, not where
        place = gaz.countries.get(m.entry.iso) if m.entry.areas else None
        if place is not None:
            scene = Mention(m.start, m.end, text[m.start : m.end], -1, [], False, None)
            scene.place, scene.rule_ids = place, ["geo.scene", f"gaz:{place.id}", m.entry.id]
            return [scene]
    return []


def _attacker(folded: str, end: int) -> bool:
    match = _NEXT_WORD.match(folded, end)
    if match is None:
        return False
    then = _NEXT_WORD.match(folded, match.end())
    return attacker_word([match.group(1), then.group(1) if then else ""], 0)


_OVER_MONTH = ("in ", "during ", "throughout ", "over ")
#: A month toll is a total of a recent month (its first day this close to publication, days).
MONTH_TOLL_DAYS = 62
#: An indefinite article (and up to one word) before a trigger: one event, not a sum.
_ONE_EVENT = re.compile(r"\b(?:a|an|one)\s+(?:[a-z-]+\s+)?$")


def _month_toll(info: SentInfo, folded: str, published: dt.date) -> bool:
    """A toll counted over a named month and no day ("92 civilians were killed in June 2022"):
    a month's total, as monitors publish them, not one event's. The day it was told on ("..., the
    UN said on Tuesday") dates no event."""
    if told_day(info) is not None:
        return False
    if not any(d.precision == "month" and 0 <= (published - d.date).days <= MONTH_TOLL_DAYS
               for d in info.dates):
        return False  # "where a sarin attack killed dozens in April 2017": history, not a total
    if any(_ONE_EVENT.search(folded, max(0, t.start - 20), t.start) for t in info.triggers):
        return False  # "In June 2022, an air strike killed 9": one event of that month
    return any(
        d.precision == "month" and folded.startswith(_OVER_MONTH, d.start) for d in info.dates
    )


#: A week named as a period gone by, not as the days just past ("earlier this week").
_LAST_WEEK = ("last week", "past week")


def _week_toll(info: SentInfo, folded: str) -> bool:
    """A toll counted over last week with no day and no event word of its own ("At least 40
    civilians were killed in Syria last week, a monitor said"): the week's total, as monitors
    publish it weekly, not one event's."""
    if told_day(info) is not None:
        return False
    if not any(d.rule_id == "date.last_week" and folded.startswith(_LAST_WEEK, d.start)
               for d in info.dates):
        return False
    return all(t.entry.id.startswith(CASUALTY_TRIGGER) for t in info.triggers)


#: A gathering's purpose, told in its clause, that makes it a remembrance, not a protest
#: ("gathered at the memorial on Thursday to mark the anniversary", "gathered to pray for the
#: dead"); a march or a rally held in memory stays a protest.
PROTEST_TRIGGER = "trig.protest"
_COMMEMORATIVE = re.compile(
    r"[^.;,]{0,90}?\b(?:to|for)\s+(?:mark|commemorate|remember|mourn|honou?r|pray|prayers|"
    r"a\s+memorial|a\s+commemoration|a\s+minute's\s+silence)\b")


#: A sentence that opens on one place's share of a total ("In Baghdad alone, 112 civilians were
#: killed"): it breaks down the total told before it.
_PLACE_ALONE = re.compile(r"[\s\"']*in\s+[^,.;]{2,40}?\s+alone\s*,")


#: A death toll no single attack reaches ("the insurgency has killed more than 30,000"): the
#: sum of a war or a campaign, however the sentence tells it.
WAR_TOLL = 3000


#: "since" before a date starts a period ("since 1 March, 400 were killed"), unless a first or
#: a superlative is counted from it ("the deadliest attack since 2019").
_SINCE = re.compile(r"\bsince\s+$")
_SINCE_MEASURE = re.compile(
    r"\b(?:first|worst|deadliest|biggest|largest|heaviest|bloodiest|most|highest|since)\b")


def _after_since(d, folded: str) -> bool:
    """The date opens a period: "since 1 March" (the date found after "since") or "since 2009"
    (found with it)."""
    return folded.startswith("since", d.start) or _SINCE.search(
        folded, max(0, d.start - 7), d.start) is not None


def _since_toll(info: SentInfo, folded: str) -> bool:
    """A toll counted from a date on ("Since 1 March, at least 400 civilians have been
    killed"): a running total. A total the sentence's event is added to ("killed 12 on
    Monday, bringing the toll since January to 500") is told in a clause of its own."""
    total = _total_clause(info.matches, folded, info.sent.start)
    # "Since the military seized power in February 2021, security forces have killed 1,700": a
    # period opened by the clause the sentence starts on
    opening = folded.find(",", info.sent.start, info.sent.end) if folded.startswith(
        "since ", info.sent.start) else -1
    for d in info.dates:
        if total is not None and d.start >= total:
            continue
        if d.start < opening:
            return True
        if not _after_since(d, folded):
            continue
        if _SINCE_MEASURE.search(folded, info.sent.start, d.start - 6) is None:
            return True
    return False


#: A verb in the perfect: "has fought", "have been shelled", "has struck".
_PERFECT = re.compile(r"\b(?:has|have)\s+(?:been\s+)?[a-z]+(?:ed|en|ght|un|ck)\b")


def _since_span(info: SentInfo, folded: str) -> bool:
    """Events told in the perfect over a span from a year or a day ("Mali has fought
    insurgents since 2012", "Gangs have attacked the road since March"): what has gone on
    since, not one event."""
    s = info.sent
    return any(_after_since(d, folded) for d in info.dates) and (
        _PERFECT.search(folded, s.start, s.end) is not None)


#: A count of attacks ("documented 34 attacks on hospitals", "visited 52 sites of air strikes",
#: "dozens of raids"): ten or more, or a vague multitude.
_COUNTED_ATTACKS = re.compile(
    r"\b(?:[1-9]\d+|[1-9]\d{0,2}(?:,\d{3})+|dozens|scores|hundreds|thousands)[ \t]+"
    r"(?:[a-z-]+[ \t]+){0,4}?(?:attacks|strikes|airstrikes|raids|bombings|bombardments|"
    r"shellings|explosions|assaults|incidents|violations)\b"
)


QUESTION_RULE = "status.question"


def _question(sentence: str) -> bool:
    """The sentence asks ("Will they tell you who shelled the clinic?"), quoted or not."""
    return sentence.rstrip(" \t\n\"'\u201d\u2019)").endswith("?")


def _counted_attacks(folded: str, start: int, end: int) -> bool:
    """The sentence counts attacks and names no day: the sum of many events, each told (if at
    all) elsewhere, not one of them."""
    return _COUNTED_ATTACKS.search(folded, start, end) is not None


#: Attacks told as repeated over a span the sentence does not fix: a perfect tense and a count
#: of times ("has been bombed four times", "have repeatedly shelled the town").
_REPEATED = re.compile(
    r"\b(?:has|have|had)\b[^,;.]{0,40}?(?:\b(?:[2-9]|[1-9]\d+|two|three|four|five|six|seven|"
    r"eight|nine|ten|several|many|multiple|numerous|countless|dozens of|scores of)[ \t]+times\b|"
    r"\btwice\b|\brepeatedly\b|\btime and again\b|\bagain and again\b|\bmore than once\b)"
)


#: A kind of attack credited, in the perfect or the present, with a vague share of a war's harm
#: ("Air strikes on Khartoum have caused many of the civilian deaths", "Drone attacks have
#: destroyed much of the town", "drones now cause most casualties"): what such attacks do over
#: time, not one of them.
_HABITUAL = re.compile(
    r"\b(?:strikes|airstrikes|attacks|raids|bombings|bombardments|shelling|shells|drones|"
    r"missiles|rockets|clashes|massacres)\b[^,;.]{0,70}?\b(?:(?:have|has)\s+(?:[a-z]+ly\s+)?"
    r"[a-z]+(?:ed|en|ght|ft)|(?:now\s+)?(?:cause|account\s+for|make\s+up|inflict))\s+"
    r"(?:many|most|much|the\s+bulk|a\s+large\s+share|countless|numerous)\b")


def _repeated(info: SentInfo, folded: str) -> bool:
    """The sentence tells its attacks as repeated and names no day of them: a pattern over
    time, not one event ("The clinic has been hit three times since 2015")."""
    s = info.sent
    if any(d.precision == "day" for d in info.dates):
        return False  # "has been struck twice on Monday": that day's strikes
    return _REPEATED.search(folded, s.start, s.end) is not None


#: How far after a grievance cue ("against", "over", "to denounce") the event word it names may
#: stand, in characters: "protested against Russia's bombing campaign".
GRIEVANCE_REACH = 40
_PROTEST_TYPES = ("Protests", "Riots")


def _grievances(info: SentInfo, live: list[Match], ms: list[Match], folded: str) -> list[Match]:
    """Event words a protest is held against or over ("Hundreds protested against Russia's
    bombing campaign", "clashed with police over the killing of a teenager") are its cause, told
    elsewhere if at all, not events of this sentence: only the protest stays (the live triggers
    returned). The figures after the first cause's cue are the cause's, and a place right after
    a cue ("chanted slogans against Ankara", "rallied over Jerusalem") is the government or the
    cause protested, not where the protest was: both leave the sentence."""
    protests = [t for t in live if t.entry.event_type in _PROTEST_TYPES]
    if not protests:
        return live
    first = min(p.start for p in protests)
    cues = [c for c in negation.cues_of(ms, "grievance") if c.start >= first]

    def cause(t: Match) -> Match | None:
        if t.entry.event_type in _PROTEST_TYPES:
            return None
        return next((c for c in cues if c.end <= t.start and t.start - c.end <= GRIEVANCE_REACH
                     and not any(ch in folded[c.end : t.start] for ch in ",;")), None)

    causes = {id(t): c for t in live if (c := cause(t)) is not None}
    if causes:
        cut = min(c.start for c in causes.values())
        info.counts = [c for c in info.counts if c.start < cut]
    info.places = [m for m in info.places
                   if not any(0 < m.start - c.end <= 1 and folded[c.end] == " " for c in cues)]
    return [t for t in live if id(t) not in causes]


def _history_tail(info: SentInfo, ms: list[Match], first_live: int) -> None:
    """An event told before a cue that looks back from it ("The ambush came a week after a bomb
    near Djibo killed 35", "The strike came before the anniversary of the bombing that killed
    16"): what the cue introduces is history, its places, dates and figures too. A cue of short
    reach ("from previous clashes") governs only the event word next to it."""
    cue = next((c for c in negation.cues_of(ms, "background")
                if c.entry.direction == "forward" and c.entry.reach is None
                and c.start > first_live), None)
    if cue is not None:
        _let_go(info, cue.start, info.sent.end)


def _let_go(info: SentInfo, a: int, b: int) -> None:
    """The places, dates, figures and targets the sentence tells in ``[a, b)`` are none of its
    event's."""
    info.places = [m for m in info.places if not a <= m.start < b]
    info.matches = [m for m in info.matches if m.kind != "target" or not a <= m.start < b]
    info.dates = [d for d in info.dates if not a <= d.start < b]
    info.counts = [c for c in info.counts if not a <= c.start < b]


def _corrections(info: SentInfo, folded: str, text: str) -> None:
    """A denial by the accused, a refutation, a revised toll (``corrections``): a refuted
    sentence keeps its event words, cancelled or not, as the background event it withdraws."""
    s = info.sent
    words = [m for m in info.matches if m.kind == "trigger"]
    corrected = corrections.contrast(info, folded, text)
    if corrected is not None:
        _drop_previous(info, corrected)
    killed = any(c.kind == "killed" or c.kind == "injured" for c in info.counts)
    said = corrections.read(info.matches, words, folded, s.start, s.end, counted=killed)
    if said is not None:
        info.said = said
        if said.status == "refuted":
            info.triggers, info.cancelled = words, None
            info.background, info.bg_status = said.cue.entry.id, "refuted"
            info.cumulative = None
        elif info.cancelled is not None:
            info.cancelled = ("denied_by_accused", said.cue.entry.id)
    if corrected is not None:
        info.revised = corrected
    elif info.counts:
        info.revised = corrections.revision_of(info.matches)


def _drop_previous(info: SentInfo, corrected: corrections.Revised) -> None:
    """The detail as first reported ("not on Monday") is none of the event's: its date, place,
    figure and target mentions leave the sentence, and so does a refutation cue about another
    target when the correction names the one really hit ("a clinic, not the hospital")."""
    a, b = corrected.span or (0, 0)
    _let_go(info, a, b)
    info.matches = [m for m in info.matches if not a <= m.start < b and not (
        corrected.field == "targets" and m.kind == "cue" and m.entry.kind == "refutation"
        and m.entry.refutes == "other_target")]


def _cue_status(ms: list[Match], rid: str) -> str:
    kind = next((m.entry.kind for m in ms if m.entry.id == rid), "negation")
    return status.CUE_STATUS.get(kind, "negated")


#: A comma that opens a relative clause ("the bombing of the market, which killed 16"): the
#: clause still tells of what came before it.
_RELATIVE_COMMA = re.compile(r",\s*(?:which|who|that|where|when)\b")


#: A clause that opens the sentence and sets when its main clause happened ("After ..., ",
#: "Following ..., ", "When ..., ").
_FRONTED_PAST = re.compile(r"[\s\"'(]*(?:after|following|when|once|since)\b[^,;]{3,160},")


CITED_CASE = "cue.cited_case"
#: "for a second straight month": a period's sum, unless the sentence names its day.
RUNNING_PERIOD = "cue.running_period"


def _history_cues(m: Match, ms: list[Match], info: SentInfo, sent_folded: str) -> list[Match]:
    """The cues that may make a trigger history: those of its clause, and a forward cue before
    it whose clause runs on into a relative clause ("the anniversary of the bombing of the
    market, which killed 16")."""
    out = segment(m, ms, info, sent_folded)
    # "In one case in Pale township, it said, soldiers killed 12": a case the sentence opens on
    # is what all of it tells
    out += [c for c in ms if c.entry.id == CITED_CASE and c.start - info.sent.start <= 2
            and c not in out]
    fronted = _FRONTED_PAST.match(sent_folded)
    if fronted is not None and m.start - info.sent.start >= fronted.end() and not any(
            d.start - info.sent.start >= fronted.end() for d in info.dates):
        # "After the army retook Aleppo last year, rebels left under a deal": the main clause,
        # dated by nothing of its own, is told in the time of the clause that opens it
        out += [c for c in ms if c.entry.kind == "background" and c not in out
                and c.start - info.sent.start < fronted.end()]
    for c in ms:
        if c in out or c.entry.kind != "background" or c.entry.direction != "forward":
            continue
        if c.end > m.start:
            continue
        between = sent_folded[c.end - info.sent.start : m.start - info.sent.start]
        commas = between.count(",")
        if commas and commas == len(_RELATIVE_COMMA.findall(between)) and ";" not in between:
            out.append(c)
    return out


def _own_counts(cs: list, matches: list[Match], text: str, start: int) -> list:
    """The figures of a sentence that are not totals: none in the clause of an aggregate cue or
    after it ("and at least 30 died across the region", "a war that has killed 90,000")."""
    clause = _total_clause(matches, text, start)
    return cs if clause is None else [c for c in cs if c.start < clause]


def _total_clause(matches: list[Match], text: str, start: int) -> int | None:
    """Where the clause of a sentence's first aggregate cue begins, if it has one."""
    cut = next((m.start for m in matches if m.kind == "cue" and m.entry.kind == "aggregate"), None)
    if cut is None:
        return None
    clause = max(text.rfind(",", start, cut), text.rfind(";", start, cut), start)
    # a share named inside commas ("Nine died, among them two medics, in
    # strikes across the south") opens no clause: the figure before it is the total's too
    for m in _SHARE_ASIDE.finditer(text, start, cut):
        if m.end() - 1 == clause:
            clause = max(text.rfind(",", start, m.start()), text.rfind(";", start, m.start()),
                         start)
    return clause


#: A share of a figure told between commas: ", including six children,", ", among them two
#: medics,".
_SHARE_ASIDE = re.compile(r",\s*(?:including|among them|among whom|of whom|most of them)\b[^,;.]*,")


#: A comma-bounded aside about a place ("Khan Sheikhoun, where a sarin attack killed dozens in
#: April 2017, was shelled again"): its dates and figures are not the sentence's event's. One
#: that a participle goes on from ("in Mandera, where gunmen opened fire on Monday, wounding a
#: nurse") tells the event itself.
_ASIDE = re.compile(r",\s*(?:where|whose)\b[^,;.]*,(?!\s*[a-z]+ing\b)")


def _drop_asides(info: SentInfo, text: str) -> None:
    spans = [(m.start(), m.end()) for m in _ASIDE.finditer(text, info.sent.start, info.sent.end)]
    if not spans:
        return
    inside = lambda x: any(a <= x.start < b for a, b in spans)  # noqa: E731
    info.dates = [d for d in info.dates if not inside(d)]
    info.counts = [c for c in info.counts if not inside(c)]
    info.matches = [m for m in info.matches if not (m.kind == "trigger" and inside(m))]


#: Discourse words that may come before a fronted date ("Meanwhile, on Sunday, ...").
_OPENERS = frozenset(
    "also meanwhile earlier previously later separately and but then elsewhere again on in at"
    .split()
)


def _place_asides_only(a: int, b: int, info: SentInfo, folded: str) -> bool:
    """Every comma between two offsets only sets off a place ("killings in El Geneina, West
    Darfur, in June"): the date and the event word are in one clause still."""
    lo, hi = sorted((a, b))
    # a place set off by commas on both sides: ", West Darfur,"
    set_off = [m for m in info.places if folded.startswith(", ", m.start - 2)
               and folded.startswith(",", m.end)]
    edges = {m.start - 2 for m in set_off} | {m.end for m in set_off}
    commas = [k for k in range(lo, hi) if folded[k] == ","]
    return bool(commas) and all(k in edges for k in commas)


def _fronted(d, text: str, info: SentInfo) -> bool:
    """The date opens its sentence ("In October, a hospital was destroyed ..."): a fronted time
    adverbial governs the whole clause after its comma."""
    lead = text[info.sent.start : d.start].strip(" \t\n\"'\u201c\u2018(-,")
    words = lead.lower().replace(",", " ").split()
    return len(words) <= 3 and all(w in _OPENERS for w in words)  # "Also, on 13 March, ..."


def _distribute(items: list, starts: list[int], lists: list[list]) -> None:
    """Append each item (in order) to the list of the sentence it starts in (the first sentence
    for anything before it). Items come sorted by start, so one walk over the sentences serves
    them all; an item out of order falls back to a binary search."""
    k, last, prev = 0, len(starts) - 1, -1
    for it in items:
        pos = it.start
        if pos < prev:
            k = max(0, bisect.bisect_right(starts, pos) - 1)
        prev = pos
        while k < last and starts[k + 1] <= pos:
            k += 1
        lists[k].append(it)


def _context_ends(events: list, text_end: int) -> list[int]:
    """Per event, where the text that follows its first sentence stops being about it: at the
    next sentence with triggers that belongs to another event, else at the end of the text."""
    owner = sorted((i.sent.start, k) for k, ev in enumerate(events) for i in ev.sents if i.triggers)
    ends = []
    for k, ev in enumerate(events):
        first = ev.sents[0].sent.start
        ends.append(next((s for s, o in owner if s > first and o != k), text_end))
    return ends


def _context_after(trigger: Match, ms: list[Match], info: SentInfo, sent_folded: str) -> bool:
    """Every running-total cue of the sentence comes after ``trigger``, past a comma: a clause
    of context ("..., as weeks of unrest continued"), not the period the event's toll covers
    ("Over the past week, 20 were killed" leads with it)."""
    return all(
        c.start > trigger.start and not same_segment(c.start, trigger.start, info, sent_folded)
        for c in negation.cues_of(ms, "cumulative")
    )


def _triggers(
    info: SentInfo, text: str, folded: str, has_context: bool, published: dt.date
) -> None:
    # the negation helpers only read cues: hand them the sentence's few cues, not every match
    ms = [m for m in info.matches if m.kind == "cue"]
    # most sentences hold no cue at all, and the others a kind or two: a look-up runs only when
    # its kind of cue is there (each would find nothing otherwise)
    kinds = {m.entry.kind for m in ms}
    nocas = negation.cues_of(ms, "no_casualties") if "no_casualties" in kinds else []
    info.no_casualties = nocas[0] if nocas else None
    info.cumulative = negation.cumulative_of(ms) if "cumulative" in kinds else None
    if not any(m.kind == "trigger" for m in info.matches):
        return
    # diplomacy: "sanctions over missile tests" is not an attack; a drill fires at mock targets
    # (its own event types only: the drill itself is the army's activity)
    non_events = negation.cues_of(ms, "non_event") if "non_event" in kinds else []
    whole = next((c for c in non_events if not c.entry.event_types), None)
    if whole is not None:
        info.cancelled = ("negated", whole.entry.id)
        return
    typed = {t: c for c in non_events for t in c.entry.event_types}
    sent_folded = folded[info.sent.start : info.sent.end]
    # crime named as the reason ("killed a man over suspicions of stealing") is no crime event
    non_conflict = "non_conflict" in kinds and any(
        not negation.in_motive(c, sent_folded, info.sent.start)
        for c in negation.cues_of(ms, "non_conflict")
    )
    cancelling = not kinds.isdisjoint(negation.CANCEL_KINDS)
    # a pattern word counts where the sentence tells no toll ("repeated strikes killed 12")
    pattern = "generic" in kinds and not info.counts
    info.partitive = ("partitive" in kinds and negation.partitive(ms, info.sent.start)) or (
        _PLACE_ALONE.match(folded, info.sent.start) is not None)
    background_cues = "background" in kinds
    # a named armed party (not the police, who also fight crime) keeps everyday triggers; a
    # country's name is that party only where it acts ("Turkey shelled"), not where something
    # happened ("an earthquake struck eastern Turkey")
    countries = {(m.start, m.end) for m in info.matches if m.kind == "country"}
    armed_actor = any(
        m.kind == "actor" and m.entry.id not in CIVIL_ACTORS
        and ((m.start, m.end) not in countries or _attacker(folded, m.end))
        for m in info.matches
    )
    # a trigger word inside a unit's name ("Air Force Intelligence") or a target's ("missile
    # launch sites") names no event
    masks = [(a.start, a.end) for a in info.matches
             if a.kind in ("actor", "target") and a.entry.masks_triggers]
    # what a disruption stops: "shot down 20 of 24 drones" names drones that struck nothing
    stopped = [m.end for m in info.matches if m.kind == "trigger" and m.entry.id == DISRUPTED]
    live, past = [], []
    whole_clause = None  # the first past trigger whose cue dates the rest of the sentence too
    for m in info.matches:
        if m.kind != "trigger":
            continue
        if masks and any(a <= m.start and m.end <= b for a, b in masks):
            continue
        if folded.startswith("occupied", m.start) and m.end - m.start == 8 and (
                _HELD_LAND.match(folded, m.end) or folded[max(0, m.start - 4):m.start] in (
                    "the ", "tly-", "ael-", "ian-")):
            continue  # "the occupied West Bank", "occupied areas": land held, no taking of it
        if m.entry.sub_event_type == AIR_STRIKE and _SPEAKS.match(folded, m.end):
            continue  # "Ukraine's air force said": a speaker, not a strike ("protesters said"
            # still tells of a protest)
        if m.entry.everyday and any(0 <= m.start - e <= STOPPED_REACH for e in stopped):
            continue
        if m.entry.weak and not has_context:
            continue
        if m.entry.event_type in typed:
            info.cancelled = info.cancelled or ("negated", typed[m.entry.event_type].entry.id)
            continue
        if (
            non_conflict
            and (m.entry.weak or m.entry.everyday or m.entry.priority <= EVERYDAY_PRIORITY)
            and not armed_actor
        ):
            continue  # "a gang attacked", "police arrested smugglers": crime, not conflict
        if folded[m.start : m.end] in MONTH_LIKE and text[m.start].isupper():
            continue  # "March" the month, not a march
        if m.entry.id == PROTEST_TRIGGER and folded.startswith("gather", m.start) and (
                _COMMEMORATIVE.match(folded, m.end)):
            continue  # "gathered at the motor park to mark the anniversary": a remembrance
        if thrown_projectiles(folded[m.start : m.end], sent_folded):
            continue  # "projectiles were thrown at police": a crowd's, not artillery
        if _generic_plural(m, folded):
            continue  # "to cover its attacks": a party's attacks in general, not one event
        if pattern and negation.generic(m, ms, folded) is not None:
            continue  # "condemned continued attacks on health care": a pattern, not an event
        if any(c.start <= m.start < c.end for c in nocas):
            continue
        rid = negation.cancelled(m, ms, sent_folded, info.sent.start) if cancelling else None
        if rid is not None:
            info.cancelled = info.cancelled or (_cue_status(ms, rid), rid)
            continue
        bg = negation.background_of(
            _history_cues(m, ms, info, sent_folded) if background_cues else [],
            [d for d in info.dates
             if same_segment(d.start, m.start, info, sent_folded) or _fronted(d, text, info)
             or _place_asides_only(d.start, m.start, info, folded)],
            published,
            m,
            sent_folded,
            info.sent.start,
        )
        (past if bg else live).append(m)
        if bg and whole_clause is None and _dates_whole_clause(bg, ms):
            whole_clause = m
        info.background = info.background or bg
    if live and "grievance" in kinds:
        live = _grievances(info, live, ms, folded)
    if live and past:
        # "the 2019 bombing that killed 31": the toll told of a past event is that event's
        tail = [t for t in live if t.start > past[0].start]
        if tail and _past_toll(tail, folded):
            past, live = past + tail, [t for t in live if t.start < past[0].start]
    info.triggers = live or past
    if live:
        info.background = None
        _history_tail(info, ms, live[0].start)
        if whole_clause is not None and whole_clause.start > live[-1].end:
            # "arrested a man suspected of planning last year's bombing, in which 80 died": what
            # the sentence tells after the past event's words is that event's
            _let_go(info, whole_clause.start, info.sent.end)
    info.referring = next(
        (t.start for t in info.triggers if referring(t, sent_folded, info.sent.start)), None)
    if info.referring is not None and follow_up(info, sent_folded):
        # "air strikes carried out after the attack killed 30": the event told is a new one;
        # the attack it follows is the one already told
        info.triggers = [t for t in info.triggers if t.start != info.referring]
        info.referring, info.follow_up = None, True
    elif info.referring is None and answers(info, sent_folded):
        info.follow_up = True  # "its fighters later fired rockets at an army post in response"
    if info.cumulative and info.triggers:
        # "... killed, as weeks of unrest continued": the clause after the event is context
        kept = [t for t in info.triggers if _context_after(t, ms, info, sent_folded)]
        if kept:
            info.triggers, info.cumulative = kept, None


#: Disrupted weapons use: the trigger whose object is the weapon stopped.
DISRUPTED = "trig.disrupted"
AIR_STRIKE = "Air/drone strike"
#: How far after a disruption word ("shot down 20 of 24") the weapon it stopped may stand.
STOPPED_REACH = 16
#: A verb of saying right after a trigger makes it the speaker ("the air force said"); "said to"
#: ("a strike said to have killed 12") reports the event.
_SPEAKS = re.compile(r"[ \t]+(?:said|says|reported|reports|announced|announces|claimed|claims|"
                     r"stated|added)\b(?![ \t]+to\b)")


#: Land named as held ("occupied areas", "occupied territories"): a state, not its taking.
_HELD_LAND = re.compile(r"[ \t]+(?:areas?|territor(?:y|ies)|regions?|lands?|zones?|parts|"
                        r"west[ \t]+bank|golan|east[ \t]+jerusalem|palestinian|syrian|ukrainian)\b")


#: How many given names a run of capitalised words needs to be a list of people.
NAME_LIST_MIN = 3


def _name_lists(text: str, toks: list, given: frozenset[str]) -> set[int]:
    """The words of lists of people's names told without a cue ("Shahid Ahmed, Zia-ur-Rehman,
    Mir Ahmed, Nadir Ali and ..."): a run of capitalised words between commas holding at least
    ``NAME_LIST_MIN`` given names (``given_names.yaml``) and more than one comma is people, not
    villages."""
    out: set[int] = set()
    k = 0
    # a list opens at a capitalised given name: walk those words only (a report has few)
    for i in [i for i, t in enumerate(toks) if t.text[:1].isupper() and t.text.lower() in given]:
        if i < k or toks[i].start in out:
            continue
        run = _named_people(text, toks, i)
        words = toks[i : i + len(run)]  # the run is the words from i on, one after another
        if (sum(1 for x in words if x.lower in given) >= NAME_LIST_MIN
                and text.count(",", words[0].start, words[-1].end) >= 2):
            out |= run
        k = i + max(1, len(words))
    return out


def _named_people(text: str, toks: list, k: int) -> set[int]:
    """The starts of the words of the list of names that begins at token ``k`` ("Rehman,
    Temoor, Sadiq and Wahid"): capitalised words and name joiners separated by nothing but
    commas and spaces, up to the first other word ("..., from the village of X")."""
    out: set[int] = set()
    end = toks[k - 1].end if k > 0 else 0
    for t in toks[k:]:
        if _NAME_GAP.fullmatch(text, end, t.start) is None:
            break
        if not (t.text[:1].isupper() or t.lower in _NAME_JOINERS):
            break
        out.add(t.start)
        end = t.end
    return out
