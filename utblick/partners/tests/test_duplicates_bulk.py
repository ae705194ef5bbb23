"""Likely duplicates for a whole file at once give each row what the one-by-one search gives it, in a few queries."""

import pytest
from django.utils import timezone

from utblick.partners import duplicates_bulk
from utblick.partners.duplicates import find_contact_duplicates, find_organisation_duplicates
from utblick.partners.duplicates_bulk import find_contact_duplicates_bulk, find_organisation_duplicates_bulk
from utblick.partners.models import Contact, Organisation

ORGANISATIONS = [
    {"name": "Røros kommune", "country": "NO", "website": "https://www.roros.kommune.no"},
    {"name": "Röros kommun", "country": "SE"},
    {"name": "Rørosregionens kommun", "country": "NO", "website": "https://www.roros.kommune.no/"},
    {"name": "Bergstaden", "country": "NO", "website": "HTTPS://ROROS.KOMMUNE.NO/om"},
    {"name": "Tromsø kommune", "native_name": "Romssa suohkan", "country": "NO"},
    {"name": "Universitetet i Tromsø", "country": "NO"},
    {"name": "Trondheim kommune", "country": "NO"},
    {"name": "Bø kommune", "country": "NO"},
    {"name": "Bodø kommune", "country": "NO"},
    {"name": "A+B (Test) [x]* kommune", "country": "SE"},
    {"name": "Annan", "country": "SE", "website": "https://roros.kommune.no.example.com/"},
    {"name": "Fjällklubben", "country": "SE", "website": "https://www.facebook.com/fjallklubben"},
    {"name": "Třebíč", "country": "CZ"},  # ř is not r to SQLite's LIKE, but is to the regular expression
    {"name": "Steinkjer kommune", "country": "NO"},
    {"name": "Steinkjer videregående skole", "country": "NO"},
    {"name": "Nord-Trøndelag fylkeskommune", "country": "NO"},
    {"name": "Müller-Lüdenscheidt GmbH", "country": "DE", "website": "http://mueller.example.de"},
    {"name": "Kommunen", "country": "SE"},
    {"name": "Røros kommune 17", "country": "NO"},
    {"name": "Αθήνα", "country": "GR"},
    {"name": "Bergstadens turistkontor", "country": "NO", "website": "https://www.RØROS.NO/turist"},
    {"name": "<script>alert(1)</script> Røros", "country": "NO"},
]
ORGANISATION_QUERIES = [
    {"name": "Roros kommun", "country": "SE"},
    {"name": "Røros", "website": "http://roros.kommune.no"},
    {"name": "Bergstaden", "website": "roros.kommune.no", "country": "NO"},
    {"name": "X", "website": "HTTPS://WWW.ROROS.KOMMUNE.NO"},
    {"name": "Romssa suohkan"},
    {"name": "Universitetet i Tromso", "country": "no"},
    {"name": "Trondhiem"},
    {"name": "Trondheim k", "country": "NO"},
    {"name": "Bodø kommune"},
    {"name": "Bø kommune", "country": "NO"},
    {"name": ".*"},
    {"name": ""},
    {"name": "   ,.;"},
    {"name": "Rø", "website": "roros.kommune.no"},
    {"name": "A+B (Test) [x]* kommune"},
    {"name": "Skidföreningen", "website": "https://facebook.com/skid"},
    {"name": "Trebic"},
    {"name": "Steinkjer"},
    {"name": "Steinkjer kommune AS", "country": "NO"},
    {"name": "Nord Trondelag"},
    {"name": "Muller Ludenscheidt", "website": "mueller.example.de"},
    {"name": "Kommune"},
    {"name": "Røros kommune 17"},
    {"name": "Αθήνα"},
    {"name": "Hamar kommune"},
    {"name": "Tartu linn", "country": "EE"},
    {"name": "Tartu", "website": "https://www.xn--rros-4na.no"},
    {"name": "Ρόρος", "website": "https://røros.no"},
]
CONTACTS = [
    {"name": "Ingrid Ødegård", "email": "Ingrid.Odegard@roros.kommune.no"},
    {"name": "Ingrid Svensson", "email": ""},
    {"name": "Ødegård, Ingrid Marie", "email": "ingrid.marie@example.no"},
    {"name": "Mari Tamm", "email": "mari@tartu.example"},
    {"name": "MARI TAMM", "email": "MARI@TARTU.EXAMPLE"},
    {"name": "Jaan Kask", "email": "jaan@tartu.example"},
    {"name": "Anna Andersson", "email": "anna@example.se"},
    {"name": "Ånna Anderson", "email": ""},
    {"name": "Ola Nordmann", "email": "OLA@RØROS.NO"},  # SQLite ignores the case of ASCII letters only
]
CONTACT_QUERIES = [
    {"name": "Ingrid Odegard", "email": "ingrid.odegard@ROROS.kommune.no"},
    {"name": "I. Hansen", "email": "INGRID.ODEGARD@roros.kommune.no"},
    {"name": "Ingrid Svensson"},
    {"name": "Ingrid Ødegård", "email": "ingrid@example.no"},
    {"name": "Mari Tamm", "email": "mari@tartu.example"},
    {"name": "", "email": "jaan@tartu.example"},
    {"name": "Ødegård Ingrid"},
    {"name": "Anna Andersson"},
    {"name": "Ola Nordmann", "email": "ola@røros.no"},
    {"name": "Jan Kask", "email": " jaan@tartu.example "},
    {"name": "Zz"},
]


