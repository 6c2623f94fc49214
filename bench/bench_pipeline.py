"""Report-to-webhook latency of the whole pipeline, and the broker floor it is measured against.

    python bench/bench_pipeline.py [--rates 50 100 200] [--seconds 10] [--delivery-worker]

Starts an embedded Tansu broker, the extractor and rules workers as processes (as
``conflict-alerts up`` does: the rules worker delivers; with ``--delivery-worker`` a delivery
worker reads the alerts topic instead, one hop more) and a local webhook receiver; publishes
synthetic reports at each rate (strikes on hospitals in Syrian towns over the past year, no two
describing one incident, so every report yields its own alert) and measures, per report, publish ->
signed webhook received. Also measures, on the same broker, two raw Kafka hops (produce, consume,
produce, consume) with the workers' fetch wait: the floor. Prints a table with p50/p95/p99, the
ratio of p99 to the floor's p99 and the peak memory (VmHWM) of each worker process, where each
report's time went (to the incident's ``extracted_at``, to the alert's CloudEvent ``time``, to the
webhook) and the CPU time each process (workers, broker, this process: publisher and receiver)
spent per report at each rate.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import itertools
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas import Report  # noqa: E402
from services.common.codec import encode  # noqa: E402
from services.common.kafka import ensure_topics  # noqa: E402
from services.common.settings import Settings  # noqa: E402
from services.common.topics import TopicSpec  # noqa: E402
from services.runtime.broker import EmbeddedBroker  # noqa: E402
from services.runtime.pipeline import Pipeline  # noqa: E402
from services.runtime.receiver import WebhookReceiver  # noqa: E402

# Towns at least 30 km apart (further than correlation reaches), each resolved by the extractor to
# itself, with the governorate the gazetteer gives it.
TOWNS = [("Kafr Nabl", "Idlib"), ("Saraqib", "Idlib"), ("Jisr al-Shughur", "Idlib"),
         ("Salqin", "Idlib"), ("Sinjar", "Idlib"), ("Mhardeh", "Hama"), ("Salamiyah", "Hama"),
         ("Rastan", "Homs"), ("Qusayr", "Homs"), ("Sukhnah", "Homs"), ("Qaryatayn", "Homs"),
         ("Douma", "Rural Damascus"), ("Zabadani", "Rural Damascus"),
         ("Yabroud", "Rural Damascus"), ("Azaz", "Aleppo"), ("Manbij", "Aleppo"),
         ("al-Bab", "Aleppo"), ("Jarabulus", "Aleppo"), ("Atarib", "Aleppo"), ("Kobani", "Aleppo"),
         ("Maskanah", "Aleppo"), ("Safira", "Aleppo"), ("Mayadin", "Deir ez-Zor"),
         ("Albu Kamal", "Deir ez-Zor"), ("Deir ez-Zor", "Deir ez-Zor"), ("Raqqa", "Raqqa"),
         ("Tabqa", "Raqqa"), ("Tal Abyad", "Raqqa"), ("Hasakah", "Hasakah"),
         ("Qamishli", "Hasakah"), ("Ras al-Ain", "Hasakah"), ("Al-Hol", "Hasakah"),
         ("Nawa", "Daraa"), ("Daraa", "Daraa"), ("Sweida", "Sweida"), ("Quneitra", "Quneitra"),
         ("Jableh", "Latakia"), ("Kessab", "Latakia"), ("Safita", "Tartus")]
ACTORS = ["Government warplanes", "Russian aircraft", "Regime helicopters", "Warplanes"]
FACILITIES = ["the surgical hospital", "the main hospital", "a field hospital",
              "the maternity hospital"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
#: Dates a town can take within a year, two days apart (further than the date tolerance).
SLOTS = 182


def report(n: int, run: str, today: dt.date) -> Report:
    """The ``n``-th report of a benchmark: a strike on a hospital in the past year, published the
    next day. Reports ``n`` < ``len(TOWNS) * SLOTS`` describe distinct incidents: same date,
    different towns, or same town, dates two days apart. So every report yields its own alert,
    and the rules state holds a year of history, no more."""
    town, province = TOWNS[n % len(TOWNS)]
    day = today - dt.timedelta(days=2 + 2 * (n // len(TOWNS) % SLOTS))
    published = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9), dt.UTC)
    text = (f"{ACTORS[n % len(ACTORS)]} struck {FACILITIES[n % len(FACILITIES)]} in {town} in "
            f"{province} province on {WEEKDAYS[day.weekday()]}, killing {2 + n % 7} civilians, "
            "local medics said. The hospital is now out of service.")
    return Report(id=f"{run}-{n}", text=text, published_at=published, source="bench",
                  title=f"Hospital struck in {town}")


def percentiles(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[94], q[98]


# -- the floor: two raw hops ------------------------------------------------------------------
async def two_hops(bootstrap: str, prefix: str, rate: int, count: int, wait_ms: int) -> list[float]:
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    a, b = prefix + "hop-a", prefix + "hop-b"
    ensure_topics(bootstrap, [TopicSpec(a, 1, 1), TopicSpec(b, 1, 1)])
    prod = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0, acks=1)
    relay_prod = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0, acks=1)
    c1 = AIOKafkaConsumer(a, bootstrap_servers=bootstrap, group_id=prefix + "g1",
                          fetch_max_wait_ms=wait_ms, auto_offset_reset="earliest")
    c2 = AIOKafkaConsumer(b, bootstrap_servers=bootstrap, group_id=prefix + "g2",
                          fetch_max_wait_ms=wait_ms, auto_offset_reset="earliest")
    for client in (prod, relay_prod, c1, c2):
        await client.start()
    latencies: list[float] = []

    async def relay() -> None:
        async for record in c1:
            await relay_prod.send_and_wait(b, record.value)

    async def sink() -> None:
        async for record in c2:
            latencies.append(time.time() - float(record.value))
            if len(latencies) >= count:
                return

    relay_task = asyncio.create_task(relay())
    sink_task = asyncio.create_task(sink())
    await asyncio.sleep(3.0)  # group joins
    start = time.monotonic()
    for n in range(count):
        await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
        await prod.send_and_wait(a, str(time.time()).encode())
    await asyncio.wait_for(sink_task, 60)
    relay_task.cancel()
    for client in (prod, relay_prod, c1, c2):
        await client.stop()
    return latencies[int(rate):] or latencies  # the first second includes warm-up


# -- the pipeline ------------------------------------------------------------------------------
def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_rate(pipeline: Pipeline, receiver_times: dict[str, float], lock: threading.Lock,
             rate: int, seconds: float, run: str,
             serials: itertools.count) -> tuple[list[float], int, dict[str, float]]:
    settings = Settings(kafka_bootstrap_servers=pipeline.bootstrap)
    today = dt.datetime.now(dt.UTC).date()
    reports = [report(next(serials), run, today) for _ in range(int(rate * seconds))]
    payloads = [(r.id.encode(), encode(r)) for r in reports]
    sent = asyncio.run(publish(pipeline.bootstrap, settings.topic("reports"), payloads, rate))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with lock:
            got = sum(1 for rid in sent if rid in receiver_times)
        if got >= len(sent):
            break
        time.sleep(0.2)
    with lock:
        latencies = [receiver_times[rid] - t for rid, t in sent.items() if rid in receiver_times]
    return latencies, len(sent) - len(latencies), sent


async def publish(bootstrap: str, topic: str, payloads: list[tuple[bytes, bytes]],
                  rate: int) -> dict[str, float]:
    """Publish at ``rate`` per second (aiokafka: the lightest client on this shared machine);
    return each report's send time."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks=1, linger_ms=0,
                                max_request_size=16 * 1024 * 1024)
    await producer.start()
    sent: dict[str, float] = {}
    acks = []
    try:
        start = time.monotonic()
        for n, (key, value) in enumerate(payloads):
            delay = start + n / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            sent[key.decode()] = time.time()
            acks.append(await producer.send(topic, value, key=key))
        await asyncio.gather(*acks)
    finally:
        await producer.stop()
    return sent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rates", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--delivery-worker", action="store_true",
                        help="deliver from a delivery worker, not from the rules worker")
    args = parser.parse_args()
    planned = len(TOWNS) + sum(int(rate * args.seconds) for rate in args.rates)
    if planned > len(TOWNS) * SLOTS:
        print(f"note: {planned} reports, more than the {len(TOWNS) * SLOTS} distinct incidents "
              "the generator has: the later ones merge into earlier alerts")

    secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    arrivals: dict[str, float] = {}
    lock = threading.Lock()

    raised: dict[str, float] = {}
    extracted: dict[str, float] = {}

    def on_delivery(delivery) -> None:
        now = delivery.received_at
        try:
            event = json.loads(delivery.body)
            data = event["data"]
            made = dt.datetime.fromisoformat(event["time"]).timestamp()
            incidents = {i["report_id"]: dt.datetime.fromisoformat(i["extracted_at"]).timestamp()
                         for i in data["incidents"]}
        except (ValueError, KeyError):
            return
        with lock:
            for source in data["sources"]:
                arrivals.setdefault(source["report_id"], now)
                raised.setdefault(source["report_id"], made)
                if source["report_id"] in incidents:
                    extracted.setdefault(source["report_id"], incidents[source["report_id"]])

    workdir = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    with EmbeddedBroker(log_path=workdir / "broker.log") as broker, \
            WebhookReceiver(secret, on_delivery=on_delivery) as receiver:
        prefix = f"bench{uuid.uuid4().hex[:6]}."
        env = {"KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap, "CONFLICT_ALERTS_PROFILE": "embedded",
               "CONFLICT_ALERTS_TOPIC_PREFIX": prefix, "CONFLICT_ALERTS_LOG_LEVEL": "warning",
               "CONFLICT_ALERTS_DATA_DIR": str(workdir / "var"),
               "CONFLICT_ALERTS_WEBHOOK_URL": receiver.url,
               "CONFLICT_ALERTS_WEBHOOK_SECRET": secret,
               "CONFLICT_ALERTS_DELIVERY_INLINE": "false" if args.delivery_worker else "true"}
        os.environ.update({k: v for k, v in env.items() if k != "KAFKA_BOOTSTRAP_SERVERS"})
        wait_ms = Settings(profile="embedded").effective_fetch_max_wait_ms
        floor = asyncio.run(two_hops(broker.bootstrap, prefix, 100, 600, wait_ms))
        f50, f95, f99 = percentiles(floor)
        print(f"two-hop floor (100 msg/s, fetch wait {wait_ms} ms): "
              f"p50 {f50 * 1000:.1f} ms  p95 {f95 * 1000:.1f} ms  p99 {f99 * 1000:.1f} ms")
        with Pipeline(env, log_dir=workdir / "logs") as pipeline:
            print(f"workers: {', '.join(pipeline.stages)}")
            serials = itertools.count()  # one sequence for every run: no report repeats another
            # one report per town at 10/s: every correlation bucket has been seen once
            warm, missing, _ = run_rate(pipeline, arrivals, lock, 10, len(TOWNS) / 10, "warm",
                                        serials)
            if missing:
                print(f"warm-up: {missing} reports never arrived; see {workdir}/logs")
            pids = {stage: p.pid for stage, p in pipeline.workers.processes.items()}
            pids |= {"broker": broker.pid, "bench": os.getpid()}
            cpu: dict[int, dict[str, float]] = {}
            stages: dict[int, tuple[list[float], list[float], list[float]]] = {}
            print("\n| reports/s | reports | p50 ms | p95 ms | p99 ms | p99 / floor p99 | lost |")
            print("|---:|---:|---:|---:|---:|---:|---:|")
            for rate in args.rates:
                before = {name: cpu_seconds(pid) for name, pid in pids.items()}
                latencies, lost, sent = run_rate(pipeline, arrivals, lock, rate,
                                                 args.seconds, f"r{rate}", serials)
                with lock:
                    both = [rid for rid in sent if rid in raised and rid in extracted]
                    stages[rate] = ([extracted[rid] - sent[rid] for rid in both],
                                    [raised[rid] - extracted[rid] for rid in both],
                                    [arrivals[rid] - raised[rid] for rid in both])
                reports = len(latencies) + lost
                cpu[rate] = {name: (cpu_seconds(pid) - before[name]) / reports * 1000
                             for name, pid in pids.items()}
                if len(latencies) < 2:
                    print(f"| {rate} | {lost} | - | - | - | - | {lost} (backlog) |", flush=True)
                    continue
                p50, p95, p99 = percentiles(latencies)
                print(f"| {rate} | {len(latencies) + lost} | {p50 * 1000:.0f} | {p95 * 1000:.0f} "
                      f"| {p99 * 1000:.0f} | {p99 / f99:.1f}x | {lost} |", flush=True)
            print("\nWhere the time goes (p50 / p99 ms): report published -> incident made by the "
                  "extractor (a hop, extraction) -> alert made by the rules worker (a hop, rules) "
                  "-> webhook received (delivery)")
            for rate, parts in stages.items():
                if len(parts[0]) >= 2:
                    (e50, _, e99), (r50, _, r99), (d50, _, d99) = map(percentiles, parts)
                    print(f"  {rate}/s: to incident {e50 * 1000:.0f} / {e99 * 1000:.0f}, "
                          f"to alert {r50 * 1000:.0f} / {r99 * 1000:.0f}, "
                          f"delivery {d50 * 1000:.0f} / {d99 * 1000:.0f}")
            print("\nCPU ms per report (each rate's run, including the wait for the last alert):")
            print("| reports/s | " + " | ".join(pids) + " | total |")
            print("|---:|" + "---:|" * (len(pids) + 1))
            for rate, per in cpu.items():
                print(f"| {rate} | " + " | ".join(f"{v:.1f}" for v in per.values())
                      + f" | {sum(per.values()):.1f} |")
            print("\npeak memory (VmHWM) per worker: " + ", ".join(
                f"{stage} {peak_rss_mb(p.pid):.0f} MB"
                for stage, p in pipeline.workers.processes.items()))
    print(f"worker logs: {workdir}/logs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
