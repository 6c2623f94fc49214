"""Copies of one incident on the incidents topic (a report published again and again) make one
alert message, in a real rules worker: each copy is another message, at another offset."""

from __future__ import annotations

from datetime import date

from schemas import AlertEvent, Location
from services.common.codec import encode
from services.rules.keys import incident_key
from tests.factories import incident


def test_copies_of_an_incident_make_one_alert_message(start_workers, send, read_topic):
    original = incident()
    # another event in the same bucket, sent last: once its alert is out, every copy was handled
    other = incident(incident_id="inc-other", report_id="rep-other", date=date(2019, 5, 2),
                     location=Location(name="Kafr Nabl", admin1="Idlib", country="SY",
                                       lat=35.6133, lon=36.5617, precision="town",
                                       radius_km=2.0))
    start_workers("rules")
    key = incident_key(original).encode()
    for _ in range(30):
        send("incidents", key, encode(original))
    send("incidents", incident_key(other).encode(), encode(other))
    records = read_topic("alerts", expect=2, timeout_s=90)
    alerts = [AlertEvent.model_validate_json(v).data for _, v in records]
    assert len(alerts) == 2  # one for the 30 copies, one for the other event
    assert len({a.alert_id for a in alerts}) == 2 and {a.sequence for a in alerts} == {1}
    # nothing more arrives
    assert len(read_topic("alerts", expect=3, timeout_s=5)) == 2
