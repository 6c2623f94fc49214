"""The speed floor for ``bench_extract``: spaCy's blank English tokenizer and a ``PhraseMatcher``
over 5,000 place names, the least an extractor that finds place names in text has to do.
``bench_extract.py`` runs it on the same texts in the same run.

spaCy is a bench-only dependency: ``pip install -e '.[bench]'`` (``./dev bench`` installs it).
"""

from __future__ import annotations

import gzip
import heapq
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "services/extractor/data/world_places.tsv.gz"
INSTALL = "pip install -e '.[bench]'  (or: ./dev bench)"


def place_names(n: int = 5000) -> list[str]:
    """The names of the ``n`` most populous places of the project's world gazetteer."""
    with gzip.open(PLACES, "rt", encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        name_at, pop_at = header.index("name"), header.index("population")
        rows = (line.rstrip("\n").split("\t") for line in fh)
        best: dict[str, int] = {}
        for r in rows:
            best[r[name_at]] = max(best.get(r[name_at], 0), int(r[pop_at] or 0))
    return heapq.nlargest(n, best, key=best.__getitem__)


class Floor:
    """spaCy's blank English pipeline with a case-insensitive ``PhraseMatcher`` of place names."""

    def __init__(self, phrases: Sequence[str]):
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("en")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.matcher.add("PLACE", list(self.nlp.tokenizer.pipe(phrases)))
        self.phrases = len(phrases)

    def run(self, texts: Sequence[str]) -> tuple[int, float]:
        """Tokenize and match every text; (matches found, CPU seconds)."""
        c0 = time.process_time()
        found = sum(len(self.matcher(doc)) for doc in self.nlp.tokenizer.pipe(texts))
        return found, time.process_time() - c0


def load_floor() -> Floor | None:
    """The floor, or None (and how to install it) when spaCy is not installed."""
    try:
        return Floor(place_names())
    except ImportError:
        print(f"spaCy floor skipped: spaCy is not installed; {INSTALL}")
        return None
