"""A long news article that tells one hospital strike three times, denies another strike and
recalls an old one becomes exactly one alert through the running pipeline (extractor and rules
workers on the broker); what it only recalls travels as a background incident with its status."""

from __future__ import annotations

import json
from pathlib import Path

from schemas import AlertEvent, Incident, Report
from services.common.codec import encode

ARTICLE = (Path(__file__).resolve().parents[1] / "fixtures" / "reports"
           / "retold-hospital-strike.txt")


def test_a_retold_strike_is_one_alert(start_workers, send, read_topic):
    report = Report(
        id="retold-1",
        title="Air strike puts Saraqib hospital out of action",
        text=ARTICLE.read_text(encoding="utf-8"),
        published_at="2024-05-06T10:00:00Z",
    )
    start_workers("extractor", "rules")
    send("reports", report.id.encode(), encode(report))

    first = read_topic("alerts", expect=1, timeout_s=90)
    assert len(first) == 1
    # give a second alert (a duplicate of the strike, the denied bakery strike, the recalled
    # market bombing) every chance to arrive: it must not
    records = read_topic("alerts", expect=2, timeout_s=15)
    alerts = [AlertEvent.model_validate_json(v) for _, v in records]
    assert len(alerts) == 1
    alert = alerts[0].data
    assert alert.status == "new"
    assert "health-care-attack" in alert.rule_ids
    assert "mass-casualty" not in alert.rule_ids  # the market's 16 dead are history

    incidents = [Incident.model_validate_json(v)
                 for _, v in read_topic("incidents", expect=2, timeout_s=30)]
    live = [i for i in incidents if not i.background]
    assert [(i.location.name, i.fatalities.total) for i in live] == [("Sarāqib", 4)]
    history = [i for i in incidents if i.background]
    assert history and all(i.status == "historical" for i in history)
    assert any("cue.anniversary" in e.rule_ids for i in history for e in i.evidence
               if e.field == "status")
    assert json.loads(records[0][1])["data"]["alert_id"] == records[0][0].decode()
