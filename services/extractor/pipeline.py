"""The pure core: ``extract(report, resources, now) -> list[Incident]``.

Stages: match lexicons and find places and dates over the whole text; per sentence, keep the
triggers that are not negated, denied, hypothetical or running totals; group sentences into events
(a new place starts a new event, the same place merges); assemble one Incident per event with
evidence (sentence, span, rule ids) for every field. ``now`` only stamps ``extracted_at``.
The caller (the faust agent, or the CLI) publishes the incidents.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from schemas.incident import SUB_EVENT_TYPES, Casualties, Evidence, Incident, Location, ReportSource
from schemas.report import Report
from services.extractor import classify, negation
from services.extractor.dates import DateMention, find_dates
from services.extractor.geocode import Mention, find_mentions, resolve
from services.extractor.lexicon import Match
from services.extractor.numbers import Count, counts
from services.extractor.resources import Resources
from services.extractor.targets import actors, targets
from services.extractor.text import Sentence, fold, sentences, tokens

#: Two places further apart than this are two events.
SAME_PLACE_KM = 15.0
MONTH_LIKE = frozenset({"march", "may"})
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


@dataclass
class Event:
    sents: list[SentInfo] = field(default_factory=list)
    background: bool = False

    @property
    def triggers(self) -> list[Match]:
        return [t for s in self.sents for t in s.triggers]


def extract(report: Report, resources: Resources, now: dt.datetime) -> list[Incident]:
    text = report.text
    folded = fold(text)
    published = report.published_at.date()
    matches = resources.lexicon.match(folded)
    toks = tokens(text)
    sents = sentences(text, clauses=True)
    countries = {m.entry.iso for m in matches if m.kind == "country"}
    countries |= {m.entry.country for m in matches if m.kind == "actor" and m.entry.country}
    tok_starts = [t.start for t in toks]
    blocked = set()
    for m in matches:
        if m.kind in ("actor", "target") and " " in folded[m.start : m.end]:
            for k in range(bisect.bisect_left(tok_starts, m.start), len(toks)):
                if toks[k].start >= m.end:
                    break
                blocked.add(toks[k].start)
    mentions = find_mentions(text, toks, resources.gazetteer, resources.stop, frozenset(blocked))
    resolve(mentions, resources.gazetteer, countries)
    mentions = [m for m in mentions if m.place is not None]
    dates = find_dates(text, published)
    has_context = any(
        m.kind == "actor" or (m.kind == "cue" and m.entry.kind == "context") for m in matches
    )

    starts = [s.start for s in sents]
    infos = [SentInfo(s, [], [], [], [], []) for s in sents]

    def which(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    for m in matches:
        infos[which(m.start)].matches.append(m)
    for m in mentions:
        infos[which(m.start)].places.append(m)
    for d in dates:
        infos[which(d.start)].dates.append(d)
    for info in infos:
        s = info.sent
        a, b = bisect.bisect_left(tok_starts, s.start), bisect.bisect_left(tok_starts, s.end)
        info.counts = counts(text, toks[a:b], info.matches)
        _triggers(info, text, folded, has_context, published)

    events = _group(infos)
    out = []
    for ev in events:
        inc = _assemble(ev, report, resources, mentions, dates, now, folded)
        if inc is not None and inc.incident_id not in {o.incident_id for o in out}:
            out.append(inc)
    return out


def _triggers(
    info: SentInfo, text: str, folded: str, has_context: bool, published: dt.date
) -> None:
    ms = info.matches
    non_conflict = negation.cues_of(ms, "non_conflict")
    nocas = negation.cues_of(ms, "no_casualties")
    info.no_casualties = nocas[0] if nocas else None
    info.cumulative = negation.cumulative_of(ms)
    if not any(m.kind == "trigger" for m in ms):
        return
    sent_folded = folded[info.sent.start : info.sent.end]
    live, past = [], []
    for m in ms:
        if m.kind != "trigger":
            continue
        if m.entry.weak and (not has_context or non_conflict):
            continue
        if folded[m.start : m.end] in MONTH_LIKE and text[m.start].isupper():
            continue  # "March" the month, not a march
        if any(c.start <= m.start < c.end for c in nocas):
            continue
        if negation.cancelled(m, ms, sent_folded, info.sent.start):
            continue
        bg = negation.background_of(
            _segment(m, ms, info, sent_folded),
            [d for d in info.dates if _same_segment(d.start, m.start, info, sent_folded)],
            published,
        )
        (past if bg else live).append(m)
        info.background = info.background or bg
    info.triggers = live or past
    if live:
        info.background = None


def _same_segment(a: int, b: int, info: SentInfo, sent_folded: str) -> bool:
    """No comma between two offsets of a sentence: "X, which was hit in 2017, was shelled"."""
    lo, hi = sorted((a, b))
    return "," not in sent_folded[lo - info.sent.start : hi - info.sent.start]


def _segment(trigger: Match, ms: list[Match], info: SentInfo, sent_folded: str) -> list[Match]:
    return [m for m in ms if _same_segment(m.start, trigger.start, info, sent_folded)]


#: Preference for finer places when choosing an event's location, in score points.
PRECISION_BONUS = {"town": 4.0, "district": 3.0, "province": 1.0, "country": 0.0}
#: Penalty per earlier place in the sentence: the first place is the most specific in "in X in Y
#: in Z" and "in X (District, Province)".
ORDER_PENALTY = 1.0
SCORE_WEIGHT = 0.5


def _place_of(info: SentInfo) -> Mention | None:
    """The sentence's best place: well-matched, fine-grained, and early ("in X (District, Y)")."""
    best = None
    for order, m in enumerate(info.places):
        key = SCORE_WEIGHT * m.score + PRECISION_BONUS[m.place.precision] - ORDER_PENALTY * order
        if best is None or key > best[0]:
            best = (key, m)
    return best[1] if best else None


