"""Throughput and peak memory of ``extract`` on one core.

    python bench/bench_extract.py [--reports 3000]

Reports are synthetic (~3 KB each), generated here from templates: no evaluation data. Resources
(lexicons, every gazetteer) are loaded first, so peak memory includes them. Prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas.report import Report  # noqa: E402
from services.common.gctune import tune_gc  # noqa: E402
from services.extractor import Resources, extract  # noqa: E402

PLACES = [
    "Kafr Nabouda",
    "Khan Sheikhoun",
    "Maarat al-Numan",
    "Saraqib",
    "Ariha",
    "Jisr al-Shughur",
    "Mhardeh",
    "Suqaylabiyeh",
    "Termala",
    "Douma",
    "Azaz",
    "Afrin",
    "Tal Tamr",
    "Manbij",
    "Kandahar",
    "Mosul",
    "Taiz",
    "Maiduguri",
    "Hodeidah",
    "Lashkar Gah",
]
PROVINCES = ["Idlib", "Hama", "Aleppo", "Rural Damascus", "Hasakah", "Deir ez-Zor"]
ACTORS = [
    "Russian warplanes",
    "Regime forces",
    "Turkish drones",
    "Unidentified gunmen",
    "HTS fighters",
    "Taliban militants",
    "The coalition",
]
ACTS = [
    "struck a hospital in {p}",
    "shelled residential neighbourhoods of {p}",
    "carried out airstrikes on a market in {p}",
    "clashed with opposition fighters near {p}",
    "detonated an IED on the road to {p}",
    "abducted two aid workers outside {p}",
]
FILLER = [
    "Local sources said the situation remained tense.",
    "Residents reported that many families had fled towards the border.",
    "The observatory said it was unable to verify all the figures independently.",
    "Humanitarian organisations called for an immediate end to the violence.",
    "Schools in the area have been closed since the start of the month.",
    "Read more: latest updates from the region, markets and business news.",
]
DAYS = ["on Friday", "yesterday", "overnight into Sunday", "on 9 May 2020", "on Tuesday morning"]


def synth(rng: random.Random, i: int) -> Report:
    parts = []
    while sum(len(p) for p in parts) < 3000:
        p = rng.choice(PLACES)
        parts.append(
            f"{rng.choice(ACTORS)} {rng.choice(ACTS).format(p=p)} in "
            f"{rng.choice(PROVINCES)} province {rng.choice(DAYS)}, killing "
            f"{rng.randint(0, 30)} civilians, including {rng.randint(0, 5)} children."
        )
        parts.extend(rng.sample(FILLER, 3))
    return Report(
        id=f"bench-{i}",
        text=" ".join(parts),
        published_at=dt.datetime(2020, 5, 10, 12, tzinfo=dt.UTC),
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, default=3000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    res = Resources.load()
    load_s = time.perf_counter() - t0
    tune_gc()  # the extractor worker's collector settings (services/common/gctune.py)
    rng = random.Random(7)
    reports = [synth(rng, i) for i in range(args.reports)]
    now = dt.datetime.now(dt.UTC)
    extract(reports[0], res, now)  # warm caches
    t0, c0 = time.perf_counter(), time.process_time()
    n_inc = sum(len(extract(r, res, now)) for r in reports)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    avg_kb = sum(len(r.text) for r in reports) / len(reports) / 1024
    print(f"resources loaded in {load_s:.2f} s")
    print(
        f"{len(reports)} reports (avg {avg_kb:.1f} KB), {n_inc} incidents in {secs:.2f} s: "
        f"{len(reports) / secs:.0f} reports/s on one core (wall clock)"
    )
    # on a shared machine the wall clock also counts time the process waited for the core
    print(f"CPU time {cpu:.2f} s: {len(reports) / cpu:.0f} reports per CPU-second")
    print(f"peak memory (maxrss): {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
