"""Matchers, filters and the routing tree."""

from __future__ import annotations

import textwrap

import pytest

from schemas import ZoneRef
from services.common.errors import ConfigError
from services.delivery.config import Filters, Route, load_config
from services.delivery.matchers import parse_matcher
from services.delivery.routing import matches, route, route_tree
from tests.factories import alert

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.mark.parametrize(
    ("matcher", "expected"),
    [
        ('severity="high"', True),
        ("severity=high", True),
        ('severity!="high"', False),
        ('severity=~"high|critical"', True),
        ('severity=~"hi"', False),  # anchored, as in Alertmanager
        ('severity!~"low|info"', True),
        ('rule_id="health-care-attack"', True),
        ('rule_id!="zone-breach"', True),
        ('country="SY"', True),
        ('admin1=~"Idlib|Hama"', True),
        ('zone=""', True),  # a missing label is the empty string
        ('event_type="Explosions/Remote violence"', True),
    ],
)
def test_matchers(matcher, expected):
    assert matches(alert(), Filters(matchers=(matcher,))) is expected


@pytest.mark.parametrize("bad", ["severity", 'colour="red"', 'severity=~"("', "=x"])
def test_bad_matchers_are_refused(bad):
    with pytest.raises(ValueError):
        parse_matcher(bad)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), True),
        (Filters(rule_ids=frozenset({"zone-breach"})), False),
        (Filters(min_severity="high"), True),
        (Filters(min_severity="critical"), False),
        (Filters(countries=frozenset({"SY"}), admin1=frozenset({"Idlib"})), True),
        (Filters(zones=frozenset({"idlib-dmz-2018"})), False),
    ],
)
def test_filters(filters, expected):
    assert matches(alert(), filters) is expected


def test_zone_label():
    zoned = alert(zone=ZoneRef(id="idlib-dmz-2018", name="Idlib DMZ", kind="demilitarized",
                               certainty="confirmed"))
    assert matches(zoned, Filters(matchers=('zone="idlib-dmz-2018"',)))


def test_route_tree_first_match_wins_unless_continue():
    tree = Route.model_validate({
        "receiver": "fallback",
        "routes": [
            {"receiver": "health", "matchers": ['rule_id="health-care-attack"'], "continue": True},
            {"receiver": "syria", "matchers": ['country="SY"']},
            {"receiver": "never", "matchers": ['country="SY"']},
        ],
    })
    assert route_tree(alert(), tree) == ["health", "syria"]
    assert route_tree(alert(rule_ids=["zone-breach"], location=None), tree) == ["fallback"]


def _config(tmp_path, body: str):
    path = tmp_path / "receivers.yaml"
    path.write_text(textwrap.dedent(body))
    return load_config(path, env={})


def test_config_with_route_and_filters(tmp_path):
    config = _config(tmp_path, f"""
        receivers:
          - {{name: a, url: "https://a.example/h", secret: {SECRET}}}
          - {{name: b, url: "https://b.example/h", secret: {SECRET},
              filters: {{matchers: ['severity="critical"']}}}}
        route:
          routes:
            - {{receiver: a, matchers: ['country="SY"'], continue: true}}
            - {{receiver: b}}
        """)
    assert [r.name for r in route(alert(), config.receivers, config.route)] == ["a"]
    assert [r.name for r in route(alert(severity="critical"), config.receivers, config.route)] \
        == ["a", "b"]


def test_old_receivers_file_still_works(tmp_path):
    config = _config(tmp_path, f"""
        receivers:
          - name: health-desk
            url: https://hooks.example.org/x
            secret: {SECRET}
            filters: {{rule_ids: [health-care-attack], min_severity: high, countries: [SY]}}
        """)
    assert config.route is None
    assert [r.name for r in route(alert(), config.receivers)] == ["health-desk"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"receivers: [{{name: a, url: 'https://a.example', secret: {SECRET}}}]\n"
         "route: {receiver: nobody}", "unknown receiver 'nobody'"),
        (f"receivers: [{{name: a, url: 'https://a.example', secret: {SECRET}, "
         "filters: {matchers: ['colour=red']}}]", "unknown label"),
    ],
)
def test_bad_route_config_names_the_problem(tmp_path, body, message):
    with pytest.raises(ConfigError, match=message):
        _config(tmp_path, body)
