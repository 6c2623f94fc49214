"""The generated JSON Schemas are fresh, and the contract holds its invariants."""

import json

import pytest
from pydantic import ValidationError

from schemas import EVENT_TYPES, SUB_EVENT_TYPES
from schemas.export import rendered
from tests.factories import alert_event, incident


def test_generated_schema_files_are_fresh():
    stale = [p.name for p, text in rendered().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert stale == [], "run: python -m schemas.export"


def test_acled_taxonomy_is_complete():
    assert len(EVENT_TYPES) == 6
    assert len(SUB_EVENT_TYPES) == 25


def test_sub_event_type_must_belong_to_the_event_type():
    with pytest.raises(ValidationError, match="belongs to 'Battles'"):
        incident(event_type="Protests", sub_event_type="Armed clash")


def test_internal_messages_reject_unknown_fields():
    data = json.loads(incident().model_dump_json()) | {"surprise": 1}
    with pytest.raises(ValidationError, match="surprise"):
        type(incident()).model_validate(data)


def test_alert_event_is_a_cloudevent():
    from cloudevents.core.formats.json import JSONFormat
    from cloudevents.core.v1.event import CloudEvent

    # The CloudEvents SDK validates every attribute while it reads the event.
    event = JSONFormat().read(CloudEvent, alert_event().model_dump_json().encode())
    assert event.get_specversion() == "1.0"
    assert event.get_id() == "alert-1:1"
    assert event.get_type() == "org.conflict-alerts.alert.v1"
    assert event.get_data()["alert_id"] == "alert-1"
