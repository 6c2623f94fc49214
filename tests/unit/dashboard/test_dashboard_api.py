"""The dashboard's HTTP API and live feed, in process (no broker: records are handed to
``Feed.handle`` as the consumer would)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from schemas import Casualties, Evidence, Location
from services.common.codec import encode
from services.common.settings import Settings
from services.dashboard.server import FEED, create_web_app
from tests.factories import NOW, alert_event, incident

SETTINGS = Settings(kafka_bootstrap_servers="127.0.0.1:1", topic_prefix="t.")
TEXT = "Warplanes struck the hospital in Kafr Nabl, killing three."


def evidence(field: str, span: str) -> Evidence:
    start = TEXT.index(span)
    return Evidence(field=field, sentence=TEXT, start=start, end=start + len(span), text=span)


@pytest.fixture
async def client():
    app = create_web_app(SETTINGS, clock=lambda: NOW, consume=False)
    async with TestClient(TestServer(app)) as client:
        client.feed = app[FEED]
        yield client


def put(client, value: bytes, topic: str = "alerts"):
    return client.feed.handle(SETTINGS.topic(topic), value)


async def test_alerts_are_listed_newest_first_with_filters_and_pages(client):
    put(client, encode(alert_event(alert_id="a1", updated_at=NOW - timedelta(minutes=5))))
    aleppo = incident(location=Location(name="Aleppo", admin1="Aleppo", country="SY", lat=36.2,
                                        lon=37.15, precision="town", radius_km=5))
    put(client, encode(alert_event(alert_id="a2", severity="critical", incident=aleppo,
                                   location=aleppo.location, updated_at=NOW)))
    body = await (await client.get("/api/alerts")).json()
    assert [a["alert_id"] for a in body["items"]] == ["a2", "a1"] and body["total"] == 2
    body = await (await client.get("/api/alerts?admin1=Idlib")).json()
    assert [a["alert_id"] for a in body["items"]] == ["a1"]
    body = await (await client.get("/api/alerts?min_severity=critical")).json()
    assert [a["alert_id"] for a in body["items"]] == ["a2"]
    body = await (await client.get("/api/alerts?limit=1&offset=1")).json()
    assert [a["alert_id"] for a in body["items"]] == ["a1"] and body["total"] == 2
    response = await client.get("/api/alerts?severity=urgent")
    assert response.status == 400 and "severity" in (await response.json())["error"]
    points = await (await client.get("/api/incidents?country=SY")).json()
    assert {p["alert_id"] for p in points["items"]} == {"a1", "a2"}
    assert all(p["location"]["lat"] for p in points["items"])


async def test_detail_has_history_and_evidence_against_the_report_text(client):
    inc = incident(report_id="r1", evidence=[evidence("target", "hospital"),
                                             evidence("fatalities", "killing three")])
    put(client, json.dumps({"id": "r1", "text": TEXT}).encode(), topic="reports")
    put(client, encode(alert_event(alert_id="a1", incident=inc)))
    update = alert_event(alert_id="a1", sequence=2, status="updated", incident=inc,
                         fatalities=Casualties(total=4), merges=[{
                             "report_id": "r2", "incident_id": "i2", "reason": "same town"}],
                         changes=[{"field": "fatalities.total", "before": 3, "after": 4}])
    put(client, encode(update))
    body = await (await client.get("/api/alerts/a1")).json()
    assert body["alert"]["sequence"] == 2
    assert [(h["sequence"], len(h["merges"])) for h in body["history"]] == [(1, 0), (2, 1)]
    assert body["history"][1]["changes"][0]["after"] == 4
    [ev] = body["evidence"]
    assert ev["text"] == TEXT
    assert [TEXT[s["start"]:s["end"]] for s in ev["spans"]] == ["hospital", "killing three"]
    assert (await client.get("/api/alerts/nope")).status == 404


async def test_spans_not_matching_the_held_text_fall_back_to_sentences(client):
    inc = incident(report_id="r1", evidence=[evidence("target", "hospital")])
    put(client, json.dumps({"id": "r1", "text": "another text entirely"}).encode(), "reports")
    put(client, encode(alert_event(alert_id="a1", incident=inc)))
    [ev] = (await (await client.get("/api/alerts/a1")).json())["evidence"]
    assert ev["text"] is None and ev["spans"][0]["sentence"] == TEXT


async def test_undecodable_messages_are_skipped(client):
    assert put(client, b"{not json") is None
    assert put(client, b'{"id": 1}', topic="reports") is None
    assert client.feed.invalid == 2


async def test_stream_pushes_each_new_version(client):
    response = await client.get("/api/stream")
    assert response.headers["Content-Type"] == "text/event-stream"
    assert await response.content.readuntil(b"\n\n") == b"retry: 2000\nevent: hello\ndata: {}\n\n"
    put(client, encode(alert_event(alert_id="a1")))
    put(client, encode(alert_event(alert_id="a1")))  # duplicate: not pushed again
    put(client, encode(alert_event(alert_id="a1", sequence=2, status="updated")))
    events = [await asyncio.wait_for(response.content.readuntil(b"\n\n"), 2) for _ in range(2)]
    data = [json.loads(e.decode().split("data: ", 1)[1]) for e in events]
    assert [(d["alert_id"], d["sequence"]) for d in data] == [("a1", 1), ("a1", 2)]
    response.close()


async def test_page_zones_base_layer_and_probes(client):
    page = await client.get("/?rule=x")
    assert page.status == 200 and "/static/app.js" in await page.text()
    for asset in ("app.js", "map.js", "detail.js", "util.js", "app.css"):
        assert (await client.get(f"/static/{asset}")).status == 200
    zones = json.loads(await (await client.get("/api/zones")).read())
    assert {f["properties"]["id"] for f in zones["features"]} >= {"idlib-dmz-2018"}
    base = json.loads(await (await client.get("/api/boundaries")).read())
    assert len(base["features"]) >= 14 and "CC0" in base["attribution"]
    assert (await client.get("/healthz")).status == 200
    ready = await client.get("/readyz")  # nothing consumes: not ready
    assert ready.status == 503 and (await ready.json())["partitions_assigned"] is False
    metrics = await (await client.get("/metrics")).text()
    assert "conflict_alerts_dashboard_alerts" in metrics


async def test_a_retraction_reaches_the_list_and_the_live_feed_without_unsafe_links(client):
    from schemas.alert import Retraction

    response = await client.get("/api/stream")
    await response.content.readuntil(b"\n\n")  # hello
    refuted = Retraction(report_id="r9", source="Field Monitor", url="javascript:void(0)",
                         by="monitor", reason="The monitor found no strike took place.")
    put(client, encode(alert_event(alert_id="a1", sequence=2, status="retracted",
                                   retraction=refuted)))
    event = await asyncio.wait_for(response.content.readuntil(b"\n\n"), 2)
    live = json.loads(event.decode().split("data: ", 1)[1])["retraction"]
    listed = (await (await client.get("/api/alerts")).json())["items"][0]["retraction"]
    assert live == listed == {"report_id": "r9", "source": "Field Monitor", "url": None,
                              "by": "monitor", "reason": "The monitor found no strike took place."}
    response.close()
