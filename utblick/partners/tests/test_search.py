"""The search box in the header: what a term finds among organisations, contact persons and networks, in which
order, who may search, and (on PostgreSQL) that the indexes of migration 0006 answer it."""

import datetime
import importlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.matrix import PERSONAS
from utblick.partners.actions import create_contact
from utblick.partners.gdpr import anonymise_contact
from utblick.partners.models import Affiliation, Contact, Network, Organisation
from utblick.partners.search import (
    FOLD_FROM,
    FOLD_TO,
    by_relevance,
    fold,
    search_contacts,
    search_networks,
    search_organisations,
)

SEARCH = "/partner/sok/"
ON_POSTGRESQL = connection.vendor == "postgresql"
STATUS = {"sara": 200, "hans": 200, "karin": 200, "fredrik": 200, "per": 200, "lisa": 200, "erik": 403}


def organisations(term: str) -> list[str]:
    return list(by_relevance(search_organisations(Organisation.objects.all(), term)).values_list("name", flat=True))


def contacts(term: str) -> list[str]:
    return list(by_relevance(search_contacts(Contact.objects.all(), term)).values_list("name", flat=True))


def networks(term: str) -> list[str]:
    return list(by_relevance(search_networks(Network.objects.all(), term)).values_list("name", flat=True))


@pytest.fixture
def register(make_organisation, hans):
    """A small register with the words in different fields of each kind of record."""
    roros = make_organisation(
        name="Røros kommune", city="Røros", region="Trøndelag", description="Bergsstad med gruvor och en skola."
    )
    malmo = make_organisation(name="Malmö stad", country="SE", city="Malmö", kind="kommun")
    tartu = make_organisation(
        name="Tartu universitet", native_name="Tartu Ülikool", country="EE", city="Tartu", kind="universitet"
    )
    make_organisation(
        name="Skolverket", country="SE", city="Stockholm", kind="myndighet", description="Myndigheten för skolväsendet."
    )
    ingrid = create_contact(
        by=hans,
        fields={"name": "Ingrid Haugen", "title": "Rektor", "email": "ingrid@roros.no"},
        affiliations=[(roros, "Rektor")],
    )
    asa = create_contact(
        by=hans,
        fields={"name": "Åsa Öberg", "title": "Utvecklingsledare", "email": "asa.oberg@malmo.se"},
        affiliations=[(malmo, "")],
    )
    create_contact(by=hans, fields={"name": "Kadri Tamm", "title": "Professor"}, affiliations=[(tartu, "")])
    Network.objects.create(
        name="Gränskommittén Nord",
        description="Samarbete över riksgränsen mellan Sverige och Norge.",
        purpose="Gemensamma EU-projekt i fjällregionen.",
        member_since=datetime.date(2019, 1, 1),
    )
    Network.objects.create(
        name="Eurocities", description="Europeiska storstäder.", member_since=datetime.date(2020, 1, 1)
    )
    return {"roros": roros, "malmo": malmo, "tartu": tartu, "ingrid": ingrid, "asa": asa}


# --------------------------------------------------------------------------------------------------
# What a term finds
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Røros kommune", "Røros kommune"),  # name
        ("Ülikool", "Tartu universitet"),  # name in its own language
        ("Stockholm", "Skolverket"),  # city
        ("Trøndelag", "Røros kommune"),  # region
        ("gruvor", "Røros kommune"),  # description
    ],
)
def test_organisations_are_found_by_each_searched_field(register, term, expected):
    assert organisations(term) == [expected]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Haugen", "Ingrid Haugen"),  # name
        ("Utvecklingsledare", "Åsa Öberg"),  # title
        ("ingrid@roros.no", "Ingrid Haugen"),  # email
        ("Ülikool", "Kadri Tamm"),  # the organisation's name in its own language
        ("Malmö stad", "Åsa Öberg"),  # the organisation's name
    ],
)
def test_contacts_are_found_by_each_searched_field(register, term, expected):
    assert contacts(term) == [expected]


@pytest.mark.parametrize(
    ("term", "expected"),
    [("Eurocities", "Eurocities"), ("riksgränsen", "Gränskommittén Nord"), ("fjällregionen", "Gränskommittén Nord")],
)
def test_networks_are_found_by_name_description_and_purpose(register, term, expected):
    assert networks(term) == [expected]


