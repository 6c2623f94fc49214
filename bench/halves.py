"""Score a labelled set by halves: the tuning half (even-indexed records, whose misses may be
read) and the checking half (odd-indexed, read for figures only). Shared by ``news_halves.py``
and ``dev_halves.py``; the halves are written to a temporary directory and nothing is kept."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path


def run_halves(data: Path, scorer: Path, extra: list[str]) -> int:
    """Run ``scorer`` on each half of ``data`` with ``extra`` arguments; its first failing exit
    code, else 0."""
    lines = [line for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        for name, parity in (("tuning half (even records)", 0), ("checking half (odd records)", 1)):
            half = Path(tmp) / f"half{parity}.jsonl"
            half.write_text("".join(f"{line}\n" for i, line in enumerate(lines) if i % 2 == parity),
                            encoding="utf-8")
            print(f"== {name}", flush=True)
            done = subprocess.run([sys.executable, str(scorer), str(half), *extra], check=False)
            if done.returncode != 0:
                return done.returncode
    return 0
