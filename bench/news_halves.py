"""Score the news set by halves: the tuning half (even-indexed records, whose misses may be read)
and the checking half (odd-indexed, read for figures only).

    python bench/news_halves.py [../shared/eval/news_dev.jsonl] [news_score.py options]

Writes the two halves to a temporary directory, runs ``news_score.py`` (next to the set) on each
and prints both outputs. Nothing of the set is kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

from halves import run_halves


def main() -> int:
    args = sys.argv[1:]
    data = Path(args.pop(0) if args and not args[0].startswith("-")
                else "../shared/eval/news_dev.jsonl").resolve()
    return run_halves(data, data.parent / "news_score.py", args)


if __name__ == "__main__":
    raise SystemExit(main())
