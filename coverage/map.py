"""A map that needs no internet tiles: one dot per leaf unit at its centroid, coloured by an
indicator, drawn as inline SVG on the server.

Centroids come from data/centroids-<province code>.json, extracted from the `vietnamadminunits`
package (MIT, units of 2024: `admin_units_legacy` wardLat/wardLon, districtLat/districtLon). A unit
the file does not know (a commune merged in 2024) is placed at the mean of its known siblings, a
little apart so dots do not hide each other; a province without a file gets no map.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
WIDTH, HEIGHT, MARGIN = 560, 420, 16
# Five steps from pale to strong (Bootstrap's blue), the legend's order.
COLOURS = ["#e7f1ff", "#b6d4fe", "#6ea8fe", "#3d8bfd", "#0a58ca"]


@cache
def _centroids(province_code: str) -> dict[str, tuple[float, float]]:
    path = DATA / f"centroids-{province_code}.json"
    if not province_code.isdigit() or not path.exists():
        return {}
    return {code: (lat, lon) for code, (lat, lon) in json.loads(path.read_text()).items()}


@dataclass
class Dot:
    code: str
    name: str
    x: float
    y: float
    value: float
    colour: str


def _positions(rows) -> dict[str, tuple[float, float]]:
    if not rows:
        return {}
    known = _centroids(rows[0].unit.path.split("/")[0])
    placed: dict[str, tuple[float, float]] = {}
    missing_by_parent: dict[int, list] = {}
    for row in rows:
        if row.unit.code in known:
            placed[row.unit.code] = known[row.unit.code]
        else:
            missing_by_parent.setdefault(row.unit.parent_id, []).append(row.unit)
    for parent_id, units in missing_by_parent.items():
        siblings = [placed[r.unit.code] for r in rows if r.unit.parent_id == parent_id and r.unit.code in placed]
        if not siblings:
            continue
        lat = sum(p[0] for p in siblings) / len(siblings)
        lon = sum(p[1] for p in siblings) / len(siblings)
        for n, unit in enumerate(units):
            angle = 2 * math.pi * n / len(units)
            placed[unit.code] = (lat + 0.006 * math.sin(angle), lon + 0.006 * math.cos(angle))
    return placed


def dots(rows, value_of) -> list[Dot]:
    """Rows (CoverageRow of leaf units) → projected, coloured dots; value_of(row) gives the number."""
    positions = _positions(rows)
    if not positions:
        return []
    lats = [p[0] for p in positions.values()]
    lons = [p[1] for p in positions.values()]
    lat_mid = math.radians((min(lats) + max(lats)) / 2)
    span_x = max((max(lons) - min(lons)) * math.cos(lat_mid), 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    values = [value_of(row) or 0 for row in rows]
    top = max(values, default=0) or 1
    result = []
    for row, value in zip(rows, values, strict=True):
        if row.unit.code not in positions:
            continue
        lat, lon = positions[row.unit.code]
        step = min(int(len(COLOURS) * value / top), len(COLOURS) - 1) if value else 0
        result.append(
            Dot(
                code=row.unit.code,
                name=row.unit.name,
                x=round(MARGIN + (lon - min(lons)) * math.cos(lat_mid) * scale, 1),
                y=round(MARGIN + (max(lats) - lat) * scale, 1),
                value=value,
                colour=COLOURS[step],
            )
        )
    return result
