"""Score the labelled dev set by halves: the tuning half (even-indexed records, whose misses may be
read) and the checking half (odd-indexed, read for figures only).

    python bench/dev_halves.py [../shared/eval/dev.jsonl] [score.py options, e.g. --misses 20]

Writes the two halves to a temporary directory, runs ``score.py`` (next to the set) on each with
this checkout's ``conflict-alerts extract`` and prints both outputs. Nothing of the set is kept.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from halves import run_halves


def main() -> int:
    args = sys.argv[1:]
    data = Path(args.pop(0) if args and not args[0].startswith("-")
                else "../shared/eval/dev.jsonl").resolve()
    command = f"{shlex.quote(sys.executable)} -m services.cli extract"
    return run_halves(data, data.parent / "score.py", ["--cmd", command, *args])


if __name__ == "__main__":
    raise SystemExit(main())
