"""Finding engagements on the list page: who sees what, filters, sorting, pages and the cost in queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from utblick.engagements.models import Kind, Status
from utblick.engagements.tests.helpers import with_relations
from utblick.organisation.models import Person
from utblick.policy.models import Objective, PriorityCriterion

LIST = "/engagemang/"


def titles(response) -> list[str]:
    """The engagement titles of the table's rows, in order."""
    return re.findall(r'<th scope="row">\s*<a href="/engagemang/\d+/">([^<]*)</a>', response.content.decode())


@pytest.mark.parametrize("persona", ["sara", "hans", "karin", "fredrik", "per", "lisa"])
def test_every_internal_role_sees_the_list_of_open_engagements(client_for, make_engagement, persona):
    make_engagement(title="Skolutbyte med Røros")
    response = client_for(persona).get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Skolutbyte med Røros"]


def test_erik_the_external_actor_is_refused_the_list(client_for, make_engagement):
    make_engagement()
    assert client_for("erik").get(LIST).status_code == 403


def test_anonymous_visitors_are_sent_to_login_from_the_list(client, make_engagement):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def test_karin_does_not_see_a_secret_engagement_of_education_but_hans_does(client_for, make_engagement):
    make_engagement(title="Känsligt samråd", is_secret=True, secrecy_ground="OSL 21 kap. 7 §")
    make_engagement(title="Öppet utbyte")
    assert titles(client_for("karin").get(LIST)) == ["Öppet utbyte"]
    hans_sees = client_for("hans").get(LIST)
    assert sorted(titles(hans_sees)) == ["Känsligt samråd", "Öppet utbyte"]
    assert "Sekretess" in hans_sees.content.decode()


def test_archived_engagements_are_hidden_until_the_filter_asks_for_them(client_for, make_engagement):
    make_engagement(title="Pågående utbyte")
    make_engagement(title="Gammalt utbyte", archived_at=timezone.now())
    hans = client_for("hans")
    assert titles(hans.get(LIST)) == ["Pågående utbyte"]
    assert titles(hans.get(LIST, {"archived": "only"})) == ["Gammalt utbyte"]
    both = hans.get(LIST, {"archived": "include"})
    assert sorted(titles(both)) == ["Gammalt utbyte", "Pågående utbyte"]
    assert "Arkiverad" in both.content.decode()


def test_the_unit_filter_includes_the_units_below_it(client_for, make_engagement, units):
    make_engagement(title="Gymnasiets Erasmusprojekt", owner_unit=units["gymnasiet"])
    make_engagement(title="Kulturutbyte", owner_unit=units["kultur"])
    sara = client_for("sara")
    assert titles(sara.get(LIST, {"unit": units["buf"].pk})) == ["Gymnasiets Erasmusprojekt"]
    assert titles(sara.get(LIST, {"unit": units["bun"].pk})) == ["Gymnasiets Erasmusprojekt"]
    assert titles(sara.get(LIST, {"unit": units["kultur"].pk})) == ["Kulturutbyte"]


def test_kind_and_status_filters_narrow_the_list(client_for, make_engagement):
    make_engagement(title="Vänort", kind=Kind.VANORT, status=Status.ONGOING)
    make_engagement(title="Resa", kind=Kind.RESA, status=Status.IDEA)
    sara = client_for("sara")
    assert titles(sara.get(LIST, {"kind": "vanort"})) == ["Vänort"]
    assert titles(sara.get(LIST, {"status": "idea"})) == ["Resa"]
    assert titles(sara.get(LIST, {"kind": "vanort", "status": "idea"})) == []


def test_objective_criterion_and_country_filters_follow_the_relations(client_for, make_engagement):
    with_relations(make_engagement(title="Nordiskt utbyte"), partners=[("Røros kommune", "NO")], objectives=["M3"])
    with_relations(make_engagement(title="Tyskt utbyte"), partners=[("Stadt Celle", "DE")], objectives=["M1"])
    sara = client_for("sara")
    m1 = Objective.objects.get(code="M1")
    p1 = PriorityCriterion.objects.get(code="P1")
    assert titles(sara.get(LIST, {"objective": m1.pk})) == ["Tyskt utbyte"]
    assert titles(sara.get(LIST, {"country": "NO"})) == ["Nordiskt utbyte"]
    assert sorted(titles(sara.get(LIST, {"criterion": p1.pk}))) == ["Nordiskt utbyte", "Tyskt utbyte"]
    p7 = PriorityCriterion.objects.get(code="P7")
    assert titles(sara.get(LIST, {"criterion": p7.pk})) == []


