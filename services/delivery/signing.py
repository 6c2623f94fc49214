"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

The signed content is ``"{webhook-id}.{webhook-timestamp}.{body}"``; the signature is
``v1,<base64 HMAC-SHA256>`` keyed with the base64-decoded part of a ``whsec_<base64>`` secret.
During a secret rotation every current secret signs, space-separated, and receivers accept any.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Sequence

__all__ = ["SECRET_PREFIX", "headers", "parse_secret", "sign", "verify"]

SECRET_PREFIX = "whsec_"


def parse_secret(secret: str) -> bytes:
    """The HMAC key of a ``whsec_<base64>`` secret; ``ValueError`` saying what is wrong."""
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("secret must start with 'whsec_'")
    try:
        key = base64.b64decode(secret[len(SECRET_PREFIX):], validate=True)
    except binascii.Error:
        raise ValueError("secret after 'whsec_' is not valid base64") from None
    if len(key) < 16:
        raise ValueError("secret key must be at least 16 bytes (24 base64 characters)")
    return key


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(parse_secret(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(secrets: Sequence[str], msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers for one request."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, msg_id, timestamp, body) for s in secrets),
    }


def verify(
    secret: str, header_map: dict[str, str], body: bytes, *, now: int, tolerance_s: int = 300
) -> bool:
    """True when one of the signatures matches and the timestamp is within the tolerance."""
    try:
        msg_id = header_map["webhook-id"]
        timestamp = int(header_map["webhook-timestamp"])
        signatures = header_map["webhook-signature"].split()
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance_s:
        return False
    expected = sign(secret, msg_id, timestamp, body).encode()
    # as bytes: compare_digest refuses str holding non-ASCII, and a header may hold anything
    return any(hmac.compare_digest(expected, candidate.encode("utf-8", "surrogateescape"))
               for candidate in signatures)
