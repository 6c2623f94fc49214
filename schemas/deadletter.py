"""DeadLetter: a message a stage could not process, kept with the reason so nothing is lost."""

from __future__ import annotations

from pydantic import Field

from schemas.base import SCHEMA_VERSION, AwareDatetime, Internal


class DeadLetter(Internal):
    """Published to the ``deadletter`` topic by the stage that rejected the message."""

    schema_version: int = Field(SCHEMA_VERSION, description="Contract version of this message.")
    stage: str = Field(description="Worker that rejected it: extractor, rules or delivery.")
    topic: str = Field(description="Topic the message was read from.")
    partition: int | None = Field(None, description="Partition it was read from.")
    offset: int | None = Field(None, description="Offset it was read from.")
    key: str | None = Field(None, description="Message key, base64.")
    error: str = Field(description="Error class, e.g. 'InvalidMessage'.")
    reason: str = Field(
        description="Human-readable reason, naming the bad field when there is one."
    )
    retryable: bool = Field(description="Whether replaying the message later could succeed.")
    payload: str = Field(description="The original message bytes, base64 (may be truncated).")
    payload_size: int = Field(ge=0, description="Size of the original message in bytes.")
    payload_truncated: bool = Field(
        False, description="True when `payload` holds only the first bytes of a huge message."
    )
    failed_at: AwareDatetime = Field(description="When the stage rejected it.")
