"""Tenants over a real HTTP server on 127.0.0.1: the operator token sees everything; a
subscriber token sees and changes only its own subscriptions, another's id answers 404 like an
unknown one, a wrong token 401; only a hash of a subscriber token is stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer
from cryptography.fernet import Fernet
from pydantic import SecretStr

from services.delivery.api import build_api
from services.delivery.metrics import DeliveryMetrics
from services.delivery.sealing import Sealer
from services.delivery.subscriptions import Subscriptions, SubscriptionStore
from services.delivery.urlcheck import URLPolicy

NOW = datetime(2026, 5, 1, tzinfo=UTC)
OPERATOR = {"authorization": "Bearer operator-token-xyz"}


async def dns(host: str) -> list[str]:
    return ["93.184.216.34"]


class Topic:
    def __init__(self) -> None:
        self.records: list[tuple[str, bytes | None]] = []

    async def write(self, key: str, value: bytes | None) -> None:
        self.records.append((key, value))


@pytest.fixture
async def client():
    topic = Topic()
    sealer = Sealer([Fernet.generate_key()])
    subs = Subscriptions(SubscriptionStore(sealer=sealer), topic.write, URLPolicy(), dns)
    app = build_api(subs, DeliveryMetrics(), SecretStr("operator-token-xyz"), lambda: NOW)
    async with TestClient(TestServer(app, host="127.0.0.1")) as c:
        c.topic = topic
        yield c


async def tenant(client, name: str) -> tuple[dict[str, str], str]:
    r = await client.post("/subscriptions", headers=OPERATOR,
                          json={"url": f"https://{name}.example.org/hook"})
    assert r.status == 201
    data = await r.json()
    return {"authorization": f"Bearer {data['token']}"}, data["id"]


async def test_a_subscriber_cannot_list_read_change_or_delete_another_subscribers(client):
    a, a_id = await tenant(client, "a")
    b, b_id = await tenant(client, "b")
    listed = await (await client.get("/subscriptions", headers=a)).json()
    assert [s["id"] for s in listed["subscriptions"]] == [a_id]
    unknown = await client.get("/subscriptions/sub_doesnotexist", headers=a)
    for method, kwargs in [("get", {}), ("patch", {"json": {"url": "https://evil.example.org/"}}),
                           ("delete", {})]:
        r = await getattr(client, method)(f"/subscriptions/{b_id}", headers=a, **kwargs)
        assert (r.status, await r.json()) == (unknown.status, await unknown.json()) == (
            404, {"error": "no such subscription"})
    b_now = await (await client.get(f"/subscriptions/{b_id}", headers=b)).json()
    assert b_now["url"] == "https://b.example.org/hook"  # untouched
    everything = await (await client.get("/subscriptions", headers=OPERATOR)).json()
    assert {s["id"] for s in everything["subscriptions"]} == {a_id, b_id}


async def test_a_subscriber_changes_and_adds_its_own(client):
    a, a_id = await tenant(client, "a")
    r = await client.patch(f"/subscriptions/{a_id}", headers=a, json={"enabled": False})
    assert r.status == 200 and (await r.json())["enabled"] is False
    r = await client.post("/subscriptions", headers=a, json={"url": "https://a2.example.org/"})
    assert r.status == 201 and "token" not in await r.json()
    listed = await (await client.get("/subscriptions", headers=a)).json()
    assert len(listed["subscriptions"]) == 2
    assert (await client.delete(f"/subscriptions/{a_id}", headers=a)).status == 204


@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer cat_wrong"},
                                     {"authorization": "Bearer "}])
async def test_no_or_a_wrong_token_is_401(client, headers):
    await tenant(client, "a")
    assert (await client.get("/subscriptions", headers=headers)).status == 401


async def test_only_a_hash_of_the_subscriber_token_is_stored_and_never_shown(client):
    a, a_id = await tenant(client, "a")
    token = a["authorization"].split()[1]
    assert all(token.encode() not in (v or b"") for _, v in client.topic.records)
    shown = await (await client.get(f"/subscriptions/{a_id}", headers=OPERATOR)).text()
    assert token not in shown and "owner" not in shown
