"""Shared base classes for the contract models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

#: Bumped on any incompatible change to a model; consumers reject versions they do not know.
SCHEMA_VERSION = 1


def _aware(value: datetime) -> datetime:
    # Naive timestamps are read as UTC: reports from scrapers often omit the offset.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


#: A timestamp that is always timezone-aware (naive input is taken as UTC).
AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


class Internal(BaseModel):
    """Base for messages this service produces: strict, immutable, no unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)
