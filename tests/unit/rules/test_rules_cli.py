"""The replay command, over ready-made incidents (the extractor is tested on its own)."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from services.rules.cli import register, run

FIXTURES = Path(__file__).parents[2] / "fixtures" / "rules"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_replay_orders_by_publication_and_prints_cloudevents(incident, at) -> None:
    late = incident("c1", source="C", killed=12, published=at(2019, 5, 2, 15))
    first = incident("a1", source="A", killed=4, targets=[("hospital", "health")],
                     published=at(2019, 5, 1, 18))
    second = incident("b1", source="B", killed=6, published=at(2019, 5, 2, 9))
    lines = "\n".join(i.model_dump_json() for i in (late, first, second)) + "\n\n"
    out, err = io.StringIO(), io.StringIO()
    args = parse(["replay", "-", "--incidents"])
    assert args.func is run
    assert run(args, io.StringIO(lines), out, err) == 0
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(e["data"]["status"], e["data"]["sequence"]) for e in events] == [
        ("new", 1), ("updated", 2), ("escalated", 3)]
    assert len({e["subject"] for e in events}) == 1
    assert events[0]["id"] == f"{events[0]['subject']}:1"
    assert events[2]["time"] == "2019-05-02T15:00:00Z"
    assert err.getvalue() == ""


def test_replay_reports_bad_lines_and_bad_rules(incident) -> None:
    out, err = io.StringIO(), io.StringIO()
    good = incident("ok", killed=10).model_dump_json()
    assert run(parse(["replay", "-", "--incidents"]),
               io.StringIO(good + "\n{\"incident_id\": 3}\n"), out, err) == 1
    assert len(out.getvalue().splitlines()) == 1
    assert err.getvalue().startswith("line 2: invalid Incident: ")

    err = io.StringIO()
    bad = parse(["replay", "-", "--incidents", "--rules", str(FIXTURES / "duplicate-id.yaml")])
    assert run(bad, io.StringIO(""), io.StringIO(), err) == 2
    assert "rules[1].id: duplicate rule id 'mass-casualty'" in err.getvalue()


def test_an_alert_event_is_the_same_bytes_whenever_it_is_wrapped():
    import datetime as dt

    from services.common.codec import encode
    from services.rules.events import to_event
    from tests.factories import alert_event

    alert = alert_event(alert_id="a9", sequence=3).data
    one = encode(to_event(alert, dt.datetime(2030, 1, 1, tzinfo=dt.UTC)))
    two = encode(to_event(alert, dt.datetime(2031, 6, 1, tzinfo=dt.UTC)))
    assert one == two
