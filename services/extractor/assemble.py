"""Assembly: one Incident per event, with evidence (sentence, span, rule ids) for every field.

Sub-event type from the event's triggers (``classify``), location from the event's places, date
from the trigger's clause, casualties (ACLED's own coded figure first), targets and actors.
``pipeline.extract`` calls ``assemble`` for each event.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import replace

from schemas.incident import SUB_EVENT_TYPES, Incident, ReportSource
from schemas.report import Report
from services.extractor import classify, negation
from services.extractor.dates import DateMention
from services.extractor.events import (
    CASUALTY_TRIGGER,
    PRECISION_RANK,
    Event,
    SentInfo,
    event_place,
    place_of,
    same_segment,
)
from services.extractor.gazetteer import Gazetteer, Place
from services.extractor.geocode import Mention
from services.extractor.numbers import SPLIT_WORDS, split_share
from services.extractor.resources import Resources
from services.extractor.sources import ONE_SIDE_RULE, one_sided
from services.extractor.targets import actors, targets
from services.extractor.text import Sentence

EXPLICIT_CODED = frozenset({"cas.coded", "cas.coded_fatalities"})
#: How a province's part is named in an incident's location: "southern Idlib".
PART_NAMES = {"n": "northern", "ne": "north-eastern", "e": "eastern", "se": "south-eastern",
              "s": "southern", "sw": "south-western", "w": "western", "nw": "north-western"}


#: Evidence as plain dicts: the Incident validates them all in one call (dozens of separate
#: Evidence(...) validations per report cost about a tenth of ``extract``).
EvidenceData = dict


def _ev(field_: str, info_or_sent, start: int, end: int, text: str, rule_ids) -> EvidenceData:
    sent = info_or_sent.sent if isinstance(info_or_sent, SentInfo) else info_or_sent
    return {
        "field": field_,
        "sentence": sent.text,
        "start": start,
        "end": end,
        "text": text[start:end],
        "rule_ids": [r for r in rule_ids if r],
    }


def assemble(
    ev: Event,
    report: Report,
    source: ReportSource,
    res: Resources,
    mentions: list[Mention],
    dates: list[DateMention],
    now: dt.datetime,
    folded: str,
    context_end: int | None = None,
) -> Incident | None:
    """One Incident for the event, or None when it has no trigger. ``context_end`` ends the
    text that follows the event's first sentence up to the next event's: what the protesters
    did there ("They threw rocks at buses") decides a protest's sub-event type."""
    text = report.text
    evidence: list[EvidenceData] = []
    best = classify.choose(_typing_triggers(ev))
    if best is None:
        return None
    trig_info = _info_at(ev, best.start)
    sub, rule = classify.sub_event(
        best, folded[trig_info.sent.start : trig_info.sent.end], trig_info.sent.start
    )
    event_folded = " ".join(folded[i.sent.start : i.sent.end] for i in ev.sents if i.triggers)
    if context_end is not None and context_end > ev.sents[0].sent.end:
        event_folded += " " + folded[ev.sents[0].sent.end : context_end]
    sub, rule = classify.refine(
        sub,
        rule,
        ev.triggers,
        event_folded,
        folded[trig_info.sent.start : trig_info.sent.end],
    )
    sub, rule = classify.arrest_by_whom(
        sub,
        rule,
        best,
        trig_info.matches,
        folded[trig_info.sent.start : best.start],
        folded[best.end : trig_info.sent.end],
    )
    sub, rule = classify.note_label(text, sub, rule)
    evidence.append(_ev("event_type", trig_info, best.start, best.end, text, [rule]))

    # location: the most precise place in the event's sentences, else the report's first place
    place = event_place(ev, res.gazetteer)
    if place is None:
        for info in ev.sents:
            place = place or place_of(info)
    if place is None and mentions:
        ranked = sorted(mentions, key=lambda m: (-PRECISION_RANK[m.place.precision], m.start))
        place = ranked[0]
    elif place is not None and place.place.precision == "country":
        # a country is a last resort: the report's own scene in that country is finer ("On 3
        # May, in Macuto Bay, Vargas state, ..." before "camps in Venezuela")
        finer = [m for m in mentions if m.place.country == place.place.country
                 and m.place.precision != "country"]
        place = min(finer, key=lambda m: m.start, default=place)
    location = None
    if place is not None:
        p = place.place
        location = _location_of(p)
        rule_ids = place.rule_ids
        area = _area_of_part(place, res.gazetteer)
        part = res.gazetteer.part(area, place.direction) if area is not None else None
        if part is not None:  # "the southern countryside of Idlib": that part, not the seat
            location |= {"name": f"{PART_NAMES[place.direction]} {area.name}",
                         "admin1": area.admin1, "admin2": None, "precision": "province",
                         "lat": part[0], "lon": part[1], "radius_km": part[2],
                         "gazetteer_id": area.id}
            rule_ids = [*rule_ids, "geo.part"]
        sent = next((i.sent for i in ev.sents if place in i.places), None) or Sentence(
            place.start, place.end, text[place.start : place.end]
        )
        evidence.append(_ev("location", sent, place.start, place.end, text, rule_ids))

    # date: the first event date in the event's sentences, else in the report, else publication
    date, precision = report.published_at.date(), "day"
    chosen = _event_date(ev, res, dates, folded) or _earlier_date(ev, dates, text, date)
    if chosen is not None:
        d, info = chosen
        date, precision = d.date, d.precision
        evidence.append(_ev("date", info, d.start, d.end, text, [d.rule_id]))

    revised = next((i for i in ev.sents if i.revised is not None
                    and any(c.kind == "killed" for c in i.counts)), None)
    # "revised the toll down to six", "first gave a toll of 15, but said it had risen to 27":
    # that sentence's new figure is the event's, not the largest one told nor its sum with the
    # old figure it replaces
    risen_from = revised is not None and revised.revised.kind != "revised" and sum(
        c.kind == "killed" and not c.subset for c in revised.counts) > 1
    if revised is not None and (revised.revised.kind == "revised" or risen_from):
        fatal, fatal_ev = _casualties(Event(sents=[_revised_only(revised, text)]), "killed", text)
        for info in ev.sents if risen_from else ():
            if info is revised:
                continue
            same, _ = _casualties(Event(sents=[info]), "killed", text)
            if same["total"] == fatal["total"]:  # a sentence telling the same toll says who died
                for share in ("civilians", "children"):
                    fatal[share] = fatal[share] if fatal[share] is not None else same[share]
    else:
        fatal, fatal_ev = _casualties(ev, "killed", text)
    if _may_share(folded):
        fatal, fatal_ev = _shared(fatal, fatal_ev, ev, text)
    injured, inj_ev = _casualties(ev, "injured", text)
    if sub in PEACEFUL_SUBS and not any(c.coded for i in ev.sents for c in i.counts):
        # a peaceful protest kills no one: a death it names is its cause ("protested over the
        # death of a man shot by police"), as ACLED codes it
        fatal, fatal_ev = _cas(), []
    evidence += fatal_ev + inj_ev

    matches = [m for info in ev.sents for m in info.matches]
    tgts = targets([m for info in ev.sents if info.triggers for m in info.matches], folded)
    country = res.gazetteer.countries.get(location["country"]) if location else None
    acts = actors(matches, folded, text, country.name if country else None)
    for _tgt, m in tgts:
        evidence.append(_ev("targets", _info_at(ev, m.start), m.start, m.end, text, [m.entry.id]))
    for _act, m in acts:
        evidence.append(_ev("actors", _info_at(ev, m.start), m.start, m.end, text, [m.entry.id]))

    if ev.status_rule is not None:  # why the event is no news: the cue, in its first sentence
        first = ev.sents[0].sent
        evidence.append(_ev("status", first, first.start, first.end, text, [ev.status_rule]))

    one_side = None if ev.background else one_sided(ev, text)
    if one_side is not None:  # whose word it is: the party, where it speaks
        evidence.append(_ev("status", _info_at(ev, one_side.start), one_side.start, one_side.end,
                            text, [ONE_SIDE_RULE, one_side.entry.id]))

    extra: dict = {}
    said = next((i.said for i in ev.sents if i.said is not None), None)
    if ev.status == "refuted" and said is not None:
        sent = next(i.sent for i in ev.sents if i.said is not None)
        extra["retraction"] = True
        extra["refutation"] = {"by": said.role, "kind": said.refutes, "reason": sent.text.strip(),
                               "speaker": text[said.speaker.start:said.speaker.end]
                               if said.speaker is not None else None,
                               "rule_ids": said.rule_ids}
    elif ev.status == "refuted":
        ev.background, ev.status = True, "denied"
    detail = next((i for i in ev.sents if i.revised is not None
                   and i.revised.field != "fatalities"), None)
    if revised is None and detail is not None:
        revised = detail  # a date, place or target told against how it was first reported
    if revised is not None and not ev.background:
        rev = revised.revised
        extra["revision"] = {"field": rev.field, "kind": rev.kind, "previous": rev.previous,
                             "value": fatal["total"] if rev.field == "fatalities" else None,
                             "reason": revised.sent.text.strip(), "rule_ids": [rev.cue.entry.id]}
        if rev.previous_date is not None:
            extra["revision"]["previous_date"] = rev.previous_date.date
        if rev.previous_place is not None and rev.previous_place.place is not None:
            extra["revision"]["previous_location"] = _location_of(rev.previous_place.place)
        evidence.append(_ev("revision", revised.sent, rev.cue.start, rev.cue.end, text,
                            [rev.cue.entry.id]))
    key = f"{sub}|{location['gazetteer_id'] if location else '-'}|{date}|{ev.background}"
    iid = hashlib.sha1(f"{report.id}|{key}".encode()).hexdigest()[:20]
    conf = 0.45 + (0.0 if best.entry.weak else 0.15) + (0.15 if location else 0.0)
    conf += 0.1 if chosen else 0.0
    conf += 0.1 if acts else 0.0
    summary = " ".join(dict.fromkeys(i.sent.text for i in ev.sents if i.triggers))[:1000]
    return Incident(
        incident_id=iid,
        report_id=report.id,
        source=source,
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
        status=ev.status if ev.background else (
            "corrected" if extra.get("revision", {}).get("kind") == "revised"
            else "reported_by_one_side" if one_side is not None else "asserted"),
        summary=summary,
        evidence=evidence,
        confidence=round(min(conf, 0.95), 2),
        extracted_at=now,
        **extra,
    )


