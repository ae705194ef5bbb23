"""The capped paginator counts at most COUNT_CAP hits, says when there are more, and still pages through them."""

import pytest
from django.contrib.auth import get_user_model

from utblick.core import paging

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    get_user_model().objects.bulk_create(get_user_model()(username=f"u{i:02}") for i in range(7))
    return get_user_model().objects.order_by("username")


def test_the_count_stops_at_the_cap_and_says_there_are_more(users, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    paginator = paging.CappedPaginator(users, 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 3)
    assert [u.username for u in paginator.get_page(3).object_list] == ["u04"]


def test_under_the_cap_the_count_is_exact(users, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    paginator = paging.CappedPaginator(users, 2)
    assert (paginator.count, paginator.capped) == (7, False)


def test_counting_is_one_query_however_many_rows(users, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    paginator = paging.CappedPaginator(users, 2)
    with django_assert_num_queries(1):
        assert paginator.count == 3 and paginator.capped
