"""The policy health dashboard counts each gap right, links to exactly those engagements and obeys permissions."""

import re

import pytest
from django.urls import reverse

from utblick.engagements.models import GAPS

pytestmark = pytest.mark.django_db

URL = reverse("reports:health")
BUF = {"decision": 2, "responsible": 1, "purpose": 1, "results": 1, "dissemination": 1, "economy": 2}
KULTUR = {"decision": 0, "responsible": 1, "purpose": 0, "results": 0, "dissemination": 0, "economy": 0}


def counts(response):
    """{unit name: {gap: count}} as the table shows it (the totals row under "Totalt")."""
    rows = {}
    for row in response.context["rows"] + [response.context["totals"]]:
        rows[row.unit_name] = dict(row.cells)
    return rows


def listed_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return sorted(e.title for e in response.context["page"].object_list)


def test_samordnare_sees_every_gap_counted_per_unit_with_totals(client_for, gaps_set, units):
    table = counts(client_for("sara").get(URL))
    assert table[units["buf"].name] == BUF
    assert table[units["kultur"].name] == KULTUR
    assert table["Totalt"] == {gap: BUF[gap] + KULTUR[gap] for gap in GAPS}


def test_archived_and_cancelled_engagements_are_left_out(client_for, gaps_set):
    response = client_for("sara").get(reverse("reports:gap_list", args=["results"]))
    titles = [e.title for e in response.context["page"].object_list]
    assert "Arkiverat" not in titles
    purpose = listed_titles(client_for("sara"), reverse("reports:gap_list", args=["purpose"]))
    assert purpose == ["Utan verksamhetsmål"]


def test_secret_engagement_of_another_unit_is_not_counted_for_karin(client_for, gaps_set, units):
    table = counts(client_for("karin").get(URL))
    assert table[units["buf"].name]["decision"] == 1
    assert table[units["kultur"].name] == KULTUR
    assert listed_titles(client_for("karin"), reverse("reports:gap_list", args=["decision"])) == ["Utan beslut"]


def test_secret_engagement_is_counted_for_its_own_unit_and_for_the_coordinator(client_for, gaps_set, units):
    for username in ("sara", "hans", "fredrik"):
        assert counts(client_for(username).get(URL))[units["buf"].name]["decision"] == 2, username
    assert counts(client_for("lisa").get(URL))[units["buf"].name]["decision"] == 1


EXPECTED = {
    "decision": ["Hemligt utan beslut", "Utan beslut"],
    "responsible": ["Kultur utan ansvarig", "Utan tjänsteman"],
    "purpose": ["Utan verksamhetsmål"],
    "results": ["Försenat"],
    "dissemination": ["Utan spridning"],
    "economy": ["Utan budget", "Utan utfall"],
}


@pytest.mark.parametrize("gap", GAPS)
def test_every_count_links_to_exactly_its_engagements(client_for, gaps_set, units, gap):
    client = client_for("sara")
    html = client.get(URL).content.decode()
    links = set(re.findall(rf'href="(/uppfoljning/brister/{gap}/[^"]*)"', html))
    buf_link = f"/uppfoljning/brister/{gap}/?unit={units['buf'].pk}"
    assert buf_link in links
    assert listed_titles(client, buf_link) == sorted(t for t in EXPECTED[gap] if t != "Kultur utan ansvarig")
    total_link = f"/uppfoljning/brister/{gap}/"
    assert total_link in links
    assert listed_titles(client, total_link) == EXPECTED[gap]


def test_each_listed_engagement_links_to_its_page_to_fix_it(client_for, gaps_set):
    html = client_for("sara").get(reverse("reports:gap_list", args=["economy"])).content.decode()
    for key in ("no_actual", "no_budget"):
        assert f'href="{reverse("engagements:detail", args=[gaps_set[key].pk])}"' in html


def test_the_unit_filter_shows_only_that_unit_and_its_totals_link_stays_within_it(client_for, gaps_set, units):
    client = client_for("sara")
    response = client.get(URL, {"unit": units["kultur"].pk})
    assert list(counts(response)) == [units["kultur"].name, "Totalt"]
    html = response.content.decode()
    link = f"/uppfoljning/brister/responsible/?within={units['kultur'].pk}"
    assert link in html
    assert listed_titles(client, link) == ["Kultur utan ansvarig"]


def test_an_unknown_unit_in_the_filter_shows_an_error_and_no_numbers(client_for, gaps_set):
    response = client_for("sara").get(URL, {"unit": "999999"})
    assert response.status_code == 200
    assert "Välj ett av alternativen i listan." in response.content.decode()
    assert response.context["rows"] == []


@pytest.mark.parametrize("query", ["unit=abc", "unit=999999", "within=<script>", "within=999999", "page=massor"])
def test_bad_parameters_of_the_list_are_not_found_or_harmless(client_for, gaps_set, query):
    response = client_for("sara").get(reverse("reports:gap_list", args=["decision"]) + "?" + query)
    assert response.status_code in (200, 404)
    assert b"<script>" not in response.content


def test_an_unknown_gap_is_not_found(client_for):
    assert client_for("sara").get("/uppfoljning/brister/kaffe/").status_code == 404


@pytest.mark.parametrize(
    "username, status",
    [("sara", 200), ("hans", 200), ("karin", 200), ("fredrik", 200), ("per", 200), ("lisa", 200), ("erik", 403)],
)
def test_who_may_open_the_dashboard_and_its_lists(client_for, username, status):
    client = client_for(username)
    assert client.get(URL).status_code == status
    assert client.get(reverse("reports:gap_list", args=["decision"])).status_code == status


def test_anonymous_users_are_sent_to_log_in(client_for):
    for url in (URL, reverse("reports:gap_list", args=["decision"])):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_menu_shows_uppfoljning_to_internal_roles_only(client_for):
    assert 'href="/uppfoljning/"' in client_for("lisa").get("/").content.decode()
    assert 'href="/uppfoljning/"' not in client_for("erik").get("/katalog/").content.decode()


def test_the_table_is_accessible_markup(client_for, gaps_set):
    html = client_for("sara").get(URL).content.decode()
    assert "<caption>" in html
    assert '<th scope="col" class="num">' in html
    assert '<th scope="row">Totalt</th>' in html


def test_the_dashboard_uses_the_same_number_of_queries_for_one_or_many_engagements(
    client_for, make_engagement, units, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("hans")
    make_engagement(title="Ett")
    client.get(URL)  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for i in range(30):
        make_engagement(title=f"Fler {i}", owner_unit=units["kultur" if i % 2 else "buf"], unit_goal="")
    with CaptureQueriesContext(connection) as many, django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(many) == len(one)
    assert dict(response.context["totals"].cells)["purpose"] == 30


def test_a_gap_list_uses_the_same_number_of_queries_for_one_or_many_engagements(client_for, make_engagement, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("sara")
    url = reverse("reports:gap_list", args=["purpose"])
    make_engagement(title="Ett", unit_goal="")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(20):
        make_engagement(title=f"Fler {i}", owner_unit=units["kultur" if i % 2 else "buf"], unit_goal="")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(one)
    assert response.context["page"].paginator.count == 21