def _revised_only(info: SentInfo, text: str) -> SentInfo:
    """The revised sentence with only its new figure: the one after "to" ("revised down to six
    from 12", "revised from 12 to six"), else the first after the cue."""
    cue = info.revised.cue
    killed = [c for c in info.counts if c.kind == "killed"]
    to = [c for c in killed if text[max(0, c.start - 4):c.start].lower().rstrip().endswith("to")]
    after = [c for c in killed if c.start >= cue.end]
    keep = (to or after or killed)[:1]
    # the new figure's own share stays with it: "had risen to 11, including four children"
    shares = [c for c in killed if keep and c.subset and c.start > keep[0].start]
    others = [c for c in info.counts if c.kind != "killed"]
    return replace(info, counts=[*keep, *shares, *others])


def _location_of(p: Place) -> dict:
    """A gazetteer place as an incident's location, validated with the Incident, in one call
    (see EvidenceData)."""
    return {"name": p.name, "admin1": p.admin1, "admin2": p.admin2, "country": p.country,
            "lat": p.lat, "lon": p.lon, "precision": p.precision, "radius_km": p.radius_km,
            "gazetteer_id": p.id}


def _info_at(ev: Event, pos: int) -> SentInfo:
    for info in ev.sents:
        if info.sent.start <= pos < info.sent.end:
            return info
    return ev.sents[0]


