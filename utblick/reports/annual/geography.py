"""The country outlines for the partner map, from vendored Natural Earth data (data/README.md).

The data is read once per process on first use. Which countries the report counts as Europe is not
decided here but by utblick.partners.geography.EUROPEAN_COUNTRIES, the one list the whole application uses
(the priority criterion "other European regions" too); the map only draws.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "ne_110m_countries.json"


@functools.cache
def countries() -> dict[str, dict]:
    """{ISO alpha-2: {"name", "continent", "polygons"}}; each polygon is [outer ring, *holes] of [lon, lat]."""
    with DATA_FILE.open(encoding="utf-8") as file:
        return json.load(file)["countries"]
