"""The monitoring benchmark's own rules: the same corpus on every run, the asked numbers, its targets, a small run."""

import json

import pytest

from bench import monitoring
from bench.run import (
    MONITORING_MAX_ITEMS,
    MONITORING_MIN_ITEMS_PER_SECOND,
    MONITORING_SEARCH_INDEX,
    MONITORING_SEARCH_P95_MS,
    monitoring_checks,
)

SMALL = {"sources": 3, "per_fetch": 60}


@pytest.fixture(scope="module")
def full_corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("corpus")
    return directory, monitoring.write_corpus(directory)


def test_the_corpus_is_the_same_bytes_on_every_run(tmp_path, full_corpus):
    directory, manifest = full_corpus
    again = monitoring.write_corpus(tmp_path)
    assert again == manifest
    for entry in manifest["files"]:
        assert (tmp_path / entry["name"]).read_bytes() == (directory / entry["name"]).read_bytes()


def test_the_corpus_has_over_20_000_distinct_items_with_duplicates_within_and_across_files(full_corpus):
    _directory, manifest = full_corpus
    assert manifest["distinct_items"] >= 20_000
    assert len(manifest["files"]) == 2 * monitoring.SOURCES
    # Every file repeats REPEATS of its items; every second fetch repeats OVERLAP items of the first.
    assert manifest["duplicates_within_file"] == 2 * monitoring.SOURCES * monitoring.REPEATS
    assert manifest["duplicates_across_fetches"] == monitoring.SOURCES * monitoring.OVERLAP
    assert manifest["syndicated"] > 100
    assert manifest["entries"] == (
        manifest["distinct_items"] + manifest["duplicates_within_file"] + manifest["duplicates_across_fetches"]
    )
    assert {entry["format"] for entry in manifest["files"]} == {"rss", "atom", "json"}
    assert max(entry["entries"] for entry in manifest["files"]) <= MONITORING_MAX_ITEMS


def test_the_corpus_has_swedish_and_english_html_summaries_and_the_search_terms(full_corpus):
    directory, manifest = full_corpus
    feed = json.loads((directory / next(f["name"] for f in manifest["files"] if f["format"] == "json")).read_text())
    languages = {item["language"] for item in feed["items"]}
    assert languages == {"sv", "en"}
    assert all(item["content_html"].startswith("<p>") for item in feed["items"])
    text = "".join((directory / f["name"]).read_text() for f in manifest["files"])
    for _name, term in monitoring.SEARCHES[1:-1]:
        assert term in text
    assert monitoring.SEARCHES[-1][1] not in text


def test_the_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 21)]
    assert monitoring.percentile(values, 0.95) == 19.0
    assert monitoring.percentile(values, 0.5) == 10.0
    assert monitoring.percentile([5.0], 0.95) == 5.0


def _result(
    *, rate=1000.0, stored=100, p95=100.0, queries=(14, 14), missing_queries=9, database="postgres", index=None
):
    index = [MONITORING_SEARCH_INDEX] if index is None else index
    searches = {
        "common": {"runs": 20, "p95_ms": p95, "queries": queries[0], "matches": 50_000, "explain": {}},
        "rare": {"runs": 20, "p95_ms": 50.0, "queries": queries[1], "matches": 90, "explain": {"indexes_used": index}},
        "none": {
            "runs": 20,
            "p95_ms": 40.0,
            "queries": missing_queries,
            "matches": 0,
            "explain": {"indexes_used": index},
        },
    }
    return {
        "database": database,
        "pipeline": {
            "parsed": 22_560,
            "stored": stored,
            "stored_in_database": stored,
            "expected_distinct": 100,
            "items_per_second": {"total": rate},
        },
        "search": {"items": 100_000, "searches": searches},
    }


def _verdicts(result):
    return {check["target"].split(", ", 1)[-1]: check["passed"] for check in monitoring_checks([result])}


def test_the_monitoring_checks_pass_at_the_floor_and_just_under_the_search_limit():
    limit = MONITORING_SEARCH_P95_MS["postgres"]
    checks = monitoring_checks([_result(rate=MONITORING_MIN_ITEMS_PER_SECOND, p95=limit - 0.1)])
    assert all(check["passed"] for check in checks), checks
    assert checks[0]["target"] == "postgres: monitoring, parse + store + tag of 22 560 entries, items/s"
    assert len(checks) == 1 + 1 + 3 + 2 + 1
    assert len(monitoring_checks([_result(database="sqlite")])) == 1 + 1 + 3 + 1  # no EXPLAIN on SQLite


