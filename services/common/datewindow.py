"""The window of dates a message may carry: from 1900 to a day after the time it is read against
(its publication, or now). Pure: ``now`` is a parameter."""

from __future__ import annotations

import datetime as dt

__all__ = ["EARLIEST", "SLACK", "date_problem"]

EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
SLACK = dt.timedelta(days=1)


def date_problem(what: str, value: dt.date | dt.datetime, latest: dt.datetime) -> str | None:
    """The reason ``value`` is out of the window ending a day after ``latest``, or None."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        day = None
    else:
        moment, day = None, value
    try:
        limit = latest + SLACK
    except OverflowError:
        limit = dt.datetime.max.replace(tzinfo=dt.UTC)
    if day is not None:
        if day < EARLIEST.date():
            return f"{what} {day.isoformat()} is before {EARLIEST.year}"
        if day > limit.date():
            return f"{what} {day.isoformat()} is more than a day after {latest.isoformat()}"
        return None
    assert moment is not None
    if moment < EARLIEST:
        return f"{what} {moment.isoformat()} is before {EARLIEST.year}"
    if moment > limit:
        return f"{what} {moment.isoformat()} is more than a day after {latest.isoformat()}"
    return None
