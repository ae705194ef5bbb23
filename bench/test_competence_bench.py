"""The competence benchmark's own rules: the same people on every run, the percentile, its targets, a small run."""

import random

import pytest

from bench import competence
from bench.run import COMPETENCE_SEARCH_P95_MS, competence_checks


def test_the_people_are_the_same_on_every_run():
    first = [competence.make_person(random.Random(competence.SEED)) for _ in range(1)]
    again = [competence.make_person(random.Random(competence.SEED)) for _ in range(1)]
    assert first == again


def test_the_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 21)]
    assert competence.percentile(values, 0.95) == 19.0
    assert competence.percentile(values, 0.5) == 10.0


def _result(*, p95=100.0, queries=(9, 9), database="postgres"):
    searches = {
        "common": {"runs": 20, "p95_ms": p95, "queries": queries[0], "queries_at_a_fifth": queries[1], "hits": 3000},
        "none": {"runs": 20, "p95_ms": 20.0, "queries": 6, "queries_at_a_fifth": 6, "hits": 0},
    }
    return {"database": database, "profiles": 5000, "searches": searches}


def _verdicts(result):
    return {check["target"].split(", ", 1)[-1]: check["passed"] for check in competence_checks([result])}


def test_the_checks_pass_under_the_limit_and_fail_at_it():
    limit = COMPETENCE_SEARCH_P95_MS["postgres"]
    assert all(_verdicts(_result(p95=limit - 0.1)).values())
    assert _verdicts(_result(p95=limit))["5 000 profiles: common search p95 of 20"] is False


def test_queries_that_grow_with_the_profiles_fail():
    verdicts = _verdicts(_result(queries=(10, 9)))
    assert verdicts["5 000 profiles: common search, SQL queries at all and at a fifth of the profiles"] is False


@pytest.mark.django_db
def test_a_small_run_seeds_the_profiles_and_measures_every_search(units):
    from utblick.competence.models import CompetenceProfile

    result = competence.run(40, 2)
    assert result["profiles"] == CompetenceProfile.objects.count() == 40
    searches = result["searches"]
    assert set(searches) == {name for name, _term in competence.SEARCHES}
    assert searches["common"]["hits"] > searches["combined"]["hits"] > 0
    assert searches["none"]["hits"] == 0
    assert all(s["queries"] == s["queries_at_a_fifth"] for s in searches.values())
    assert all(s["median_ms"] <= s["p95_ms"] <= s["max_ms"] for s in searches.values())
    assert competence.seed_profiles(10)["profiles_added"] == 0
