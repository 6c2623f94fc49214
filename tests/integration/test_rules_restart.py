"""The rules worker keeps its correlation state across a restart (faust table + changelog)."""

from __future__ import annotations

import time

from schemas import AlertEvent, Casualties, ReportSource
from services.common.codec import encode
from services.rules.keys import incident_key
from tests.factories import NOW, incident


def _alerts(read_topic, expect: int) -> list[AlertEvent]:
    return [AlertEvent.model_validate_json(v) for _, v in read_topic("alerts", expect=expect)]


def test_correlation_survives_a_restart(start_workers, send, read_topic):
    first = incident()
    second = incident(
        incident_id="inc-2", report_id="rep-2",
        source=ReportSource(title="Hospital strike toll rises", url="https://other.example/2",
                            name="Other Agency", published_at=NOW),
        fatalities=Casualties(total=5, civilians=5),
    )
    workers = start_workers("rules")
    send("incidents", incident_key(first).encode(), encode(first))
    [created] = _alerts(read_topic, 1)
    assert created.data.sequence == 1

    workers.stop()  # SIGTERM, then a new process: state must come back from the changelog
    start_workers("rules")
    send("incidents", incident_key(second).encode(), encode(second))
    # the first incident may be consumed again if its offset was not yet committed: it then
    # sends its alert again, the same message (same id), which consumers deduplicate
    deadline = time.monotonic() + 60
    alerts: list[AlertEvent] = []
    while time.monotonic() < deadline and [a.data.sequence for a in alerts] != [1, 2]:
        alerts = list({a.id: a for a in _alerts(read_topic, 2)}.values())

    assert [a.data.sequence for a in alerts] == [1, 2]
    update = alerts[1].data
    assert update.alert_id == created.data.alert_id
    assert (update.sequence, update.status) == (2, "updated")
    assert update.fatalities.total == 5
    assert {s.report_id for s in update.sources} == {"rep-1", "rep-2"}
    assert [m.report_id for m in update.merges] == ["rep-2"]
