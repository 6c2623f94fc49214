"""Report: a news item or field report arriving on the ``reports`` topic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from schemas.base import SCHEMA_VERSION, AwareDatetime

_DATETIME = TypeAdapter(datetime)

#: Upper bound on report text, in characters. Long-form articles run to ~50k characters; anything
#: far beyond that is a scrape gone wrong, and extraction cost grows with length.
MAX_TEXT_CHARS = 200_000


class Report(BaseModel):
    """A report as published by a source. Unknown fields are ignored, so upstream feeds can carry
    their own metadata without breaking the extractor."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    schema_version: int = Field(SCHEMA_VERSION, description="Contract version of this message.")
    id: str = Field(
        min_length=1, max_length=256, description="Stable identifier given by the source."
    )
    text: str = Field(
        min_length=1, max_length=MAX_TEXT_CHARS, description="Body text of the report, plain text."
    )
    published_at: AwareDatetime = Field(
        description="When the source published the report; relative dates resolve against it."
    )
    published_at_zone_assumed: bool = Field(
        False,
        description="True when `published_at` came without a zone offset and UTC was assumed.",
    )
    title: str | None = Field(None, max_length=1_000, description="Headline, if any.")
    source: str | None = Field(None, max_length=256, description="Publisher or feed name.")
    url: str | None = Field(None, max_length=2_048, description="Where the report can be read.")
    language: str | None = Field(
        None, max_length=16, description="BCP 47 language tag; English is assumed when absent."
    )

    @model_validator(mode="before")
    @classmethod
    def _assume_zone(cls, data: Any) -> Any:
        # A timestamp without an offset is read as UTC, and the report says so: never silently.
        if isinstance(data, dict) and "published_at" in data:
            try:
                value = _DATETIME.validate_python(data["published_at"])
            except ValidationError:
                return data  # the field's own validation names the problem
            if value.tzinfo is None:
                data = {**data, "published_at": value.replace(tzinfo=UTC),
                        "published_at_zone_assumed": True}
        return data

    @field_validator("text")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not any(ch.isalnum() for ch in value):
            raise ValueError("text holds no words")
        return value
