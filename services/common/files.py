"""Reading the project's data and config files: one place that turns a missing file or a syntax
error into the caller's error class, naming the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from services.common.errors import ConfigError

__all__ = ["read_document"]


def read_document(path: Path, error: type[Exception] = ConfigError) -> Any:
    """The parsed content of a YAML file, or of a JSON file when the name ends in .json or
    .geojson; ``error`` (``ConfigError`` by default) when it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror}") from None
    if path.suffix in (".json", ".geojson"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise error(f"{path}: not valid JSON: {exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML: {exc}") from None