def test_postgresql_fails_when_a_rare_word_is_not_found_through_the_trigram_index():
    verdicts = _verdicts(_result(index=[]))
    assert verdicts["100 000 items: rare search uses the trigram index (EXPLAIN)"] is False
    assert verdicts["100 000 items: none search uses the trigram index (EXPLAIN)"] is False


def test_the_throughput_fails_under_the_floor_and_the_search_at_the_limit():
    limit = MONITORING_SEARCH_P95_MS["postgres"]
    verdicts = _verdicts(_result(rate=MONITORING_MIN_ITEMS_PER_SECOND - 0.1, p95=limit))
    assert verdicts["parse + store + tag of 22 560 entries, items/s"] is False
    assert verdicts["100 000 items: common search p95 of 20"] is False
    assert verdicts["100 000 items: rare search p95 of 20"] is True


def test_sqlite_without_a_substring_index_has_the_whole_second_for_its_search():
    assert MONITORING_SEARCH_P95_MS == {"postgres": 500, "sqlite": 1000}
    sqlite = MONITORING_SEARCH_P95_MS["sqlite"]
    assert _verdicts(_result(p95=sqlite - 0.1, database="sqlite"))["100 000 items: common search p95 of 20"] is True
    assert _verdicts(_result(p95=sqlite, database="sqlite"))["100 000 items: common search p95 of 20"] is False
    assert _verdicts(_result(p95=sqlite - 0.1))["100 000 items: common search p95 of 20"] is False


def test_the_queries_must_be_equal_for_every_search_that_finds_something():
    assert _verdicts(_result())["100 000 items: SQL queries of every search that finds something"] is True
    assert (
        _verdicts(_result(queries=(15, 14)))["100 000 items: SQL queries of every search that finds something"] is False
    )


def test_items_stored_twice_or_lost_fail():
    assert _verdicts(_result(stored=99))["every distinct item stored once"] is False


@pytest.mark.django_db
def test_a_small_run_stores_every_distinct_item_once_and_searches_with_constant_queries(tmp_path, units):
    from utblick.monitoring.models import Item, Source

    manifest = monitoring.write_corpus(tmp_path, **SMALL)
    first = monitoring.measure_pipeline(tmp_path)
    assert first["parsed"] == manifest["entries"]
    assert first["stored"] == first["stored_in_database"] == manifest["distinct_items"]
    assert first["duplicates_dropped"] == manifest["duplicates_within_file"] + manifest["duplicates_across_fetches"]
    assert first["rules"] == len(monitoring.RULES)
    assert 0 < first["tagged"] <= first["stored"]
    assert set(first["formats"]) == {"rss", "atom", "json"}
    assert all(rate > 0 for rate in first["items_per_second"].values())
    # A second run starts from nothing again: the same items, not twice as many.
    again = monitoring.measure_pipeline(tmp_path)
    assert again["stored"] == manifest["distinct_items"]
    assert Source.objects.filter(name__startswith=monitoring.SOURCE_PREFIX).count() == SMALL["sources"]

    seeded = monitoring.seed_items(manifest["distinct_items"] + 300)
    assert seeded["items"] == Item.objects.count() == manifest["distinct_items"] + 300
    assert monitoring.seed_items(10)["items_added"] == 0
    measured = monitoring.measure_search(2)
    searches = measured["searches"]
    assert set(searches) == {name for name, _term in monitoring.SEARCHES}
    assert searches["common"]["matches"] > searches["rare"]["matches"]
    assert searches["none"]["matches"] == 0
    assert len({s["queries"] for s in searches.values() if s["matches"]}) == 1
    assert all(s["median_ms"] <= s["p95_ms"] <= s["max_ms"] for s in searches.values())


def test_the_throughput_floor_is_a_full_feed_in_four_seconds():
    from utblick.monitoring.fetching.parsing import MAX_ITEMS

    assert MONITORING_MAX_ITEMS == MAX_ITEMS
    assert MONITORING_MIN_ITEMS_PER_SECOND == MAX_ITEMS / 4
