"""Regenerate ``services/rules/data/zones.geojson`` from the shared open data (one command).

    python -m services.rules.build_zones [--data ../shared/data] [--out PATH]

Owns the *drawing* of zone geometry; ``zones.py`` owns loading and testing it. No public polygon
exists for these zones, so every polygon is APPROXIMATE and drawn from places that published
reporting puts inside each zone (``zones/idlib_zones_anchor_places.tsv``) and from admin polygons
(Who's On First admin1, OCHA admin3). The recipe and the sources travel in each feature's
``geometry_note`` so nobody mistakes the geometry for a surveyed boundary.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

from shapely import affinity
from shapely.geometry import MultiPoint, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

__all__ = ["build", "main", "DEFAULT_DATA", "DEFAULT_OUT"]

#: The workspace's shared data folder, beside the project checkout.
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
DEFAULT_OUT = Path(__file__).parent / "data" / "zones.geojson"

#: Buffer around hulls of anchor towns: anchors are town centres; a town's land reaches km out.
ANCHOR_BUFFER_KM = 5.0
#: Douglas-Peucker tolerance in degrees (~1 km): keeps the file small; the geometry is
#: approximate anyway, far coarser than 1 km.
SIMPLIFY_DEG = 0.01
#: OCHA sub-districts standing for "northeast Latakia (Jabal al-Turkman, Jabal al-Akrad)".
LATAKIA_SUBDISTRICTS = ("Rabee'a", "Kansaba")
#: Coordinates are rounded to 4 decimals (~10 m): more digits would be false precision.
ROUND = 4

ANCHOR_SOURCES_NOTE = (
    "Anchor towns and the source for each are listed in "
    "shared/data/zones/idlib_zones_anchor_places.tsv (Al Jazeera 5 May 2017 and "
    "18 Sep 2019, Anadolu Agency, SMART News, Hawar/SOHR, Sputnik Italia, Wikipedia)."
)


def _buffer_km(geom: BaseGeometry, km: float) -> BaseGeometry:
    """Buffer by ``km`` in a local equirectangular frame (good to ~1% at this size)."""
    lat0 = geom.centroid.y
    k = math.cos(math.radians(lat0))
    stretched = affinity.scale(geom, xfact=k, yfact=1.0, origin=(0, lat0))
    buffered = stretched.buffer(km / 111.32)
    return affinity.scale(buffered, xfact=1 / k, yfact=1.0, origin=(0, lat0))


def _read_anchors(path: Path) -> dict[str, list[dict[str, str]]]:
    by_zone: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            by_zone[row["zone"]].append(row)
    return by_zone


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _hull(rows: list[dict[str, str]]) -> BaseGeometry:
    points = MultiPoint([(float(r["lon"]), float(r["lat"])) for r in rows])
    return _buffer_km(points.convex_hull, ANCHOR_BUFFER_KM)


def _finish(geom: BaseGeometry) -> dict:
    geom = geom.buffer(0).simplify(SIMPLIFY_DEG, preserve_topology=True)
    out = mapping(geom)

    def rnd(coords):  # noqa: ANN001 - nested coordinate arrays
        if isinstance(coords[0], (int, float)):
            return [round(c, ROUND) for c in coords]
        return [rnd(c) for c in coords]

    return {"type": out["type"], "coordinates": rnd(out["coordinates"])}


def build(data: Path = DEFAULT_DATA) -> dict:
    """Return the zones FeatureCollection drawn from ``data`` (deterministic)."""
    anchors = _read_anchors(data / "zones" / "idlib_zones_anchor_places.tsv")
    admin1 = {f["properties"]["name"]: shape(f["geometry"]) for f in _features(
        data / "boundaries" / "syria_admin1_wof.geojson")}
    admin3 = [f for f in _features(data / "boundaries" / "syria_admin3_ocha_hno2019.geojson")]
    latakia_ne = unary_union([
        shape(f["geometry"]) for f in admin3
        if f["properties"]["admin1"] == "Lattakia"
        and f["properties"]["admin3"] in LATAKIA_SUBDISTRICTS
    ])
    idlib = admin1["Idlib"]

    # De-escalation zone: README says "all of Idlib governorate plus the opposition-held
    # countryside of northern Hama, western and southern Aleppo and northeast Latakia".
    outside = defaultdict(list)
    for row in anchors["deescalation_2017"]:
        if row["admin1"] != "Idleb":
            outside[row["admin1"]].append(row)
    parts = [idlib, latakia_ne] + [_hull(rows) for rows in outside.values()]
    # Each out-of-governorate hull is joined to Idlib by the hull of itself and the nearest
    # stretch of the Idlib border, so the zone is one piece, as the memorandum describes it.
    joined = [unary_union([p, idlib]).convex_hull.intersection(
        _buffer_km(p, 6)).union(p) for p in parts[2:]]
    deesc = unary_union([idlib, latakia_ne, *joined])
    # Close slivers between pieces without growing the outline.
    deesc = deesc.buffer(0.02).buffer(-0.02)

    dmz_rows = anchors["dmz_2018"]
    dmz = _hull(dmz_rows).intersection(_buffer_km(deesc, 2))

    deesc_anchor_names = ", ".join(sorted({r["place_as_reported"] for r in outside_rows(outside)}))
    dmz_anchor_names = ", ".join(r["place_as_reported"] for r in dmz_rows)
    features = [
        {
            "type": "Feature",
            "properties": {
                "id": "idlib-de-escalation-2017",
                "name": "Idlib de-escalation zone",
                "kind": "de-escalation",
                "declared_by": ["Russia", "Turkey", "Iran"],
                "agreement": "Astana memorandum on the creation of de-escalation areas "
                "(4 May 2017); zone boundaries agreed at Astana on 15 September 2017",
                "valid_from": "2017-05-04",
                "valid_to": "2024-12-08",
                "validity_note": "From the signing of the memorandum (boundaries were only "
                "agreed on 2017-09-15). Never formally dissolved; the 5 March 2020 Moscow "
                "protocol reaffirmed its ceasefire. We end it on 2024-12-08, the fall of the "
                "Assad government, after which the parties it bound no longer faced each other.",
                "forbids": ["hostilities"],
                "geometry_note": "APPROXIMATE, not an official boundary (none was published). "
                "Drawn with shapely by services.rules.build_zones: all of Idlib "
                "governorate (Who's On First admin1, CC0) united with OCHA sub-districts "
                "Rabee'a and Kansaba for Jabal al-Turkman/Jabal al-Akrad in NE Latakia (OCHA "
                "COD, CC BY-IGO), and with the convex hulls, buffered 5 km, of anchor towns "
                f"reported inside the zone outside Idlib ({deesc_anchor_names}), each joined "
                "to the Idlib border; slivers closed and simplified to ~1 km. "
                + ANCHOR_SOURCES_NOTE,
            },
            "geometry": _finish(deesc),
        },
        {
            "type": "Feature",
            "properties": {
                "id": "idlib-dmz-2018",
                "name": "Idlib demilitarized zone (Sochi)",
                "kind": "demilitarized",
                "declared_by": ["Russia", "Turkey"],
                "agreement": "Russia-Turkey memorandum on stabilization of the situation in "
                "the Idlib de-escalation area, Sochi, 17 September 2018 (15-20 km deep along "
                "the line of contact; heavy weapons out by 10 October 2018)",
                "valid_from": "2018-09-17",
                "valid_to": "2020-03-05",
                "validity_note": "Largely overrun between May 2019 and March 2020; replaced "
                "on 5 March 2020 by the Moscow protocol (a security corridor 6 km either side "
                "of the M4 highway). valid_to is exclusive: the zone ends that day.",
                "forbids": ["hostilities", "heavy-weapons"],
                "geometry_note": "APPROXIMATE, not an official boundary (none was published). "
                "Drawn with shapely by services.rules.build_zones: the convex hull, buffered "
                f"5 km, of the towns reported inside the DMZ ({dmz_anchor_names}), clipped to "
                "the de-escalation zone (plus 2 km). It over-covers central southern Idlib "
                "(the hull spans Saraqib to the Ghab) and the unofficial Al-Azmenah list is "
                "not used. Simplified to ~1 km. " + ANCHOR_SOURCES_NOTE,
            },
            "geometry": _finish(dmz),
        },
    ]
    return {"type": "FeatureCollection", "features": features}


def outside_rows(groups: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    return [r for rows in groups.values() for r in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    collection = build(args.data)
    args.out.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
