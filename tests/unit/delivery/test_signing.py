"""Our Standard Webhooks signatures, checked against the reference implementation."""

from __future__ import annotations

import base64
import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from services.delivery.signing import headers, parse_secret, verify

OLD = "whsec_" + base64.b64encode(b"o" * 24).decode()
NEW = "whsec_" + base64.b64encode(b"n" * 24).decode()
BODY = b'{"specversion":"1.0","id":"alert-1:1"}'


def test_reference_library_accepts_our_signature():
    now = int(time.time())
    signed = headers([NEW], "alert-1:1", now, BODY)
    assert Webhook(NEW).verify(BODY, signed) == {"specversion": "1.0", "id": "alert-1:1"}
    assert signed["webhook-signature"].startswith("v1,")


def test_during_a_rotation_either_secret_verifies():
    signed = headers([NEW, OLD], "alert-1:2", int(time.time()), BODY)
    assert len(signed["webhook-signature"].split()) == 2
    Webhook(NEW).verify(BODY, signed)
    Webhook(OLD).verify(BODY, signed)


def test_a_tampered_body_or_wrong_secret_fails():
    now = int(time.time())
    signed = headers([NEW], "alert-1:1", now, BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(NEW).verify(BODY + b" ", signed)
    with pytest.raises(WebhookVerificationError):
        Webhook(OLD).verify(BODY, signed)
    assert verify(NEW, signed, BODY, now=now)
    assert not verify(NEW, signed, BODY + b" ", now=now)
    assert not verify(NEW, signed, BODY, now=now + 3600)  # stale timestamp: replay refused


@pytest.mark.parametrize(("secret", "problem"), [
    ("hunter2", "start with 'whsec_'"),
    ("whsec_***", "not valid base64"),
    ("whsec_" + base64.b64encode(b"short").decode(), "at least 16 bytes"),
])
def test_malformed_secrets_are_refused(secret, problem):
    with pytest.raises(ValueError, match=problem):
        parse_secret(secret)


def test_a_non_ascii_signature_is_wrong_not_an_error():
    now = int(time.time())
    forged = {"webhook-id": "alert-1:1", "webhook-timestamp": str(now),
              "webhook-signature": "v1,\u00e9t\u00e9"}
    assert not verify(NEW, forged, BODY, now=now)