def _group(infos: list[SentInfo]) -> list[Event]:
    events: list[Event] = []
    current: Event | None = None
    for info in infos:
        if info.triggers and info.cumulative:
            continue  # a running total over weeks is not one event
        if info.triggers:
            bg = info.background is not None
            place = _place_of(info)
            target = None
            for ev in events:
                if ev.background != bg:
                    continue
                p = _event_place(ev)
                if place is None or p is None:
                    continue
                if _near(p, place):
                    target = ev
                    break
            if (
                target is None
                and current is not None
                and current.background == bg
                and (place is None or _event_place(current) is None)
            ):
                target = current
            if target is None:
                target = Event(background=bg)
                events.append(target)
            target.sents.append(info)
            current = target
        elif current is not None and not current.background and (info.counts or info.no_casualties):
            if not info.cumulative and not info.background:
                current.sents.append(info)
    return [e for e in events if e.triggers]


def _near(a: Mention, b: Mention) -> bool:
    from services.extractor.gazetteer import distance_km

    if a.place.id == b.place.id:
        return True
    if "town" not in (a.place.precision, b.place.precision):
        return True
    return distance_km(a.place, b.place) <= max(SAME_PLACE_KM, a.place.radius_km, b.place.radius_km)


def _event_place(ev: Event) -> Mention | None:
    best = None
    for info in ev.sents:
        if not info.triggers:
            continue
        m = _place_of(info)
        if m is not None and (
            best is None or PRECISION_RANK[m.place.precision] > PRECISION_RANK[best.place.precision]
        ):
            best = m
    return best


def _ev(field_: str, info_or_sent, start: int, end: int, text: str, rule_ids) -> Evidence:
    sent = info_or_sent.sent if isinstance(info_or_sent, SentInfo) else info_or_sent
    return Evidence(
        field=field_,
        sentence=sent.text,
        start=start,
        end=end,
        text=text[start:end],
        rule_ids=[r for r in rule_ids if r],
    )


