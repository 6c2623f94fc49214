"""The rules engine: one incident in, zero or more alert messages out, state threaded through.

Owns ``evaluate`` (pure: no I/O, no clock; ``now`` is a parameter) and the retraction mechanism.
Pipeline for one incident:

0. refuse (``MessageOutOfBounds``, with the reason) an incident dated outside the boundary's
   window (``services.common.datewindow``);
1. load + prune the given state values (expiry at ``now``);
2. drop background incidents; an incident already merged (same ``incident_id``) with the same
   content changes nothing: no state written, no alert, unless it is the very message that
   brought it (same ``position``: consumed again after a crash, its alert maybe never
   acknowledged), which re-sends the event's last alert unchanged. Under the same id with other
   content (the report was edited), it replaces the incident it was;
3. correlate with open events (``correlate.find_match``) or open a new event;
4. count the event in its admin1 for escalation (once per event, not per report);
5. locate the event in active zones; evaluate every rule on the merged facts;
6. emit an Alert: ``new`` the first time any rule fires, then ``updated`` (more detail) or
   ``escalated`` (another rule fires: e.g. a revised toll crosses ``mass-casualty``).
   Fired rules are sticky: a later, lower report does not un-fire a rule. Only a material
   change is a new message (``MATERIAL``: anything but the list of sources and incidents); a
   report that repeats what the alert says is recorded on the event (its incident, its merge
   note) and rides along with the next message. A retraction always is a message.

Corrections (``state.corrects``): a refutation or a revised toll that names no day of its own
reaches back ``correction_window_days`` (default 14) to the event it corrects. A refutation that
finds no open event is ignored, with a note (``Evaluation.notes``) the worker logs; a revised
toll that finds none tells of a real event all the same, and opens one.

Retractions: an incident is a retraction when it carries ``retraction=True`` (status
``refuted``, with its ``refutation``) or an ``Evidence`` entry with ``field == "retraction"``.
A refutation by an independent party (a monitor, rescuers, the facility, health authorities,
witnesses) withdraws the whole event; an outlet correcting itself, or a retraction without a
``refutation``, withdraws the event's incidents from the same report or the same publisher
(``source.name``). When no incident remains, the alert is re-sent with status ``retracted`` and
its ``retraction`` (who, why); otherwise it is ``updated`` without the withdrawn source. A report
published after the refutation that confirms the event re-opens it.

Revised tolls: the alert's toll follows the latest revision, then the highest figure after it
(``alerts.toll_history``); the change record says why. Denials by the accused party
(``denied_by_accused``) change no fact: a report that carries only the denial is noted on the
event and the alert is updated with it in ``statements``.

Messages go to the ``alerts`` topic via ``events.to_event``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, NamedTuple

from schemas.alert import Alert, AlertStatus, Change, MergeNote, ZoneRef
from schemas.incident import Incident
from services.common.datewindow import date_problem
from services.common.errors import MessageOutOfBounds
from services.rules.alerts import alert_id_for, best_location, compose, diff
from services.rules.conditions import facts_of, fired_rules, zone_hit
from services.rules.correlate import Match, find_match
from services.rules.rulebook import Rulebook
from services.rules.ruleset import SEVERITY_RANK, CorrelationSettings
from services.rules.state import (
    AreaState,
    BucketIndex,
    CellState,
    EventSummary,
    Member,
    OpenEvent,
    StateValue,
    WeekIndex,
    area_key,
    bucket,
    candidate_keys,
    cell_week,
    corrects,
    dump_value,
    effective_date,
    event_key,
    expiry_hour,
    home_key,
    hours_passed,
    index_key,
    is_retraction,
    load_value,
    prune,
    week_index_key,
)
from services.rules.zones import locate

__all__ = ["Evaluation", "evaluate", "is_retraction"]

StateIn = Mapping[str, Any]

#: Expired cells deleted per message at most (the rest go with the next messages).
SWEEP_MAX = 8
#: Changes that alone make no new alert message: one more report of what the alert says.
NOT_MATERIAL = frozenset({"sources", "incidents"})


class Evaluation(NamedTuple):
    """What ``evaluate`` returns: alerts to publish, state values to write back, and notes for
    the log (a correction that found no event to correct)."""

    alerts: list[Alert]
    state: dict[str, dict[str, Any] | None]  # None: delete the key
    notes: tuple[str, ...] = ()


def evaluate(
    incident: Incident, book: Rulebook, state: StateIn, now: dt.datetime,
    position: str | None = None,
) -> Evaluation:
    """Evaluate one incident against the rulebook and the state of its ``candidate_keys``.

    ``state`` maps keys to stored values (JSON text, or None/absent for an empty key); the full
    event an incident joins (``<bucket>/event:<id>``) is read from it on demand, so a lazy
    mapping over the store works. The returned state holds every key read or changed, pruned;
    None means delete. ``position``: where the incident's message is in its topic
    (``services.common.boundary.current_position``), None when unknown (``replay``).
    """
    problem = _out_of_window(incident, now)
    if problem:
        raise MessageOutOfBounds(problem)
    ruleset = book.ruleset
    open_days = ruleset.settings.keep_days
    values: dict[str, StateValue] = {
        k: load_value(k, state.get(k)) for k in candidate_keys(incident, ruleset)
    }
    events: dict[str, OpenEvent | None] = {}  # event key -> event to write (None: delete)
    prefix = bucket(incident)
    index = values[index_key(prefix)]
    assert isinstance(index, BucketIndex)

    def week_index(week: str) -> WeekIndex:
        key = week_index_key(prefix, week)
        if key not in values:
            values[key] = load_value(key, state.get(key))
        found = values[key]
        assert isinstance(found, WeekIndex)
        return found

    # Cells of this bucket whose events have all expired, though no incident touches them now:
    # read them (a few per message, to bound the work) and delete them with their events.
    budget, passed = SWEEP_MAX, hours_passed(now)
    for week in [w for w, hour in index.weeks.items() if hour <= passed]:
        due = [k for k, h in week_index(week).cells.items() if h <= passed and k not in values]
        for key in due[:budget]:
            stale = load_value(key, state.get(key))
            if isinstance(stale, CellState):
                for summary in stale.events:
                    events[event_key(prefix, summary.event_id)] = None
            values[key] = CellState()
        budget -= len(due[:budget])
        if budget <= 0:
            break

    def sweep() -> None:
        for key, value in values.items():
            if isinstance(value, BucketIndex | WeekIndex):  # due entries find stale cells
                continue
            for event_id in prune(value, ruleset, now):
                events[event_key(_bucket_of(key), event_id)] = None

    def reindex() -> None:
        """Each cell under its week with the hour its last event expires; each week under the
        bucket with the hour its last cell does."""
        cells = [(k, v) for k, v in values.items() if isinstance(v, CellState)]
        for key, cell in cells:
            entries = week_index(cell_week(key)).cells
            if cell.events:
                entries[key] = expiry_hour(max(e.expires_at(open_days) for e in cell.events))
            else:
                entries.pop(key, None)
        weeks = [(k, v) for k, v in values.items() if isinstance(v, WeekIndex)]
        for key, week in weeks:
            name = key.rsplit(":", 1)[1]
            if week.cells:
                index.weeks[name] = max(week.cells.values())
            else:
                index.weeks.pop(name, None)

    def done(alerts: list[Alert], *notes: str) -> Evaluation:
        sweep()  # again: enforce the per-key cap after adding
        reindex()
        if position is not None:
            for event in events.values():
                if event is not None and _holds(event, incident.incident_id):
                    event.positions[incident.incident_id] = position
        out = {k: dump_value(v) for k, v in values.items()}
        out.update({k: None if e is None else dump_value(e) for k, e in events.items()})
        return Evaluation(alerts, out, notes)

    sweep()
    retraction = is_retraction(incident)
    if incident.background and not retraction and incident.status != "denied_by_accused":
        return done([])
    summaries = [(k, e) for k, v in values.items() if isinstance(v, CellState) for e in v.events]
    merged = next((event_key(_bucket_of(k), e.event_id) for k, e in summaries
                   if e.has(incident.incident_id)), None)
    if merged is not None:
        return done(*_repeated(incident, merged, summaries, state, position, events, book,
                               values, now))
    member = Member.of(incident)
    late = corrects(incident)
    match = find_match(member, summaries, ruleset.settings.correlation, late)
    if match is None and not late and not incident.background:
        match = _retracted_match(member, summaries, ruleset.settings.correlation)
    event: OpenEvent | None = None
    if match is not None:
        key = event_key(_bucket_of(match.key), match.event.event_id)
        try:
            loaded = load_value(key, state.get(key))
        except KeyError:  # an index entry without its event: drop it, start afresh
            cell = values[match.key]
            assert isinstance(cell, CellState)
            cell.events = [e for e in cell.events if e.event_id != match.event.event_id]
            match = None
        else:
            assert isinstance(loaded, OpenEvent)
            event = loaded
            events[key] = event

    if retraction and (match is None or event is None):
        return done([], f"refutation in incident {incident.incident_id} (report "
                        f"{incident.report_id}) matches no open event: ignored")
    if retraction:
        return done(_retract(incident, member, match, event, book, values, now))
    if incident.background:  # a denial by the accused party: a word on the event, no fact
        return done(_note(incident, member, match, event, book, values, now))
    if match is not None and event is not None and event.alert is not None and (
        event.alert.status == "retracted" and not _after_retraction(incident, event)
    ):
        return done([])  # an older report of a refuted event does not re-open it

    if match is not None and event is not None:
        event.incidents.append(incident)
        event.merges.append(MergeNote(report_id=incident.report_id,
                                      incident_id=incident.incident_id, reason=match.reason))
        event.touched_at = match.event.touched_at = now
        match.event.members.append(member)
    else:
        event = OpenEvent(event_id=alert_id_for(incident.incident_id), incidents=[incident],
                          event_date=effective_date(incident), opened_at=now, touched_at=now)
        home = values[home_key(incident)]
        assert isinstance(home, CellState)
        home.events.append(EventSummary(event_id=event.event_id, event_date=event.event_date,
                                        touched_at=now, members=[member]))
        events[event_key(bucket(incident), event.event_id)] = event
    _count_attack(event, incident, book, values)
    alert = _emit(event, book, values, now)
    return done([alert] if alert else [])


def _out_of_window(incident: Incident, now: dt.datetime) -> str | None:
    """Why the incident's dates are outside the window the extractor keeps them in (published
    from 1900 to a day after ``now``; the event from 1900 to a day after publication), if they
    are: an incident from elsewhere dated 0001 or 9999 is refused, not an overflow."""
    published = incident.source.published_at
    return date_problem("incident source.published_at", published, now) or (
        date_problem("incident date", incident.date, published) if incident.date else None)


def _retracted_match(
    member: Member, summaries: list[tuple[str, EventSummary]], settings: CorrelationSettings
) -> Match | None:
    """An event whose every report was withdrawn still matches a report that confirms it (its
    withdrawn members stand in), so a later confirmation re-opens the same alert."""
    originals = {e.event_id: e for _, e in summaries}
    retracted = [(k, e.model_copy(update={"members": [
        m.model_copy(update={"withdrawn": False}) for m in e.members]}))
        for k, e in summaries if e.members and not e.active()]
    found = find_match(member, retracted, settings) if retracted else None
    return replace(found, event=originals[found.event.event_id]) if found else None


def _after_retraction(incident: Incident, event: OpenEvent) -> bool:
    refuted = [i.source.published_at for i in event.incidents if is_retraction(i)]
    return not refuted or incident.source.published_at > max(refuted)


def _note(
    incident: Incident, member: Member, match: Match | None, event: OpenEvent | None,
    book: Rulebook, values: dict, now: dt.datetime,
) -> list[Alert]:
    """A report that carries only a denial by the accused party: noted on the event it is
    about, and the alert updated with it; about no open event, it is background."""
    if match is None or event is None or event.alert is None:
        return []
    event.noted.append(incident)
    event.merges.append(MergeNote(report_id=incident.report_id, incident_id=incident.incident_id,
                                  reason="denial by the accused party, kept as evidence: "
                                  + match.reason))
    event.touched_at = match.event.touched_at = now
    match.event.members.append(member.model_copy(update={"withdrawn": True}))
    alert = _emit(event, book, values, now, retracted=event.alert.status == "retracted")
    return [alert] if alert else []


def _holds(event: OpenEvent, incident_id: str) -> bool:
    return event.has(incident_id) or any(i.incident_id == incident_id for i in event.noted)


def _content(incident: Incident) -> dict[str, Any]:
    """What an incident says: all but when it was extracted."""
    return incident.model_dump(exclude={"extracted_at"})


def _repeated(
    incident: Incident, key: str, summaries: list[tuple[str, EventSummary]], state: StateIn,
    position: str | None, events: dict[str, OpenEvent | None], book: Rulebook, values: dict,
    now: dt.datetime,
) -> tuple[list[Alert], *tuple[str, ...]]:
    """An incident the event already holds (same ``incident_id``).

    - Same content, from another message (the report published again, a feed's duplicate):
      nothing changes, nothing is sent.
    - Same content, from the very message that brought it (``position``): consumed again after
      a crash, whose alert may never have been acknowledged. The event's last alert goes out
      again unchanged (same alert id and sequence, so the same message id): at least once.
    - Other content (the report was edited under its id): it replaces the incident it was, and
      the alert follows when that changes something material.
    """
    try:
        event = load_value(key, state.get(key))
    except KeyError:
        return ([],)
    assert isinstance(event, OpenEvent)
    known = next((i for i in event.incidents if i.incident_id == incident.incident_id), None)
    if known is None or _content(known) == _content(incident):
        again = position is not None and event.positions.get(incident.incident_id) == position
        return ([event.alert] if again and event.alert is not None else [],)
    if (is_retraction(known) or is_retraction(incident) or incident.background
            or incident.incident_id in event.withdrawn):
        return ([], f"incident {incident.incident_id} (report {incident.report_id}) changed "
                    "under the same id into or from a retraction or background: ignored")
    event.incidents = [incident if i.incident_id == incident.incident_id else i
                       for i in event.incidents]
    event.touched_at = now
    for _, summary in summaries:
        if summary.event_id == event.event_id:
            summary.touched_at = now
            summary.members = [Member.of(incident) if m.incident_id == incident.incident_id
                               else m for m in summary.members]
    events[key] = event
    alert = _emit(event, book, values, now)
    return ([alert] if alert else [],)


def _bucket_of(key: str) -> str:
    return key.split("/", 1)[0]


def _count_attack(event: OpenEvent, incident: Incident, book: Rulebook, values: dict) -> None:
    """Count the event once in its admin1 area, when it is an attack."""
    esc = book.ruleset.settings.escalation
    key = area_key(incident)
    if event.area is not None or key is None or incident.event_type not in esc.event_types:
        return
    area = values.get(key)
    if not isinstance(area, AreaState):
        return
    area.attacks[event.event_id] = event.event_date
    event.area = key


def _area_attacks(event: OpenEvent, book: Rulebook, values: dict) -> int:
    area = values.get(event.area) if event.area else None
    if not isinstance(area, AreaState):
        return 0
    return area.count_around(event.event_date, book.ruleset.settings.escalation.window_days)


def _emit(
    event: OpenEvent, book: Rulebook, values: dict, now: dt.datetime, retracted: bool = False,
    every_change: bool = False,
) -> Alert | None:
    """Re-evaluate the event's rules; the next alert message if anything material changed
    (with ``every_change``, if anything changed at all)."""
    ruleset = book.ruleset
    active = event.active()
    prev = event.alert
    by_id = {r.id: r for r in ruleset.rules}
    area_attacks = _area_attacks(event, book, values)
    extra = {"area_attacks": area_attacks,
             "window_days": ruleset.settings.escalation.window_days}
    if retracted:
        if prev is None:
            return None
        rules = [by_id[r] for r in prev.rule_ids if r in by_id] or None
        if rules is None:
            return None
        alert = compose(event, rules, prev.zone, extra, "retracted", now, incidents=event.incidents)
    else:
        location = best_location(active)
        hits = tuple(locate(location, event.event_date, book.zones))
        facts = facts_of(active, location, hits, area_attacks)
        fired = {r.id for r in fired_rules(ruleset.rules, facts)}
        sticky = fired | set(event.rule_ids)
        rules = [r for r in ruleset.rules if r.id in sticky]
        if not rules:
            return None
        zone: ZoneRef | None = None
        for rule in rules:
            hit = zone_hit(rule.conditions.zone, facts) if rule.conditions.zone else None
            if hit is not None:
                zone = hit.ref()
                break
        if zone is None and hits:
            zone = hits[0].ref()
        status: AlertStatus = "new"
        if prev is not None:
            grew = set(r.id for r in rules) - set(prev.rule_ids)
            worse = SEVERITY_RANK[max((r.severity for r in rules), key=SEVERITY_RANK.get)] > (
                SEVERITY_RANK[prev.severity]
            )
            status = "escalated" if grew or worse else "updated"
        alert = compose(event, rules, zone, extra, status, now)
        event.rule_ids = [r.id for r in rules]
    if prev is not None:
        changes = _explained(diff(prev, alert), event.incidents[-1], alert)
        if not changes or not every_change and {c.field for c in changes} <= NOT_MATERIAL:
            return None  # the event keeps the report; the next message carries it
        alert = alert.model_copy(update={"changes": changes})
    event.alert = alert
    return alert


def _retract(
    incident: Incident, member: Member, match: Match | None, event: OpenEvent | None,
    book: Rulebook, values: dict, now: dt.datetime,
) -> list[Alert]:
    if match is None or event is None:
        return []
    publisher = incident.source.name
    whole = incident.refutation is not None and incident.refutation.by != "outlet"
    withdrawn = [
        i.incident_id for i in event.active()
        if whole or i.report_id == incident.report_id
        or (publisher and i.source.name == publisher)
    ]
    if not withdrawn:
        return []
    event.withdrawn.extend([*withdrawn, incident.incident_id])
    event.incidents.append(incident)
    event.merges.append(MergeNote(
        report_id=incident.report_id, incident_id=incident.incident_id,
        reason=f"retraction by {_refuter(incident)} withdraws "
        f"{', '.join(withdrawn)}: {match.reason}",
    ))
    event.touched_at = match.event.touched_at = now
    for other in match.event.members:
        if other.incident_id in withdrawn:
            other.withdrawn = True
    match.event.members.append(member.model_copy(update={"withdrawn": True}))
    alert = _emit(event, book, values, now, retracted=not event.active(), every_change=True)
    return [alert] if alert else []


#: The alert field a change is in -> the incident revision field that explains it.
_REVISED_FIELDS = {"fatalities": "fatalities", "event_date": "date", "location": "location",
                   "targets": "targets"}


def _explained(changes: list[Change], latest: Incident, alert: Alert) -> list[Change]:
    """The reason a report gives for what it changed: a revised toll's sentence, or the
    refutation that retracts the alert."""
    rev = latest.revision
    out = []
    for c in changes:
        reason = None
        if rev is not None and _REVISED_FIELDS.get(c.field.split(".")[0]) == rev.field:
            was = f" (first reported: {rev.previous})" if rev.previous else ""
            reason = f"{rev.kind} by {latest.source.name or latest.report_id}{was}: {rev.reason}"
        elif c.field == "status" and c.after == "retracted" and alert.retraction is not None:
            r = alert.retraction
            verb = "withdrawn" if r.by in (None, "outlet") else "refuted"
            reason = f"{verb} by {r.source or r.report_id}" + (
                f" ({r.by})" if r.by else "") + f": {r.reason}"
        out.append(c.model_copy(update={"reason": reason}) if reason else c)
    return out


def _refuter(incident: Incident) -> str:
    who = incident.source.name or incident.report_id
    r = incident.refutation
    return f"{who} ({r.by}: {r.speaker or r.by})" if r is not None else who
