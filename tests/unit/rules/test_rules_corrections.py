"""Later reports correct earlier alerts: refutations retract, revised tolls replace, denials by
the accused change nothing, all within the correction window."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from schemas.incident import Evidence, Refutation, Revision
from tests.unit.rules.conftest import make_location
from tests.unit.rules.test_rules_engine import Worker

HOSPITAL = [("hospital", "health")]
SCHOOL = [("school", "education")]


@pytest.fixture
def worker(book) -> Worker:
    return Worker(book)


def refuting(incident, iid, *, by="rescuers", source="Civil Defence", **kw):
    sentence = "Rescuers said the strike hit an empty warehouse, not the hospital."
    return incident(
        iid, source=source, retraction=True, background=True, status="refuted",
        refutation=Refutation(by=by, kind="other_target", speaker=by, reason=sentence,
                              rule_ids=["cue.refute.other_target", f"spk.{by}"]),
        **kw)


def revised(incident, iid, value, *, source="Health Ministry", **kw):
    sentence = f"The toll was revised down to {value}; some victims had been counted twice."
    return incident(
        iid, source=source, killed=value, status="corrected",
        revision=Revision(field="fatalities", kind="revised", value=value, reason=sentence,
                          rule_ids=["cue.correction"]),
        **kw)


def with_denial(inc):
    sentence = "The defence ministry denied its aircraft struck the hospital."
    ev = Evidence(field="denial", sentence=sentence, start=0, end=len(sentence), text=sentence,
                  rule_ids=["cue.denial", "spk.military"])
    return inc.model_copy(update={"evidence": [*inc.evidence, ev]})


def test_a_refutation_by_rescuers_retracts_the_whole_alert(worker, incident, at) -> None:
    [a] = worker(incident("s1", source="Outlet A", targets=HOSPITAL), at(2019, 5, 1, 18))
    # a second outlet telling the same: recorded on the event, no message of its own
    assert worker(incident("s2", source="Outlet B", targets=HOSPITAL), at(2019, 5, 1, 20)) == []
    [r] = worker(refuting(incident, "ref", targets=HOSPITAL, date=None,
                          published=at(2019, 5, 3, 9)), at(2019, 5, 3, 9))
    assert (r.alert_id, r.status, r.sequence) == (a.alert_id, "retracted", a.sequence + 1)
    assert [s.report_id for s in r.sources] == ["rep-s1", "rep-s2"]  # both withdrawn
    assert r.retraction is not None and r.retraction.by == "rescuers"
    assert r.retraction.source == "Civil Defence" and "warehouse" in r.retraction.reason
    [status] = [c for c in r.changes if c.field == "status"]
    assert status.reason.startswith("refuted by Civil Defence (rescuers)")
    assert r.toll_history[-1].kind == "refuted"


def test_an_outlet_correcting_itself_withdraws_only_its_own_report(worker, incident, at) -> None:
    worker(incident("o1", source="Outlet A", targets=HOSPITAL), at(2019, 5, 1, 18))
    worker(incident("o2", source="Outlet B", targets=HOSPITAL), at(2019, 5, 1, 19))
    [r] = worker(refuting(incident, "o1-fix", by="outlet", source="Outlet A", targets=HOSPITAL),
                 at(2019, 5, 2, 9))
    assert r.status == "updated"
    assert [s.source for s in r.sources] == ["Outlet B"]


def test_a_refutation_about_a_school_keeps_the_hospital_alert(worker, incident, at) -> None:
    worker(incident("h1", targets=HOSPITAL), at(2019, 5, 1, 18))
    assert worker(refuting(incident, "ref-school", targets=SCHOOL), at(2019, 5, 2, 9)) == []


def test_a_refutation_of_another_day_keeps_the_alert(worker, incident, at) -> None:
    worker(incident("d1", targets=HOSPITAL, date=dt.date(2019, 5, 1)), at(2019, 5, 1, 18))
    late = refuting(incident, "ref-other-day", targets=HOSPITAL, date=dt.date(2019, 4, 20))
    assert worker(late, at(2019, 5, 2, 9)) == []


def test_a_refutation_after_the_window_is_ignored_and_logged(
    worker, incident, at, caplog
) -> None:
    worker(incident("w1", targets=HOSPITAL), at(2019, 5, 1, 18))
    late = refuting(incident, "ref-late", targets=HOSPITAL, date=None,
                    published=at(2019, 5, 20, 9))
    with caplog.at_level(logging.INFO, logger="services.rules.step"):
        assert worker(late, at(2019, 5, 20, 9)) == []
    assert any("matches no open event: ignored" in m for m in caplog.messages)


def test_a_refutation_inside_the_window_finds_an_undated_event(worker, incident, at) -> None:
    [a] = worker(incident("u1", targets=HOSPITAL), at(2019, 5, 1, 18))
    ref = refuting(incident, "ref-10d", targets=HOSPITAL, date=None,
                   published=at(2019, 5, 11, 9))
    [r] = worker(ref, at(2019, 5, 11, 9))
    assert (r.alert_id, r.status) == (a.alert_id, "retracted")


def test_a_later_confirmation_reopens_a_refuted_alert(worker, incident, at) -> None:
    [a] = worker(incident("c1", targets=HOSPITAL), at(2019, 5, 1, 18))
    worker(refuting(incident, "c-ref", targets=HOSPITAL, published=at(2019, 5, 2, 9)),
           at(2019, 5, 2, 9))
    # a copy of an older report arriving late does not re-open it
    old = incident("c0", source="Wire", targets=HOSPITAL, published=at(2019, 5, 1, 21))
    assert worker(old, at(2019, 5, 2, 10)) == []
    again = incident("c2", source="Monitor", targets=HOSPITAL, published=at(2019, 5, 2, 15))
    [b] = worker(again, at(2019, 5, 2, 15))
    assert (b.alert_id, b.status) == (a.alert_id, "updated")
    assert b.retraction is None
    assert {"field": "status", "before": "retracted", "after": "updated"} in [
        c.model_dump(exclude={"reason"}) for c in b.changes]


def test_a_toll_revised_down_replaces_the_higher_one(worker, incident, at) -> None:
    [a] = worker(incident("m1", source="Outlet A", killed=12), at(2019, 5, 1, 18))
    assert "mass-casualty" in a.rule_ids and a.fatalities.total == 12
    [b] = worker(revised(incident, "m2", 6, date=None, published=at(2019, 5, 2, 8)),
                 at(2019, 5, 2, 8))
    assert (b.alert_id, b.fatalities.total) == (a.alert_id, 6)
    [change] = [c for c in b.changes if c.field == "fatalities.total"]
    assert (change.before, change.after) == (12, 6)
    assert change.reason.startswith("revised by Health Ministry") and "twice" in change.reason
    assert [(t.value, t.kind) for t in b.toll_history] == [(12, "first"), (6, "revised")]
    # the rule that fired stays fired: a desk officer already acted on it
    assert "mass-casualty" in b.rule_ids


def test_a_toll_revised_up_replaces_too(worker, incident, at) -> None:
    worker(incident("v1", killed=4), at(2019, 5, 1, 18))
    [b] = worker(revised(incident, "v2", 9), at(2019, 5, 1, 20))
    assert b.fatalities.total == 9
    assert [t.kind for t in b.toll_history] == ["first", "revised"]


def test_after_a_revision_rises_count_again_and_old_repeats_do_not(
    worker, incident, at
) -> None:
    worker(incident("t1", killed=12), at(2019, 5, 1, 18))
    worker(revised(incident, "t2", 6), at(2019, 5, 1, 20))
    out = worker(incident("t3", source="Outlet C", killed=5), at(2019, 5, 1, 21))
    assert out == [] or out[0].fatalities.total == 6
    [d] = worker(incident("t4", source="Outlet D", killed=8), at(2019, 5, 1, 22))
    assert d.fatalities.total == 8
    kinds = [(t.value, t.kind) for t in d.toll_history]
    assert kinds == [(12, "first"), (6, "revised"), (5, "reported"), (8, "rises")]


def test_without_a_revision_the_highest_toll_stands(worker, incident, at) -> None:
    worker(incident("x1", killed=12), at(2019, 5, 1, 18))
    # a lower figure changes nothing material: no message
    assert worker(incident("x2", source="Outlet B", killed=6), at(2019, 5, 1, 20)) == []
    [a] = worker(incident("x3", source="Outlet C", killed=6, targets=HOSPITAL),
                 at(2019, 5, 1, 21))
    assert a.fatalities.total == 12
    assert [(t.value, t.kind) for t in a.toll_history] == [
        (12, "first"), (6, "reported"), (6, "reported")]


def test_a_revised_toll_with_no_earlier_event_opens_its_own_alert(worker, incident, at) -> None:
    [a] = worker(revised(incident, "lonely", 16), at(2019, 5, 1, 18))
    assert a.status == "new" and a.fatalities.total == 16
    assert [t.kind for t in a.toll_history] == ["revised"]


def test_a_denial_by_the_accused_alone_is_noted_not_a_retraction(worker, incident, at) -> None:
    [a] = worker(incident("n1", targets=HOSPITAL), at(2019, 5, 1, 18))
    deny = with_denial(incident("n-deny", source="State agency", targets=HOSPITAL,
                                background=True, status="denied_by_accused"))
    [b] = worker(deny, at(2019, 5, 1, 22))
    assert (b.alert_id, b.status) == (a.alert_id, "updated")
    assert b.retraction is None and b.rule_ids == a.rule_ids
    assert [s.kind for s in b.statements] == ["denied_by_accused"]
    assert [c.field for c in b.changes] == ["statements"]
    # the denial is no source of the event
    assert [s.report_id for s in b.sources] == ["rep-n1"]


def test_a_denial_with_witnesses_confirming_updates_with_the_denial(
    worker, incident, at
) -> None:
    worker(incident("w1", targets=HOSPITAL, killed=3), at(2019, 5, 1, 18))
    confirmed = with_denial(incident("w2", source="Outlet B", targets=HOSPITAL, killed=5))
    [b] = worker(confirmed, at(2019, 5, 1, 22))
    assert b.status in ("updated", "escalated") and b.fatalities.total == 5
    assert b.statements and "denied" in b.statements[0].text
    assert b.retraction is None


def test_a_denial_about_no_open_event_stays_background(worker, incident, at) -> None:
    deny = with_denial(incident("lone-deny", targets=HOSPITAL, background=True,
                                status="denied_by_accused"))
    assert worker(deny, at(2019, 5, 1, 18)) == []


def correcting(incident, iid, field, previous, *, source="Health Directorate", **kw):
    """A report that tells a detail against how it was first reported."""
    sentence = f"The air strike hit it, not {previous} as first reported."
    extra = {"previous_date": previous} if field == "date" else {}
    if field == "location":
        extra = {"previous_location": make_location(previous)}
    return incident(
        iid, source=source, status="corrected",
        revision=Revision(field=field, kind="revised", previous=str(previous), reason=sentence,
                          rule_ids=["cue.contrast"], **extra),
        **kw)


def test_a_corrected_date_moves_the_alert_to_the_day_told(worker, incident, at) -> None:
    [a] = worker(incident("dt1", targets=HOSPITAL, date=dt.date(2019, 5, 1)), at(2019, 5, 1, 18))
    # four days earlier than first reported: beyond the date tolerance, found by the old date
    fix = correcting(incident, "dt2", "date", dt.date(2019, 5, 1), targets=HOSPITAL,
                     date=dt.date(2019, 4, 27), published=at(2019, 5, 2, 9))
    [b] = worker(fix, at(2019, 5, 2, 9))
    assert (b.alert_id, b.status, b.event_date) == (a.alert_id, "updated", dt.date(2019, 4, 27))
    [change] = [c for c in b.changes if c.field == "event_date"]
    assert (change.before, change.after) == ("2019-05-01", "2019-04-27")
    assert change.reason.startswith("revised by Health Directorate (first reported: 2019-05-01)")


def test_without_the_old_date_a_far_date_is_another_event(worker, incident, at) -> None:
    [a] = worker(incident("dn1", targets=HOSPITAL, date=dt.date(2019, 5, 1)), at(2019, 5, 1, 18))
    other = incident("dn2", targets=HOSPITAL, date=dt.date(2019, 4, 27),
                     published=at(2019, 5, 2, 9))
    [b] = worker(other, at(2019, 5, 2, 9))
    assert b.alert_id != a.alert_id


def test_a_corrected_place_in_another_province_updates_the_alert_there(
    worker, incident, at
) -> None:
    from services.rules.keys import incident_key

    [a] = worker(incident("pl1", targets=HOSPITAL, place="Hama"), at(2019, 5, 1, 18))
    fix = correcting(incident, "pl2", "location", "Hama", targets=HOSPITAL, place="Aleppo",
                     published=at(2019, 5, 2, 9))
    assert incident_key(fix) == "SY:Hama"  # read by the partition that holds the event
    [b] = worker(fix, at(2019, 5, 2, 9))
    assert (b.alert_id, b.location.name) == (a.alert_id, "Aleppo")
    [change] = [c for c in b.changes if c.field == "location"]
    assert (change.before, change.after) == ("Hama", "Aleppo")
    assert "first reported: Hama" in change.reason


def test_a_corrected_target_replaces_the_one_first_reported(worker, incident, at) -> None:
    [a] = worker(incident("tg1", targets=HOSPITAL), at(2019, 5, 1, 18))
    fix = correcting(incident, "tg2", "targets", "the hospital", targets=[("clinic", "health")],
                     published=at(2019, 5, 2, 9))
    [b] = worker(fix, at(2019, 5, 2, 9))
    assert (b.alert_id, b.status) == (a.alert_id, "updated")
    assert "health-care-attack" in b.rule_ids
    [change] = [c for c in b.changes if c.field == "targets"]
    assert (change.before, change.after) == (["health:hospital"], ["health:clinic"])
    assert "first reported: the hospital" in change.reason
