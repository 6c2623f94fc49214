"""Later reports that correct earlier ones: refutations by independent voices withdraw the event,
revised tolls replace figures, denials by the accused party change nothing. Who speaks decides.
Every sentence is written for these tests."""

from __future__ import annotations

import pytest

PUB = "2024-05-08T10:00:00Z"  # a Wednesday


def _live(incidents):
    return [i for i in incidents if not i.background]


def _refuted(incidents):
    return [i for i in incidents if i.status == "refuted"]


# --- refuted: an independent voice says it did not happen as reported ------------------------


@pytest.mark.parametrize(
    ("text", "by", "kind"),
    [
        ("Rescuers said the air strike reported on Monday in Ariha had in fact hit an empty "
         "warehouse "
         "two kilometres away, not the hospital.", "rescuers", "other_target"),
        ("The hospital director in Ariha said the building was not hit in the reported air strike "
         "on Monday.", "facility", "other_target"),
        ("Civil defence teams said no strike took place in Ariha on Monday, contrary to earlier "
         "reports of an air raid on the hospital.", "rescuers", "no_event"),
        ("An earlier version of this article wrongly reported that an air strike hit the "
         "hospital in Ariha on Monday.", "outlet", "withdrawn"),
        ("Monitors said reports of shelling on the market in Saraqib on Monday were incorrect.",
         "monitor", "withdrawn"),
    ],
)
def test_an_independent_refutation_withdraws_the_event(run, text, by, kind):
    incidents = run(text, published=PUB)
    assert _live(incidents) == []
    [inc] = _refuted(incidents)
    assert inc.retraction and inc.background
    assert (inc.refutation.by, inc.refutation.kind) == (by, kind)
    assert inc.refutation.rule_ids[0].startswith("cue.refute") or by != "outlet"
    assert inc.location is not None


def test_a_retold_claim_and_its_refutation_are_one_refuted_event(run):
    text = ("Reports on Monday said an air strike hit the hospital in Ariha. Rescuers said on "
            "Wednesday the air strike had actually hit a warehouse outside the town.")
    incidents = run(text, published=PUB)
    assert _live(incidents) == []
    assert incidents and all(i.status == "refuted" and i.retraction for i in incidents)


def test_a_near_miss_that_kills_is_no_refutation(run):
    text = ("The hospital in Ariha was not hit, but the air strike killed three people at the "
            "market.")
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "asserted" and not inc.retraction
    assert inc.fatalities.total == 3


def test_a_plain_report_of_a_strike_is_not_refuted(run):
    text = "Witnesses said an air strike hit the hospital in Ariha on Tuesday, wounding four."
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "asserted" and inc.refutation is None


# --- denied by the accused: kept, never a retraction -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The defence ministry denied that its aircraft struck the hospital in Ariha on Tuesday.",
        "The army said no strike took place in Ariha on Tuesday.",
        "The militants denied shelling the market in Saraqib on Tuesday.",
    ],
)
def test_a_denial_by_the_accused_alone_is_background_not_a_refutation(run, text):
    incidents = run(text, published=PUB)
    assert _live(incidents) == []
    assert not any(i.retraction for i in incidents)


def test_a_denial_by_the_accused_with_doctors_confirming_keeps_the_event(run):
    text = ("The defence ministry denied that its aircraft struck the hospital in Ariha on "
            "Tuesday.\nDoctors at the hospital said the air strike on Tuesday killed two nurses "
            "and wounded six patients.")
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "asserted" and not inc.retraction
    assert inc.fatalities.total == 2
    denials = [e for e in inc.evidence if e.field == "denial"]
    assert denials and "spk.military" in denials[0].rule_ids
    assert "denied" in denials[0].sentence


def test_an_unnamed_denial_stays_a_plain_denial(run):
    text = "Officials denied reports that the hospital in Ariha was shelled on Tuesday."
    incidents = run(text, published=PUB)
    assert _live(incidents) == [] and not any(i.retraction for i in incidents)


# --- corrected: a revised toll replaces the old figure ---------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Health officials said the air strike on the market in Saraqib on Tuesday killed six "
         "people, not 12 as first reported: some victims had been counted twice.", 6),
        ("After hospitals compared their lists, the toll was revised: nine people were killed "
         "in Tuesday's shelling of the market in Saraqib.", 9),
        ("Rescuers revised the toll of Tuesday's air strike on Saraqib upward to 15 killed.", 15),
    ],
)
def test_a_revised_toll_is_a_correction_with_the_new_figure(run, text, value):
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "corrected"
    assert inc.revision is not None and inc.revision.kind == "revised"
    assert inc.fatalities.total == value == inc.revision.value


def test_a_rising_toll_is_a_rise_not_a_correction(run):
    text = "The toll from Tuesday's air strike on the market in Saraqib rose to 14, medics said."
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "asserted" and inc.revision is not None
    assert inc.revision.kind == "rises" and inc.fatalities.total == 14


# --- corrected: a detail told against how it was first reported ------------------------------


def test_a_date_told_against_the_first_report_is_a_date_correction(run):
    text = ("The air strike on the hospital in Ariha happened on Sunday, not on Monday as "
            "first reported, its director said.")
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "corrected" and inc.revision.field == "date"
    assert str(inc.date) == "2024-05-05"  # the Sunday before publication
    assert str(inc.revision.previous_date) == "2024-05-06" and inc.revision.previous == "on Monday"
    assert "cue.contrast" in inc.revision.rule_ids


def test_a_place_told_against_the_first_report_is_a_place_correction(run):
    text = ("Tuesday's shelling hit the hospital in Binnish, not in Ariha as initially reported, "
            "the health directorate said.")
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "corrected" and inc.revision.field == "location"
    assert inc.location.name == "Binnish"
    assert inc.revision.previous_location.name == "Ariha"


def test_a_target_of_the_same_kind_told_against_the_first_report_corrects_the_target(run):
    text = ("Rescuers said Tuesday's air strike in Ariha in fact hit a small clinic rather than "
            "the town's hospital, as first reported.")
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "corrected" and not inc.retraction
    assert inc.revision.field == "targets"
    assert [t.type for t in inc.targets] == ["clinic"]


def test_a_figure_told_against_the_first_report_revises_the_toll(run):
    text = ("The shelling of the market in Saraqib on Tuesday killed seven people, not 11 as "
            "was first reported.")
    [inc] = _live(run(text, published=PUB))
    assert inc.status == "corrected" and inc.revision.field == "fatalities"
    assert inc.fatalities.total == 7 == inc.revision.value


def test_another_kind_of_target_than_first_reported_still_refutes(run):
    text = ("The air strike in Ariha on Tuesday hit a school, not the hospital as first "
            "reported.")
    incidents = run(text, published=PUB)
    assert not any(i.status == "corrected" for i in incidents)
    assert any(i.retraction and i.refutation.kind == "other_target" for i in incidents)


@pytest.mark.parametrize(
    "text",
    [
        # a choice between two targets, not a correction of earlier reporting
        "The drone struck a clinic in Ariha on Tuesday rather than the nearby hospital.",
        # the cue with nothing of the same kind on both sides
        "The air strike on Tuesday did not hit Ariha's hospital, as first reported, but "
        "wounded two shepherds in the fields.",
    ],
)
def test_no_pair_of_old_and_new_values_is_no_correction(run, text):
    assert not any(i.status == "corrected" for i in run(text, published=PUB))
