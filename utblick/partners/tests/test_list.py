"""The list of partner organisations: search, filters, sorting, pagination and engagement counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.partners.models import Organisation


def names_in_order(response) -> list[str]:
    """The organisation names in the table, top to bottom."""
    return re.findall(r'<th scope="row"><a href="/partner/\d+/">([^<]*)</a></th>', response.content.decode())


@pytest.fixture
def register(make_organisation):
    return {
        "roros": make_organisation(name="Røros kommune", country="NO", kind="kommun"),
        "tartu": make_organisation(name="Tartu Ülikool", country="EE", kind="universitet", city="Tartu"),
        "aalto": make_organisation(name="Aalto-yliopisto", country="FI", kind="universitet", city="Esbo"),
        "trondelag": make_organisation(name="Trøndelag fylkeskommune", country="NO", kind="region"),
        "inverness": make_organisation(name="Inverness College", country="GB", kind="skola", city="Inverness"),
    }


def test_list_shows_every_organisation_with_country_in_swedish(client_for, register):
    response = client_for("lisa").get("/partner/")
    page = response.content.decode()
    assert "Partnerorganisationer" in page
    assert "Tartu Ülikool" in page and "Estland" in page
    assert "Storbritannien" in page
    assert "5 organisationer" in page


def test_search_finds_organisations_by_part_of_the_name_in_any_case(client_for, register):
    response = client_for("lisa").get("/partner/", {"q": "KOMMUN"})
    assert names_in_order(response) == ["Røros kommune", "Trøndelag fylkeskommune"]


def test_filter_by_country_shows_only_that_country(client_for, register):
    response = client_for("lisa").get("/partner/", {"country": "NO"})
    assert set(names_in_order(response)) == {"Røros kommune", "Trøndelag fylkeskommune"}


def test_filter_by_kind_shows_only_that_kind(client_for, register):
    response = client_for("lisa").get("/partner/", {"kind": "universitet"})
    assert set(names_in_order(response)) == {"Tartu Ülikool", "Aalto-yliopisto"}


def test_filters_combine(client_for, register):
    response = client_for("lisa").get("/partner/", {"kind": "universitet", "country": "FI"})
    assert names_in_order(response) == ["Aalto-yliopisto"]


def test_list_is_sorted_by_name_by_default_and_can_be_reversed(client_for, register):
    client = client_for("lisa")
    expected = ["Aalto-yliopisto", "Inverness College", "Røros kommune", "Tartu Ülikool", "Trøndelag fylkeskommune"]
    assert names_in_order(client.get("/partner/")) == expected
    assert names_in_order(client.get("/partner/", {"sort": "-name"})) == list(reversed(expected))


def test_sorting_by_country_follows_the_swedish_country_names(client_for, register):
    # Estland, Finland, Norge, Storbritannien — not the codes' order EE, FI, GB, NO.
    response = client_for("lisa").get("/partner/", {"sort": "country"})
    assert names_in_order(response) == [
        "Tartu Ülikool",
        "Aalto-yliopisto",
        "Røros kommune",
        "Trøndelag fylkeskommune",
        "Inverness College",
    ]
    assert 'aria-sort="ascending"' in response.content.decode()


def test_unknown_country_in_the_filter_is_explained_and_the_rest_still_listed(client_for, register):
    response = client_for("lisa").get("/partner/", {"country": "XX"})
    assert response.status_code == 200
    assert len(names_in_order(response)) == 5
    assert "Landet känns inte igen. Välj ett land ur listan." in response.content.decode()


def test_no_match_says_what_to_try(client_for, register):
    response = client_for("lisa").get("/partner/", {"q": "finns inte"})
    assert "Inga organisationer matchar sökningen" in response.content.decode()


def test_list_is_paginated_and_keeps_the_filters_on_the_next_page(client_for, make_organisation, settings):
    settings.UTBLICK_PAGE_SIZE = 2
    for number in range(5):
        make_organisation(name=f"Kommun {number}", country="NO")
    make_organisation(name="Kommun i Finland", country="FI")
    client = client_for("lisa")
    first = client.get("/partner/", {"country": "NO"})
    assert names_in_order(first) == ["Kommun 0", "Kommun 1"]
    assert "Sida 1 av 3" in first.content.decode()
    assert "?country=NO&amp;page=2" in first.content.decode()
    last = client.get("/partner/", {"country": "NO", "page": 3})
    assert names_in_order(last) == ["Kommun 4"]
    assert names_in_order(client.get("/partner/", {"country": "NO", "page": "nonsens"})) == ["Kommun 0", "Kommun 1"]


def test_list_shows_how_many_engagements_each_organisation_takes_part_in(
    client_for, register, make_engagement, take_part
):
    take_part(register["roros"], make_engagement(title="Skolutbyte"))
    take_part(register["roros"], make_engagement(title="Kulturutbyte"))
    take_part(register["tartu"], make_engagement(title="Forskningssamarbete"))
    response = client_for("lisa").get("/partner/", {"q": "Røros"})
    assert re.search(r"Røros kommune</a></th>.*?<td>2</td>\s*</tr>", response.content.decode(), re.S)


def test_karin_does_not_count_secret_engagements_of_another_unit(
    client_for, roros, secret_buf_engagement, make_engagement, take_part
):
    take_part(roros, secret_buf_engagement)
    take_part(roros, make_engagement(title="Öppet skolutbyte"))
    count_cell = re.compile(r"Røros kommune</a></th>.*?<td>(\d+)</td>\s*</tr>", re.S)
    assert count_cell.search(client_for("karin").get("/partner/").content.decode()).group(1) == "1"
    assert count_cell.search(client_for("sara").get("/partner/").content.decode()).group(1) == "2"
    assert count_cell.search(client_for("hans").get("/partner/").content.decode()).group(1) == "2"


@pytest.mark.parametrize("username", ["sara", "karin"])
def test_list_uses_the_same_number_of_queries_for_3_and_30_organisations(
    client_for, make_organisation, make_engagement, take_part, settings, username
):
    settings.UTBLICK_PAGE_SIZE = 50
    client = client_for(username)
    engagement = make_engagement()
    client.get("/partner/")  # warm up the session and caches

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/partner/", {"sort": "country"})
        assert response.status_code == 200
        return len(queries)

    for number in range(3):
        take_part(make_organisation(name=f"Organisation {number}", country="NO"), engagement)
    with_3 = queries_for_list()
    for number in range(3, 30):
        take_part(make_organisation(name=f"Organisation {number}", country=["DE", "FI", "EE"][number % 3]), engagement)
    with_30 = queries_for_list()
    assert Organisation.objects.count() == 30
    assert with_30 == with_3