def test_part_of_a_word_finds_the_whole_word(register):
    assert organisations("bergss") == ["Røros kommune"]
    assert organisations("verket") == ["Skolverket"]
    assert contacts("vecklings") == ["Åsa Öberg"]
    assert networks("kommitt") == ["Gränskommittén Nord"]


def test_unaccented_letters_find_names_with_a_o_and_o_slash(register):
    assert organisations("roros kommune") == ["Røros kommune"]
    assert organisations("Malmo") == ["Malmö stad"]
    assert contacts("Asa Oberg") == ["Åsa Öberg"]
    assert networks("granskommitten") == ["Gränskommittén Nord"]


def test_swedish_letters_are_found_in_any_case(register):
    assert contacts("ÅSA ÖBERG") == ["Åsa Öberg"]
    assert organisations("MALMÖ STAD") == ["Malmö stad"]
    assert organisations("rØrOs") == ["Røros kommune"]


def test_every_word_of_the_term_must_be_found(register):
    assert organisations("Røros gruvor") == ["Røros kommune"]
    assert organisations("Røros kvantfysik") == []


def test_a_term_that_matches_nothing_finds_nothing(register):
    assert organisations("kvantfysik") == contacts("kvantfysik") == networks("kvantfysik") == []


def test_an_empty_term_leaves_the_queryset_as_it_is(register):
    assert search_organisations(Organisation.objects.all(), "   ").count() == 4


@pytest.mark.parametrize("term", ['"', '""', "-gruvor", '- "'])
def test_a_term_without_a_word_to_look_for_finds_nothing(register, term):
    assert organisations(term) == contacts(term) == networks(term) == []


def test_like_and_regex_characters_in_the_term_are_taken_literally(make_organisation):
    make_organisation(name="Andel 100% förnybart")
    make_organisation(name="Bidrag på 1000 kronor")
    make_organisation(name="Kod x_y_z")
    make_organisation(name="Kod xayaz")
    make_organisation(name="Fråga (a+b)")
    assert organisations("100%") == ["Andel 100% förnybart"]
    assert organisations("x_y") == ["Kod x_y_z"]
    assert organisations("(a+b)") == ["Fråga (a+b)"]
    assert organisations(".*") == []


def test_names_that_are_or_start_with_the_term_come_first(make_organisation):
    make_organisation(name="Sydnordiska rådet")  # the term inside a word
    make_organisation(name="Föreningen Norden")  # a word of the name starts with the term
    make_organisation(name="Gränsrådet", description="Samarbete i Nord.")  # only the description
    make_organisation(name="Nordens hus")  # the name starts with the term
    make_organisation(name="Nord")  # the name is the term
    found = organisations("nord")
    assert found[:3] == ["Nord", "Nordens hus", "Föreningen Norden"]
    assert set(found[3:]) == {"Sydnordiska rådet", "Gränsrådet"}


def test_an_exact_name_in_its_own_language_comes_first_too(make_organisation):
    make_organisation(name="Tartu stadsbibliotek", description="Samarbetar med Tartu Ülikool.")
    make_organisation(name="Tartu universitet", native_name="Tartu Ülikool")
    assert organisations("tartu ulikool") == ["Tartu universitet", "Tartu stadsbibliotek"]


def test_an_anonymised_contact_is_not_found_by_its_old_data(register, sara):
    contact = create_contact(
        by=sara,
        fields={"name": "Olav Hemmelig", "title": "Ordförande", "email": "olav@hemmelig.no"},
        affiliations=[(register["roros"], "Ordförande")],
    )
    assert contacts("Hemmelig") == ["Olav Hemmelig"]
    anonymise_contact(contact, by=sara, reason="Personen har begärt det.")
    for term in ("Olav", "Hemmelig", "olav@hemmelig.no", "Ordförande", "Anonymiserad"):
        assert contacts(term) == [], term
    # Nor through the organisation it still belongs to.
    assert contacts("Røros kommune") == ["Ingrid Haugen"]
    page = client_page(sara, "Hemmelig")
    assert "Olav" not in page and "Inget i partnerregistret matchar" in page


