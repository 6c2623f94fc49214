"""Incidents the extractor would never write, arriving on the incidents topic all the same:
refused with the reason, never an overflow or a state that cannot be read back."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from services.common.errors import InvalidMessage, MessageOutOfBounds
from services.rules import evaluate
from services.rules.handler import RulesHandler
from tests.unit.rules.conftest import make_incident, utc


@pytest.mark.parametrize(("date", "published"), [
    (dt.date(9999, 12, 31), utc(2019, 5, 1)),
    (dt.date(1, 1, 1), utc(2019, 5, 1)),
    (None, dt.datetime(9999, 12, 31, tzinfo=dt.UTC)),
    (None, dt.datetime(1, 1, 2, tzinfo=dt.UTC)),
])
def test_an_incident_dated_outside_the_window_is_refused(book, date, published):
    incident = make_incident("far", date=date)
    incident = incident.model_copy(update={
        "source": incident.source.model_copy(update={"published_at": published})})
    with pytest.raises(MessageOutOfBounds, match="incident"):
        evaluate(incident, book, {}, utc(2019, 5, 2))


def test_an_infinite_radius_is_refused_at_decoding(book):
    data = json.loads(make_incident("inf").model_dump_json())
    data["location"]["radius_km"] = float("inf")
    handler = RulesHandler(book, {}, clock=lambda: utc(2019, 5, 2))
    with pytest.raises(InvalidMessage, match="radius_km"):
        handler.events(json.dumps(data).encode())  # Python's json writes Infinity