def _assemble(
    ev: Event,
    report: Report,
    res: Resources,
    mentions: list[Mention],
    dates: list[DateMention],
    now: dt.datetime,
    folded: str,
) -> Incident | None:
    text = report.text
    evidence: list[Evidence] = []
    best = classify.choose(ev.triggers)
    if best is None:
        return None
    trig_info = _info_at(ev, best.start)
    sub, rule = classify.sub_event(
        best, folded[trig_info.sent.start : trig_info.sent.end], trig_info.sent.start
    )
    evidence.append(_ev("event_type", trig_info, best.start, best.end, text, [rule]))

    # location: the most precise place in the event's sentences, else the report's first place
    place = _event_place(ev)
    if place is None:
        for info in ev.sents:
            place = place or _place_of(info)
    if place is None and mentions:
        ranked = sorted(mentions, key=lambda m: (-PRECISION_RANK[m.place.precision], m.start))
        place = ranked[0]
    location = None
    if place is not None:
        p = place.place
        location = Location(
            name=p.name,
            admin1=p.admin1,
            admin2=p.admin2,
            country=p.country,
            lat=p.lat,
            lon=p.lon,
            precision=p.precision,
            radius_km=p.radius_km,
            gazetteer_id=p.id,
        )
        sent = next((i.sent for i in ev.sents if place in i.places), None) or Sentence(
            place.start, place.end, text[place.start : place.end]
        )
        evidence.append(_ev("location", sent, place.start, place.end, text, place.rule_ids))

    # date: the first event date in the event's sentences, else in the report, else publication
    date, precision = report.published_at.date(), "day"
    chosen = _event_date(ev, res, dates, folded)
    if chosen is not None:
        d, info = chosen
        date, precision = d.date, d.precision
        evidence.append(_ev("date", info, d.start, d.end, text, [d.rule_id]))

    fatal, fatal_ev = _casualties(ev, "killed", text)
    injured, inj_ev = _casualties(ev, "injured", text)
    evidence += fatal_ev + inj_ev

    matches = [m for info in ev.sents for m in info.matches]
    tgts = targets([m for info in ev.sents if info.triggers for m in info.matches])
    acts = actors(matches, folded, text)
    for _tgt, m in tgts:
        evidence.append(_ev("targets", _info_at(ev, m.start), m.start, m.end, text, [m.entry.id]))
    for _act, m in acts:
        evidence.append(_ev("actors", _info_at(ev, m.start), m.start, m.end, text, [m.entry.id]))

    key = f"{sub}|{location.gazetteer_id if location else '-'}|{date}|{ev.background}"
    iid = hashlib.sha1(f"{report.id}|{key}".encode()).hexdigest()[:20]
    conf = 0.45 + (0.0 if best.entry.weak else 0.15) + (0.15 if location else 0.0)
    conf += 0.1 if chosen else 0.0
    conf += 0.1 if acts else 0.0
    summary = " ".join(dict.fromkeys(i.sent.text for i in ev.sents if i.triggers))[:1000]
    return Incident(
        incident_id=iid,
        report_id=report.id,
        source=ReportSource(
            title=report.title, url=report.url, name=report.source, published_at=report.published_at
        ),
        event_type=SUB_EVENT_TYPES[sub],
        sub_event_type=sub,
        date=date,
        date_precision=precision,
        location=location,
        fatalities=fatal,
        injured=injured,
        actors=[a for a, _ in acts],
        targets=[t for t, _ in tgts],
        background=ev.background,
        summary=summary,
        evidence=evidence,
        confidence=round(min(conf, 0.95), 2),
        extracted_at=now,
    )


def _info_at(ev: Event, pos: int) -> SentInfo:
    for info in ev.sents:
        if info.sent.start <= pos < info.sent.end:
            return info
    return ev.sents[0]


def _event_date(ev: Event, res: Resources, dates: list[DateMention], folded: str):
    for info in ev.sents:  # a date in the trigger's own clause first
        sf = folded[info.sent.start : info.sent.end]
        for d in info.dates:
            if not _said_date(d, info) and any(
                _same_segment(d.start, t.start, info, sf) for t in info.triggers
            ):
                return d, info
    for info in ev.sents:
        for d in info.dates:
            if not _said_date(d, info):
                return d, info
    for info in ev.sents:
        for d in info.dates:
            return d, info
    return None


def _said_date(d: DateMention, info: SentInfo) -> bool:
    """A date right after "said"/"announced" is when it was said, not when it happened."""
    for m in negation.cues_of(info.matches, "report_verb"):
        if m.end <= d.start and d.start - m.end <= 25 and m.start - info.sent.start > 12:
            return True
    return False


def _casualties(ev: Event, kind: str, text: str) -> tuple[Casualties, list[Evidence]]:
    coded = [(c, i) for i in ev.sents for c in i.counts if c.kind == kind and c.coded]
    if coded:
        c, info = coded[-1]
        return Casualties(total=c.value, qualifier=c.qualifier), [
            _ev(
                "fatalities" if kind == "killed" else "injured",
                info,
                c.start,
                c.end,
                text,
                list(c.rule_ids),
            )
        ]
    best: tuple[int, Casualties, list[Evidence]] | None = None
    for info in ev.sents:
        cs = [c for c in info.counts if c.kind == kind]
        if not cs:
            continue
        total = sum(c.value for c in cs if not c.subset)
        civ = (
            sum(c.value for c in cs if c.group in ("civilians", "children") and not c.subset)
            or None
        )
        kids = sum(c.value for c in cs if c.group == "children") or None
        if civ is None and any(c.group == "children" for c in cs):
            civ = kids
        qual = next((c.qualifier for c in cs if c.qualifier != "exact"), "exact")
        field_ = "fatalities" if kind == "killed" else "injured"
        evs = [_ev(field_, info, c.start, c.end, text, list(c.rule_ids)) for c in cs]
        cas = Casualties(total=total, civilians=civ, children=kids, qualifier=qual)
        if best is None or total > best[0]:
            best = (total, cas, evs)
    if best is not None:
        return best[1], best[2]
    for info in ev.sents:
        if info.no_casualties is not None:
            m = info.no_casualties
            return Casualties(total=0), [
                _ev(
                    "fatalities" if kind == "killed" else "injured",
                    info,
                    m.start,
                    m.end,
                    text,
                    [m.entry.id],
                )
            ]
    return Casualties(), []