def test_search_also_works_inside_a_subquery(register):
    inner = search_organisations(Organisation.objects.all(), "gruvor").values("pk")
    assert list(Organisation.objects.filter(pk__in=inner).values_list("name", flat=True)) == ["Røros kommune"]


def test_the_folded_letters_are_the_same_in_python_and_in_the_migration():
    migration = importlib.import_module("utblick.partners.migrations.0006_search")
    assert (migration.FOLD_FROM, migration.FOLD_TO) == (FOLD_FROM, FOLD_TO)
    assert fold("Ærø Ødegård ÅSA Çelik") == "aro odegard asa celik"


# --------------------------------------------------------------------------------------------------
# PostgreSQL: Swedish full-text search and its indexes; SQLite: the fallback
# --------------------------------------------------------------------------------------------------
@pytest.mark.skipif(not ON_POSTGRESQL, reason="Swedish stemming needs PostgreSQL's full-text search")
def test_skolor_finds_skola_through_swedish_stemming_on_postgresql(register):
    assert organisations("skolor") == ["Røros kommune"]
    assert networks("projekten") == ["Gränskommittén Nord"]


@pytest.mark.skipif(ON_POSTGRESQL, reason="checks the plain letter match that SQLite uses instead of stemming")
def test_sqlite_matches_only_the_letters_typed_so_skolor_does_not_find_skola(register):
    assert organisations("skolor") == []
    assert organisations("skola") == ["Røros kommune"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="websearch syntax (OR) is PostgreSQL full-text search")
def test_or_works_like_in_a_web_search_engine_on_postgresql(register):
    assert sorted(organisations("gruvor or skolväsendet")) == ["Røros kommune", "Skolverket"]


def test_a_word_with_a_minus_in_front_leaves_out_what_contains_it(register):
    assert organisations("kommune") == ["Røros kommune"]
    assert organisations("kommune -gruvor") == []
    assert organisations("kommune -kvantfysik") == ["Røros kommune"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="spelling similarity is pg_trgm's word similarity")
def test_a_small_typo_in_a_name_finds_it_when_nothing_matches_as_typed_on_postgresql(client_for, make_organisation):
    make_organisation(name="Trondheim kommune")
    make_organisation(name="Trondheims kommune, sjöfart", description="Hamnen.")
    assert organisations("Tronndheim") == ["Trondheim kommune", "Trondheims kommune, sjöfart"]
    page = client_for("lisa").get(SEARCH, {"q": "Tronndheim"}).content.decode()
    assert "Namnet stavas nästan som sökordet." in page
    # As soon as something matches the term as it is typed, similar spellings are left out.
    make_organisation(name="Tronndheim bygdelag")
    assert organisations("Tronndheim") == ["Tronndheim bygdelag"]


@pytest.mark.skipif(ON_POSTGRESQL, reason="checks that SQLite, without search indexes, still searches")
def test_sqlite_searches_with_a_regular_expression_per_word(register):
    sql = str(search_organisations(Organisation.objects.all(), "bergss").query)
    assert "REGEXP" in sql
    assert organisations("bergss") == ["Røros kommune"]


