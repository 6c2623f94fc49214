"""The exception tree of conflict-alerts. Every error says whether retrying could help.

    ConflictAlertsError
     ├── InvalidMessage            a message can never be processed (dead-lettered at once)
     │    ├── UndecodableMessage   not UTF-8 or not JSON
     │    ├── MessageTooLarge      over the configured byte limit
     │    └── MessageOutOfBounds   too deep, a string too long, a list too long, a date out of range
     ├── ConfigError               a config, ruleset or zones file is invalid (fail at start-up)
     └── DeliveryError            a webhook delivery failed; ``retryable`` depends on the outcome
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ConflictAlertsError",
    "DeliveryError",
    "InvalidMessage",
    "MessageOutOfBounds",
    "MessageTooLarge",
    "UndecodableMessage",
]


class ConflictAlertsError(Exception):
    """Base of every error the service raises on purpose."""

    retryable: bool = False


class InvalidMessage(ConflictAlertsError):
    """The message is malformed: retrying it will never succeed."""


class UndecodableMessage(InvalidMessage):
    """The bytes are not UTF-8 text holding one JSON document."""


class MessageTooLarge(InvalidMessage):
    """The message is larger than the stage accepts."""


class MessageOutOfBounds(InvalidMessage):
    """The message crosses a structural or value bound (depth, string or list length, date)."""


class ConfigError(ConflictAlertsError):
    """A configuration file is invalid; the message names the file and the bad field."""


class DeliveryError(ConflictAlertsError):
    """A webhook delivery did not succeed."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable
