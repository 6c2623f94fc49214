"""The webhook receivers file: who gets which alerts, validated at load.

    receivers:
      - name: health-desk
        url: https://hooks.example.org/conflict-alerts
        secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw      # or secret_env: HEALTH_DESK_SECRET
        filters:                                             # every filter given must match
          rule_ids: [health-care-attack, zone-breach]
          min_severity: high
          countries: [SY]
          admin1: [Idlib, Hama]
          zones: [idlib-dmz-2018]
          event_types: [Explosions/Remote violence]
          matchers: ['severity=~"high|critical"', 'rule_id!="zone-breach"']   # Alertmanager-style
    route:                                  # optional; without it every receiver gets what its
      receiver: health-desk                 # filters match. With it, Alertmanager's routing tree:
      routes:                               # first matching child wins unless `continue: true`;
        - receiver: idlib-team              # a node none of whose children match is the target;
          matchers: ['admin1=~"Idlib|Hama"']  # receivers' own filters still apply.
          continue: true

A bad file raises ``ConfigError`` naming the file and the field, e.g.
``receivers.yaml: receivers[0].url: URL scheme should be 'http' or 'https'``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    SecretStr,
    ValidationError,
    field_validator,
)

from services.common.codec import describe_validation_error
from services.common.errors import ConfigError
from services.common.files import read_document
from services.delivery.matchers import parse_matcher
from services.delivery.signing import parse_secret

__all__ = ["DeliveryConfig", "Filters", "Receiver", "ReceiversFile", "Route", "load_config",
           "load_receivers", "single_receiver"]

SeverityName = Literal["info", "low", "medium", "high", "critical"]


class Filters(BaseModel):
    """Conditions on an alert; all given must hold. An empty filter set matches everything."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule_ids: frozenset[str] | None = Field(None, description="Any of these rules fired.")
    min_severity: SeverityName | None = Field(None, description="At least this severe.")
    countries: frozenset[str] | None = Field(None, description="ISO alpha-2 codes.")
    admin1: frozenset[str] | None = Field(None, description="Province/governorate names.")
    zones: frozenset[str] | None = Field(None, description="Zone ids.")
    event_types: frozenset[str] | None = Field(None, description="ACLED event types.")
    matchers: tuple[str, ...] | None = Field(
        None, description="Alertmanager-style label matchers, all must hold (see matchers.py)."
    )

    @field_validator("matchers")
    @classmethod
    def _matchers_parse(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for text in value or ():
            parse_matcher(text)  # ValueError names the problem
        return value


class Route(BaseModel):
    """A node of the routing tree (Alertmanager's ``route``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    receiver: str | None = Field(None, description="Target when no child route matches.")
    matchers: tuple[str, ...] = Field((), description="All must hold for this node to match.")
    continue_: bool = Field(False, alias="continue", description="Keep trying later siblings.")
    routes: tuple[Route, ...] = Field((), description="Child routes, tried in order.")

    @field_validator("matchers")
    @classmethod
    def _matchers_parse(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for text in value:
            parse_matcher(text)
        return value

    def receiver_names(self) -> set[str]:
        names = {self.receiver} if self.receiver else set()
        for child in self.routes:
            names |= child.receiver_names()
        return names


class Receiver(BaseModel):
    """One webhook endpoint."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")
    url: HttpUrl
    secrets: tuple[SecretStr, ...] = Field(
        min_length=1, description="Signing secrets; several during a rotation."
    )
    filters: Filters = Field(default_factory=Filters)

    @field_validator("secrets")
    @classmethod
    def _secrets_well_formed(cls, value: tuple[SecretStr, ...]) -> tuple[SecretStr, ...]:
        for secret in value:
            parse_secret(secret.get_secret_value())  # ValueError names the problem
        return value


class _ReceiverEntry(BaseModel):
    """A receiver as written in the file: one of ``secret``, ``secrets`` or ``secret_env``."""

    model_config = ConfigDict(extra="forbid")

    name: str
    url: str
    secret: SecretStr | None = None
    secrets: list[SecretStr] | None = None
    secret_env: str | None = None
    filters: Filters = Field(default_factory=Filters)


class ReceiversFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    receivers: list[_ReceiverEntry] = Field(min_length=1)
    route: Route | None = None


class DeliveryConfig(BaseModel):
    """A validated receivers file: the receivers and the optional routing tree."""

    model_config = ConfigDict(frozen=True)

    receivers: tuple[Receiver, ...]
    route: Route | None = None


def _resolve(entry: _ReceiverEntry, where: str, env: dict[str, str]) -> Receiver:
    given = [k for k in ("secret", "secrets", "secret_env") if getattr(entry, k) is not None]
    if len(given) != 1:
        raise ConfigError(f"{where}: give exactly one of secret, secrets, secret_env")
    if entry.secret_env is not None:
        if entry.secret_env not in env:
            raise ConfigError(f"{where}.secret_env: variable {entry.secret_env} is not set")
        secrets = [SecretStr(env[entry.secret_env])]
    else:
        secrets = [entry.secret] if entry.secret is not None else list(entry.secrets or [])
    try:
        return Receiver(
            name=entry.name, url=entry.url, secrets=tuple(secrets), filters=entry.filters
        )
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc, where)) from None


def load_receivers(path: Path, env: dict[str, str] | None = None) -> list[Receiver]:
    """Read and validate a receivers file; ``ConfigError`` names the file and the bad field."""
    return list(load_config(path, env).receivers)


def load_config(path: Path, env: dict[str, str] | None = None) -> DeliveryConfig:
    """The receivers file with its routing tree; ``ConfigError`` names the file and the field."""
    env = dict(os.environ) if env is None else env
    data = read_document(path)
    try:
        parsed = ReceiversFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise ConfigError(f"{path}: " + describe_validation_error(exc, "file")) from None
    receivers = []
    for index, entry in enumerate(parsed.receivers):
        try:
            receivers.append(_resolve(entry, f"receivers[{index}]", env))
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    names = [r.name for r in receivers]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{path}: receivers: duplicate name {duplicates[0]!r}")
    if parsed.route is not None:
        unknown = sorted(parsed.route.receiver_names() - set(names))
        if unknown:
            raise ConfigError(f"{path}: route: unknown receiver {unknown[0]!r}")
    return DeliveryConfig(receivers=tuple(receivers), route=parsed.route)


def single_receiver(url: str, secret: str) -> Receiver:
    """The receiver given by ``--webhook-url``/``--webhook-secret``."""
    try:
        return Receiver(name="default", url=url, secrets=(SecretStr(secret),))
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc, "webhook")) from None
