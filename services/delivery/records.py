"""The records the delivery worker keeps in Kafka (JSON, ``extra="forbid"``):

    subscriptions        SealedSubscription    key: subscription id (compacted)
    deliveries           PendingDelivery       key: delivery id   (compacted; tombstone: done)
    delivery-deadletter  DeliveryDeadLetter    key: delivery id   (compacted; tombstone: replayed)
    redeliveries         DeliveryDeadLetter    key: delivery id   (requests from `redeliver`)

A delivery id is ``<subscription id>/<webhook-id>``; the webhook-id is the alert message's
CloudEvents id ``<alert_id>:<sequence>``, the same on every attempt and every redelivery.

A subscription's whsec_ secrets never reach the topic in clear: the record holds them as one
Fernet token (``sealed_secrets``, ``services/delivery/sealing.py``); ``Subscription`` is what
the worker holds in memory once they are opened, and leaves the secrets out of every dump and
repr. Records written before sealing (a plain ``secrets`` list) are still read, and re-sealed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from services.delivery.config import Filters, Receiver

__all__ = ["DeliveryBase", "DeliveryDeadLetter", "FinalVerdict", "PendingDelivery",
           "SealedSubscription", "Subscription", "SubscriptionFields", "delivery_id"]

FinalVerdict = Literal["exhausted", "permanent", "gone", "disabled", "deleted"]


def delivery_id(subscription_id: str, webhook_id: str) -> str:
    return f"{subscription_id}/{webhook_id}"


class SubscriptionFields(BaseModel):
    """What a subscription is, but its secrets: shared by the record and the in-memory view."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,100}$")
    url: str = Field(description="Webhook URL; never logged in full (it may carry a token).")
    filters: Filters = Field(default_factory=Filters)
    enabled: bool = True
    description: str | None = Field(None, max_length=500)
    disabled_reason: str | None = None
    source: Literal["api", "config"] = "api"
    owner: str | None = Field(None, description="SHA-256 (hex) of the subscriber's API token; "
                              "the token itself is never stored. Shared by every subscription "
                              "of one subscriber.")
    owner_revoked: bool = Field(False, description="The subscriber token was revoked: no token "
                                "works for this subscription until the operator reissues one.")
    created_at: datetime
    updated_at: datetime


class SealedSubscription(SubscriptionFields):
    """A record of the subscriptions topic: the secrets sealed, never in clear."""

    sealed_secrets: str = Field(min_length=1, description="Fernet token of the JSON list of "
                                "whsec_ secrets, newest first.")


class Subscription(SubscriptionFields):
    """A webhook endpoint and what it wants; from the API (stored) or the config file.

    ``secrets`` are excluded from every dump and repr: only the topic codec (sealed) and the
    signer read them. ``unusable`` says why a stored record's secrets could not be opened (then
    ``secrets`` is empty, deliveries to it are held, and the API shows the reason)."""

    secrets: tuple[str, ...] = Field(description="whsec_ secrets, newest first.", exclude=True,
                                     repr=False)
    unusable: str | None = Field(None, exclude=True, description="Why its secrets cannot be "
                                 "opened (wrong or missing secrets key); None when usable.")
    unopened_seal: str | None = Field(None, exclude=True, repr=False, description="The "
                                      "``sealed_secrets`` of an unusable record, as read: "
                                      "written back unchanged when only its owner changes.")

    @model_validator(mode="after")
    def _has_secrets(self) -> Subscription:
        if not self.secrets and self.unusable is None:
            raise ValueError("secrets: at least one secret is needed")
        return self

    def public(self) -> dict[str, object]:
        """What GET shows: everything but the secrets (and why they are unusable, if so)."""
        data = self.model_dump(mode="json", exclude={"owner", "owner_revoked"})
        data["filters"] = self.filters.model_dump(mode="json", exclude_none=True)
        data["subscriber_token"] = self.token_state
        if self.unusable is not None:
            data["secrets_unusable"] = self.unusable
        return data

    @property
    def token_state(self) -> Literal["active", "revoked", "none"]:
        """Whether a subscriber token reaches it: ``none`` when it has no subscriber (the config
        file's, or stored without one), else ``active`` or ``revoked``."""
        if self.owner is None:
            return "none"
        return "revoked" if self.owner_revoked else "active"

    @classmethod
    def from_receiver(cls, receiver: Receiver, now: datetime) -> Subscription:
        return cls(id=receiver.name, url=str(receiver.url),
                   secrets=tuple(s.get_secret_value() for s in receiver.secrets),
                   filters=receiver.filters, source="config", created_at=now, updated_at=now)

    def receiver(self) -> Receiver:
        return Receiver(name=self.id, url=self.url, filters=self.filters,
                        secrets=tuple(SecretStr(s) for s in self.secrets))


class DeliveryBase(BaseModel):
    """What identifies one alert message owed to one subscription, and the body to POST."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    delivery_id: str
    subscription_id: str
    webhook_id: str
    alert_id: str
    sequence: int
    body: str = Field(description="The CloudEvents JSON, exactly as POSTed.")


class PendingDelivery(DeliveryBase):
    """One alert message owed to one subscription; in the journal until it is settled."""

    attempts: int = Field(0, description="Attempts made so far.")
    next_attempt_at: float = Field(description="Unix time of the next attempt.")
    created_at: float
    last_status: int | None = None
    last_reason: str | None = None
    redelivery: bool = False


class DeliveryDeadLetter(DeliveryBase):
    """A delivery given up on, with the reason; ``conflict-alerts redeliver`` replays it."""

    attempts: int
    verdict: FinalVerdict
    status: int | None
    reason: str
    failed_at: datetime