def explain(queryset) -> str:
    """The plan PostgreSQL picks when a sequential scan is made unattractive, as on a large table."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _fill_organisations(count: int) -> None:
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisation {i} {'Trondheim' if i % 70 == 0 else 'Bodø'}",
            country="NO",
            description=f"{'Skolor' if i % 50 == 0 else 'Kultur'} och näringsliv.",
        )
        for i in range(count)
    )


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the search indexes exist only on PostgreSQL (migration 0006)")
def test_organisation_search_is_answered_from_the_three_indexes_on_postgresql(db):
    _fill_organisations(3000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partners_organisation")
    plan = explain(by_relevance(search_organisations(Organisation.objects.all(), "skola trondh"))[:20])
    for index in ("partners_org_search_fts", "partners_org_search_trgm", "partners_org_name_trgm"):
        assert index in plan, plan
    assert "Seq Scan on partners_organisation" not in plan, plan
    assert len(organisations("trondheim")) == len(range(0, 3000, 70))


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the search indexes exist only on PostgreSQL (migration 0006)")
def test_contact_and_network_search_use_their_indexes_on_postgresql(db):
    organisation = Organisation.objects.create(name="Bodø kommune", country="NO")
    people = Contact.objects.bulk_create(Contact(name=f"Person {i}", title="Rådgivare") for i in range(2000))
    Affiliation.objects.bulk_create(Affiliation(contact=c, organisation=organisation) for c in people[:10])
    Network.objects.bulk_create(
        Network(name=f"Nätverk {i}", purpose="Utbyte", member_since=datetime.date(2020, 1, 1)) for i in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partners_contact; ANALYZE partners_network; ANALYZE partners_affiliation")
    contact_plan = explain(search_contacts(Contact.objects.all(), "person"))
    assert "partners_contact_search_fts" in contact_plan and "partners_contact_search_trgm" in contact_plan
    assert "Seq Scan" not in contact_plan, contact_plan  # the organisations' side is read through indexes too
    network_plan = explain(search_networks(Network.objects.all(), "natverk"))
    assert "partners_network_search_trgm" in network_plan and "Seq Scan" not in network_plan, network_plan
    assert len(contacts("Bodo kommune")) == 10


# --------------------------------------------------------------------------------------------------
# The results page
# --------------------------------------------------------------------------------------------------
def client_page(user, term: str) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(SEARCH, {"q": term}).content.decode()


@pytest.mark.parametrize("username", PERSONAS)
def test_search_page_status_by_persona(client_for, register, username):
    response = client_for(username).get(SEARCH, {"q": "Røros"})
    if username is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logga-in/?next=/partner/sok/")
    else:
        assert response.status_code == STATUS[username]


def test_the_header_search_box_is_shown_to_internal_roles_only(client_for, register):
    assert 'id="site-search-q"' in client_for("lisa").get("/").content.decode()
    assert 'id="site-search-q"' not in client_for("erik").get("/").content.decode()


def test_results_are_shown_in_three_sections_with_counts(client_for, register):
    page = client_for("lisa").get(SEARCH, {"q": "Røros"}).content.decode()
    assert re.search(r"<h2[^>]*>Organisationer \(1\)</h2>", page)
    assert re.search(r"<h2[^>]*>Kontaktpersoner \(1\)</h2>", page)
    assert re.search(r"<h2[^>]*>Nätverk \(0\)</h2>", page)
    assert f'href="/partner/{register["roros"].pk}/"' in page
    assert f'href="/partner/kontakter/{register["ingrid"].pk}/"' in page
    assert "Inga nätverk matchar sökningen." in page
    assert "2 träffar på ”Røros”." in page


def test_the_field_that_matched_is_shown_with_the_word_marked(client_for, register):
    page = client_for("lisa").get(SEARCH, {"q": "gruv"}).content.decode()
    assert "Träff i beskrivning:" in page
    assert "Bergsstad med <mark>gruv</mark>or och en skola." in page
    contact_page = client_for("lisa").get(SEARCH, {"q": "rektor"}).content.decode()
    assert "Träff i titel:" in contact_page and "<mark>Rektor</mark>" in contact_page


def test_a_long_description_is_shortened_around_the_hit(client_for, make_organisation):
    make_organisation(name="Långa texten", description="Inledning. " * 20 + "Vattenkraft i älven. " + "Slut. " * 20)
    page = client_for("lisa").get(SEARCH, {"q": "vattenkraft"}).content.decode()
    hit = re.search(r"Träff i beskrivning:</span>(.*?)</li>", page, re.S).group(1)
    assert "<mark>Vattenkraft</mark>" in hit and hit.strip().startswith("…") and hit.strip().endswith("…")
    assert len(hit) < 200


def test_each_section_shows_twenty_and_links_to_the_list_with_all_of_them(client_for, make_organisation):
    for number in range(25):
        make_organisation(name=f"Fjällkommun {number:02d}")
    page = client_for("lisa").get(SEARCH, {"q": "fjällkommun"}).content.decode()
    assert page.count('href="/partner/') - page.count('href="/partner/?') >= 20
    assert len(re.findall(r"Fjällkommun \d\d</a>", page)) == 20
    assert '<a href="/partner/?q=fj%C3%A4llkommun">Visa alla 25 organisationer</a>' in page
    listing = client_for("lisa").get("/partner/", {"q": "fjällkommun"}).content.decode()
    assert "25 organisationer" in listing


def test_the_lists_find_the_same_records_as_the_search_box(client_for, register):
    assert "Åsa Öberg" in client_for("lisa").get("/partner/kontakter/", {"q": "utvecklingsledare"}).content.decode()
    assert "1 organisation" in client_for("lisa").get("/partner/", {"q": "gruvor"}).content.decode()
    networks_page = client_for("lisa").get("/partner/natverk/", {"q": "fjällregionen"}).content.decode()
    assert "Gränskommittén Nord" in networks_page and "Eurocities" not in networks_page
    assert "1 nätverk" in networks_page


def test_the_network_list_refuses_a_search_word_that_is_too_long(client_for, register):
    page = client_for("lisa").get("/partner/natverk/", {"q": "x" * 201}).content.decode()
    assert "Skriv ett kortare sökord, högst 200 tecken." in page


def test_an_empty_search_explains_what_can_be_searched(client_for, register):
    for params in ({}, {"q": ""}, {"q": "   "}):
        page = client_for("lisa").get(SEARCH, params).content.decode()
        assert "Skriv ett eller flera ord i sökrutan" in page
        assert "<h2" not in page


def test_no_hits_says_so_and_what_to_try(client_for, register):
    page = client_for("lisa").get(SEARCH, {"q": "kvantfysik"}).content.decode()
    assert "Inget i partnerregistret matchar ”kvantfysik”." in page
    assert "Kontrollera stavningen." in page


def test_a_search_word_longer_than_200_characters_is_refused_with_a_message(client_for, register):
    response = client_for("lisa").get(SEARCH, {"q": "Røros " * 40})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv ett kortare sökord, högst 200 tecken." in page
    assert 'href="#id_q"' in page  # the error summary leads to the field
    assert "Organisationer (" not in page


def test_a_search_word_of_exactly_200_characters_is_accepted(client_for, register):
    page = client_for("lisa").get(SEARCH, {"q": "R" * 200}).content.decode()
    assert "Inget i partnerregistret matchar" in page


def test_a_script_in_the_search_word_is_shown_as_text(client_for, register):
    term = '<script>alert("x")</script>'
    page = client_for("lisa").get(SEARCH, {"q": term}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_script_in_a_found_record_is_shown_as_text(client_for, make_organisation):
    make_organisation(name="Skript AB", description='Har <img src=x onerror="alert(1)"> i texten.')
    page = client_for("lisa").get(SEARCH, {"q": "onerror"}).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x <mark>onerror</mark>=&quot;alert(1)&quot;&gt;" in page


def test_the_search_page_needs_a_constant_number_of_queries(client_for, register, hans, make_organisation):
    client = client_for("lisa")
    client.get(SEARCH, {"q": "Kvarken"})  # the session and the user are read once per request either way

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SEARCH, {"q": "Kvarken"}).status_code == 200
        return len(captured)

    organisation = make_organisation(name="Kvarkenrådet", city="Vasa", country="FI")
    create_contact(by=hans, fields={"name": "Kvarken Kontakt"}, affiliations=[(organisation, "")])
    Network.objects.create(name="Kvarkennätverket", member_since=datetime.date(2020, 1, 1))
    few = queries()
    for number in range(30):
        extra = make_organisation(name=f"Kvarken {number}", country="FI")
        create_contact(
            by=hans, fields={"name": f"Kvarken Person {number}"}, affiliations=[(extra, ""), (organisation, "")]
        )
        Network.objects.create(name=f"Kvarken nätverk {number}", member_since=datetime.date(2020, 1, 1))
    many = queries()
    assert few == many
    assert many <= 13  # 12 for the search, 1 for the unread notifications in the header


def test_the_header_keeps_the_search_word_on_the_results_page(client_for, register):
    page = client_for("lisa").get(SEARCH, {"q": "Malmö"}).content.decode()
    assert re.search(r'id="site-search-q"[^>]*value="Malmö"', page)
