"""The engine: correlation into one alert, updates, escalation, retraction, expiry, state."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from schemas.alert import Alert
from services.rules import Rulebook, candidate_keys, prune_value, to_event
from services.rules.step import step


class RawTable(dict):
    """The faust table stand-in: values are the bytes its changelog carries (JSON text)."""

    def __setitem__(self, key, value) -> None:
        assert isinstance(value, bytes), f"{key}: {type(value).__name__} is not stored as is"
        json.loads(value)
        super().__setitem__(key, value)


class Worker:
    """What the faust worker does (``step``), with a dict of raw values as the table."""

    def __init__(self, book: Rulebook) -> None:
        self.book = book
        self.table = RawTable()

    def __call__(self, incident, now, position=None) -> list[Alert]:
        return step(incident, self.book, self.table, now, position)


@pytest.fixture
def worker(book) -> Worker:
    return Worker(book)


def test_three_sources_one_alert_new_updated_escalated(worker, incident, at) -> None:
    first = worker(incident("a1", source="SANA", killed=4, targets=[("hospital", "health")]),
                   at(2019, 5, 1, 18))
    assert len(first) == 1
    a1 = first[0]
    assert (a1.status, a1.sequence, a1.rule_ids) == ("new", 1, ["health-care-attack",
                                                              "zone-breach"])
    assert a1.title == "Attack on health care in Khan Shaykhun"
    assert a1.zone is not None and (a1.zone.id, a1.zone.certainty) == ("idlib-dmz-2018",
                                                                      "confirmed")
    assert a1.first_seen == at(2019, 5, 1, 18) and a1.changes == []

    # Second outlet, next day's date, 1.3 km away, "Violence against civilians": same event.
    b = incident("b1", source="SOHR", killed=7, date=dt.date(2019, 5, 2),
                 sub_event_type="Attack",
                 location=incident().location.model_copy(update={"lat": 35.43}))
    [a2] = worker(b, at(2019, 5, 2, 9))
    assert (a2.alert_id, a2.sequence, a2.status) == (a1.alert_id, 2, "updated")
    assert {c.field: (c.before, c.after) for c in a2.changes} == {
        "fatalities.total": (4, 7),
        "sources": (["rep-a1"], ["rep-a1", "rep-b1"]),
        "incidents": (["a1"], ["a1", "b1"]),
    }
    [note] = a2.merges
    assert note.incident_id == "b1"
    assert "1.3 km from Khan Shaykhun" in note.reason
    assert "1 day(s) apart, within ±1" in note.reason
    assert "compatible event types" in note.reason

    [a3] = worker(incident("c1", source="Reuters", killed=12), at(2019, 5, 2, 15))
    assert (a3.alert_id, a3.sequence, a3.status) == (a1.alert_id, 3, "escalated")
    assert a3.rule_ids == ["health-care-attack", "zone-breach", "mass-casualty"]
    assert a3.severity == "critical"
    assert a3.title == "12 killed in Khan Shaykhun"
    assert a3.fatalities.total == 12
    assert [s.source for s in a3.sources] == ["SANA", "SOHR", "Reuters"]
    assert [m.incident_id for m in a3.merges] == ["b1", "c1"]
    assert a3.first_seen == at(2019, 5, 1, 18) and a3.updated_at == at(2019, 5, 2, 15)
    changed = {c.field: (c.before, c.after) for c in a3.changes}
    assert changed["rule_ids"][1][-1] == "mass-casualty"
    assert changed["severity"] == ("high", "critical")


def test_the_same_message_consumed_again_resends_the_same_alert_message(worker, incident, at):
    # consumed again after a crash that may have kept its alert from being acknowledged: the
    # event's last alert again, the same message (no new sequence)
    inc = incident("dup", killed=10)
    [first] = worker(inc, at(2019, 5, 1, 18), "incidents/0/7")
    [again] = worker(inc, at(2019, 5, 1, 19), "incidents/0/7")
    assert again == first
    later = incident("dup-2", killed=12)
    [update] = worker(later, at(2019, 5, 1, 20), "incidents/0/8")
    assert (update.alert_id, update.sequence) == (first.alert_id, 2)
    [replayed] = worker(inc, at(2019, 5, 1, 21), "incidents/0/7")  # the latest, not the first
    assert replayed == update


def test_a_replayed_incident_without_an_alert_sends_nothing(worker, incident, at) -> None:
    quiet = incident("quiet", sub_event_type="Peaceful protest")
    assert worker(quiet, at(2019, 5, 1, 18)) == []
    assert worker(quiet, at(2019, 5, 1, 19)) == []


def test_far_apart_same_day_are_two_alerts(worker, incident, at) -> None:
    [a] = worker(incident("ks", killed=10), at(2019, 5, 1, 18))
    [b] = worker(incident("mn", place="Maarat al-Numan", killed=10), at(2019, 5, 1, 19))
    assert a.alert_id != b.alert_id and b.status == "new" and b.merges == []


def test_same_place_dates_two_days_apart_are_two_alerts(worker, incident, at) -> None:
    [a] = worker(incident("d1", killed=10), at(2019, 5, 1, 18))
    [b] = worker(incident("d3", killed=10, date=dt.date(2019, 5, 3)), at(2019, 5, 3, 18))
    assert a.alert_id != b.alert_id and b.sequence == 1


def test_incompatible_types_do_not_merge(worker, incident, at) -> None:
    [a] = worker(incident("s1", killed=10), at(2019, 5, 1, 18))
    [b] = worker(incident("p1", sub_event_type="Armed clash", killed=10), at(2019, 5, 1, 19))
    assert a.alert_id != b.alert_id


def test_quiet_report_is_remembered_and_alerts_once_a_rule_fires(worker, incident, at) -> None:
    assert worker(incident("q1", place="Hama", killed=3), at(2019, 5, 1, 18)) == []
    [a] = worker(incident("q2", place="Hama", killed=11), at(2019, 5, 1, 20))
    assert (a.status, a.sequence, a.rule_ids) == ("new", 1, ["mass-casualty"])
    assert [i.incident_id for i in a.incidents] == ["q1", "q2"]


def test_background_never_alerts_nor_touches_state(worker, incident, at) -> None:
    inc = incident("bg", killed=40, targets=[("hospital", "health")], background=True)
    assert worker(inc, at(2019, 5, 1, 18)) == []
    assert worker.table == {}


def test_alert_ids_are_deterministic(book, incident, at) -> None:
    one, two = Worker(book), Worker(book)
    inc = incident("same-id", killed=10)
    assert one(inc, at(2019, 5, 1, 18))[0].alert_id == two(inc, at(2020, 1, 1))[0].alert_id


def test_expiry_bounds_the_state(worker, incident, at) -> None:
    worker(incident("old", killed=10), at(2019, 5, 1, 18))
    assert any("/cell:" in k for k in worker.table)
    # Events stay open for the correction window (14 days, longer than the week of open_days):
    # two weeks after the event date (plus the day itself) it is gone; a late report of the
    # same event starts a new alert, and the old event is no longer stored.
    [late] = worker(incident("late", killed=10, date=dt.date(2019, 5, 2)), at(2019, 5, 16, 1))
    assert late.status == "new" and late.incidents[0].incident_id == "late"
    cells = [json.loads(v) for k, v in worker.table.items() if "/cell:" in k]
    assert [e["event_id"] for c in cells for e in c["events"]] == [late.alert_id]
    # A sweep long after leaves nothing at all.
    for key in list(worker.table):
        assert prune_value(key, json.loads(worker.table[key]), worker.book.ruleset,
                           at(2019, 6, 1)) is None


def test_open_events_per_key_are_capped(incident, at) -> None:
    from services.rules.ruleset import parse_ruleset
    from services.rules.zones import load_zones

    ruleset = parse_ruleset({"settings": {"expiry": {"max_open_per_key": 3}},
                             "rules": [{"id": "any", "severity": "low", "title": "t",
                                        "conditions": {"min_fatalities": 0}}]})
    worker = Worker(Rulebook(ruleset, load_zones()))
    for n in range(4):  # distinct dates of one ISO week (Mon 6 to Sun 12 May): no merging
        worker(incident(f"e{n}", date=dt.date(2019, 5, 6) + dt.timedelta(days=2 * n)),
               at(2019, 5, 6 + 2 * n))
    [cell] = [json.loads(v) for k, v in worker.table.items() if "/cell:" in k]
    assert len(cell["events"]) == 3
    assert len([k for k in worker.table if "/event:" in k]) == 3  # the dropped one is deleted


def test_escalation_counts_events_not_reports(worker, incident, at) -> None:
    # Villages of Hama governorate south of the zones, 15+ km apart: four distinct clashes.
    places = [(35.00, 36.60), (35.05, 36.95), (35.20, 37.10), (34.90, 36.80)]
    for n, (lat, lon) in enumerate(places):
        loc = incident(place="Hama").location.model_copy(
            update={"lat": lat, "lon": lon, "name": f"V{n}"})
        alerts = worker(incident(f"x{n}", location=loc, sub_event_type="Armed clash",
                                 date=dt.date(2020, 6, 1)), at(2020, 6, 1, 10 + n))
        assert alerts == []  # no rule fires for a clash with no toll outside the zones
        # A second report of the same clash is not a new attack.
        worker(incident(f"x{n}-bis", location=loc, sub_event_type="Armed clash",
                        source="Other", date=dt.date(2020, 6, 1)), at(2020, 6, 1, 15))
    assert len(json.loads(worker.table["SY:Hama/attacks"])["attacks"]) == 4
    [fifth] = worker(incident("x4", place="Hama", sub_event_type="Armed clash",
                              date=dt.date(2020, 6, 2)), at(2020, 6, 2, 9))
    assert fifth.rule_ids == ["escalation"]
    assert fifth.title == "Escalation in Hama: 5 attacks in 2 days"
    # Three days later the window has slid past the first four.
    assert worker(incident("x5", place="Hama", sub_event_type="Armed clash",
                           date=dt.date(2020, 6, 5)), at(2020, 6, 5, 9)) == []


def test_retraction_withdraws_the_alert(worker, incident, at) -> None:
    [a] = worker(incident("r1", source="Outlet A", killed=10), at(2019, 5, 1, 18))
    [r] = worker(incident("r1-retract", source="Outlet A", killed=10, retraction=True),
                 at(2019, 5, 2, 8))
    assert (r.alert_id, r.sequence, r.status) == (a.alert_id, 2, "retracted")
    [status] = [c for c in r.changes if c.field == "status"]
    assert (status.before, status.after) == ("new", "retracted")
    assert status.reason is not None and status.reason.startswith("withdrawn by Outlet A")
    assert r.retraction is not None and r.retraction.report_id == "rep-r1-retract"
    assert "retraction by Outlet A withdraws r1" in r.merges[-1].reason


def test_retraction_by_one_of_two_sources_is_an_update(worker, incident, at) -> None:
    worker(incident("t1", source="Outlet A", killed=10), at(2019, 5, 1, 18))
    worker(incident("t2", source="Outlet B", killed=12), at(2019, 5, 1, 19))
    [r] = worker(incident("t3", source="Outlet B", retraction=True), at(2019, 5, 2, 8))
    assert r.status == "updated"
    assert [i.incident_id for i in r.incidents] == ["t1"]
    assert r.fatalities.total == 10


def test_retraction_with_nothing_to_withdraw_is_silent(worker, incident, at) -> None:
    assert worker(incident("z", retraction=True), at(2019, 5, 2)) == []
    assert worker.table == {}


def test_cloudevent_envelope(worker, incident, at) -> None:
    [a] = worker(incident("ce", killed=10), at(2019, 5, 1, 18))
    event = to_event(a, at(2019, 5, 1, 18))
    assert event.id == f"{a.alert_id}:1"
    assert event.source == "/conflict-alerts/rules"
    assert event.subject == a.alert_id
    assert event.type == "org.conflict-alerts.alert.v1"
    assert json.loads(event.model_dump_json())["data"]["alert_id"] == a.alert_id


def test_candidate_keys(book, incident) -> None:
    keys = candidate_keys(incident(), book.ruleset)
    assert keys[0] == "SY:Idleb/cell:70:73:2019W18"  # home: its cell, the ISO week of its date
    assert keys[1] == "SY:Idleb/index"
    assert keys[-1] == "SY:Idleb/attacks"
    # 1-4 cells within the correlation reach, in the 2-3 weeks the date tolerance (7 days) spans,
    # and the index of each of those weeks
    cells = [k for k in keys if "/cell:" in k]
    assert 3 <= len(cells) <= 12
    assert [k for k in keys if "/index:" in k] == [
        "SY:Idleb/index:2019W17", "SY:Idleb/index:2019W18", "SY:Idleb/index:2019W19"]
    assert all(k.startswith("SY:Idleb/") for k in keys)  # one partition bucket
    assert candidate_keys(incident(place=None), book.ruleset) == [
        "unlocated/date:2019-05-01", "unlocated/index", "unlocated/index:2019W18"]


def test_cell_index_stays_compact_and_events_live_under_their_own_keys(worker, incident, at):
    for n in range(3):  # three events in one cell and week (Wed, Fri, Sun): no merging
        worker(incident(f"ev{n}", killed=2, targets=[("hospital", "health")],
                        date=dt.date(2019, 5, 1 + 2 * n)), at(2019, 5, 1 + 2 * n, 18))
    event_keys = [k for k in worker.table if "/event:" in k]
    [cell_key] = [k for k in worker.table if "/cell:" in k]
    assert len(event_keys) == 3
    assert len(json.loads(worker.table[cell_key])["events"]) == 3
    assert b"evidence" not in worker.table[cell_key]  # full incidents stay in the event keys
    assert all(json.loads(worker.table[k])["incidents"] for k in event_keys)


def test_expired_events_are_deleted_with_their_index_entry(worker, incident, at):
    worker(incident("old", killed=2, targets=[("hospital", "health")]), at(2019, 5, 1, 18))
    assert any("/event:" in k for k in worker.table)
    # a month later, a new incident in the same cell sweeps the expired event away
    worker(incident("new", killed=2, targets=[("hospital", "health")],
                    date=dt.date(2019, 6, 5)), at(2019, 6, 5, 18))
    events = [json.loads(worker.table[k])["event_date"] for k in worker.table if "/event:" in k]
    assert events == ["2019-06-05"]


def test_a_backfill_keeps_every_index_small(worker, incident, at):
    # a year of reports, one a week in each of three towns, all arriving on one day
    towns = ["Khan Shaykhun", "Maarat al-Numan", "Idlib"]
    for week in range(52):
        for n, town in enumerate(towns):
            worker(incident(f"b{week}-{n}", place=town, killed=2,
                            date=dt.date(2019, 1, 1) + dt.timedelta(weeks=week)),
                   at(2020, 3, 1, 10))
    index = json.loads(worker.table["SY:Idleb/index"])
    assert len(index["weeks"]) == 52  # one entry per week, not per cell
    week_indexes = [json.loads(v) for k, v in worker.table.items() if "/index:" in k]
    assert len(week_indexes) == 52
    assert max(len(w["cells"]) for w in week_indexes) <= len(towns)
    assert sum(len(w["cells"]) for w in week_indexes) == sum(
        1 for k in worker.table if "/cell:" in k)


def test_cells_no_incident_touches_again_are_all_swept(worker, incident, at):
    for week in range(30):  # 30 events in 30 week-cells, reported on one day
        worker(incident(f"s{week}", killed=2,
                        date=dt.date(2019, 1, 1) + dt.timedelta(weeks=week)), at(2019, 8, 1))
    assert sum(1 for k in worker.table if "/event:" in k) == 30
    # weeks later, reports elsewhere in the province: a few stale cells are deleted with each
    for n in range(6):
        worker(incident(f"late{n}", place="Idlib", killed=2, date=dt.date(2019, 9, 2 + n)),
               at(2019, 9, 2 + n))
    dates = [json.loads(v)["event_date"] for k, v in worker.table.items() if "/event:" in k]
    assert dates and all(d >= "2019-09-02" for d in dates)  # only September's events are left
    cells = [k for k in worker.table if "/cell:" in k]
    assert cells and all(k.endswith(("2019W36", "2019W37")) for k in cells)
    index = json.loads(worker.table["SY:Idleb/index"])
    assert sorted(index["weeks"]) == ["2019W36"]


def test_state_written_as_faust_json_by_earlier_releases_reads_back_the_same(worker, incident,
                                                                             at) -> None:
    from faust.serializers import codecs

    from services.rules.state import load_value

    worker(incident("a1", killed=4, targets=[("hospital", "health")]), at(2019, 5, 1, 18))
    for key, raw in worker.table.items():
        model = load_value(key, raw)
        # earlier releases stored model_dump(mode="json") dicts through faust's JSON codec
        old = codecs.dumps("json", model.model_dump(mode="json"))
        assert load_value(key, old) == model
