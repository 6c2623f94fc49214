"""Village-level tables of 21 countries from Who's On First (build time only, see ``build_data``).

Input: ``gazetteer/world_wof_places.tsv.gz`` of the shared data (localities and districts). Output:
one gzip TSV per country, ``data/wof/<CC>.tsv.gz``, in the gazetteer's columns (``HEADER``), loaded
only when a report is about that country (``Gazetteer.wof_view``). Trimmed to what geocoding reads:
Latin names only (at most ``MAX_ALTS`` alternates), coordinates to 4 decimals (~10 m), the
province under GeoNames' spelling (so "X in Y province" meets the province table's Y), the
district and population. Towns the GeoNames tables already hold (same GeoNames id) are left out.
A district's point is its seat: the locality of the district that bears its name (spelled the
same, or the same under ``fuzzy_key``: "Ghoriyan" of Ghoryan district), or a district centre named
after it ("Hukumat-e Nad 'Ali", often filed under no district) near it; the polygon's centre only
where none does. ACLED codes an event known only to its district at the seat.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

from services.extractor.gazetteer import HEADER, fuzzy_key, name_keys

MAX_ALTS = 6
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' ‘’`ʿʾ.\-()]+$")
#: Words a district's alternate names carry that reports leave out ("Achin District")
_DISTRICT_WORDS = re.compile(r"\b(?:district|distretto di|daerah|ilcesi|tumani|quan|raion|rayon)\b",
                             re.I)
#: Words around a district centre's name in GeoNames' Afghan rows ("Markaz-e Sayyidābād",
#: "‘Alāqahdārī Gēlān", "Wuluswālī ‘Alīngār", "Mīzān ‘Alāqahdārī", "Hukumat-e Nad 'Ali"):
#: "centre", "seat of the (sub)district". Reports write the district's name alone.
_SEAT_LEAD = re.compile(
    r"^(?:markaz e (?:hukumat e |woluswali ye |wuluswali ye )?|alaqahdari (?:ye )?|alakadari "
    r"|wuluswali |wuleswali |woluswali |hukumati |hukumat e |hokumat e |hokumati )"
)
_SEAT_TRAIL = re.compile(r" (?:alaqahdari|alakadari|wuluswali)$")
#: A district centre filed under no district is the seat of a district of its name this close
#: to the district's polygon centre.
SEAT_NEAR_KM = 60.0


def district_name(name: str) -> str:
    """The district's own name in a district centre's name ("Markaz-e X" -> "x"), else ""."""
    light = name_keys(name)[0]
    rest = _SEAT_TRAIL.sub("", _SEAT_LEAD.sub("", light))
    return rest if rest != light and len(rest) >= 4 else ""


def _clean(s: str) -> str:
    return s.replace("\t", " ").replace("|", " ").replace("\\", " ").strip()


def _province_names(rows: list[dict], geonames_admin1: dict[str, str],
                    provinces: dict[str, dict[str, tuple[float, float]]]) -> dict[tuple, str]:
    """WOF region -> the province's name in the GeoNames tables, per country: the admin-1 most of
    the region's towns with a GeoNames id have there, else the province spelled the same, else
    the province whose point is nearest to most of the region's towns."""
    votes: dict[tuple, Counter] = defaultdict(Counter)
    near: dict[tuple, Counter] = defaultdict(Counter)
    for r in rows:
        key = (r["country"], r["region"])
        a1 = geonames_admin1.get(r["geonames_id"])
        if a1:
            votes[key][a1] += 1
        pts = provinces.get(r["country"])
        if pts and len(near[key]) < 400:
            lat, lon = float(r["lat"]), float(r["lon"])
            best = min(pts, key=lambda n: (pts[n][0] - lat) ** 2 + (pts[n][1] - lon) ** 2)
            near[key][best] += 1
    out = {}
    for key in {(r["country"], r["region"]) for r in rows}:
        cc, region = key
        same = [n for n in provinces.get(cc, {}) if name_keys(n)[0] == name_keys(region)[0]]
        if votes[key]:
            out[key] = votes[key].most_common(1)[0][0]
        elif same:
            out[key] = same[0]
        elif near[key]:
            out[key] = near[key].most_common(1)[0][0]
        else:
            out[key] = region
    return out


def _names(main: str, alts: str, district: bool, taken: set[str] = frozenset()
           ) -> tuple[str, list[str]]:
    """The main name and at most ``MAX_ALTS`` Latin alternates; ``taken``: main names of the
    province's other districts, which a district's alternates sometimes repeat (Guzara lists
    "Adraskan", its neighbour): never an alternate."""
    seen, out = {name_keys(main)[0]}, []
    for a in alts.split("|"):
        a = _clean(_DISTRICT_WORDS.sub("", a) if district else a)
        if not a or not _LATIN.match(a) or len(a) < 3:
            continue
        k = name_keys(a)[0]
        if k and k not in seen and k not in taken:
            seen.add(k)
            out.append(a)
    if not _LATIN.match(main):
        # reports and alerts are written in Latin letters: "Petrivske", not "Петрівське": the
        # alternate spelled as the main name transliterates, else that transliteration for
        # Cyrillic (letter by letter); Arabic script, written without its vowels ("kwysnjq"),
        # takes its first Latin alternate. The main name's key stays among the names matched.
        key = name_keys(main)[0]
        cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in main)
        own = next((a for a in out if name_keys(a)[0] == key), None)
        if own is None and cyrillic and key.isascii() and key:
            own = key.title()
        own = own or (out[0] if out else None)
        if own is not None:
            return own, [main, *(a for a in out if a != own)][:MAX_ALTS]
    return main, out[:MAX_ALTS]


