"""Every invalid receivers file fails at load with a message naming the file and the problem.
One fixture per failure in tests/fixtures/receivers/, its first line saying what to expect."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.common.errors import ConfigError
from services.delivery.config import load_receivers

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "receivers"
CASES = sorted(FIXTURES.glob("*.yaml"))


def _expected(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), path
    return first.removeprefix("# expect: ")


def test_there_is_a_fixture_per_failure():
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_invalid_receivers_file_names_the_problem(path):
    with pytest.raises(ConfigError) as caught:
        load_receivers(path, env={})
    message = str(caught.value)
    assert str(path) in message
    assert _expected(path) in message


def test_a_valid_file_loads(tmp_path):
    path = tmp_path / "receivers.yaml"
    path.write_text(
        "receivers:\n"
        "  - name: desk\n"
        "    url: https://hooks.example.org/x\n"
        "    secret_env: DESK_SECRET\n"
        "    filters: {rule_ids: [health-care-attack], min_severity: high}\n",
        encoding="utf-8")
    [receiver] = load_receivers(path, env={"DESK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})
    assert receiver.name == "desk"
    assert receiver.filters.min_severity == "high"
    assert "MfKQ9r8" not in repr(receiver)  # secrets never show
