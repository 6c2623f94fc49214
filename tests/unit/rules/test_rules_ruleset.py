"""Ruleset loading: the default file, and one fixture per invalid case naming the bad field."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.rules.ruleset import RulesetError, load_ruleset, parse_ruleset
from services.rules.titles import render

FIXTURES = Path(__file__).parents[2] / "fixtures" / "rules"

#: fixture file -> text the error must contain (the field path, and why).
INVALID = {
    "unknown-field.yaml": "rules[1].conditions.min_fatality: unknown field",
    "duplicate-id.yaml": "rules[1].id: duplicate rule id 'mass-casualty'",
    "bad-severity.yaml": "rules[0].severity: must be one of 'info', 'low', 'medium', 'high' or "
    "'critical' (got 'severe')",
    "negative-min-fatalities.yaml": "rules[2].conditions.min_fatalities: must be >= 0",
    "unknown-event-type.yaml": "rules[0].conditions.sub_event_types[0]: must be one of",
    "unknown-placeholder.yaml": "rules[0].title: unknown placeholder {place}",
    "unsafe-placeholder.yaml": "rules[0].title: unknown placeholder {location.name.__class__}",
    "missing-title.yaml": "rules[0].title: required field missing",
    "bad-rule-id.yaml": "rules[0].id: String should match pattern",
    "empty-rules.yaml": "rules: List should have at least 1 item",
    "background-true.yaml": "rules[0].conditions.background: must be one of False",
    "bad-country.yaml": "rules[0].conditions.countries: 'Syria' is not an ISO 3166-1 alpha-2",
    "actor-role-without-actors.yaml": "rules[0].conditions: actor_role needs actors",
    "unknown-setting.yaml": "settings.correlation.max_distance_miles: unknown field",
    "negative-window.yaml": "settings.escalation.window_days: must be >= 1",
    "not-a-mapping.yaml": "top level must be a mapping with 'rules'",
    "malformed-yaml.yaml": "not valid YAML",
}


def test_every_fixture_is_covered() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.yaml")) == sorted(INVALID)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_ruleset_fails_naming_the_field(name: str) -> None:
    with pytest.raises(RulesetError) as err:
        load_ruleset(FIXTURES / name)
    message = str(err.value)
    assert message.startswith(str(FIXTURES / name) + ": ")
    assert INVALID[name] in message


def test_default_ruleset_has_the_documented_rule_ids() -> None:
    ruleset = load_ruleset()
    assert [r.id for r in ruleset.rules] == [
        "health-care-attack",
        "zone-breach",
        "mass-casualty",
        "children-killed",
        "chemical-weapon",
        "territory-change-in-zone",
        "escalation",
    ]
    by_id = {r.id: r for r in ruleset.rules}
    assert by_id["mass-casualty"].conditions.min_fatalities == 10
    assert by_id["mass-casualty"].severity == "critical"
    assert by_id["escalation"].conditions.min_area_attacks == 5
    assert ruleset.settings.escalation.window_days == 2
    assert ruleset.settings.expiry.open_days == 7


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(RulesetError, match="nope.yaml: cannot read"):
        load_ruleset(tmp_path / "nope.yaml")


def test_threshold_is_configurable() -> None:
    ruleset = parse_ruleset({"rules": [{"id": "mc", "severity": "high", "title": "t",
                                        "conditions": {"min_fatalities": 3}}]})
    assert ruleset.rules[0].conditions.min_fatalities == 3
    assert ruleset.settings.correlation.max_distance_km == 10.0


def test_title_rendering_is_safe_and_fills_unknown() -> None:
    ctx = {"location": {"name": "Kafr Nabl"}, "fatalities": {"total": None}}
    assert render("Attack on health care in {location.name}", ctx) == (
        "Attack on health care in Kafr Nabl")
    assert render("{fatalities.total} killed in {zone.name}", ctx) == "unknown killed in unknown"
