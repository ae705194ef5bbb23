"""The vendored Natural Earth data puts each country on the right continent, with the right ISO code."""

import json
import re

import pytest
from django_countries import countries as iso_countries

from utblick.reports.annual import geography


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("NO", "Europe"),
        ("SE", "Europe"),
        ("FI", "Europe"),
        ("FR", "Europe"),
        ("DE", "Europe"),
        ("KE", "Africa"),
        ("JP", "Asia"),
        ("BR", "South America"),
        ("US", "North America"),
        ("AU", "Oceania"),
    ],
)
def test_countries_are_on_their_natural_earth_continent(code, expected):
    assert geography.countries()[code]["continent"] == expected


def test_norway_and_france_have_their_iso_codes_although_natural_earth_says_minus_99():
    data = geography.countries()
    assert data["NO"]["name"] == "Norway"
    assert data["FR"]["name"] == "France"
    assert "-99" not in data and "-9" not in data


def test_the_data_file_has_over_170_countries_with_unique_iso_codes():
    pairs = json.loads(geography.DATA_FILE.read_text(encoding="utf-8"), object_pairs_hook=list)
    codes = [code for code, _country in dict(pairs)["countries"]]
    assert len(codes) >= 170
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)


def test_every_code_on_the_map_is_a_country_the_forms_offer():
    # Kosovo has no ISO code; XK is the one the EU uses.
    unknown = {code for code in geography.countries() if code not in iso_countries} - {"XK"}
    assert unknown == set()


def test_every_country_has_closed_polygons_within_the_globe():
    for code, country in geography.countries().items():
        assert country["polygons"], code
        for polygon in country["polygons"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4, code
                assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring), code


def test_the_vendored_file_stays_well_under_a_megabyte():
    assert geography.DATA_FILE.stat().st_size < 400_000
