"""Webhook URLs carry tokens in their paths and queries: only scheme, host and port may be shown."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["redact_url"]


def redact_url(url: str) -> str:
    """'https://hooks.example.org/T0/secret?x=1' -> 'https://hooks.example.org/…'."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<invalid url>"
    return f"{parts.scheme or '?'}://{host}{port}/…"
