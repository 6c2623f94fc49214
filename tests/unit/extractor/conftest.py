from __future__ import annotations

import datetime as dt

import pytest

from schemas.report import Report
from services.extractor import Resources, extract
from services.extractor.geocode import find_mentions, resolve
from services.extractor.text import tokens

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def resources() -> Resources:
    return Resources.load()


@pytest.fixture(scope="session")
def run(resources):
    def _run(
        text: str,
        published: str = "2019-05-06T10:00:00Z",
        rid: str = "r1",
        title: str | None = None,
    ):
        report = Report(id=rid, text=text, published_at=published, title=title)
        return extract(report, resources, NOW)

    return _run


@pytest.fixture(scope="session")
def place_mentions(resources):
    """``place_mentions(text, countries=())``: the text's place mentions, resolved as
    ``extract`` does with the given report countries."""

    def _mentions(text: str, countries=()):
        ms = find_mentions(text, tokens(text), resources.gazetteer, resources.stop,
                           common=resources.common, given=resources.given)
        resolve(ms, resources.gazetteer, set(countries))
        return ms

    return _mentions
