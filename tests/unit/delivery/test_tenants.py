"""Tenants over a real HTTP server on 127.0.0.1: the operator token sees everything; a
subscriber token sees and changes only its own subscriptions, another's id answers 404 like an
unknown one, a wrong token 401; only a hash of a subscriber token is stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer
from cryptography.fernet import Fernet
from pydantic import SecretStr

from services.delivery.api import build_api, token_hash
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
        c.sealer = sealer
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


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def second(client, headers) -> str:
    r = await client.post("/subscriptions", headers=headers,
                          json={"url": "https://more.example.org/hook"})
    assert r.status == 201
    return (await r.json())["id"]


async def test_a_reissued_token_replaces_the_old_one_for_every_subscription_of_its_subscriber(
        client):
    a, a_id = await tenant(client, "a")
    a2_id = await second(client, a)
    b, b_id = await tenant(client, "b")
    r = await client.post(f"/subscriptions/{a_id}/token", headers=OPERATOR)
    assert r.status == 200
    answer = await r.json()
    assert answer["token"].startswith("cat_") and answer["token"] != a["authorization"][7:]
    assert sorted(answer["subscriptions"]) == sorted([a_id, a2_id])
    assert (await client.get("/subscriptions", headers=a)).status == 401  # at once
    new = bearer(answer["token"])
    listed = await (await client.get("/subscriptions", headers=new)).json()
    assert sorted(s["id"] for s in listed["subscriptions"]) == sorted([a_id, a2_id])
    # the other subscriber is untouched, and still out of reach
    assert (await client.get(f"/subscriptions/{b_id}", headers=b)).status == 200
    assert (await client.get(f"/subscriptions/{b_id}", headers=new)).status == 404
    # the token is shown in that answer only: not in a GET, not on the topic
    for headers in (OPERATOR, new):
        shown = await (await client.get(f"/subscriptions/{a_id}", headers=headers)).text()
        assert answer["token"] not in shown and "owner" not in shown
    assert all(answer["token"].encode() not in (v or b"") for _, v in client.topic.records)


async def test_a_subscriber_may_reissue_its_own_token_but_not_anothers(client):
    a, a_id = await tenant(client, "a")
    _, b_id = await tenant(client, "b")
    unknown = await client.post("/subscriptions/sub_doesnotexist/token", headers=a)
    theirs = await client.post(f"/subscriptions/{b_id}/token", headers=a)
    assert (theirs.status, await theirs.json()) == (unknown.status, await unknown.json()) == (
        404, {"error": "no such subscription"})
    mine = await client.post(f"/subscriptions/{a_id}/token", headers=a)
    assert mine.status == 200
    assert (await client.get(f"/subscriptions/{a_id}", headers=a)).status == 401
    token = (await mine.json())["token"]
    assert (await client.get(f"/subscriptions/{a_id}", headers=bearer(token))).status == 200


async def test_a_revoked_subscriber_has_no_working_token_until_reissued(client):
    a, a_id = await tenant(client, "a")
    a2_id = await second(client, a)
    b, b_id = await tenant(client, "b")
    # a subscriber revokes nothing: its own id 403, another's 404 like an unknown one
    assert (await client.delete(f"/subscriptions/{a_id}/token", headers=a)).status == 403
    assert (await client.delete(f"/subscriptions/{b_id}/token", headers=a)).status == 404
    r = await client.delete(f"/subscriptions/{a2_id}/token", headers=OPERATOR)
    assert r.status == 200
    assert sorted((await r.json())["subscriptions"]) == sorted([a_id, a2_id])
    for method, path in [("get", "/subscriptions"), ("get", f"/subscriptions/{a_id}"),
                         ("post", "/subscriptions"), ("post", f"/subscriptions/{a_id}/token")]:
        assert (await getattr(client, method)(path, headers=a, json={})).status == 401
    assert (await client.get("/subscriptions", headers=b)).status == 200  # others unaffected
    # the operator still manages them, and sees the token is revoked
    shown = await (await client.get(f"/subscriptions/{a_id}", headers=OPERATOR)).json()
    assert shown["subscriber_token"] == "revoked"
    r = await client.patch(f"/subscriptions/{a_id}", headers=OPERATOR, json={"enabled": False})
    assert r.status == 200 and (await r.json())["subscriber_token"] == "revoked"
    # revoking again changes nothing; a reissue brings back both, with a new token only
    assert (await client.delete(f"/subscriptions/{a_id}/token", headers=OPERATOR)).status == 200
    token = (await (await client.post(f"/subscriptions/{a_id}/token",
                                      headers=OPERATOR)).json())["token"]
    assert (await client.get("/subscriptions", headers=a)).status == 401
    listed = await (await client.get("/subscriptions", headers=bearer(token))).json()
    assert sorted(s["id"] for s in listed["subscriptions"]) == sorted([a_id, a2_id])
    assert {s["subscriber_token"] for s in listed["subscriptions"]} == {"active"}


async def test_token_changes_are_written_to_the_topic_and_read_back(client):
    a, a_id = await tenant(client, "a")
    reissued = await (await client.post(f"/subscriptions/{a_id}/token", headers=OPERATOR)).json()
    await client.delete(f"/subscriptions/{a_id}/token", headers=OPERATOR)
    # a worker starting over from the topic: the revoke holds, the hash is the reissued one
    store = SubscriptionStore(sealer=client.sealer)
    for key, value in client.topic.records:
        store.apply(key.encode(), value)
    read_back = store.get(a_id)
    assert read_back.owner == token_hash(reissued["token"]) and read_back.owner_revoked
    assert read_back.owner != token_hash(a["authorization"][7:])
    # a record that is not revoked is written as before revoking existed
    assert [b"owner_revoked" in v for _, v in client.topic.records] == [False, False, True]
