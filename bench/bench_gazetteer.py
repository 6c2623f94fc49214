"""Start-up time and peak memory of the extractor's resources with every village table loaded.

    python bench/bench_gazetteer.py

Loads the resources (lexicons, the GeoNames and Syrian gazetteers) as a worker does at start-up,
then every country's village table (``data/wof/``), which a worker reads only when a report is
about that country: the worst case of a long-running worker. Prints each step's time and the
process's peak memory (maxrss).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.extractor import Resources  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    t0 = time.perf_counter()
    res = Resources.load()
    t1 = time.perf_counter()
    print(f"resources loaded in {t1 - t0:.2f} s, peak memory {_rss_mb():.0f} MB")
    gaz = res.gazetteer
    for cc in sorted(gaz.village_countries):
        gaz.village_table(cc)
    t2 = time.perf_counter()
    print(f"{len(gaz.village_countries)} village tables ({len(gaz._rows)} rows in all) loaded in "
          f"{t2 - t1:.2f} s; start-up with all of them {t2 - t0:.2f} s, "
          f"peak memory {_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
