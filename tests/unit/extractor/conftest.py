from __future__ import annotations

import datetime as dt

import pytest

from schemas.report import Report
from services.extractor import Resources, extract

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def resources() -> Resources:
    return Resources.load()


@pytest.fixture(scope="session")
def run(resources):
    def _run(text: str, published: str = "2019-05-06T10:00:00Z", rid: str = "r1"):
        report = Report(id=rid, text=text, published_at=published)
        return extract(report, resources, NOW)

    return _run
