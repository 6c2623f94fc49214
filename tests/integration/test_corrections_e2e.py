"""Later reports correct earlier alerts through the running pipeline (extractor, rules and
delivery workers on the broker, a webhook receiver on 127.0.0.1): a refutation retracts the
alert, a denial by the accused party does not, a toll revised down updates it with a change
record, and the subscriber receives each of these signed. Every report is written for these
tests."""

from __future__ import annotations

from standardwebhooks.webhooks import Webhook

from schemas import AlertEvent, Report
from services.common.codec import encode
from services.runtime.receiver import WebhookReceiver

STRIKE = Report(
    id="strike-1", source="Outlet A", title="Air strike hits hospital in Ariha",
    text="An air strike hit the main hospital in Ariha on Monday, wounding four staff, "
         "witnesses said.",
    published_at="2024-05-06T10:00:00Z",
)
REFUTATION = Report(
    id="refute-1", source="Outlet B", title="Rescuers: Ariha hospital was not hit",
    text="Rescuers said the air strike reported on Monday in Ariha had in fact hit an empty "
         "warehouse two kilometres away, not the hospital.",
    published_at="2024-05-08T09:00:00Z",
)
DENIAL = Report(
    id="deny-1", source="Outlet C", title="Ministry denies striking Ariha hospital",
    text="The defence ministry denied that its aircraft struck the hospital in Ariha on "
         "Monday.\nDoctors at the hospital said the air strike on Monday wounded four staff.",
    published_at="2024-05-07T09:00:00Z",
)
MARKET = Report(
    id="market-1", source="Outlet A", title="Air strike on Saraqib market",
    text="An air strike hit the market in Saraqib on Monday, killing 12 people, medics said.",
    published_at="2024-05-06T12:00:00Z",
)
REVISED = Report(
    id="market-2", source="Health Ministry", title="Saraqib toll revised",
    text="After hospitals compared their lists, the toll was revised: six people were killed "
         "in Monday's air strike on the market in Saraqib.",
    published_at="2024-05-07T12:00:00Z",
)

PLACE_FIRST = Report(
    id="clinic-1", source="Outlet D", title="Hospital hit in Kafr Zita",
    text="An air strike hit the hospital in Kafr Zita on Tuesday, wounding three nurses, "
         "witnesses said.",
    published_at="2024-05-07T15:00:00Z",
)
PLACE_FIX = Report(
    id="clinic-2", source="Health Directorate", title="Strike was in Khan Shaykhun",
    text="Tuesday's air strike hit the hospital in Khan Shaykhun, not in Kafr Zita as first "
         "reported, doctors said.",
    published_at="2024-05-08T08:00:00Z",
)


def _alerts(records):
    return [AlertEvent.model_validate_json(v).data for _, v in records]


def _latest(alerts, alert_id):
    """The newest version of one alert. The topic is partitioned by alert, so the order of
    records read across partitions says nothing about which came last."""
    return max((a for a in alerts if a.alert_id == alert_id), key=lambda a: a.sequence)