def test_an_engagement_with_many_partners_objectives_and_criteria_is_listed_once(client_for, make_engagement):
    with_relations(
        make_engagement(title="Stort nätverk"),
        partners=[("Røros kommune", "NO"), ("Oulun kaupunki", "FI"), ("Tartu linn", "EE")],
        objectives=["M1", "M3", "M5"],
    )
    sara = client_for("sara")
    p2 = PriorityCriterion.objects.get(code="P2")
    m3 = Objective.objects.get(code="M3")
    for params in ({}, {"criterion": p2.pk}, {"objective": m3.pk, "country": "FI", "criterion": p2.pk}, {"q": "Stort"}):
        response = sara.get(LIST, params)
        assert titles(response) == ["Stort nätverk"], params
        assert "1 engagemang" in response.content.decode()


def test_the_country_filter_offers_countries_by_their_swedish_names(client_for, make_engagement):
    body = client_for("sara").get(LIST).content.decode()
    assert '<option value="NO">Norge</option>' in body
    assert '<option value="DE">Tyskland</option>' in body


def test_the_year_filter_finds_engagements_active_during_the_year(client_for, make_engagement):
    make_engagement(title="Läsår 25/26", start_date=datetime.date(2025, 8, 1), end_date=datetime.date(2026, 6, 30))
    make_engagement(title="Projekt 2022", start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2022, 12, 31))
    make_engagement(title="Pågår sedan 2023", start_date=datetime.date(2023, 3, 1), end_date=None)
    sara = client_for("sara")
    assert sorted(titles(sara.get(LIST, {"year": 2026}))) == ["Läsår 25/26", "Pågår sedan 2023"]
    assert titles(sara.get(LIST, {"year": 2022})) == ["Projekt 2022"]


def test_the_person_filter_finds_engagements_whoever_of_the_two_is_responsible(client_for, make_engagement, per, hans):
    politician, officer = Person.objects.get(user=per), Person.objects.get(user=hans)
    make_engagement(title="Pers engagemang", responsible_politician=politician)
    make_engagement(title="Hans engagemang", responsible_officer=officer)
    make_engagement(title="Någon annans")
    sara = client_for("sara")
    assert titles(sara.get(LIST, {"person": politician.pk})) == ["Pers engagemang"]
    assert titles(sara.get(LIST, {"person": officer.pk})) == ["Hans engagemang"]


def test_columns_sort_both_ways_and_say_so_with_aria_sort(client_for, make_engagement):
    for title in ("Bergen", "Aalborg", "Celle"):
        make_engagement(title=title)
    sara = client_for("sara")
    ascending = sara.get(LIST, {"sort": "title"})
    assert titles(ascending) == ["Aalborg", "Bergen", "Celle"]
    assert re.search(
        r'<th scope="col" aria-sort="ascending">\s*<a href="\?sort=-title">Titel', ascending.content.decode()
    )
    descending = sara.get(LIST, {"sort": "-title"})
    assert titles(descending) == ["Celle", "Bergen", "Aalborg"]
    assert 'aria-sort="descending"' in descending.content.decode()


def test_dates_sort_with_undated_engagements_last(client_for, make_engagement):
    make_engagement(title="Tidig", start_date=datetime.date(2022, 1, 1), end_date=None)
    make_engagement(title="Sen", start_date=datetime.date(2026, 1, 1), end_date=None)
    make_engagement(title="Odaterad", start_date=None, end_date=None)
    sara = client_for("sara")
    assert titles(sara.get(LIST, {"sort": "start"})) == ["Tidig", "Sen", "Odaterad"]
    assert titles(sara.get(LIST, {"sort": "-start"})) == ["Sen", "Tidig", "Odaterad"]


def test_status_sorts_in_the_order_of_the_life_cycle(client_for, make_engagement):
    make_engagement(title="C", status=Status.FINISHED)
    make_engagement(title="A", status=Status.IDEA)
    make_engagement(title="B", status=Status.DECIDED)
    assert titles(client_for("sara").get(LIST, {"sort": "status"})) == ["A", "B", "C"]


def test_an_unknown_sort_is_ignored_and_the_newest_changes_come_first(client_for, make_engagement):
    make_engagement(title="Först ändrad")
    make_engagement(title="Senast ändrad")
    response = client_for("sara").get(LIST, {"sort": "password; DROP TABLE"})
    assert response.status_code == 200
    assert titles(response) == ["Senast ändrad", "Först ändrad"]


def test_pages_keep_the_filters_and_the_sort(client_for, make_engagement, settings):
    settings.UTBLICK_PAGE_SIZE = 2
    for i in range(5):
        make_engagement(title=f"Vänort {i}", kind=Kind.VANORT)
    make_engagement(title="Resa", kind=Kind.RESA)
    sara = client_for("sara")
    first = sara.get(LIST, {"kind": "vanort", "sort": "title"})
    body = first.content.decode()
    assert titles(first) == ["Vänort 0", "Vänort 1"]
    assert "5 engagemang" in body
    assert "Sida 1 av 3" in body
    next_link = re.search(r'<a href="(\?[^"]+)" rel="next">Nästa sida</a>', body).group(1)
    assert "kind=vanort" in next_link and "sort=title" in next_link and "page=2" in next_link
    assert titles(sara.get(LIST + next_link.replace("&amp;", "&"))) == ["Vänort 2", "Vänort 3"]


