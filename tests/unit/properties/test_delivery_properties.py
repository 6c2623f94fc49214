"""Properties of building a webhook request: for any alert the engine raises, the body is the
same bytes whenever it is rendered, it reads back as the same event, and its Standard Webhooks
headers are clean header values whose signature the reference library accepts; any secret or
signature header is judged without an exception."""

from __future__ import annotations

import base64
import time

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from standardwebhooks.webhooks import Webhook

from schemas import AlertEvent
from schemas.incident import Target
from services.common.codec import decode, encode
from services.delivery.signing import headers, parse_secret, sign, verify
from services.rules import Rulebook, evaluate, to_event
from tests.unit.properties.tally import budget, seen
from tests.unit.properties.test_rules_properties import clock_times, incidents

secrets = st.binary(min_size=16, max_size=64).map(
    lambda key: "whsec_" + base64.b64encode(key).decode())
header_text = st.text(st.characters(codec="utf-8"), max_size=80)


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return Rulebook.load()


@st.composite
def raised_alerts(draw, book: Rulebook):
    """Alerts of generated incidents: each hits a hospital, so the engine raises one."""
    incident = draw(incidents(near=True))
    incident = incident.model_copy(update={
        "background": False, "status": "asserted", "retraction": False, "refutation": None,
        "evidence": [e for e in incident.evidence if e.field != "retraction"],
        "targets": [*incident.targets, Target(type="hospital", category="health")]})
    now = max(draw(clock_times), incident.source.published_at)
    return evaluate(incident, book, {}, now).alerts[0], now


@settings(max_examples=budget(4))
@given(st.data(), st.lists(secrets, min_size=1, max_size=3), clock_times)
def test_an_alert_renders_and_signs_the_same_every_time(book, data, keys, later):
    seen("webhook requests")
    alert, now = data.draw(raised_alerts(book))
    body = encode(to_event(alert, now))
    assert encode(to_event(alert, later)) == body  # re-sent: byte-identical
    event = decode(body, AlertEvent)
    assert event.id == f"{alert.alert_id}:{alert.sequence}" and event.data == alert
    sent_at = int(time.time())
    signed = headers(keys, event.id, sent_at, body)
    assert headers(keys, event.id, sent_at, body) == signed
    for value in signed.values():
        assert value.isascii() and value.isprintable() and value == value.strip()
    for key in keys:
        assert Webhook(key).verify(body, signed) is not None
        assert verify(key, signed, body, now=sent_at)
    request = httpx.Request("POST", "https://hooks.example.org/in", content=body, headers=signed)
    assert request.content == body and request.headers["webhook-id"] == event.id


@settings(max_examples=budget(4))
@given(header_text | secrets)
def test_any_secret_is_parsed_or_refused_with_a_reason(secret):
    seen("secrets")
    try:
        key = parse_secret(secret)
    except ValueError as exc:
        assert str(exc).strip()
        return
    assert len(key) >= 16
    assert sign(secret, "alt-1:1", 0, b"{}").startswith("v1,")


@settings(max_examples=budget(4))
@given(secrets, st.dictionaries(st.sampled_from(["webhook-id", "webhook-timestamp",
                                                 "webhook-signature", "x"]),
                                header_text | st.integers(-(10**30), 10**30).map(str)),
       st.binary(max_size=200), st.integers(0, 2**40))
def test_any_signature_header_is_judged_without_an_exception(secret, header_map, body, now):
    seen("signature headers")
    assert verify(secret, header_map, body, now=now) in (True, False)