@pytest.fixture
def register(db):
    for fields in ORGANISATIONS:
        Organisation.objects.create(**fields)
    for fields in CONTACTS:
        Contact.objects.create(**fields)
    Contact.objects.create(name="Ingrid Ødegård", email="ingrid@example.no", anonymised_at=timezone.now())


@pytest.fixture
def always_in_bulk(monkeypatch):
    """Every item through the bulk path, however few (by default small batches are asked one by one)."""
    monkeypatch.setattr(duplicates_bulk, "BULK_MIN", 0)


def test_every_organisation_gets_the_matches_the_single_search_gives(register, always_in_bulk):
    expected = {index: find_organisation_duplicates(**query) for index, query in enumerate(ORGANISATION_QUERIES)}
    assert any(expected.values())
    assert find_organisation_duplicates_bulk(dict(enumerate(ORGANISATION_QUERIES))) == expected


def test_every_contact_gets_the_matches_the_single_search_gives(register, always_in_bulk):
    expected = {index: find_contact_duplicates(**query) for index, query in enumerate(CONTACT_QUERIES)}
    assert any(expected.values())
    assert find_contact_duplicates_bulk(dict(enumerate(CONTACT_QUERIES))) == expected


def test_the_cap_on_candidates_is_the_same_as_for_a_single_search(db, always_in_bulk):
    # More similar names than the search looks at: the first ones by id are compared, then ranked by name.
    Organisation.objects.bulk_create(
        Organisation(name=f"Tartu {999 - n:03d}", country="EE" if n % 3 else "LV") for n in range(320)
    )
    queries = {"plain": {"name": "Tartu"}, "estonian": {"name": "Tartu", "country": "EE"}}
    expected = {key: find_organisation_duplicates(**query) for key, query in queries.items()}
    assert [m.record.name for m in expected["plain"]][:1] == ["Tartu 700"]  # 680–699 were beyond the cap
    assert find_organisation_duplicates_bulk(queries) == expected


def test_a_whole_file_is_compared_in_a_few_queries(register, django_assert_max_num_queries):
    # The register once, the matches' records once (and on PostgreSQL its upper case of the addresses).
    queries = {n: {"name": f"Røros kommune {n}", "website": f"https://roros{n}.example"} for n in range(60)}
    with django_assert_max_num_queries(3):
        found = find_organisation_duplicates_bulk(queries)
    assert found[17][0].record.name == "Røros kommune 17"
    people = {n: {"name": f"Ingrid Ødegård {n}", "email": f"ingrid{n}@example.no"} for n in range(60)}
    with django_assert_max_num_queries(3):
        assert find_contact_duplicates_bulk(people)[0][0].record.name == "Ingrid Ødegård"


def test_a_small_batch_is_asked_one_by_one_and_an_empty_one_asks_nothing(register, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert find_organisation_duplicates_bulk({}) == {}
    found = find_organisation_duplicates_bulk({"a": {"name": "Roros"}})
    assert found == {"a": find_organisation_duplicates(name="Roros")}
