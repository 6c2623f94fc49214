"""The extraction bench's sets are what its figures say: articles of about the size asked for,
the same on every run, and a floor of 5,000 distinct place names (spaCy itself is not needed)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from floor import place_names  # noqa: E402
from synth_articles import article  # noqa: E402


@pytest.mark.parametrize("size", [3_000, 20_000])
def test_articles_are_about_the_size_asked_for(size):
    rng = random.Random(size)
    docs = [article(rng, i, size) for i in range(20)]
    lengths = [len(d.text) for d in docs]
    assert all(0.8 * size <= n <= 1.1 * size for n in lengths), lengths
    assert len({d.text for d in docs}) == len(docs)  # no two alike


def test_articles_are_the_same_on_every_run():
    assert article(random.Random(1), 0, 20_000) == article(random.Random(1), 0, 20_000)


def test_long_articles_retell_and_recall_events():
    text = article(random.Random(5), 0, 20_000).text
    assert "It was not the first time" in text  # earlier events at other places
    assert "“" in text and "—" in text  # typographic quotes and dashes, as outlets print them


def test_floor_matches_5000_distinct_place_names():
    names = place_names(5000)
    assert len(names) == len(set(names)) == 5000
    assert all(n.strip() for n in names)