def _cas(
    total: int | None = None,
    civilians: int | None = None,
    children: int | None = None,
    qualifier: str = "exact",
) -> dict:
    """Casualties as data, validated with the Incident (see EvidenceData)."""
    return {"total": total, "civilians": civilians, "children": children, "qualifier": qualifier}


def _typing_triggers(ev: Event) -> list:
    """The event words that decide the event's type: all of them, but a headline that sums up
    events of several kinds ("Clashes in two towns, drone strike in a third") lends none of its
    own when the body tells the event in words of its own."""
    told = [t for s in ev.sents if s.headline for t in s.triggers]
    kinds = {t.entry.sub_event_type for t in told if not t.entry.id.startswith(CASUALTY_TRIGGER)}
    body = [t for s in ev.sents if not s.headline for t in s.triggers]
    if len(kinds) > 1 and any(not t.entry.id.startswith(CASUALTY_TRIGGER) for t in body):
        return body
    return ev.triggers


def _event_date(ev: Event, res: Resources, dates: list[DateMention], folded: str):
    for info in ev.sents:  # a date that names the event word itself: "Tuesday's air strike"
        for d in info.dates:
            if any(negation.names_event(d, t, folded) for t in info.triggers):
                return d, info
    for info in ev.sents:  # a date in the trigger's own clause first, the nearest of them
        sf = folded[info.sent.start : info.sent.end]
        own = [d for d in info.dates if not negation.said_date(d, info.matches, info.sent.start)
               and any(_dates_trigger(d, t, info, sf) for t in info.triggers)]
        if own:  # "gathered on Thursday for the funeral of those killed by a shell on Monday":
            # the strongest event word's nearest date, else the first
            top = max(info.triggers, key=lambda t: t.entry.priority)
            near = [d for d in own if _dates_trigger(d, top, info, sf)]
            return (min(near, key=lambda d: _gap(d, top)) if near else own[0]), info
    for info in ev.sents:
        for d in info.dates:
            if not negation.said_date(d, info.matches, info.sent.start) and not negation.other_date(
                d, None, folded[info.sent.start : info.sent.end], info.sent.start
            ):
                return d, info
    for info in ev.sents:
        for d in info.dates:
            return d, info
    return None


