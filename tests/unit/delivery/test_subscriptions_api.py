"""The subscription store (round trip through its topic records) and the HTTP API: status codes,
auth, the secret shown once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer
from cryptography.fernet import Fernet
from pydantic import SecretStr

from services.delivery.api import build_api
from services.delivery.config import Filters
from services.delivery.metrics import DeliveryMetrics
from services.delivery.records import Subscription
from services.delivery.sealing import Sealer
from services.delivery.subscriptions import Subscriptions, SubscriptionStore, encode
from services.delivery.urlcheck import URLPolicy

NOW = datetime(2024, 1, 1, tzinfo=UTC)
TOKEN = "s3cret-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SEALER = Sealer([Fernet.generate_key()])


async def dns(host: str) -> list[str]:
    return {"hooks.example.org": ["93.184.216.34"], "internal.example.org": ["10.0.0.1"]}[host]


class Topic:
    """The subscriptions topic as a list of (key, value) records."""

    def __init__(self) -> None:
        self.records: list[tuple[bytes, bytes | None]] = []

    async def write(self, key: str, value: bytes | None) -> None:
        self.records.append((key.encode(), value))


def test_store_round_trip():
    topic = [(b"sub_1", encode(Subscription(id="sub_1", url="https://hooks.example.org/a",
                                            secrets=(SECRET,), created_at=NOW, updated_at=NOW,
                                            filters=Filters(min_severity="high")), SEALER)),
             (b"sub_2", b"not json"), (b"sub_3", None)]
    store = SubscriptionStore(sealer=SEALER)
    seen = []
    store.subscribe(lambda sid, sub: seen.append((sid, sub is not None)))
    for key, value in topic:
        store.apply(key, value)
    assert [s.id for s in store.all()] == ["sub_1"]
    assert store.get("sub_1").filters.min_severity == "high"
    assert store.get("sub_1").secrets == (SECRET,)
    store.apply(b"sub_1", None)
    assert store.all() == [] and seen == [("sub_1", True), ("sub_1", False)]


@pytest.fixture
async def api():
    topic = Topic()
    declared = Subscription(id="ops", url="https://hooks.example.org/ops", secrets=(SECRET,),
                            source="config", created_at=NOW, updated_at=NOW)
    store = SubscriptionStore([declared], sealer=SEALER)
    subs = Subscriptions(store, topic.write, URLPolicy(), dns)
    app = build_api(subs, DeliveryMetrics(), SecretStr(TOKEN), lambda: NOW)
    async with TestClient(TestServer(app)) as client:
        client.topic = topic
        client.store = store
        yield client


@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer wrong"},
                                     {"authorization": TOKEN}, {"authorization": "Basic x"}])
async def test_token_required(api, headers):
    for method, path in [("GET", "/subscriptions"), ("POST", "/subscriptions"),
                         ("GET", "/subscriptions/ops"), ("DELETE", "/subscriptions/ops")]:
        response = await api.request(method, path, headers=headers, json={})
        assert response.status == 401


async def test_no_token_configured_refuses_everything():
    store = SubscriptionStore()
    app = build_api(Subscriptions(store, Topic().write, URLPolicy(), dns), DeliveryMetrics(),
                    None, lambda: NOW)
    async with TestClient(TestServer(app)) as client:
        assert (await client.get("/subscriptions", headers=AUTH)).status == 401


async def test_create_shows_the_secret_once(api):
    response = await api.post("/subscriptions", headers=AUTH, json={
        "url": "https://hooks.example.org/h/T0K", "filters": {"min_severity": "high"}})
    assert response.status == 201
    created = await response.json()
    assert created["secret"].startswith("whsec_") and created["enabled"] is True
    sid = created["id"]
    shown = await (await api.get(f"/subscriptions/{sid}", headers=AUTH)).json()
    listed = await (await api.get("/subscriptions", headers=AUTH)).json()
    assert created["secret"] not in str(shown) + str(listed)
    assert {s["id"] for s in listed["subscriptions"]} == {"ops", sid}
    # durably written: the topic record rebuilds the same subscription
    key, value = api.topic.records[-1]
    assert created["secret"].encode() not in value
    rebuilt = SubscriptionStore(sealer=SEALER)
    rebuilt.apply(key, value)
    assert rebuilt.get(sid).secrets == (created["secret"],)


async def test_supplied_secret_is_kept(api):
    response = await api.post("/subscriptions", headers=AUTH, json={
        "url": "https://hooks.example.org/h", "secret": SECRET})
    assert (await response.json())["secret"] == SECRET


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        ({"url": "http://hooks.example.org/h"}, 422, "https"),
        ({"url": "https://internal.example.org/h"}, 422, "private"),
        ({"url": "https://hooks.example.org/h", "secret": "nope"}, 422, "whsec_"),
        ({"url": "https://hooks.example.org/h", "filters": {"matchers": ["x"]}}, 422, "matcher"),
        ({"url": "https://hooks.example.org/h", "colour": "red"}, 422, "colour"),
        ({}, 422, "url"),
    ],
)
async def test_create_rejects(api, body, status, text):
    response = await api.post("/subscriptions", headers=AUTH, json=body)
    assert response.status == status
    error = (await response.json())["error"]
    assert text in error and "internal.example.org" not in error and "nope" not in error


async def test_bad_json(api):
    response = await api.post("/subscriptions", headers=AUTH, data=b"{nope")
    assert response.status == 400


async def test_patch_rotate_disable_delete(api):
    created = await (await api.post("/subscriptions", headers=AUTH, json={
        "url": "https://hooks.example.org/h"})).json()
    sid, first = created["id"], created["secret"]
    rotated = await api.patch(f"/subscriptions/{sid}", headers=AUTH,
                              json={"rotate_secret": True, "enabled": False})
    assert rotated.status == 200
    body = await rotated.json()
    assert body["enabled"] is False and body["secret"] != first
    assert api.store.get(sid).secrets == (body["secret"], first)  # both sign during rotation
    await api.patch(f"/subscriptions/{sid}", headers=AUTH, json={"expire_old_secrets": True})
    assert api.store.get(sid).secrets == (body["secret"],)
    bad = await api.patch(f"/subscriptions/{sid}", headers=AUTH, json={"url": "http://x.org"})
    assert bad.status == 422
    assert (await api.delete(f"/subscriptions/{sid}", headers=AUTH)).status == 204
    assert (await api.get(f"/subscriptions/{sid}", headers=AUTH)).status == 404
    assert api.topic.records[-1] == (sid.encode(), None)  # tombstone
    assert (await api.delete(f"/subscriptions/{sid}", headers=AUTH)).status == 404


async def test_declared_receivers_are_read_only(api):
    assert (await api.get("/subscriptions/ops", headers=AUTH)).status == 200
    response = await api.patch("/subscriptions/ops", headers=AUTH, json={"enabled": False})
    assert response.status == 409
    assert (await api.delete("/subscriptions/ops", headers=AUTH)).status == 409


async def test_metrics_need_no_token(api):
    response = await api.get("/metrics")
    assert response.status == 200
    assert "conflict_alerts_delivery_attempts_total" in await response.text()


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (b"[" * 60_000, "nested deeper"),
        (b'{"url": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_000 + b"}", "nested deeper"),
        (b'{"filters": {"rule_ids": [' + b'"r",' * 12_000 + b'"r"]}}', "list of more than"),
        (b"\xff\xfe{}", "UTF-8"),
    ],
    ids=["deep-array", "deep-object-in-field", "long-list", "not-utf8"],
)
async def test_hostile_json_is_a_400_not_a_crash(api, body, text):
    for method, path in [("POST", "/subscriptions"), ("PATCH", "/subscriptions/ops")]:
        response = await api.request(method, path, headers=AUTH, data=body)
        assert response.status == 400, await response.text()
        assert response.content_type == "application/json"
        assert text in (await response.json())["error"]
    assert api.topic.records == []
    # the server is still serving
    assert (await api.get("/subscriptions", headers=AUTH)).status == 200


async def test_oversized_body_is_a_413(api):
    big = b'{"url": "https://hooks.example.org/h", "description": "' + b"x" * 70_000 + b'"}'

    async def chunks():  # no Content-Length: the limit holds while reading, too
        for start in range(0, len(big), 8192):
            yield big[start:start + 8192]

    for data in (big, chunks()):
        response = await api.post("/subscriptions", headers=AUTH, data=data)
        assert response.status == 413
        assert response.content_type == "application/json"
        assert "65,536 bytes" in (await response.json())["error"]
    assert api.topic.records == []
    created = await api.post("/subscriptions", headers=AUTH,
                             json={"url": "https://hooks.example.org/h"})
    assert created.status == 201


async def test_token_calls_on_a_config_receiver_or_one_without_a_subscriber(api):
    for method in ("POST", "DELETE"):
        r = await api.request(method, "/subscriptions/ops/token", headers=AUTH)
        assert r.status == 409 and "config file" in (await r.json())["error"]
    lone = Subscription(id="sub_lone", url="https://hooks.example.org/lone", secrets=(SECRET,),
                        created_at=NOW, updated_at=NOW)
    api.store.apply(b"sub_lone", encode(lone, SEALER))
    assert (await (await api.get("/subscriptions/sub_lone", headers=AUTH)).json())[
        "subscriber_token"] == "none"
    r = await api.delete("/subscriptions/sub_lone/token", headers=AUTH)
    assert r.status == 409 and "no subscriber token" in (await r.json())["error"]
    r = await api.post("/subscriptions/sub_lone/token", headers=AUTH)
    assert r.status == 200 and (await r.json())["subscriptions"] == ["sub_lone"]
    mine = {"authorization": f"Bearer {(await r.json())['token']}"}
    listed = await (await api.get("/subscriptions", headers=mine)).json()
    assert [s["id"] for s in listed["subscriptions"]] == ["sub_lone"]
