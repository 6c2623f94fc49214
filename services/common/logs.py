"""Structured logging: one JSON object per line (or plain text for people at a terminal).

Log calls pass context as ``extra={...}``; every extra key lands in the JSON object. Nothing here
redacts: callers never log secrets or full webhook URLs (see ``services.delivery.redact``).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

__all__ = ["JsonFormatter", "logging_config", "setup_logging"]

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(level: str = "info", fmt: str = "json") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dict, also handed to the faust worker."""
    formatter = (
        {"()": JsonFormatter}
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler", "formatter": "default", "stream": sys.stderr
            }
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        # aiokafka logs every connection hiccup at ERROR during rebalances; keep it quieter.
        "loggers": {"aiokafka": {"level": "WARNING"}, "kafka": {"level": "WARNING"}},
    }


def setup_logging(level: str = "info", fmt: str = "json") -> None:
    import logging.config

    logging.config.dictConfig(logging_config(level, fmt))