def _dates_trigger(d: DateMention, t, info, sf: str) -> bool:
    """The date is in the trigger's clause and dates nothing else."""
    return same_segment(d.start, t.start, info, sf) and not negation.other_date(
        d, t, sf, info.sent.start)


def _gap(d: DateMention, t) -> int:
    """Characters between a date and a trigger."""
    return d.start - t.end if d.start >= t.end else max(0, t.start - d.end)


def _area_of_part(place: Mention, gaz: Gazetteer) -> Place | None:
    """The province whose rural part a mention names: the province itself ("in rural northern
    Hama"), or the province its seat city stands for ("Deir Ezzor northeastern countryside")."""
    p = place.place
    if place.direction is None or not place.rural:
        return None  # "in eastern Aleppo" may be the city's eastern quarters
    if p.precision == "province":
        return p
    return gaz.seat_province(p)


#: Sub-event types in which no one is killed: deaths the text names are the protest's cause.
PEACEFUL_SUBS = frozenset({"Peaceful protest", "Protest with intervention"})
#: How recent (days before publication) the report's last date before an undated event must be
#: for the event to take it.
RECENT_DAYS = 14


def _earlier_date(ev: Event, dates: list[DateMention], text: str, published: dt.date):
    """The report's last day-precise date before an undated event, when recent: a story opens
    "30 were killed on Friday" and goes on to that day's strikes without naming the day again.
    An older date ("the sarin attack in April 2017") is history, not this event's day."""
    first = ev.sents[0].sent.start
    before = [d for d in dates if d.end <= first and d.precision == "day"
              and 0 <= (published - d.date).days <= RECENT_DAYS]
    if not before:
        return None
    d = before[-1]
    return d, Sentence(d.start, d.end, text[d.start : d.end])


@functools.lru_cache(maxsize=4)
def _may_share(folded: str) -> bool:
    """The report holds a word a shared figure needs ("coded", "split"...): a cheap guard, as
    the words are rare; once per report (every event of it has the same text), not once per
    event, which grew with the square of a long article's length."""
    return "coded" in folded or any(w in folded for w in SPLIT_WORDS)


def _shared(
    fatal: dict, evidence: list[EvidenceData], ev: Event, text: str
) -> tuple[dict, list[EvidenceData]]:
    """This event's share of a toll ACLED split over several events (``numbers.split_share``),
    unless the note already names this event's own figure ("3 fatalities coded to this event")."""
    if any("cas.coded_fatalities" in e["rule_ids"] for e in evidence):
        return fatal, evidence
    share = split_share(text, ev.sents[0].sent.start, fatal["total"])
    if share is None:
        return fatal, evidence
    value, a, b = share
    sent = next((i.sent for i in ev.sents if i.sent.start <= a < i.sent.end), None)
    ev_item = _ev("fatalities", sent or Sentence(a, b, text[a:b]), a, b, text, ["cas.split"])
    return {**fatal, "total": value, "civilians": None, "children": None}, [*evidence, ev_item]


