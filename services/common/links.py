"""Which URLs may be shown as links: http(s) only, with a host, no spaces or control characters."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["safe_link"]


def safe_link(url: str | None) -> str | None:
    """The URL if it is safe to render as a link; None otherwise (``javascript:``, ``data:``...)."""
    if not url or any(ord(c) < 0x21 or 0x7F <= ord(c) < 0xA0 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None