def test_a_page_number_out_of_range_shows_the_last_page(client_for, make_engagement):
    make_engagement(title="Enda")
    assert titles(client_for("sara").get(LIST, {"page": "999"})) == ["Enda"]
    assert titles(client_for("sara").get(LIST, {"page": "abc"})) == ["Enda"]


def test_the_result_count_is_announced_and_an_empty_result_says_so(client_for, make_engagement):
    make_engagement(title="Vänort", kind=Kind.VANORT)
    sara = client_for("sara")
    assert re.search(r'<p role="status" id="result-count">1 engagemang', sara.get(LIST).content.decode())
    empty = sara.get(LIST, {"kind": "resa"}).content.decode()
    assert "0 engagemang" in empty
    assert "Inga engagemang matchar filtret." in empty


def test_the_export_links_carry_the_current_filters(client_for, make_engagement):
    body = client_for("sara").get(LIST, {"kind": "vanort", "q": "Røros", "page": "1"}).content.decode()
    csv_link = re.search(r'<a href="(/engagemang/export\.csv[^"]*)">Exportera till CSV</a>', body).group(1)
    xlsx_link = re.search(r'<a href="(/engagemang/export\.xlsx[^"]*)">Exportera till Excel</a>', body).group(1)
    for link in (csv_link, xlsx_link):
        assert "kind=vanort" in link and "q=R%C3%B8ros" in link and "page=" not in link


@pytest.mark.parametrize(
    ("persona", "shown"), [("sara", True), ("hans", True), ("fredrik", True), ("per", False), ("lisa", False)]
)
def test_only_those_who_may_register_engagements_get_the_new_engagement_link(client_for, db, persona, shown):
    body = client_for(persona).get(LIST).content.decode()
    assert ('href="/engagemang/nytt/"' in body) is shown


def test_the_filter_form_is_labelled_and_has_a_button_and_a_reset_link(client_for, db):
    body = client_for("lisa").get(LIST).content.decode()
    for field in ("q", "unit", "kind", "status", "objective", "criterion", "country", "year", "person", "archived"):
        assert f'<label for="id_{field}">' in body, field
    assert '<button type="submit">Filtrera</button>' in body
    assert '<a href="/engagemang/">Rensa filter</a>' in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "unknown"}, "Välj ett av alternativen i listan."),
        ({"year": "abc"}, "Ange året med fyra siffror, till exempel 2025."),
        ({"q": "x" * 100_000}, "Sökordet får vara högst 200 tecken."),
        ({"q": "skol\x00utbyte"}, "Null-tecken är inte tillåtna."),
        ({"unit": "999999"}, "Välj ett av alternativen i listan."),
        ({"objective": "not-a-number"}, "Välj ett av alternativen i listan."),
    ],
)
def test_bad_filter_input_is_answered_with_a_swedish_form_error(client_for, make_engagement, params, message):
    make_engagement(title="Ska inte visas när filtret är fel")
    response = client_for("hans").get(LIST, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Formuläret innehåller fel" in body
    assert titles(response) == []


def test_a_script_in_a_title_is_shown_as_text(client_for, make_engagement):
    make_engagement(title='<script>alert("x")</script>')
    body = client_for("sara").get(LIST).content.decode()
    assert '<script>alert("x")</script>' not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        assert response.status_code == 200
        b"".join(getattr(response, "streaming_content", [response.content]))
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"q": "utbyte", "country": "NO", "archived": "include", "sort": "unit"}])
def test_the_list_costs_the_same_number_of_queries_for_3_and_40_engagements(
    client_for, make_engagement, units, per, hans, settings, params
):
    settings.UTBLICK_PAGE_SIZE = 50
    politician, officer = Person.objects.get(user=per), Person.objects.get(user=hans)

    def add(n):
        for i in range(n):
            with_relations(
                make_engagement(
                    title=f"Utbyte {i}",
                    owner_unit=units["gymnasiet" if i % 2 else "kultur"],
                    responsible_politician=politician,
                    responsible_officer=officer,
                )
            )

    client = client_for("hans")
    add(3)
    client.get(LIST, params)  # warm caches that are not per request (content types, translations)
    few = count_queries(client, LIST, params)
    add(37)
    many = count_queries(client, LIST, params)
    assert len(titles(client.get(LIST, params))) == 40
    assert few == many
