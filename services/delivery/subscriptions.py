"""Subscriptions: the in-memory view of the ``subscriptions`` topic (plus the receivers of the
config file) and the operations the HTTP API performs on it.

The topic is compacted and keyed by subscription id; a tombstone deletes. Writes go to the topic
first (acknowledged), then to this view, so a restarted worker rebuilds exactly what the API
confirmed. Secrets are generated here (``whsec_`` + 24 random bytes) and returned once, by the
create or rotate call; reads never show them.

Records carry the secrets sealed (``encode``/``decode``, keys in ``services/delivery/sealing.py``).
A record is read in one of three states:

    current    sealed with the newest key                 used as it is
    stale      sealed with an older key, or a plain-text  used, and re-sealed with the newest key
               record from before sealing                 (``Subscriptions.reseal``, at start-up;
                                                          ``conflict-alerts reseal``, any time)
    unusable   no configured key opens it                 kept, with the reason: routed to and
                                                          journaled, but its deliveries are held
                                                          (never sent unsigned), logged, and
                                                          counted in the metrics

A subscriber is the SHA-256 of its token (``owner``), shared by all its subscriptions: a token
reissue moves them all to a new hash, a revoke marks them all ``owner_revoked`` (the hash kept,
so a reissue finds them again); both are ordinary writes of each record.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets as random_secrets
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from services.common.codec import describe_validation_error
from services.delivery.config import Filters
from services.delivery.records import SealedSubscription, Subscription
from services.delivery.sealing import SealedSecretsError, Sealer
from services.delivery.signing import parse_secret
from services.delivery.urlcheck import Resolver, URLPolicy, URLRejected, check_url

__all__ = ["ApiError", "SubscriptionCreate", "SubscriptionPatch", "SubscriptionStore",
           "Subscriptions", "decode", "encode", "new_secret"]

log = logging.getLogger(__name__)

State = Literal["current", "stale", "unusable"]

Listener = Callable[[str, Subscription | None], None]
Write = Callable[[str, bytes | None], Awaitable[None]]


def new_secret() -> str:
    return "whsec_" + base64.b64encode(random_secrets.token_bytes(24)).decode("ascii")


class ApiError(Exception):
    """An API call failed; ``status`` is the HTTP status, the message is safe to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _check_secret(value: SecretStr | None) -> SecretStr | None:
    if value is not None:
        parse_secret(value.get_secret_value())
    return value


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2000)
    filters: Filters = Field(default_factory=Filters)
    secret: SecretStr | None = Field(None, description="Supplied whsec_ secret; else generated.")
    enabled: bool = True
    description: str | None = Field(None, max_length=500)

    @field_validator("secret")
    @classmethod
    def _secret_ok(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_secret(value)


class SubscriptionPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(None, max_length=2000)
    filters: Filters | None = None
    enabled: bool | None = None
    description: str | None = Field(None, max_length=500)
    secret: SecretStr | None = Field(None, description="Replace every secret with this one.")
    rotate_secret: bool = Field(False, description="Generate a new secret; the old ones keep "
                                "signing too until expire_old_secrets.")
    expire_old_secrets: bool = Field(False, description="Keep only the newest secret.")

    @field_validator("secret")
    @classmethod
    def _secret_ok(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_secret(value)


class SubscriptionStore:
    """Every subscription by id: config-declared ones (read-only) and stored ones."""

    def __init__(self, declared: Iterable[Subscription] = (), *,
                 sealer: Sealer | None = None) -> None:
        self._declared = {s.id: s for s in declared}
        self._stored: dict[str, Subscription] = {}
        self._listeners: list[Listener] = []
        self.sealer = sealer or Sealer(())
        #: stored subscriptions whose record is not sealed with the newest key (re-seal them)
        self.stale: set[str] = set()

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def get(self, subscription_id: str) -> Subscription | None:
        return self._stored.get(subscription_id) or self._declared.get(subscription_id)

    def all(self) -> list[Subscription]:
        return list(self._declared.values()) + list(self._stored.values())

    def declared(self, subscription_id: str) -> bool:
        return subscription_id in self._declared

    def set(self, subscription_id: str, subscription: Subscription | None) -> None:
        """Apply a change (None: deleted) and tell the listeners when something changed."""
        if subscription_id in self._declared:
            if subscription is None:
                return
            self._declared[subscription_id] = subscription  # e.g. disabled after a 410
        else:
            if self._stored.get(subscription_id) == subscription:
                return
            if subscription is None:
                if self._stored.pop(subscription_id, None) is None:
                    return
            else:
                self._stored[subscription_id] = subscription
        for listener in self._listeners:
            listener(subscription_id, subscription)

    def unusable(self) -> list[Subscription]:
        return [s for s in self._stored.values() if s.unusable is not None]

    def apply(self, key: bytes, value: bytes | None) -> None:
        """One record of the subscriptions topic. A record that is not a subscription at all is
        skipped and logged; one whose secrets cannot be opened is kept as unusable, logged."""
        subscription_id = key.decode("utf-8", "replace")
        if value is None:
            self.stale.discard(subscription_id)
            self.set(subscription_id, None)
            return
        try:
            subscription, state = decode(value, self.sealer)
        except ValidationError as exc:
            log.error("unreadable subscription record skipped", extra={
                "subscription": subscription_id,
                "reason": describe_validation_error(exc, "subscription")})
            return
        except ValueError as exc:
            log.error("unreadable subscription record skipped", extra={
                "subscription": subscription_id, "reason": f"not JSON: {exc}"})
            return
        if state == "unusable":
            log.error("subscription unusable: its signing secrets cannot be decrypted; its "
                      "deliveries are held until a key that opens them is configured or a new "
                      "secret is set", extra={"subscription": subscription_id,
                                              "reason": subscription.unusable})
        if state == "stale":
            self.stale.add(subscription_id)
        else:
            self.stale.discard(subscription_id)
        self.set(subscription_id, subscription)


def encode(subscription: Subscription, sealer: Sealer) -> bytes:
    """The topic record: every field, the secrets sealed (``SealedSecretsError`` without a
    key). An unusable subscription's secrets are not known here: its sealed secrets are
    written back as they were read (only its other fields can change), or refused."""
    if subscription.unusable is not None:
        if subscription.unopened_seal is None:
            raise SealedSecretsError(f"its secrets cannot be opened: {subscription.unusable}")
        sealed = subscription.unopened_seal
    else:
        sealed = sealer.seal(subscription.secrets)
    record = SealedSubscription(**subscription.model_dump(), sealed_secrets=sealed)
    # ``owner_revoked`` only when set: records stay as they were before revoking existed, so a
    # worker of that version still reads them (a revoked one it skips, as unreadable)
    leave_out = set() if record.owner_revoked else {"owner_revoked"}
    return record.model_dump_json(exclude=leave_out).encode("utf-8")


def decode(value: bytes, sealer: Sealer) -> tuple[Subscription, State]:
    """A topic record and its state; ``ValueError`` (``ValidationError`` included) when it is
    not a subscription record at all."""
    data = json.loads(value)
    if isinstance(data, dict) and "sealed_secrets" in data:
        record = SealedSubscription.model_validate(data)
        fields = record.model_dump(exclude={"sealed_secrets"})
        try:
            secrets, newest = sealer.open(record.sealed_secrets)
        except SealedSecretsError as exc:
            return Subscription(**fields, secrets=(), unusable=str(exc),
                                unopened_seal=record.sealed_secrets), "unusable"
        return Subscription(**fields, secrets=secrets), "current" if newest else "stale"
    if isinstance(data, dict):
        data.pop("unusable", None)  # never read from a record: only this worker decides it
    return Subscription.model_validate(data), "stale"  # plain text, from before sealing


class Subscriptions:
    """The API's operations: validate, check the URL, write the topic, update the store."""

    def __init__(self, store: SubscriptionStore, write: Write, policy: URLPolicy,
                 resolve: Resolver | None = None) -> None:
        self.store = store
        self._write = write
        self._policy = policy
        self._resolve = resolve

    async def _check(self, url: str) -> None:
        try:
            if self._resolve is None:
                await check_url(url, self._policy)
            else:
                await check_url(url, self._policy, self._resolve)
        except URLRejected as exc:
            raise ApiError(422, f"url: {exc}") from None

    async def _save(self, subscription: Subscription) -> None:
        try:
            value = encode(subscription, self.store.sealer)
        except SealedSecretsError as exc:
            raise ApiError(503, f"subscriptions cannot be stored: {exc}") from None
        await self._write(subscription.id, value)
        self.store.stale.discard(subscription.id)
        self.store.set(subscription.id, subscription)

    async def reseal(self) -> int:
        """Write again, sealed with the newest key, every stored subscription read stale (an
        older key, or plain text); the number re-sealed. Nothing changes but the seal."""
        done = 0
        for subscription_id in sorted(self.store.stale):
            current = self.store.get(subscription_id)
            if current is None or current.unusable is not None:
                self.store.stale.discard(subscription_id)
                continue
            await self._save(current)
            done += 1
        return done

    async def create(self, body: SubscriptionCreate, now: datetime, owner: str | None = None
                     ) -> tuple[Subscription, str]:
        """The new subscription and its secret (shown this once); ``owner``: the hash of the
        subscriber token it belongs to."""
        await self._check(body.url)
        secret = body.secret.get_secret_value() if body.secret else new_secret()
        subscription = Subscription(
            id="sub_" + random_secrets.token_hex(8), url=body.url, secrets=(secret,),
            filters=body.filters, enabled=body.enabled, description=body.description,
            owner=owner, created_at=now, updated_at=now)
        await self._save(subscription)
        return subscription, secret

    def get(self, subscription_id: str) -> Subscription:
        found = self.store.get(subscription_id)
        if found is None:
            raise ApiError(404, "no such subscription")
        return found

    def _mutable(self, subscription_id: str) -> Subscription:
        found = self.get(subscription_id)
        if self.store.declared(subscription_id):
            raise ApiError(409, "declared in the config file; change it there")
        return found

    async def update(self, subscription_id: str, body: SubscriptionPatch, now: datetime
                     ) -> tuple[Subscription, str | None]:
        """The updated subscription and, when rotated, the new secret (shown this once)."""
        current = self._mutable(subscription_id)
        if current.unusable is not None and body.secret is None:
            raise ApiError(409, "its signing secrets cannot be decrypted with the configured "
                           "secrets key; set a new one with {\"secret\": ...} (or fix the key "
                           "and restart), or delete it")
        changes: dict[str, object] = {"updated_at": now, "unusable": None}
        if body.url is not None and body.url != current.url:
            await self._check(body.url)
            changes["url"] = body.url
        if body.filters is not None:
            changes["filters"] = body.filters
        if body.description is not None:
            changes["description"] = body.description
        if body.enabled is not None:
            changes["enabled"] = body.enabled
            if body.enabled:
                changes["disabled_reason"] = None
        secrets = current.secrets
        shown: str | None = None
        if body.secret is not None:
            secrets = (body.secret.get_secret_value(),)
        if body.rotate_secret:
            shown = new_secret()
            secrets = (shown, *secrets)
        if body.expire_old_secrets:
            secrets = secrets[:1]
        changes["secrets"] = secrets
        updated = current.model_copy(update=changes)
        # validated again (model_copy does not); secrets are left out of dumps, so passed on
        updated = Subscription.model_validate({**updated.model_dump(), "secrets": secrets})
        await self._save(updated)
        return updated, shown

    def _subscriber(self, subscription_id: str) -> list[Subscription]:
        """Every stored subscription of the subscriber that owns this one (those sharing its
        owner hash, revoked or not), the named one last: should a write fail half-way, the
        named one still carries the old owner, so the same call again finds the rest."""
        current = self._mutable(subscription_id)
        if current.owner is None:
            return [current]
        others = sorted((s for s in self.store.all() if s.owner == current.owner
                         and s.id != current.id and not self.store.declared(s.id)),
                        key=lambda s: s.id)
        return [*others, current]

    async def _set_owner(self, subscription_id: str, changes: dict[str, object],
                         now: datetime) -> list[Subscription]:
        moved = []
        for subscription in self._subscriber(subscription_id):
            updated = subscription.model_copy(update=changes | {"updated_at": now})
            await self._save(updated)
            moved.append(updated)
        return moved

    async def reissue_token(self, subscription_id: str, owner: str, now: datetime
                            ) -> list[Subscription]:
        """Give the subscriber of this subscription a new token (``owner``: its hash): every
        subscription of that subscriber moves to it, revoked or not, so the old token stops
        working at once. The moved subscriptions, the named one last."""
        return await self._set_owner(subscription_id, {"owner": owner, "owner_revoked": False},
                                     now)

    async def revoke_token(self, subscription_id: str, now: datetime) -> list[Subscription]:
        """No token works for the subscriber of this subscription until one is reissued; the
        owner hash is kept, so a reissue finds all its subscriptions again."""
        if self._mutable(subscription_id).owner is None:
            raise ApiError(409, "it has no subscriber token to revoke")
        return await self._set_owner(subscription_id, {"owner_revoked": True}, now)

    async def delete(self, subscription_id: str) -> None:
        self._mutable(subscription_id)
        await self._write(subscription_id, None)
        self.store.set(subscription_id, None)

    async def disable(self, subscription_id: str, reason: str, now: datetime) -> None:
        """The endpoint answered 410 Gone: stop delivering (persisted for stored ones)."""
        current = self.store.get(subscription_id)
        if current is None or not current.enabled or current.unusable is not None:
            return  # an unusable one is never attempted, so never answers 410
        updated = current.model_copy(update={"enabled": False, "disabled_reason": reason,
                                             "updated_at": now})
        if self.store.declared(subscription_id):
            self.store.set(subscription_id, updated)
        else:
            await self._save(updated)
