"""The economy page and the engagement page ask the database the same number of times for 1 and for 30 lines."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_lines(engagement, make_line, count):
    for i in range(count):
        if i % 3 == 2:
            make_line(engagement, year=2025 + i % 4, source="Erasmus+", currency="EUR", exchange_rate=Decimal("11.5"))
        else:
            make_line(engagement, year=2025 + i % 4, planned_amount=Decimal(i))


def test_economy_page_query_count_does_not_grow_with_lines(client_for, engagement, make_engagement, make_line):
    many = make_engagement(title="Stort projekt")
    _add_lines(engagement, make_line, 1)
    _add_lines(many, make_line, 30)
    client = client_for("hans")
    _count(client, f"/engagemang/{engagement.pk}/ekonomi/")  # warm caches (content types, sessions)
    assert _count(client, f"/engagemang/{engagement.pk}/ekonomi/") == _count(client, f"/engagemang/{many.pk}/ekonomi/")


def test_engagement_page_query_count_does_not_grow_with_lines(client_for, engagement, make_engagement, make_line):
    many = make_engagement(title="Stort projekt")
    _add_lines(engagement, make_line, 1)
    _add_lines(many, make_line, 30)
    client = client_for("lisa")
    _count(client, f"/engagemang/{engagement.pk}/")
    assert _count(client, f"/engagemang/{engagement.pk}/") == _count(client, f"/engagemang/{many.pk}/")
