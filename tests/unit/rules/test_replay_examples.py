"""``replay`` over the project's own example reports gives exactly the expected alerts: the same
pure extraction and rules the workers run, offline, in publication order."""

from __future__ import annotations

import json

from services.rules.cli import main as replay_main
from services.runtime.cli import EXAMPLES


def _replay(capsys) -> list[dict]:
    assert replay_main(["replay", str(EXAMPLES)]) == 0
    return [json.loads(line)["data"] for line in capsys.readouterr().out.splitlines()]


def test_examples_give_the_expected_alert_messages(capsys):
    alerts = _replay(capsys)
    summary = [(a["incidents"][-1]["report_id"], a["sequence"], a["status"], sorted(a["rule_ids"]))
               for a in alerts]
    assert summary == [
        ("example-001", 1, "new", ["health-care-attack", "zone-breach"]),
        ("example-002", 2, "updated", ["health-care-attack", "zone-breach"]),
        ("example-003", 3, "escalated",
         ["children-killed", "health-care-attack", "mass-casualty", "zone-breach"]),
        ("example-004", 1, "new", ["children-killed", "zone-breach"]),
    ]
    hospital = alerts[:3]
    assert len({a["alert_id"] for a in hospital}) == 1  # three reports, one alert
    assert [a["fatalities"]["total"] for a in hospital] == [3, 5, 12]
    assert [len(a["sources"]) for a in hospital] == [1, 2, 3]
    assert hospital[0]["location"]["name"] == "Kafr Nabl"
    assert hospital[0]["zone"]["certainty"] == "confirmed"
    assert [m["report_id"] for m in hospital[2]["merges"]] == ["example-002", "example-003"]
    assert hospital[2]["severity"] == "critical"
    assert alerts[3]["event_date"] == "2019-05-11"


def test_the_denial_and_the_protest_raise_nothing(capsys):
    reports = {a["incidents"][-1]["report_id"] for a in _replay(capsys)}
    assert not reports & {"example-005", "example-006"}


def test_replay_is_reproducible(capsys):
    first, second = _replay(capsys), _replay(capsys)
    assert [(a["alert_id"], a["sequence"]) for a in first] == [
        (a["alert_id"], a["sequence"]) for a in second]
