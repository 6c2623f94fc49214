"""How far the gazetteer lets location accuracy go on a labelled set: the misses no reading can fix.

    python bench/location_ceiling.py [../shared/eval/dev.jsonl] [--list]

Runs ``conflict-alerts extract`` over the set and scores location within 25 km as the set's
``score.py`` does (its own functions, imported from beside the set). Then, for each miss, looks up
every capitalised phrase of one to four words of the text the ways the extractor can (name,
alias, transliteration skeleton, spacing-free and loose keys) and asks whether any reading lies
within 25 km of the coded point. A miss with none cannot be fixed by choosing better among the
gazetteer's readings: it needs a place the gazetteer does not hold. Prints the current figure,
the number of misses within reach and the ceiling they give; ``--list`` names each reachable
miss with the phrases that reach it (many are words that only happen to match a place).
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.extractor.gazetteer import name_keys  # noqa: E402
from services.extractor.resources import load_resources  # noqa: E402

RADIUS_KM = 25.0
MAX_WORDS = 4
WORD = re.compile(r"[\w'’`-]+")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", nargs="?", type=Path,
                        default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--list", action="store_true", help="name each reachable miss")
    args = parser.parse_args()
    sys.path.insert(0, str(args.dataset.resolve().parent))
    import score  # the set's own scorer: the same matching and distance as its figures

    records = score.load_jsonl(str(args.dataset))
    command = f"{shlex.quote(sys.executable)} -m services.cli extract"
    lines, _ = score.run_extractor(command, records, 900)
    by_report, _ = score.parse_incidents(lines)
    gaz = load_resources().gazetteer
    gaz = gaz.with_countries(gaz.village_countries)  # every village table, as reports see them

    hits, misses = 0, []
    for r in records:
        gold = r.get("gold") or {}
        if gold.get("event") is False or gold.get("lat") is None:
            continue
        found = [i for i in by_report.get(str(r["id"]), []) if not i.get("background")]
        if not found:
            continue  # scored as a detection miss, not a location one
        point = score.incident_point(score.best_match(gold, found))
        if point is not None and score.haversine_km(gold["lat"], gold["lon"], *point) <= RADIUS_KM:
            hits += 1
        else:
            misses.append(r)

    reachable, beyond = [], Counter()
    for r in misses:
        gold = r["gold"]
        phrases = _reaching(r["text"], gold["lat"], gold["lon"], gaz, score.haversine_km)
        if phrases:
            reachable.append((r["id"], sorted(phrases)))
        else:
            beyond[gold.get("country") or "?"] += 1
    scored = hits + len(misses)
    print(f"location within {RADIUS_KM:g} km: {hits}/{scored} = {hits / scored:.3f}")
    print(f"misses: {len(misses)}; with any gazetteer reading within {RADIUS_KM:g} km of the "
          f"coded point: {len(reachable)}")
    print(f"ceiling (every such miss fixed): {(hits + len(reachable)) / scored:.3f}")
    print("misses no reading reaches, by the coded country: "
          + ", ".join(f"{cc} {n}" for cc, n in beyond.most_common()))
    if args.list:
        for rid, phrases in reachable:
            print(f"  {rid}: {', '.join(phrases[:4])}")
    return 0


def _reaching(text: str, lat: float, lon: float, gaz, distance) -> set[str]:
    """The phrases of ``text`` with a reading within ``RADIUS_KM`` of (lat, lon)."""
    words = WORD.findall(text)
    out = set()
    for n in range(1, MAX_WORDS + 1):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i : i + n])
            if not phrase[0].isupper():
                continue
            light, skel = name_keys(phrase)
            if not light:
                continue
            found = [idx for idx, _ in gaz.lookup(light, skel)]
            found += [idx for idx, _ in gaz.lookup_joined(light)]
            found += list(gaz.lookup_fuzzy(light))
            for idx in found:
                p = gaz.place(idx)
                if distance(lat, lon, p.lat, p.lon) <= RADIUS_KM:
                    out.add(f"{phrase} ~ {p.name}")
                    break
    return out


if __name__ == "__main__":
    raise SystemExit(main())
