"""Repeats are idempotent: an incident seen before with the same content changes nothing, and
another source repeating an event updates its alert only when something material changed."""

from __future__ import annotations

import datetime as dt

from schemas.incident import Refutation
from services.common.boundary import Boundary, MessageMeta
from services.common.codec import encode
from services.rules.handler import RulesHandler
from services.rules.step import step

HOSPITAL = [("hospital", "health")]


class Worker:
    def __init__(self, book) -> None:
        self.book, self.table = book, {}

    def __call__(self, incident, now, position=None):
        return step(incident, self.book, self.table, now, position)


def test_a_copy_of_an_incident_changes_nothing(book, incident, at):
    worker = Worker(book)
    inc = incident("c1", killed=3, targets=HOSPITAL)
    [first] = worker(inc, at(2019, 5, 1, 18), "incidents/2/40")
    stored = dict(worker.table)
    # the same report published again: new offsets, a later extraction time, the same content
    copy = inc.model_copy(update={"extracted_at": at(2019, 5, 1, 19)})
    for n in range(50):
        assert worker(copy, at(2019, 5, 1, 19) + dt.timedelta(seconds=n),
                      f"incidents/2/{41 + n}") == []
    assert worker(copy, at(2019, 5, 1, 20)) == []  # replay: no position
    assert worker.table == stored  # nothing written
    assert first.sequence == 1


def test_another_source_repeating_the_event_only_records_the_source(book, incident, at):
    worker = Worker(book)
    [a] = worker(incident("a1", source="Outlet A", killed=3, targets=HOSPITAL),
                 at(2019, 5, 1, 18))
    assert worker(incident("b1", source="Outlet B", killed=3, targets=HOSPITAL),
                  at(2019, 5, 1, 19)) == []
    assert worker(incident("b2", source="Outlet C", killed=2), at(2019, 5, 1, 20)) == []
    # the next material change carries every source recorded meanwhile
    [b] = worker(incident("c1", source="Outlet D", killed=5, targets=HOSPITAL),
                 at(2019, 5, 1, 21))
    assert (b.alert_id, b.sequence, b.status) == (a.alert_id, 2, "updated")
    assert [s.source for s in b.sources] == ["Outlet A", "Outlet B", "Outlet C", "Outlet D"]
    assert [m.incident_id for m in b.merges] == ["b1", "b2", "c1"]
    changed = {c.field: (c.before, c.after) for c in b.changes}
    assert changed["fatalities.total"] == (3, 5)
    assert changed["sources"] == (["rep-a1"], ["rep-a1", "rep-b1", "rep-b2", "rep-c1"])


def test_material_changes_each_update_the_alert(book, incident, at):
    worker = Worker(book)
    [a] = worker(incident("m1", source="A", killed=3, targets=HOSPITAL), at(2019, 5, 1, 18))
    # a new target
    [t] = worker(incident("m2", source="B", killed=3, targets=[("school", "education")]),
                 at(2019, 5, 1, 19))
    assert t.sequence == 2 and "targets" in {c.field for c in t.changes}
    # a toll that rises past a rule's threshold: escalated
    [k] = worker(incident("m3", source="C", killed=11), at(2019, 5, 1, 20))
    assert (k.sequence, k.status) == (3, "escalated")
    # the status: a refutation retracts it
    refutation = Refutation(by="rescuers", kind="no_event", reason="No strike took place.")
    [r] = worker(incident("m4", source="D", retraction=True, background=True, status="refuted",
                          refutation=refutation, targets=HOSPITAL, date=None,
                          published=at(2019, 5, 2, 9)), at(2019, 5, 2, 9))
    assert (r.sequence, r.status) == (4, "retracted")
    assert a.alert_id == t.alert_id == k.alert_id == r.alert_id


def test_a_withdrawal_is_a_message_even_when_the_facts_stay(book, incident, at):
    worker = Worker(book)
    worker(incident("w1", source="Outlet A", killed=4, targets=HOSPITAL), at(2019, 5, 1, 18))
    assert worker(incident("w2", source="Outlet B", killed=4, targets=HOSPITAL),
                  at(2019, 5, 1, 19)) == []
    [u] = worker(incident("w3", source="Outlet C", killed=6), at(2019, 5, 1, 20))
    assert [s.report_id for s in u.sources] == ["rep-w1", "rep-w2", "rep-w3"]
    # Outlet B withdraws its report: the toll (6) and the targets stay; the sources change
    [r] = worker(incident("w4", source="Outlet B", retraction=True), at(2019, 5, 2, 8))
    assert (r.sequence, r.status, r.fatalities.total) == (3, "updated", 6)
    assert {c.field for c in r.changes} == {"sources", "incidents"}
    assert [s.report_id for s in r.sources] == ["rep-w1", "rep-w3"]


def test_withdrawing_a_report_no_message_carried_sends_nothing(book, incident, at):
    worker = Worker(book)
    worker(incident("v1", source="Outlet A", killed=4, targets=HOSPITAL), at(2019, 5, 1, 18))
    worker(incident("v2", source="Outlet B", killed=4, targets=HOSPITAL), at(2019, 5, 1, 19))
    # subscribers never saw Outlet B's report: its withdrawal changes nothing they were told
    assert worker(incident("v3", source="Outlet B", retraction=True), at(2019, 5, 2, 8)) == []


def test_an_edited_report_under_the_same_id_updates_its_incident(book, incident, at):
    worker = Worker(book)
    inc = incident("e1", killed=3, targets=HOSPITAL)
    [a] = worker(inc, at(2019, 5, 1, 18), "incidents/0/1")
    edited = inc.model_copy(update={"fatalities": inc.fatalities.model_copy(update={"total": 8}),
                                    "extracted_at": at(2019, 5, 1, 20)})
    [b] = worker(edited, at(2019, 5, 1, 20), "incidents/0/2")
    assert (b.alert_id, b.sequence, b.fatalities.total) == (a.alert_id, 2, 8)
    assert [i.incident_id for i in b.incidents] == ["e1"]  # replaced, not added
    # the edit consumed again after a crash: its alert once more; a copy of it: nothing
    assert worker(edited, at(2019, 5, 1, 21), "incidents/0/2") == [b]
    assert worker(edited, at(2019, 5, 1, 21), "incidents/0/3") == []


async def test_the_worker_tells_a_copy_from_the_same_message_by_its_offset(book, incident, at):
    handler = RulesHandler(book, {}, clock=lambda: at(2019, 5, 1, 18))
    letters = []

    async def dead_letter(letter, key):
        letters.append(letter)

    boundary = Boundary("rules", dead_letter, max_payload_bytes=1 << 20)
    raw = encode(incident("off", killed=3, targets=HOSPITAL))
    got = []

    async def handle(value):
        got.append([o.value for o in await handler(value)])

    for offset in (5, 6, 7, 5):  # the message, two copies, the message consumed again
        assert await boundary.run(MessageMeta("incidents", 1, offset, b"k"), raw, handle)
    assert [len(values) for values in got] == [1, 0, 0, 1]
    assert got[3] == got[0]  # the same alert message, byte for byte
    assert letters == []
