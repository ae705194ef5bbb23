"""ONE-OFF CONVERSION SCRIPT — never imported by Utblick at runtime, in tests or at start-up.

Turns Natural Earth's 1:110m "Admin 0 – Countries" shapefile (as shipped inside the geopandas 0.14.4
wheel, `geopandas/datasets/naturalearth_lowres/`) into `ne_110m_countries.json` beside this file.
Needs only the standard library, pyshp (`pip install pyshp`, in a throw-away venv is fine) and Debian's
`iso-codes` package (/usr/share/iso-codes/json/iso_3166-1.json) for ISO 3166-1 alpha-3 → alpha-2.
See README.md in this folder for the steps.

    python utblick/reports/annual/data/convert.py /path/to/naturalearth_lowres.shp
"""

import json
import sys
from pathlib import Path

import shapefile  # pyshp; only this script needs it

ISO_3166_JSON = Path("/usr/share/iso-codes/json/iso_3166-1.json")
OUTPUT = Path(__file__).with_name("ne_110m_countries.json")

# Natural Earth features without an ISO 3166-1 alpha-3 in this release. Kosovo has no ISO code; "XK" is
# the user-assigned code the EU and most software use. Northern Cyprus and Somaliland are not recognised by
# Sweden or ISO 3166: their polygons are drawn as part of Cyprus and Somalia.
MANUAL = {
    ("-99", "Kosovo"): "XK",
    ("CYN", "N. Cyprus"): "CY",
    ("SOL", "Somaliland"): "SO",
}

# Natural Earth's ISO_A2/ISO_A3 is "-99" for France and Norway in some releases (their overseas parts
# make them "not a single ISO unit"); geopandas already falls back to ADM0_A3 for those, and this table
# pins the result so a re-conversion from another source cannot silently lose them.
FALLBACK_A3 = {"France": "FRA", "Norway": "NOR", "Sweden": "SWE", "Finland": "FIN"}


def signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def clean_ring(ring, *, exterior):
    """Round to 2 decimals, drop repeated points, wind exteriors counter-clockwise and holes clockwise.

    A consistent winding lets the chart fill with the nonzero rule (SVG's and Agg's default) and keep holes
    such as Lesotho inside South Africa empty.
    """
    points = []
    for x, y in ring:
        point = [round(x, 2), round(y, 2)]
        if not points or points[-1] != point:
            points.append(point)
    if points[0] != points[-1]:
        points.append(points[0])
    if len(points) < 4 or signed_area(points) == 0:
        return None
    if (signed_area(points) > 0) != exterior:
        points.reverse()
    return points


def polygons_of(shape):
    geo = shape.__geo_interface__
    polygons = [geo["coordinates"]] if geo["type"] == "Polygon" else geo["coordinates"]
    result = []
    for rings in polygons:
        outer = clean_ring(rings[0], exterior=True)
        if outer is None:
            continue
        holes = [hole for hole in (clean_ring(r, exterior=False) for r in rings[1:]) if hole]
        result.append([outer, *holes])
    return result


def main(shp_path):
    alpha2 = {c["alpha_3"]: c["alpha_2"] for c in json.loads(ISO_3166_JSON.read_text())["3166-1"]}
    reader = shapefile.Reader(shp_path)  # the .cpg file says ISO-8859-1
    countries = {}
    for record, shape in zip(reader.records(), reader.shapes(), strict=True):
        name, a3, continent = record["name"], record["iso_a3"], record["continent"]
        if a3 == "-99":
            a3 = FALLBACK_A3.get(name, a3)
        merged = (a3, name) in MANUAL
        code = MANUAL[(a3, name)] if merged else alpha2.get(a3)
        if code is None:
            sys.exit(f"No ISO 3166-1 alpha-2 code for {name!r} ({a3}): add it to MANUAL.")
        entry = countries.setdefault(code, {"name": name, "continent": continent, "polygons": []})
        if not merged:  # the recognised country names the entry, whichever record came first
            entry.update(name=name, continent=continent)
        entry["polygons"].extend(polygons_of(shape))
    data = {
        "source": "Natural Earth 1:110m Admin 0 - Countries v5.1.1 (public domain), via geopandas 0.14.4",
        "countries": dict(sorted(countries.items())),
    }
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries, {OUTPUT.stat().st_size} bytes -> {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1])
