"""Build the dashboard's offline base layer, ``data/admin1.geojson``: Syria's governorates from
Who's On First (CC0), simplified to ~1 km and rounded to 3 decimals so the page stays small.

    python -m services.dashboard.build_base ../shared/data/boundaries/syria_admin1_wof.geojson

The output is committed; ``data/ATTRIBUTION.md`` names the source.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape

__all__ = ["BASE_LAYER", "build"]

BASE_LAYER = Path(__file__).parent / "data" / "admin1.geojson"
# ~1 km at these latitudes: invisible at dashboard scale, ~20x fewer vertices than the source.
_TOLERANCE_DEG = 0.01


def _round(coords: object) -> object:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), 3) for c in coords]
    return [_round(c) for c in coords]  # type: ignore[union-attr]


def build(source: Path, target: Path = BASE_LAYER) -> int:
    """Write the simplified layer; return its size in bytes."""
    data = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for feature in sorted(data["features"], key=lambda f: f["properties"]["name"]):
        geometry = shape(feature["geometry"]).simplify(_TOLERANCE_DEG, preserve_topology=True)
        geo = mapping(geometry)
        features.append({
            "type": "Feature",
            "properties": {"name": feature["properties"]["name"],
                           "wof_id": feature["properties"].get("wof_id")},
            "geometry": {"type": geo["type"], "coordinates": _round(geo["coordinates"])},
        })
    out = {"type": "FeatureCollection",
           "attribution": "Who's On First, CC0 (https://whosonfirst.org)",
           "features": features}
    text = json.dumps(out, separators=(",", ":"), ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return len(text)


if __name__ == "__main__":
    print(f"wrote {BASE_LAYER}: {build(Path(sys.argv[1]))} bytes")
