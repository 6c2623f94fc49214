"""Score the news set by halves: the tuning half (even-indexed records, whose misses may be read)
and the checking half (odd-indexed, read for figures only).

    python bench/news_halves.py [../shared/eval/news_dev.jsonl]

Writes the two halves to a temporary directory, runs ``news_score.py`` (next to the set) on each
and prints both outputs. Nothing of the set is kept.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/news_dev.jsonl").resolve()
    scorer = data.parent / "news_score.py"
    lines = [line for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        for name, parity in (("tuning half (even records)", 0), ("checking half (odd records)", 1)):
            half = Path(tmp) / f"half{parity}.jsonl"
            half.write_text("".join(f"{line}\n" for i, line in enumerate(lines) if i % 2 == parity),
                            encoding="utf-8")
            print(f"== {name}", flush=True)
            done = subprocess.run([sys.executable, str(scorer), str(half)], check=False)
            if done.returncode != 0:
                return done.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
