"""Throughput and peak memory of ``extract`` on one core, beside a spaCy floor on the same texts.

    taskset -c 0 python bench/bench_extract.py [--reports 3000] [--articles-mb 3] [--lazy]
        [--jsonl FILE]

Three sets, generated here from templates (no evaluation data): the ~3 KB synthetic reports the
history of figures is on (``synth_reports``), and news-like articles (``synth_articles``) of
~3 KB and of ~20 KB. For each set: MB/s (10^6 bytes of UTF-8 text per CPU-second) and documents
per second of ``extract``; MB/s of the floor (``floor.py``: spaCy's blank English tokenizer and a
5,000-phrase ``PhraseMatcher``) and how many times slower ``extract`` is. Every resource is loaded
first, every village table included (``--lazy``: only those the texts need, as a fresh worker),
so the peak memory, taken before spaCy is loaded, is that of a long-running extraction worker.
``--jsonl FILE`` adds a set of real reports (JSON Lines with ``id``, ``text``, ``published_at``):
templates repeat their words, which favours caches (spaCy's tokenizer caches every word it has
seen), so real text gives the truer ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from floor import load_floor  # noqa: E402
from synth_articles import article  # noqa: E402
from synth_reports import synth  # noqa: E402

from schemas.report import Report  # noqa: E402
from services.common.gctune import tune_gc  # noqa: E402
from services.extractor import Resources, extract  # noqa: E402


def build_sets(reports: int, articles_mb: float) -> dict[str, list[Report]]:
    rng = random.Random(7)
    sets = {"reports ~3 KB": [synth(rng, i) for i in range(reports)]}
    for size in (3_000, 20_000):
        rng = random.Random(size)
        n = max(1, round(articles_mb * 1e6 / size))
        sets[f"articles ~{size // 1000} KB"] = [article(rng, i, size) for i in range(n)]
    return sets


def read_jsonl(path: Path) -> list[Report]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [Report(id=r["id"], text=r["text"], published_at=r["published_at"]) for r in rows]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _mb(docs: list[Report]) -> float:
    return sum(len(d.text.encode("utf-8")) for d in docs) / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reports", type=int, default=3000, help="~3 KB synthetic reports")
    ap.add_argument("--articles-mb", type=float, default=3.0, help="MB of articles per size")
    ap.add_argument("--lazy", action="store_true", help="village tables on first use only")
    ap.add_argument("--jsonl", type=Path, help="also a set of real reports from this file")
    args = ap.parse_args()
    t0 = time.perf_counter()
    res = Resources.load()
    print(f"resources loaded in {time.perf_counter() - t0:.2f} s, peak memory {_rss_mb():.0f} MB")
    if not args.lazy:
        gaz = res.gazetteer
        for cc in sorted(gaz.village_countries):
            gaz.village_table(cc)
        print(f"every village table loaded ({len(gaz.village_countries)} countries), "
              f"peak memory {_rss_mb():.0f} MB")
    tune_gc()  # the extractor worker's collector settings (services/common/gctune.py)
    sets = build_sets(args.reports, args.articles_mb)
    if args.jsonl:
        sets[args.jsonl.stem] = read_jsonl(args.jsonl)
    now = dt.datetime.now(dt.UTC)
    ours = {}
    for name, docs in sets.items():
        extract(docs[0], res, now)  # warm caches
        t0, c0 = time.perf_counter(), time.process_time()
        n_inc = sum(len(extract(d, res, now)) for d in docs)
        ours[name] = (n_inc, time.process_time() - c0, time.perf_counter() - t0)
    rss = _rss_mb()
    floor = load_floor()
    print(f"{'set':15} {'docs':>5} {'avg KB':>6} {'incidents':>9} {'MB/s':>5} {'docs/s':>6} "
          f"{'floor MB/s':>10} {'x floor':>7}  (CPU time; wall-clock MB/s)")
    for name, docs in sets.items():
        n_inc, cpu, wall = ours[name]
        mb = _mb(docs)
        line = (f"{name:15} {len(docs):5} {mb * 1e3 / len(docs):6.1f} {n_inc:9} {mb / cpu:5.2f} "
                f"{len(docs) / cpu:6.0f}")
        if floor is not None:
            texts = [d.text for d in docs]
            floor.run(texts[:5])
            _, floor_cpu = floor.run(texts)
            line += f" {mb / floor_cpu:10.2f} {cpu / floor_cpu:7.1f}"
        print(f"{line}  ({mb / wall:.2f})")
    print(f"peak memory (maxrss) of extraction: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
