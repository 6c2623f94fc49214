"""Hypothesis profiles for the property tests, and a tally of the inputs they generate.

Profiles (``HYPOTHESIS_PROFILE``, default ``ci``):
- ``ci``: what ``./dev test`` and ``.ci/run`` use. Derandomized (the same examples every run, so
  a failure in CI fails the same way on a laptop), no example database, no deadline (a shared
  two-core runner is slow at times; a deadline would flake). Each test's share of examples is
  set where it is declared (``budget``), about 10,000 in all.
- ``dev``: a tenth of that, for a quick local loop.
- ``deep``: ten times ``ci``, random, for a long local hunt.

The terminal summary prints how many inputs the property tests generated in this run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from tests.unit.properties import tally

_COMMON = dict(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
    print_blob=True,
)
settings.register_profile("ci", max_examples=100, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=10, derandomize=True, **_COMMON)
settings.register_profile("deep", max_examples=1000, derandomize=False, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if tally.COUNTS:
        total = sum(tally.COUNTS.values())
        terminalreporter.write_line(
            f"property tests: {total:,} generated inputs in {len(tally.COUNTS)} properties "
            f"(hypothesis profile {tally.PROFILE})"
        )
        if config.getoption("verbose") > 0:
            for name, n in sorted(tally.COUNTS.items()):
                terminalreporter.write_line(f"  {n:>7,}  {name}")
