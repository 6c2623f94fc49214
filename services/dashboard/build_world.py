"""Build the dashboard's world layer, ``data/world.geojson``: country outlines from Natural Earth
(public domain) as packaged by the ``world-atlas`` npm package (ISC licence, TopoJSON),
decoded here to GeoJSON and rounded to 2 decimals (~1 km) so the page stays small.

    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python -m services.dashboard.build_world package/countries-50m.json

The output is committed; ``data/ATTRIBUTION.md`` names the sources.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

__all__ = ["WORLD_LAYER", "build"]

WORLD_LAYER = Path(__file__).parent / "data" / "world.geojson"


def _arcs(topo: dict) -> list[list[list[float]]]:
    """The topology's arcs as absolute [lon, lat] points (delta-decoded, un-quantised)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append([round(x * sx + tx, 2), round(y * sy + ty, 2)])
        out.append(pts)
    return out


def _ring(indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    ring: list[list[float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(pts[1:] if ring else pts)  # consecutive arcs share their end point
    out = [p for k, p in enumerate(ring) if k == 0 or p != ring[k - 1]]
    return out if len(out) >= 4 else []


def build(source: Path, target: Path = WORLD_LAYER) -> int:
    """Write the world layer; return its size in bytes."""
    topo = json.loads(source.read_text(encoding="utf-8"))
    arcs = _arcs(topo)
    features = []
    for geo in topo["objects"]["countries"]["geometries"]:
        if geo.get("type") == "Polygon":
            polys = [geo["arcs"]]
        elif geo.get("type") == "MultiPolygon":
            polys = geo["arcs"]
        else:
            continue
        coords = [[r for r in (_ring(ring, arcs) for ring in poly) if r] for poly in polys]
        coords = [p for p in coords if p]
        if not coords:
            continue
        features.append({
            "type": "Feature",
            "properties": {"name": geo.get("properties", {}).get("name", ""),
                           "id": geo.get("id", "")},
            "geometry": {"type": "MultiPolygon", "coordinates": coords},
        })
    features.sort(key=lambda f: f["properties"]["name"])
    out = {"type": "FeatureCollection",
           "attribution": "Natural Earth (public domain), via world-atlas (ISC)",
           "features": features}
    text = json.dumps(out, separators=(",", ":"), ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return len(text)


if __name__ == "__main__":
    print(f"wrote {WORLD_LAYER}: {build(Path(sys.argv[1]))} bytes")
