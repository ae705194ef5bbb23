"""The organisation page costs the same number of SQL queries however many units and people it lists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.organisation.models import OrgUnit, Person


def add_units_with_people(n, start):
    parent = OrgUnit.objects.get(code="klf")
    for i in range(start, start + n):
        unit = OrgUnit.objects.create(code=f"enhet-{i}", name=f"Enhet {i}", parent=parent)
        Person.objects.create(name=f"Person {i}", kind=Person.Kind.TJANSTEMAN, unit=unit, title="Handläggare")


def queries_for_overview(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/organisation/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_organisation_overview_uses_as_many_queries_for_30_units_as_for_3(client_for):
    client = client_for("sara")
    client.get("/organisation/")  # warm caches so both runs are measured alike
    add_units_with_people(3, start=0)
    with_3, page = queries_for_overview(client)
    assert page.count("<caption>Enhet ") == 3
    add_units_with_people(27, start=3)
    with_30, page = queries_for_overview(client)
    assert page.count("<caption>Enhet ") == 30
    assert with_3 == with_30


def test_the_organisation_overview_stays_within_its_query_budget(client_for, django_assert_max_num_queries):
    client = client_for("per")
    add_units_with_people(30, start=0)
    with django_assert_max_num_queries(10):
        assert client.get("/organisation/").status_code == 200
