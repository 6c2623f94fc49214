"""Score the labelled dev set by halves: the tuning half (even-indexed records, whose misses may be
read) and the checking half (odd-indexed, read for figures only).

    python bench/dev_halves.py [../shared/eval/dev.jsonl] [score.py options, e.g. --misses 20]

Writes the two halves to a temporary directory, runs ``score.py`` (next to the set) on each with
this checkout's ``conflict-alerts extract`` and prints both outputs. Nothing of the set is kept.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    args = sys.argv[1:]
    data = Path(args.pop(0) if args and not args[0].startswith("-")
                else "../shared/eval/dev.jsonl").resolve()
    scorer = data.parent / "score.py"
    command = f"{shlex.quote(sys.executable)} -m services.cli extract"
    lines = [line for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        for name, parity in (("tuning half (even records)", 0), ("checking half (odd records)", 1)):
            half = Path(tmp) / f"half{parity}.jsonl"
            half.write_text("".join(f"{line}\n" for i, line in enumerate(lines) if i % 2 == parity),
                            encoding="utf-8")
            print(f"== {name}", flush=True)
            done = subprocess.run([sys.executable, str(scorer), str(half), "--cmd", command, *args],
                                  check=False)
            if done.returncode != 0:
                return done.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
