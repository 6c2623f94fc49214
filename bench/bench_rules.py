"""Rules engine throughput in-process, and whether its cost per incident stays flat as state grows.

    python bench/bench_rules.py [--reports 3000]

Extracts the pipeline benchmark's synthetic reports (strikes on hospitals in Syrian towns over the
past year, no two describing one incident: a backfill of a year), then runs every incident
through ``step`` against a dict store, as ``replay`` does, with a clock advancing 10 ms per
incident. Prints incidents per second overall and the mean cost per incident in slices of 500:
a cost that grows slice after slice means some stored value grows with the history.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import report  # noqa: E402

from schemas import Incident  # noqa: E402
from services.common.codec import decode, encode  # noqa: E402
from services.extractor.pipeline import extract  # noqa: E402
from services.extractor.resources import load_resources  # noqa: E402
from services.rules import Rulebook  # noqa: E402
from services.rules.step import step  # noqa: E402

SLICE = 500


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=3000)
    args = parser.parse_args()

    resources = load_resources()
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    raws = [encode(i) for n in range(args.reports)
            for i in extract(report(n, "rules", start.date()), resources, start)]
    book = Rulebook.load()
    store: dict = {}
    costs: list[float] = []
    alerts = 0
    for n, raw in enumerate(raws):  # decoding included: the worker decodes every message
        now = start + dt.timedelta(seconds=n / 100)
        began = time.perf_counter()
        alerts += len(step(decode(raw, Incident), book, store, now))
        costs.append(time.perf_counter() - began)
    total = sum(costs)
    print(f"{len(raws)} incidents, {alerts} alerts, {len(store)} stored keys: "
          f"{len(raws) / total:,.0f} incidents/s, {total / len(raws) * 1000:.2f} ms each")
    print("mean ms per incident, by slice of", SLICE, ":", " ".join(
        f"{sum(costs[i:i + SLICE]) / len(costs[i:i + SLICE]) * 1000:.2f}"
        for i in range(0, len(costs), SLICE)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