def wof_rows(src: Path, shipped_ids: set[str], geonames_admin1: dict[str, str],
             provinces: dict[str, dict[str, tuple[float, float]]], keys, fuzzy
             ) -> dict[str, list[list[object]]]:
    """Rows per country (see the module's docstring). ``keys``/``fuzzy`` are ``build_data``'s
    index-key functions."""
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    a1 = _province_names(rows, geonames_admin1, provinces)
    seats = _seats(rows)
    districts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r["placetype"] == "county":
            districts[(r["country"], r["region"])].add(name_keys(r["name"])[0])
    out: dict[str, list[list[object]]] = defaultdict(list)
    for r in rows:
        district = r["placetype"] == "county"
        if not district and r["geonames_id"] in shipped_ids:
            continue
        name, alts = _names(_clean(r["name"]), r["alt_names"], district,
                            districts[(r["country"], r["region"])] if district else frozenset())
        if not name_keys(name)[0]:
            continue
        lat, lon = r["lat"], r["lon"]
        feature = "WOF"
        if district:
            seat = _seat_of(r, [name, *alts], seats)
            feature = "WOFD"
            if seat:
                lat, lon, feature = seat[0], seat[1], "WOFS"  # the district's seat town
        out[r["country"]].append([
            f"wof:{r['wof_id']}",
            name,
            f"{float(lat):.4f}",
            f"{float(lon):.4f}",
            r["country"],
            _clean(a1[(r["country"], r["region"])]),
            _clean(r["name"] if district else r["county"]),
            "district" if district else "town",
            int(r["population"] or 0),
            feature,
            keys([name, *alts], skel=False)[0],
            fuzzy(name),
        ])
    return out


def _seats(rows: list[dict]) -> dict[tuple, tuple[str, str, int]]:
    """The localities that may be a district's seat, by (country, region, county, key) for
    their light and ``fuzzy_key`` keys (``("~", key)``), and by (country, "", "", key) for
    district centres filed under no district: (lat, lon, population), the most populous per key."""
    seats: dict[tuple, tuple[str, str, int]] = {}

    def put(key: tuple, r: dict) -> None:
        pop = int(r["population"] or 0)
        if key not in seats or pop > seats[key][2]:
            seats[key] = (r["lat"], r["lon"], pop)

    for r in rows:
        if r["placetype"] != "locality":
            continue
        centre = district_name(r["name"])
        light = centre or name_keys(r["name"])[0]
        if not light:
            continue
        where = (r["country"], r["region"], r["county"])
        put((*where, light), r)
        put((*where, ("~", fuzzy_key(light))), r)
        if centre and not r["county"]:
            put((r["country"], "", "", light), r)
    return seats


def _seat_of(district: dict, names: list[str], seats: dict[tuple, tuple[str, str, int]]
             ) -> tuple[str, str, int] | None:
    """The seat of a district row called ``names`` (its main name first): a locality of the
    district spelled as one of them, else one spelled loosely like the main name, else a district
    centre of the name near the district's point."""
    where = (district["country"], district["region"], district["name"])
    keys = [k for k in (name_keys(n)[0] for n in names) if k]
    for k in keys:
        if (*where, k) in seats:
            return seats[(*where, k)]
    if keys and (*where, ("~", fuzzy_key(keys[0]))) in seats:
        return seats[(*where, ("~", fuzzy_key(keys[0])))]
    lat, lon = float(district["lat"]), float(district["lon"])
    for k in keys:
        seat = seats.get((district["country"], "", "", k))
        if seat and _km(lat, lon, float(seat[0]), float(seat[1])) <= SEAT_NEAR_KM:
            return seat
    return None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def write_tables(data: Path, tables: dict[str, list[list[object]]]) -> None:
    folder = data / "wof"
    folder.mkdir(exist_ok=True)
    for cc, rows in sorted(tables.items()):
        path = folder / f"{cc}.tsv.gz"
        raw = gzip.GzipFile(path, "wb", compresslevel=9, mtime=0)
        with io.TextIOWrapper(raw, encoding="utf-8") as fh:
            w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                           escapechar="\\")
            w.writerow(HEADER)
            w.writerows(rows)
        print(f"wrote wof/{cc}.tsv.gz: {len(rows)} rows, {path.stat().st_size // 1024} KB")
