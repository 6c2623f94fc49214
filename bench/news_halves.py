"""Score the news set by halves: the tuning half (even-indexed records, whose misses may be read)
and the checking half (odd-indexed, read for figures only).

    python bench/news_halves.py [../shared/eval/news_dev.jsonl]

Writes the two halves to a temporary directory, runs ``news_score.py`` (next to the set) on each
and prints both outputs. Nothing of the set is kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

from halves import run_halves


def main() -> int:
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/news_dev.jsonl").resolve()
    return run_halves(data, data.parent / "news_score.py", [])


if __name__ == "__main__":
    raise SystemExit(main())
