"""The policy page costs the same number of SQL queries however many objectives, criteria and areas it lists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.policy.models import Area, Objective, PriorityCriterion


def set_item_count(policy, n):
    for model in (Objective, PriorityCriterion, Area):
        model.objects.filter(policy=policy).delete()
        model.objects.bulk_create(
            model(policy=policy, code=f"X{i}", name=f"Post {i}", description="Text", order=i) for i in range(n)
        )


def queries_for_overview(client, policy, n):
    set_item_count(policy, n)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/policy/")
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">X') == 3 * n
    return len(queries)


def test_the_policy_overview_uses_as_many_queries_for_30_items_as_for_3(client_for, policy):
    client = client_for("sara")
    client.get("/policy/")  # warm caches (content types, sessions) so both runs are measured alike
    assert queries_for_overview(client, policy, 3) == queries_for_overview(client, policy, 30)


def test_the_policy_overview_stays_within_its_query_budget(client_for, policy, django_assert_max_num_queries):
    client = client_for("lisa")
    set_item_count(policy, 30)
    with django_assert_max_num_queries(10):
        assert client.get("/policy/").status_code == 200
