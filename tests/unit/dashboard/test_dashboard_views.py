"""What the API tells the page about a retracted or corrected alert, and that no URL it hands
over is anything but http(s)."""

from __future__ import annotations

from datetime import timedelta

from schemas import ReportSource
from schemas.alert import Retraction, Statement, TollEntry
from services.dashboard.store import AlertEntry, ReportTexts
from services.dashboard.views import detail, summary
from tests.factories import NOW, alert, incident


def _retracted(url: str | None, **overrides):
    return alert(status="retracted", sequence=2, retraction=Retraction(
        report_id="rep-9", source="Civil Defence", url=url, by="rescuers",
        reason="Rescuers said the building hit was an empty depot, not the hospital."),
        **overrides)


def test_summary_carries_the_retraction_with_a_safe_link():
    r = summary(_retracted("https://rescue.example/statement"))["retraction"]
    assert r == {"report_id": "rep-9", "source": "Civil Defence",
                 "url": "https://rescue.example/statement", "by": "rescuers",
                 "reason": "Rescuers said the building hit was an empty depot, not the hospital."}
    assert summary(alert())["retraction"] is None


def test_an_unsafe_refuting_url_is_dropped_but_the_source_stays():
    for url in ("javascript:alert(1)", "data:text/html,x", " https://x.example/", None):
        r = summary(_retracted(url))["retraction"]
        assert r["url"] is None and r["source"] == "Civil Defence" and r["report_id"] == "rep-9"


def test_detail_drops_every_unsafe_url_in_the_full_alert():
    bad = "javascript:fetch('//evil.example')"
    inc = incident(source=ReportSource(title="t", url=bad, name="n", published_at=NOW))
    a = _retracted(bad, incident=inc, sources=[
        {"report_id": "rep-1", "url": bad}, {"report_id": "rep-2", "url": "http://ok.example/2"}])
    body = detail(AlertEntry([a]), ReportTexts(0))
    assert body["alert"]["retraction"]["url"] is None
    assert [s["url"] for s in body["alert"]["sources"]] == [None, "http://ok.example/2"]
    assert body["alert"]["incidents"][0]["source"]["url"] is None
    assert body["evidence"][0]["report_url"] is None
    assert "javascript:" not in repr(body)


def test_detail_has_the_toll_history_and_statements():
    history = [TollEntry(value=9, report_id="rep-1", source="Wire A", at=NOW, kind="first"),
               TollEntry(value=6, report_id="rep-2", source="Wire B",
                         at=NOW + timedelta(hours=2), kind="revised")]
    denial = Statement(kind="denied_by_accused", report_id="rep-3", source="Wire C",
                       text="The ministry denied that its aircraft hit the hospital.")
    a = alert(toll_history=history, statements=[denial])
    body = detail(AlertEntry([a]), ReportTexts(0))["alert"]
    assert [(t["value"], t["kind"], t["source"]) for t in body["toll_history"]] == [
        (9, "first", "Wire A"), (6, "revised", "Wire B")]
    assert body["statements"][0]["kind"] == "denied_by_accused"
    assert body["retraction"] is None