def test_refutation_retracts_denial_does_not_revision_updates(
        start_workers, send, read_topic, webhook_secret):
    with WebhookReceiver(webhook_secret) as receiver:
        start_workers("extractor", "rules", "delivery", env={
            "CONFLICT_ALERTS_WEBHOOK_URL": receiver.url,
            "CONFLICT_ALERTS_WEBHOOK_SECRET": webhook_secret})
        _correct_through_the_pipeline(send, read_topic)
        deliveries = receiver.wait_for(7, timeout_s=60)

    verifier = Webhook(webhook_secret)
    received: dict[str, list[tuple[str, dict]]] = {}
    for d in deliveries:
        data = verifier.verify(d.body, d.headers)["data"]  # raises when the signature is wrong
        received.setdefault(data["alert_id"], []).append((d.headers["webhook-id"], data))

    def alert_of(report: Report) -> list[tuple[str, dict]]:
        [found] = [v for v in received.values()
                   if any(s["report_id"] == report.id for _, d in v for s in d["sources"])]
        return found

    strike, market, moved = alert_of(STRIKE), alert_of(MARKET), alert_of(PLACE_FIRST)
    assert sorted(data["sequence"] for _, data in moved) == [1, 2]
    strike_id = strike[0][1]["alert_id"]
    assert sorted(wid for wid, _ in strike) == [f"{strike_id}:{n}" for n in (1, 2, 3)]
    by_sequence = sorted((data for _, data in strike), key=lambda d: d["sequence"])
    assert [d["status"] for d in by_sequence] == ["new", "updated", "retracted"]
    assert by_sequence[-1]["retraction"]["report_id"] == REFUTATION.id
    market_msgs = sorted((data for _, data in market), key=lambda d: d["sequence"])
    assert [d["fatalities"]["total"] for d in market_msgs] == [12, 6]
    assert any(c["field"] == "fatalities.total" and (c["before"], c["after"]) == (12, 6)
               for c in market_msgs[-1]["changes"])


def _correct_through_the_pipeline(send, read_topic) -> None:
    send("reports", STRIKE.id.encode(), encode(STRIKE))
    [first] = _alerts(read_topic("alerts", expect=1, timeout_s=90))
    assert first.status == "new" and "health-care-attack" in first.rule_ids

    # the accused party denies, doctors confirm: no retraction, the denial is on the alert
    send("reports", DENIAL.id.encode(), encode(DENIAL))
    alerts = _alerts(read_topic("alerts", expect=2, timeout_s=60))
    second = _latest(alerts, first.alert_id)
    assert second.status == "updated"
    assert second.retraction is None
    assert any("denied" in s.text for s in second.statements)

    # rescuers refute it: the same alert, retracted, with who and why
    send("reports", REFUTATION.id.encode(), encode(REFUTATION))
    alerts = _alerts(read_topic("alerts", expect=3, timeout_s=60))
    third = _latest(alerts, first.alert_id)
    assert third.status == "retracted"
    assert third.sequence == second.sequence + 1
    assert third.retraction is not None and third.retraction.by == "rescuers"
    assert third.retraction.report_id == REFUTATION.id

    # a mass-casualty toll revised down: an update with the new figure and why
    send("reports", MARKET.id.encode(), encode(MARKET))
    alerts = _alerts(read_topic("alerts", expect=4, timeout_s=60))
    [market] = [a for a in alerts if a.alert_id != first.alert_id]
    assert "mass-casualty" in market.rule_ids and market.fatalities.total == 12
    send("reports", REVISED.id.encode(), encode(REVISED))
    alerts = _alerts(read_topic("alerts", expect=5, timeout_s=60))
    update = _latest(alerts, market.alert_id)
    assert (update.sequence, update.fatalities.total) == (market.sequence + 1, 6)
    [change] = [c for c in update.changes if c.field == "fatalities.total"]
    assert (change.before, change.after) == (12, 6) and change.reason.startswith("revised")
    assert [t.kind for t in update.toll_history] == ["first", "revised"]

    # the place corrected into another province (another partition key): the same alert moves
    send("reports", PLACE_FIRST.id.encode(), encode(PLACE_FIRST))
    alerts = _alerts(read_topic("alerts", expect=6, timeout_s=60))
    [placed] = [a for a in alerts if a.alert_id not in (first.alert_id, market.alert_id)]
    send("reports", PLACE_FIX.id.encode(), encode(PLACE_FIX))
    alerts = _alerts(read_topic("alerts", expect=7, timeout_s=60))
    moved = _latest(alerts, placed.alert_id)
    assert (moved.sequence, moved.location.admin1) == (placed.sequence + 1, "Idleb")
    [change] = [c for c in moved.changes if c.field == "location"]
    assert "first reported: in Kafr Zita" in change.reason
