"""Signing secrets sealed at rest: the topic record holds a Fernet token, an older key still
opens it, re-sealing moves it to the newest key, a key that does not open it makes the
subscription unusable (reported, its deliveries held, never a crash), plain-text records from
before sealing are still read, and no secret shows in a repr, a log line or a GET."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import stat
from datetime import UTC, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer
from cryptography.fernet import Fernet, InvalidToken
from pydantic import SecretStr

from schemas import Alert
from services.common.settings import Settings
from services.delivery.api import build_api
from services.delivery.breaker import CircuitBreaker
from services.delivery.dispatcher import Dispatcher, Topics
from services.delivery.endpoint import UNSIGNABLE, EndpointQueue
from services.delivery.lifecycle import Retry, Settled
from services.delivery.metrics import DeliveryMetrics
from services.delivery.outcome import Outcome, Verdict
from services.delivery.records import PendingDelivery, Subscription
from services.delivery.schedule import RetryPolicy
from services.delivery.sealing import (
    KEY_FILE_NAME,
    SealedSecretsError,
    Sealer,
    SecretsKeyError,
    ensure_key_file,
    load_keys,
    sealer_from_settings,
)
from services.delivery.subscriptions import Subscriptions, SubscriptionStore, decode, encode
from services.delivery.urlcheck import URLPolicy
from tests.factories import alert_event

NOW = datetime(2026, 6, 1, tzinfo=UTC)
OLD, NEW, OTHER = (Fernet.generate_key() for _ in range(3))
FIRST = "whsec_" + base64.b64encode(b"first-secret-bytes-24!!!").decode()
SECOND = "whsec_" + base64.b64encode(b"second-secret-bytes-24!!").decode()
TOKEN = "operator-token-for-sealing"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def sub(sid: str = "sub_1", secrets: tuple[str, ...] = (FIRST, SECOND)) -> Subscription:
    return Subscription(id=sid, url="https://hooks.example.org/in", secrets=secrets,
                        created_at=NOW, updated_at=NOW)


def legacy_record(s: Subscription) -> bytes:
    """A record as written before sealing: every field, the secrets in clear."""
    return json.dumps(s.model_dump(mode="json") | {"secrets": list(s.secrets)}).encode()


async def dns(host: str) -> list[str]:
    return ["93.184.216.34"]


class Topic:
    def __init__(self) -> None:
        self.records: list[tuple[bytes, bytes | None]] = []

    async def write(self, key: str, value: bytes | None) -> None:
        self.records.append((key.encode(), value))


# -- the sealer ---------------------------------------------------------------------------------
def test_seal_and_open_round_trip_without_the_secret_in_the_token():
    sealer = Sealer([NEW])
    token = sealer.seal((FIRST, SECOND))
    assert FIRST not in token and SECOND not in token and "whsec_" not in token
    assert sealer.open(token) == ((FIRST, SECOND), True)
    assert sealer.seal((FIRST,)) != sealer.seal((FIRST,))  # fresh IV every time
    assert json.loads(Fernet(NEW).decrypt(token.encode())) == [FIRST, SECOND]


def test_an_older_key_still_opens_what_it_sealed():
    token = Sealer([OLD]).seal((FIRST,))
    assert Sealer([NEW, OLD]).open(token) == ((FIRST,), False)  # not the newest: re-seal it
    assert Sealer([OLD, NEW]).open(token) == ((FIRST,), True)


@pytest.mark.parametrize("sealer", [Sealer([OTHER]), Sealer([NEW, OTHER]), Sealer(())],
                         ids=["wrong-key", "wrong-keys", "no-key"])
def test_a_key_that_does_not_open_it_is_a_clear_error(sealer):
    token = Sealer([OLD]).seal((FIRST,))
    with pytest.raises(SealedSecretsError) as caught:
        sealer.open(token)
    message = str(caught.value)
    assert ("configured secrets key(s) opens" in message) or ("no secrets key" in message)
    assert FIRST not in message and OLD.decode() not in message
    assert not caught.value.retryable


def test_a_damaged_token_or_odd_content_is_a_clear_error():
    sealer = Sealer([NEW])
    token = sealer.seal((FIRST,))
    with pytest.raises(SealedSecretsError, match="opens its sealed"):
        sealer.open(token[:-4] + "AAAA")
    odd = Fernet(NEW).encrypt(b'{"not": "a list"}').decode()
    with pytest.raises(SealedSecretsError, match="not a list of secrets"):
        sealer.open(odd)


def test_no_key_cannot_seal_and_says_how_to_configure_one():
    with pytest.raises(SealedSecretsError, match="CONFLICT_ALERTS_SECRETS_KEY_FILE"):
        Sealer(()).seal((FIRST,))
    assert repr(Sealer([NEW, OLD])) == "Sealer(2 key(s))"


# -- the topic record ---------------------------------------------------------------------------
def test_the_record_holds_only_the_sealed_token():
    value = encode(sub(), Sealer([NEW]))
    record = json.loads(value)
    assert "secrets" not in record and set(record) >= {"id", "url", "sealed_secrets"}
    assert b"whsec_" not in value
    opened, state = decode(value, Sealer([NEW]))
    assert opened == sub() and state == "current"
    assert decode(value, Sealer([OTHER, NEW]))[1] == "stale"


def test_secrets_never_in_repr_dumps_or_public_view():
    s = sub()
    shown = [repr(s), str(s), s.model_dump_json(), json.dumps(s.public()),
             json.dumps(s.model_dump(mode="json"))]
    for text in shown:
        assert FIRST not in text and SECOND not in text


async def test_rotation_reseals_stale_and_plain_records_with_the_newest_key():
    store = SubscriptionStore(sealer=Sealer([NEW, OLD]))
    store.apply(b"sub_old", encode(sub("sub_old"), Sealer([OLD])))
    store.apply(b"sub_new", encode(sub("sub_new"), Sealer([NEW])))
    store.apply(b"sub_plain", legacy_record(sub("sub_plain", (SECOND,))))
    assert store.get("sub_plain").secrets == (SECOND,)  # plain text from before sealing: read
    assert store.stale == {"sub_old", "sub_plain"}
    topic = Topic()
    subs = Subscriptions(store, topic.write, URLPolicy(), dns)
    assert await subs.reseal() == 2
    assert [k for k, _ in topic.records] == [b"sub_old", b"sub_plain"]
    for key, value in topic.records:
        token = json.loads(value)["sealed_secrets"]
        assert b"whsec_" not in value
        assert json.loads(Fernet(NEW).decrypt(token.encode()))  # the newest key opens it
        with pytest.raises(InvalidToken):
            Fernet(OLD).decrypt(token.encode())
        assert decode(value, Sealer([NEW]))[0] == store.get(key.decode())  # only the seal moved
    assert store.stale == set()
    assert await subs.reseal() == 0


def test_unusable_record_is_kept_reported_and_logged_without_secrets(caplog):
    metrics = DeliveryMetrics()
    store = SubscriptionStore(sealer=Sealer([OTHER]))
    store.subscribe(lambda sid, s: metrics.subscription_changed(
        sid, s is not None and s.unusable is not None))
    value = encode(sub(), Sealer([OLD]))
    with caplog.at_level(logging.INFO):
        store.apply(b"sub_1", value)
        store.apply(b"sub_bad", b'{"id": "sub_bad", "secrets": ["' + FIRST.encode() + b'"]}')
    kept = store.get("sub_1")
    assert kept is not None and kept.secrets == () and "opens its sealed" in kept.unusable
    assert kept.url == "https://hooks.example.org/in" and kept.enabled
    assert [s.id for s in store.unusable()] == ["sub_1"]
    assert store.get("sub_bad") is None  # not a subscription at all: skipped, but said so
    assert metrics.value("conflict_alerts_subscriptions_unusable", subscription="sub_1") == 1
    messages = [(r.getMessage(), r.__dict__) for r in caplog.records]
    assert any("unusable" in m and d.get("subscription") == "sub_1" for m, d in messages)
    assert any("unreadable" in m and d.get("subscription") == "sub_bad" for m, d in messages)
    assert FIRST not in caplog.text and FIRST not in str([r.__dict__ for r in caplog.records])
    store.apply(b"sub_1", None)  # deleted: no longer reported
    assert metrics.value("conflict_alerts_subscriptions_unusable", subscription="sub_1") == 0


def test_unusable_subscriptions_are_still_routed_to():
    store = SubscriptionStore(sealer=Sealer(()))
    store.apply(b"sub_1", encode(sub(), Sealer([OLD])))

    async def put(topic, key, value):
        pass

    d = Dispatcher(store, put, Topics("deliveries", "dlq"), policy=RetryPolicy((0.0,)),
                   timeout_s=1.0, concurrency=1, breaker=lambda: CircuitBreaker(5),
                   metrics=DeliveryMetrics())
    alert = Alert.model_validate(alert_event(alert_id="a1").data)
    assert [s.id for s in d.route(alert)] == ["sub_1"]  # journaled and held, not dropped


# -- deliveries to an unusable subscription are held, never sent unsigned -----------------------
class Sender:
    url = "https://hooks.example.org/in"
    endpoint = "https://hooks.example.org/…"

    def __init__(self) -> None:
        self.signed_with: list[tuple[str, ...]] = []

    async def attempt(self, msg_id, body, secrets) -> Outcome:
        self.signed_with.append(tuple(secrets))
        return Outcome(Verdict.DELIVERED, 204, "HTTP 204")

    async def aclose(self) -> None:
        pass


async def _until(predicate, timeout=2.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.005)


def _pending() -> PendingDelivery:
    return PendingDelivery(delivery_id="sub_1/a1:1", subscription_id="sub_1", webhook_id="a1:1",
                           alert_id="a1", sequence=1, body="{}", next_attempt_at=0.0,
                           created_at=0.0)


@pytest.mark.parametrize("fixed", [False, True], ids=["exhausted", "key-fixed"])
async def test_held_until_exhausted_or_signed_once_the_secrets_open(fixed):
    sender, settled, secrets = Sender(), [], {"now": ()}
    metrics = DeliveryMetrics()

    async def settle(step):
        settled.append(step)
        if fixed and len(settled) == 2:
            secrets["now"] = (FIRST,)

    q = EndpointQueue("sub_1", sender, lambda: secrets["now"], settle,
                      policy=RetryPolicy((0.0, 0.01, 0.01, 0.01), jitter=0.0),
                      breaker=CircuitBreaker(2), concurrency=1, metrics=metrics)
    q.start()
    q.add(_pending())
    await _until(lambda: any(isinstance(s, Settled) for s in settled))
    await q.stop()
    assert all(isinstance(s, Retry) and s.delivery.last_reason == UNSIGNABLE
               for s in settled[:2])
    last = settled[-1]
    if fixed:
        assert sender.signed_with == [(FIRST,)] and last.verdict is None
    else:
        assert sender.signed_with == []  # nothing was ever sent
        assert last.verdict == "exhausted" and last.outcome.reason == UNSIGNABLE
        assert q.breaker.allows(0.0)  # not the endpoint's fault: its breaker stays closed
    assert metrics.value("conflict_alerts_delivery_attempts_total", verdict="retry") == 0


# -- the API ------------------------------------------------------------------------------------
@pytest.fixture
async def api_for():
    clients = []

    async def make(sealer: Sealer, records=()):
        store = SubscriptionStore(sealer=sealer)
        for key, value in records:
            store.apply(key, value)
        topic = Topic()
        app = build_api(Subscriptions(store, topic.write, URLPolicy(), dns), DeliveryMetrics(),
                        SecretStr(TOKEN), lambda: NOW)
        client = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        client.topic, client.store = topic, store
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


async def test_api_with_no_key_refuses_to_store_and_says_why(api_for):
    api = await api_for(Sealer(()))
    response = await api.post("/subscriptions", headers=AUTH,
                              json={"url": "https://hooks.example.org/in"})
    assert response.status == 503
    assert "no secrets key is configured" in (await response.json())["error"]
    assert api.topic.records == []


async def test_api_shows_unusable_and_a_new_secret_makes_it_usable(api_for):
    api = await api_for(Sealer([NEW]), [(b"sub_1", encode(sub(), Sealer([OLD])))])
    shown = await (await api.get("/subscriptions/sub_1", headers=AUTH)).json()
    assert "opens its sealed secrets" in shown["secrets_unusable"]
    health = await (await api.get("/healthz")).json()
    assert health["unusable_subscriptions"] == ["sub_1"]
    refused = await api.patch("/subscriptions/sub_1", headers=AUTH, json={"enabled": False})
    assert refused.status == 409 and "new one" in (await refused.json())["error"]
    fixed = await api.patch("/subscriptions/sub_1", headers=AUTH,
                            json={"secret": SECOND, "rotate_secret": True})
    assert fixed.status == 200
    body = await fixed.json()
    assert "secrets_unusable" not in body
    assert api.store.get("sub_1").secrets == (body["secret"], SECOND)
    _, value = api.topic.records[-1]
    assert decode(value, Sealer([NEW])) == (api.store.get("sub_1"), "current")
    assert (await (await api.get("/healthz")).json())["unusable_subscriptions"] == []


async def test_get_never_shows_secrets_of_read_records(api_for):
    api = await api_for(Sealer([NEW]), [(b"sub_1", encode(sub(), Sealer([NEW]))),
                                        (b"sub_2", legacy_record(sub("sub_2")))])
    listed = await (await api.get("/subscriptions", headers=AUTH)).text()
    one = await (await api.get("/subscriptions/sub_2", headers=AUTH)).text()
    assert '"sub_1"' in listed and '"sub_2"' in listed
    assert FIRST not in listed + one and SECOND not in listed + one


# -- where the keys come from -------------------------------------------------------------------
def test_keys_from_a_file_newest_first_with_comments(tmp_path):
    path = tmp_path / "keys"
    path.write_text(f"# newest first\n{NEW.decode()}\n\n{OLD.decode()}\n")
    path.chmod(0o600)
    assert load_keys(SecretStr(OTHER.decode()), path) == (NEW, OLD)  # the file wins
    assert load_keys(SecretStr(f"{NEW.decode()}, {OLD.decode()}"), None) == (NEW, OLD)
    assert load_keys(None, None) == ()


@pytest.mark.parametrize(("text", "message"), [
    ("{new}\nnot-a-key\n", "line 2 is not a Fernet key"),
    ("# only a comment\n", "holds no key"),
])
def test_a_bad_key_file_fails_naming_the_line_not_the_key(tmp_path, text, message):
    path = tmp_path / "keys"
    path.write_text(text.format(new=NEW.decode()))
    with pytest.raises(SecretsKeyError, match=message) as caught:
        load_keys(None, path)
    assert NEW.decode() not in str(caught.value)
    with pytest.raises(SecretsKeyError, match="No such file"):
        load_keys(None, tmp_path / "missing")
    with pytest.raises(SecretsKeyError, match="key 1 is not a Fernet key"):
        load_keys(SecretStr("short"), None)


def test_settings_read_the_key_from_the_environment(monkeypatch, tmp_path):
    path = tmp_path / "keys"
    path.write_text(NEW.decode() + "\n")
    monkeypatch.setenv("CONFLICT_ALERTS_SECRETS_KEY_FILE", str(path))
    monkeypatch.setenv("CONFLICT_ALERTS_SECRETS_KEY", OLD.decode())
    settings = Settings()
    assert settings.secrets_key_file == path
    assert OLD.decode() not in repr(settings)  # a SecretStr, like every other secret
    token = sealer_from_settings(settings).seal((FIRST,))
    assert Sealer([NEW]).open(token)[0] == (FIRST,)


def test_embedded_profile_makes_a_private_key_file_once(tmp_path):
    settings = Settings(profile="embedded", data_dir=tmp_path / "var")
    token = sealer_from_settings(settings).seal((FIRST,))
    path = tmp_path / "var" / KEY_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_text()
    assert sealer_from_settings(settings).open(token) == ((FIRST,), True)  # the same key again
    assert ensure_key_file(path).read_text() == first
    assert [p.name for p in path.parent.iterdir()] == [KEY_FILE_NAME]  # nothing left aside


def test_production_profile_never_makes_a_key(tmp_path):
    settings = Settings(profile="production", data_dir=tmp_path / "var")
    assert not sealer_from_settings(settings).configured
    assert not os.path.exists(tmp_path / "var")


def test_status_reads_unusable_subscriptions_from_the_worker_metrics():
    from services.runtime.status import _UNUSABLE

    metrics = DeliveryMetrics()
    metrics.subscription_changed("sub_9", True)
    metrics.subscription_changed("sub_8", True)
    metrics.subscription_changed("sub_8", False)  # fixed: no longer listed
    assert _UNUSABLE.findall(metrics.exposition().decode()) == ["sub_9"]


def test_up_gives_its_workers_a_key_file_unless_one_is_configured(tmp_path):
    from services.runtime.pipeline import _default_secrets_key

    env = {"CONFLICT_ALERTS_DATA_DIR": str(tmp_path / "var")}
    _default_secrets_key(env, Settings())
    path = tmp_path / "var" / KEY_FILE_NAME
    assert env["CONFLICT_ALERTS_SECRETS_KEY_FILE"] == str(path)  # the path, never the key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_keys(None, path)  # one valid key
    for configured in ({"CONFLICT_ALERTS_SECRETS_KEY": NEW.decode()},
                       {"CONFLICT_ALERTS_SECRETS_KEY_FILE": "/elsewhere/keys"}):
        kept = dict(configured)
        _default_secrets_key(kept, Settings())
        assert kept == configured