_SENTENCE_END = re.compile(r"[.!?\n]")


def _same_sentence(a: SentInfo, b: SentInfo, text: str) -> bool:
    """Two clauses of one sentence: no full stop or line break between them."""
    lo, hi = sorted((a, b), key=lambda i: i.sent.start)
    return _SENTENCE_END.search(text, lo.sent.end - 1, hi.sent.start) is None


def _casualties(ev: Event, kind: str, text: str) -> tuple[dict, list[EvidenceData]]:
    coded = [(c, i) for i in ev.sents for c in i.counts if c.kind == kind and c.coded]
    # ACLED's explicit "coded as N" / "N fatalities coded to this event" beats a reported
    # "(VoJ reported 1 fatality)"; the last explicit figure is the one for this event
    # ("coded as 8 fatalities split over 4 events. 2 fatalities coded to this one")
    explicit = [ci for ci in coded if set(ci[0].rule_ids) & EXPLICIT_CODED]
    if coded:
        c, info = explicit[-1] if explicit else coded[-1]
        return _cas(total=c.value, qualifier=c.qualifier), [
            _ev(
                "fatalities" if kind == "killed" else "injured",
                info,
                c.start,
                c.end,
                text,
                list(c.rule_ids),
            )
        ]
    best: tuple[int, dict, list[EvidenceData], SentInfo] | None = None
    civ_seen: list[tuple[int | None, list[EvidenceData], SentInfo]] = []
    kids_seen: list[tuple[int | None, list[EvidenceData]]] = []
    for info in ev.sents:
        cs = [c for c in info.counts if c.kind == kind]
        if not cs:
            continue
        total = sum(c.value for c in cs if not c.subset)
        civ = (
            sum(c.value for c in cs if c.group in ("civilians", "children") and not c.subset)
            # "killed five people, including a civilian": the part says how many were civilians
            or min(total, sum(c.value for c in cs if c.group == "civilians"))
            or None
        )
        kids = sum(c.value for c in cs if c.group == "children") or None
        if civ is None and kids is not None and kids >= total:
            civ = kids  # "3 children were killed"; "12, including three children" says no more
        qual = next((c.qualifier for c in cs if c.qualifier != "exact"), "exact")
        field_ = "fatalities" if kind == "killed" else "injured"
        evs = [_ev(field_, info, c.start, c.end, text, list(c.rule_ids)) for c in cs]
        cas = _cas(total=total, civilians=civ, children=kids, qualifier=qual)
        if best is None or total > best[0] or (
            # the same toll told again with its civilians ("5 killed" then "killed five
            # people, including a civilian"): the fuller telling
            total == best[0] and best[1]["civilians"] is None and civ is not None
        ):
            best = (total, cas, evs, info)
        civ_seen.append((civ, evs, info))
        kids_seen.append((kids, evs))
    if best is not None:
        total, cas, evs, where = best
        if cas["children"] is None:
            # "At least 20 were killed. Five children were among the dead.": the children of
            # the toll, told in a sentence of their own
            kids, kid_evs = max(((k, e) for k, e in kids_seen if k is not None and k <= total),
                                default=(None, []), key=lambda ke: ke[0])
            if kids is not None:
                cas, evs = {**cas, "children": kids}, [*evs, *kid_evs]
        if cas["civilians"] is None:
            # "124 militants were killed, while seven civilians died": the civilians' figure
            # stands in another clause of the same sentence
            civ, civ_evs = max(
                ((c, e) for c, e, i in civ_seen
                 if c is not None and c <= total and _same_sentence(where, i, text)),
                default=(None, []), key=lambda ce: ce[0])
            if civ is not None:
                return {**cas, "civilians": civ}, [*evs, *civ_evs]
        return cas, evs
    for info in ev.sents:
        if info.no_casualties is not None:
            m = info.no_casualties
            return _cas(total=0), [
                _ev(
                    "fatalities" if kind == "killed" else "injured",
                    info,
                    m.start,
                    m.end,
                    text,
                    [m.entry.id],
                )
            ]
    return _cas(), []
