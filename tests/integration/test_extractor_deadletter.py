"""Malformed reports go to the dead-letter topic with the reason and their original bytes; the
extractor keeps going and good reports still become incidents."""

from __future__ import annotations

import base64
import json

from schemas import DeadLetter, Incident

GOOD = {"id": "good-1", "published_at": "2019-05-10T08:00:00Z",
        "text": "Government warplanes struck the hospital in Kafr Nabl, Idlib, on Thursday, "
                "killing three civilians."}

MALFORMED = {
    b"not-json": (b"this is not json", "UndecodableMessage", "not JSON"),
    b"bad-utf8": (b'{"id": "x", "text": "caf\xe9"}', "UndecodableMessage", "not UTF-8"),
    b"wrong-fields": (json.dumps({"title": "no id, no text"}).encode(), "InvalidMessage",
                      "Report.id: Field required"),
    b"empty-text": (json.dumps(GOOD | {"id": "e", "text": ""}).encode(), "InvalidMessage",
                    "Report.text"),
    b"five-mb": (json.dumps(GOOD | {"id": "big", "text": "shelling " * 600_000}).encode(),
                 "MessageTooLarge", "the limit is 1,048,576"),
}


def test_malformed_reports_are_dead_lettered_and_good_ones_flow(start_workers, send, read_topic):
    start_workers("extractor")
    for key, (raw, _, _) in MALFORMED.items():
        send("reports", key, raw)
    send("reports", b"good-1", json.dumps(GOOD).encode())

    incidents = [Incident.model_validate_json(v) for _, v in read_topic("incidents", expect=1)]
    records = read_topic("deadletter", expect=len(MALFORMED))
    letters = {base64.b64decode(dl.key): dl
               for dl in (DeadLetter.model_validate_json(v) for _, v in records)}

    assert [i.report_id for i in incidents] == ["good-1"]
    assert incidents[0].targets and incidents[0].targets[0].category == "health"
    assert set(letters) == set(MALFORMED)
    for key, (raw, error, reason) in MALFORMED.items():
        letter = letters[key]
        assert letter.stage == "extractor" and letter.error == error, key
        assert reason in letter.reason, (key, letter.reason)
        assert letter.payload_size == len(raw)
        assert base64.b64decode(letter.payload) == raw  # nothing lost, 5 MB included
        assert not letter.retryable
