"""Key rotation without a restart: a sealer made from a key file follows its changes, and
``conflict-alerts reseal`` re-seals every record with the newest key, reports what it did (the
exit code says whether anything is unusable), and puts back a change the worker made while it
ran. An unusable subscription can still change owner: its sealed secrets go back as read."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet

from services.cli import main
from services.delivery import reseal as reseal_module
from services.delivery.records import Subscription
from services.delivery.reseal import concurrent, history, latest, plan, reseal_topic, restore
from services.delivery.sealing import Sealer, sealer_from_settings
from services.delivery.subscriptions import (
    Subscriptions,
    SubscriptionStore,
    decode,
    encode,
)
from services.delivery.urlcheck import URLPolicy

NOW = datetime(2026, 7, 1, tzinfo=UTC)
OLD, NEW, OTHER = (Fernet.generate_key() for _ in range(3))
SECRET = "whsec_" + base64.b64encode(b"reseal-secret-bytes-24!!").decode()


def sub(sid: str, **fields) -> Subscription:
    return Subscription(id=sid, url="https://hooks.example.org/in", secrets=(SECRET,),
                        created_at=NOW, updated_at=NOW, **fields)


def key_file(path, *keys: bytes):
    path.write_text("# newest first\n" + "".join(k.decode() + "\n" for k in keys))
    path.chmod(0o600)
    return path


def sealed_with(value: bytes) -> bytes:
    token = json.loads(value)["sealed_secrets"].encode()
    for key in (NEW, OLD, OTHER):
        try:
            Fernet(key).decrypt(token)
            return key
        except Exception:  # noqa: BLE001, S112 - try the next key
            continue
    raise AssertionError("no test key opens it")


# -- the sealer follows its key file ------------------------------------------------------------
def test_a_sealer_from_a_key_file_takes_a_key_added_after_it_was_made(tmp_path):
    path = key_file(tmp_path / "keys", OLD)
    sealer = Sealer([OLD], key_file=path)
    by_new = Sealer([NEW]).seal((SECRET,))
    key_file(path, NEW, OLD)  # the operator adds a key first
    assert sealer.open(by_new) == ((SECRET,), True)
    assert Fernet(NEW).decrypt(sealer.seal((SECRET,)).encode())  # and seals with it
    assert repr(sealer) == "Sealer(2 key(s))"


def test_a_key_file_that_does_not_read_as_keys_keeps_the_keys_it_had(tmp_path, caplog):
    path = key_file(tmp_path / "keys", OLD)
    sealer = Sealer([OLD], key_file=path)
    path.write_text("not-a-key\n")  # half-way through an edit
    with caplog.at_level(logging.WARNING):
        assert sealer.open(Sealer([OLD]).seal((SECRET,))) == ((SECRET,), True)
    assert "cannot be used" in caplog.text and OLD.decode() not in caplog.text
    key_file(path, NEW, OLD)  # the edit is finished
    assert sealer.refresh() and Fernet(NEW).decrypt(sealer.seal((SECRET,)).encode())


def test_settings_with_a_key_file_make_a_sealer_that_follows_it(tmp_path, monkeypatch):
    from services.common.settings import Settings

    path = key_file(tmp_path / "keys", OLD)
    sealer = sealer_from_settings(Settings(secrets_key_file=path, profile="production"))
    key_file(path, NEW)
    assert sealer.refresh() and sealer.open(Sealer([NEW]).seal((SECRET,)))[1]


# -- the plan -----------------------------------------------------------------------------------
def test_plan_reseals_stale_and_plain_records_and_reports_current_and_unusable():
    plain = json.dumps(sub("sub_plain").model_dump(mode="json") | {"secrets": [SECRET]})
    records = {b"sub_current": encode(sub("sub_current"), Sealer([NEW])),
               b"sub_old": encode(sub("sub_old"), Sealer([OLD])),
               b"sub_plain": plain.encode(),
               b"sub_lost": encode(sub("sub_lost"), Sealer([OTHER])),
               b"sub_junk": b"not json"}
    result = plan(records, Sealer([NEW, OLD]))
    assert result.resealed == ["sub_old", "sub_plain"]
    assert result.current == ["sub_current"]
    assert [name for name, _ in result.unusable] == ["sub_junk", "sub_lost"]
    assert "opens its sealed secrets" in dict(result.unusable)["sub_lost"]
    assert result.exit_code == 1
    assert result.summary() == "2 re-sealed, 1 already current, 2 unusable"
    for key, (base, value) in result.writes.items():
        assert base == records[key] and b"whsec_" not in value
        assert sealed_with(value) == NEW
        assert decode(value, Sealer([NEW])) == (sub(key.decode()), "current")


def test_latest_follows_tombstones():
    seen = history([(b"a", b"1"), (b"b", b"2"), (b"a", None), (b"b", b"3")])
    assert latest(seen) == {b"b": b"3"}


def test_a_change_made_between_the_read_and_the_write_is_found_and_put_back():
    v1 = encode(sub("sub_1"), Sealer([OLD]))
    ours = encode(sub("sub_1"), Sealer([NEW]))
    theirs = encode(sub("sub_1", enabled=False), Sealer([OLD]))  # an API change meanwhile
    written = {b"sub_1": (v1, ours)}
    assert concurrent(history([(b"sub_1", v1), (b"sub_1", ours)]), written) == {}
    later = history([(b"sub_1", v1), (b"sub_1", ours), (b"sub_1", theirs)])
    assert concurrent(later, written) == {}  # our write was superseded: as it should be
    seen = history([(b"sub_1", v1), (b"sub_1", theirs), (b"sub_1", ours)])
    lost = concurrent(seen, written)
    assert lost == {b"sub_1": theirs}
    (base, value), = restore(lost, seen, Sealer([NEW, OLD])).values()
    assert base == ours and sealed_with(value) == NEW
    assert decode(value, Sealer([NEW]))[0].enabled is False
    deleted = history([(b"sub_1", v1), (b"sub_1", None), (b"sub_1", ours)])
    assert restore(concurrent(deleted, written), deleted, Sealer([NEW])) == {
        b"sub_1": (ours, None)}


class FakeLog:
    """A KafkaLog over a list; ``meanwhile`` runs once, right after the first read."""

    def __init__(self, records, meanwhile=None) -> None:
        self.records = list(records)
        self.meanwhile = meanwhile
        self.reads = 0

    async def read(self, topic, apply) -> None:
        for key, value in list(self.records):
            apply(key, value)
        self.reads += 1
        if self.reads == 1 and self.meanwhile is not None:
            self.records.append(self.meanwhile)

    async def put(self, topic, key, value) -> None:
        self.records.append((key, value))


async def test_reseal_topic_writes_the_stale_ones_and_restores_a_concurrent_change():
    changed = encode(sub("sub_old", description="changed meanwhile"), Sealer([OLD]))
    log = FakeLog([(b"sub_old", encode(sub("sub_old"), Sealer([OLD]))),
                   (b"sub_new", encode(sub("sub_new"), Sealer([NEW])))],
                  meanwhile=(b"sub_old", changed))
    result = await reseal_topic(log, "subscriptions", Sealer([NEW, OLD]))
    assert (result.resealed, result.current, result.restored) == (
        ["sub_old"], ["sub_new"], ["sub_old"])
    assert result.exit_code == 0 and log.reads == 3
    final = latest(history(log.records))
    assert sealed_with(final[b"sub_old"]) == NEW
    assert decode(final[b"sub_old"], Sealer([NEW]))[0].description == "changed meanwhile"


async def test_dry_run_writes_nothing():
    log = FakeLog([(b"sub_old", encode(sub("sub_old"), Sealer([OLD])))])
    result = await reseal_topic(log, "subscriptions", Sealer([NEW, OLD]), dry_run=True)
    assert result.resealed == ["sub_old"] and len(log.records) == 1
    assert result.summary(dry_run=True).startswith("1 would be re-sealed")


# -- the command ------------------------------------------------------------------------------
@pytest.fixture
def topic(monkeypatch, tmp_path):
    """The command against an in-memory topic, its keys from a key file."""
    log = FakeLog([])

    class Kafka:
        def __init__(self, *args, **kwargs) -> None:
            pass

        async def start(self) -> None:
            pass

        async def stop(self) -> None:
            pass

        read = staticmethod(log.read)
        put = staticmethod(log.put)

    monkeypatch.setattr("services.delivery.kafkalog.KafkaLog", Kafka)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9")
    monkeypatch.setenv("CONFLICT_ALERTS_RUN_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("CONFLICT_ALERTS_PROFILE", "production")
    monkeypatch.setenv("CONFLICT_ALERTS_SECRETS_KEY_FILE",
                       str(key_file(tmp_path / "keys", NEW, OLD)))
    return log


def test_the_command_reports_counts_and_exits_0_when_all_is_sealed(topic, capsys):
    topic.records += [(b"sub_a", encode(sub("sub_a"), Sealer([OLD]))),
                      (b"sub_b", encode(sub("sub_b"), Sealer([NEW])))]
    assert main(["reseal"]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == "1 re-sealed, 1 already current, 0 unusable"
    assert sealed_with(latest(history(topic.records))[b"sub_a"]) == NEW
    assert main(["reseal"]) == 0  # a second run has nothing left to do
    assert capsys.readouterr().out.strip() == "0 re-sealed, 2 already current, 0 unusable"


def test_the_command_names_unusable_records_and_exits_1(topic, capsys):
    topic.records += [(b"sub_a", encode(sub("sub_a"), Sealer([OLD]))),
                      (b"sub_lost", encode(sub("sub_lost"), Sealer([OTHER])))]
    assert main(["reseal"]) == 1
    out = capsys.readouterr()
    assert out.out.strip() == "1 re-sealed, 0 already current, 1 unusable"
    assert "sub_lost unusable: none of the 2 configured secrets key(s)" in out.err
    for key in (NEW, OLD, OTHER):
        assert key.decode() not in out.out + out.err
    assert SECRET not in out.out + out.err


def test_the_command_without_a_key_or_a_broker_exits_2(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("CONFLICT_ALERTS_RUN_DIR", str(tmp_path / "run"))
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("CONFLICT_ALERTS_KAFKA_BOOTSTRAP_SERVERS", raising=False)
    assert main(["reseal"]) == 2
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9")
    monkeypatch.setenv("CONFLICT_ALERTS_PROFILE", "production")
    monkeypatch.delenv("CONFLICT_ALERTS_SECRETS_KEY", raising=False)
    monkeypatch.delenv("CONFLICT_ALERTS_SECRETS_KEY_FILE", raising=False)
    assert main(["reseal"]) == 2
    assert "no secrets key is configured" in capsys.readouterr().err


# -- an unusable subscription changes owner with its seal as read ------------------------------
def test_a_token_change_on_an_unusable_subscription_writes_its_seal_back_unchanged():
    records: list[tuple[str, bytes | None]] = []

    async def write(key: str, value: bytes | None) -> None:
        records.append((key, value))

    store = SubscriptionStore(sealer=Sealer([NEW]))
    original = encode(sub("sub_lost", owner="a" * 64), Sealer([OTHER]))
    store.apply(b"sub_lost", original)
    subs = Subscriptions(store, write, URLPolicy())
    moved = asyncio.run(subs.revoke_token("sub_lost", NOW))
    assert [s.id for s in moved] == ["sub_lost"]
    (_, value), = records
    assert json.loads(value)["sealed_secrets"] == json.loads(original)["sealed_secrets"]
    assert json.loads(value)["owner_revoked"] is True
    assert decode(value, Sealer([OTHER]))[0].secrets == (SECRET,)


def test_the_command_module_is_listed():
    assert "services.delivery.reseal" in __import__("services.cli").cli.COMMANDS
    assert reseal_module.PASSES >= 2
