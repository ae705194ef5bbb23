"""Free-text search: what a term finds, in which order, and (on PostgreSQL) that indexes answer it."""

import pytest
from django.db import connection

from utblick.engagements.actions import refresh_search_text
from utblick.engagements.models import Engagement, Participation
from utblick.engagements.search import search
from utblick.partners.models import Organisation

LIST = "/engagemang/"
ON_POSTGRESQL = connection.vendor == "postgresql"


def found(term: str) -> list[str]:
    return sorted(search(Engagement.objects.all(), term).values_list("title", flat=True))


@pytest.fixture
def register(make_engagement):
    """Three engagements whose words sit in different fields (title, purpose, results, partner)."""
    school = make_engagement(
        title="Skolutbyte med Røros",
        purpose="Elever i årskurs 8 besöker en skola i Norge.",
        results="Lärarna har provat nya arbetssätt i matematik.",
    )
    partner = Organisation.objects.create(name="Röros kommun", country="NO")
    Participation.objects.create(engagement=school, organisation=partner)
    museum = make_engagement(
        title="Museisamarbete",
        purpose="Gemensam utställning om samisk kultur och slöjd.",
        results="Utställningen visades i Funäsdalen och Tromsø.",
    )
    Participation.objects.create(
        engagement=museum, organisation=Organisation.objects.create(name="Tromsø museum", country="NO")
    )
    tourism = make_engagement(
        title="Turism i fjällvärlden",
        purpose="Marknadsföra kommunen som turistort i Tyskland.",
        results="",
    )
    for engagement in (school, museum, tourism):
        refresh_search_text(engagement)
    return {"school": school, "museum": museum, "tourism": tourism}


def test_search_finds_by_title(register):
    assert found("Museisamarbete") == ["Museisamarbete"]


def test_search_finds_by_purpose(register):
    assert found("utställning") == ["Museisamarbete"]


def test_search_finds_by_results(register):
    assert found("matematik") == ["Skolutbyte med Røros"]


def test_search_finds_by_partner_name(register):
    assert found("Tromsø museum") == ["Museisamarbete"]


def test_search_is_case_insensitive(register):
    assert found("MATEMATIK") == ["Skolutbyte med Røros"]


def test_part_of_a_word_finds_the_whole_word(register):
    assert found("skolutb") == ["Skolutbyte med Røros"]


def test_the_end_of_a_swedish_compound_finds_the_compound(register):
    assert found("samarbete") == ["Museisamarbete"]


def test_every_word_of_the_term_must_be_found(register):
    assert found("skolutbyte matematik") == ["Skolutbyte med Røros"]
    assert found("skolutbyte slöjd") == []


def test_a_term_that_matches_nothing_finds_nothing(register):
    assert found("kvantfysik") == []


def test_an_empty_term_finds_everything(register):
    assert len(found("   ")) == 3


def test_like_wildcards_in_the_term_are_taken_literally(register, make_engagement):
    refresh_search_text(make_engagement(title="Andel 100% förnybart", purpose="Energi."))
    refresh_search_text(make_engagement(title="Bidrag på 1000 kronor", purpose="Energi."))
    refresh_search_text(make_engagement(title="Kod x_y_z", purpose="Test."))
    refresh_search_text(make_engagement(title="Kod xayaz", purpose="Test."))
    assert found("100%") == ["Andel 100% förnybart"]
    assert found("x_y") == ["Kod x_y_z"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="Swedish stemming needs PostgreSQL's full-text search")
def test_skolor_finds_skola_through_swedish_stemming_on_postgresql(register):
    assert found("skolor") == ["Skolutbyte med Røros"]
    assert found("utställningar") == ["Museisamarbete"]


@pytest.mark.skipif(ON_POSTGRESQL, reason="checks the plain substring search that SQLite uses instead of stemming")
def test_sqlite_matches_only_the_letters_typed_so_skolor_does_not_find_skola(register):
    assert found("skolor") == []
    assert found("skola") == ["Skolutbyte med Røros"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="websearch syntax (OR, -word) is PostgreSQL full-text search")
def test_or_and_minus_work_like_in_a_web_search_engine_on_postgresql(register):
    assert found("matematik or slöjd") == ["Museisamarbete", "Skolutbyte med Røros"]


def test_a_title_hit_comes_before_a_hit_in_the_text_when_no_sort_is_chosen(client_for, register, make_engagement):
    refresh_search_text(make_engagement(title="Konferens i Bryssel", purpose="Om samisk kultur i Europa."))
    refresh_search_text(make_engagement(title="Samisk kultur i skolan", purpose="Läromedel."))
    body = client_for("sara").get(LIST, {"q": "samisk kultur"}).content.decode()
    first, second = body.index("Samisk kultur i skolan"), body.index("Konferens i Bryssel")
    assert first < second
    assert "aria-sort" not in body  # sorted by relevance, not by a column


def test_an_explicit_sort_wins_over_relevance(client_for, register, make_engagement):
    refresh_search_text(make_engagement(title="Samisk kultur i skolan", purpose="Läromedel."))
    body = client_for("sara").get(LIST, {"q": "samisk", "sort": "title"}).content.decode()
    assert body.index("Museisamarbete") < body.index("Samisk kultur i skolan")


def test_the_list_searches_what_the_user_may_see_only(client_for, register, make_engagement):
    refresh_search_text(make_engagement(title="Hemlig skolutredning", is_secret=True, secrecy_ground="OSL 23 kap. 1 §"))
    karin = client_for("karin").get(LIST, {"q": "skol"}).content.decode()
    hans = client_for("hans").get(LIST, {"q": "skol"}).content.decode()
    assert "Hemlig skolutredning" not in karin and "Skolutbyte med Røros" in karin
    assert "Hemlig skolutredning" in hans


def explain(queryset) -> str:
    """The plan PostgreSQL picks when a sequential scan is made unattractive, as on a large table."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the search indexes exist only on PostgreSQL (migration 0002)")
def test_search_is_answered_from_the_full_text_and_trigram_indexes_on_postgresql(make_engagement):
    base = make_engagement(title="Grund")
    Engagement.objects.bulk_create(
        Engagement(
            title=f"Engagemang {i}",
            kind=base.kind,
            purpose="Utbyte",
            unit_goal="Mål",
            owner_unit=base.owner_unit,
            search_text=f"Engagemang {i} om {'skolor' if i % 50 == 0 else 'kultur'} och {'fjällturism' if i % 70 == 0 else 'näringsliv'}",
        )
        for i in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE engagements_engagement")
    plan = explain(search(Engagement.objects.all(), "skola turism").order_by("-search_rank"))
    assert "engagement_search_fts_sv" in plan, plan
    assert "engagement_search_trgm" in plan, plan
    assert "Seq Scan on engagements_engagement" not in plan, plan
    assert search(Engagement.objects.all(), "turism").count() == len(range(0, 3000, 70))


@pytest.mark.skipif(ON_POSTGRESQL, reason="checks that SQLite, without search indexes, still searches")
def test_sqlite_searches_with_a_substring_match(register):
    sql = str(search(Engagement.objects.all(), "skolutb").query)
    assert "LIKE" in sql
    assert found("skolutb") == ["Skolutbyte med Røros"]


def test_search_also_works_inside_a_subquery(register):
    inner = search(Engagement.objects.all(), "matematik").values("pk")
    assert list(Engagement.objects.filter(pk__in=inner).values_list("title", flat=True)) == ["Skolutbyte med Røros"]
