"""The benchmark's own arithmetic and safety rules (no server, no database, no load)."""

import json

import pytest

from bench import run


def _round(requests, seconds, p50_ms, p95_ms, **errors):
    return {
        "requests": requests,
        "duration_us": int(seconds * 1e6),
        "bytes": 0,
        "p50_us": int(p50_ms * 1000),
        "p95_us": int(p95_ms * 1000),
        "p99_us": 0,
        "mean_us": 0.0,
        "max_us": 0,
        "connect_errors": 0,
        "read_errors": 0,
        "write_errors": 0,
        "status_errors": errors.get("status", 0),
        "timeouts": errors.get("timeouts", 0),
    }


def _endpoint(name, rps):
    endpoint = run.Endpoint(name, name, f"/{name}", "")
    endpoint.rounds.append(_round(int(rps * 10), 10, 10, 20))
    return endpoint


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5:8000/engagemang/",
        "http://192.168.1.2:8000/",
        "http://localhost:8000/",
        "https://127.0.0.1:8000/",
        "http://127.0.0.1/",
        "http://127.0.0.1.example:8000/",
    ],
)
def test_the_benchmark_refuses_every_address_but_loopback_127_0_0_1(url):
    with pytest.raises(run.BenchError):
        run.assert_loopback(url)


def test_the_benchmark_builds_urls_on_127_0_0_1_only():
    assert run.loopback_url(8123, "/engagemang/?q=skola") == "http://127.0.0.1:8123/engagemang/?q=skola"


def test_the_result_line_of_the_lua_script_is_read_from_wrks_output():
    line = "BENCH_RESULT " + json.dumps(_round(120, 10, 40, 90))
    output = f"Running 10s test @ http://127.0.0.1:1/\n{line}\n"
    assert run.parse_wrk(output)["requests"] == 120


def test_wrk_output_without_a_result_line_is_an_error_that_shows_the_output():
    with pytest.raises(run.BenchError, match="no result line"):
        run.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_rounds_add_up_to_requests_per_second_and_the_median_of_their_percentiles():
    endpoint = run.Endpoint("list", "list", "/engagemang/", "")
    endpoint.rounds += [_round(100, 10, 40, 80), _round(300, 10, 20, 60), _round(200, 10, 30, 100, status=2)]
    assert endpoint.rps == pytest.approx(20.0)
    assert endpoint.median_ms == pytest.approx(30.0)
    assert endpoint.p95_ms == pytest.approx(80.0)
    assert endpoint.errors == 2


def test_the_list_fails_its_target_when_it_serves_less_than_two_and_a_half_times_the_admin():
    table = {
        "database": "sqlite",
        "size": 10000,
        "endpoints": [_endpoint(n, r) for n, r in [("list", 24), ("admin", 10), ("search", 5), ("partial", 5)]],
        "explain": {"word": {}, "partial": {}},
    }
    [check] = run.evaluate([table], largest=10000)
    assert check["passed"] is False and check["value"] == 2.4


def test_search_on_postgresql_at_the_largest_size_must_reach_half_the_list_and_use_an_index():
    endpoints = [_endpoint(n, r) for n, r in [("list", 100), ("admin", 20), ("search", 50), ("partial", 40)]]
    explain = {"word": {"indexes_used": ["engagement_search_fts_sv"]}, "partial": {"indexes_used": []}}
    table = {"database": "postgres", "size": 100000, "endpoints": endpoints, "explain": explain}
    verdicts = {c["target"].split(": ", 1)[1]: c["passed"] for c in run.evaluate([table], largest=100000)}
    assert verdicts == {
        "list / admin changelist": True,
        "search / list": True,
        "partial / list": False,
        "word search uses a search index (EXPLAIN)": True,
        "partial search uses a search index (EXPLAIN)": False,
    }


def test_the_benchmark_never_drops_a_database_that_is_not_a_bench_database(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(run.BenchError, match="bench"):
        run.postgres_url("postgres://postgres@127.0.0.1:5432/utblick")


def test_the_bench_database_takes_the_server_of_database_url_but_its_own_name(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@127.0.0.1:5433/utblick")
    assert run.postgres_url(None) == "postgres://app:secret@127.0.0.1:5433/utblick_bench"


def test_the_bench_database_must_be_on_this_machine(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(run.BenchError, match="this machine"):
        run.postgres_url("postgres://postgres@db.internal:5432/utblick_bench")


def test_sizes_are_sorted_and_a_quick_run_takes_one_size():
    assert run.parse_args(["--sizes", "100000,10000"]).sizes == [10000, 100000]
    assert run.parse_args(["--sizes", "2000"]).sizes == [2000]


def test_an_endpoint_where_no_request_finished_reports_no_latency_rather_than_a_number():
    endpoint = run.Endpoint("export", "export", "/engagemang/export.csv", "")
    endpoint.rounds.append(_round(0, 10, 0, 0))
    result = endpoint.as_dict()
    assert result["requests_per_second"] == 0 and result["median_ms"] is None and result["p95_ms"] is None
    json.dumps(result, allow_nan=False)


def _partner_info(indexes):
    terms = {key: {"term": f"ord {key}", "matches": 1} for key in run.PARTNER_SEARCHES}
    explain = {key: {"indexes_used": indexes} for key in run.PARTNER_SEARCHES}
    return {"cookie": "sessionid=x", "terms": terms, "explain": explain, "organisations": 100_000}


def test_the_partner_search_measures_the_search_page_once_per_kind_of_term_with_the_term_quoted():
    endpoints = run.partner_search_endpoints(_partner_info([]))
    searches = endpoints[: len(run.PARTNER_SEARCHES)]
    assert [e.name for e in searches] == list(run.PARTNER_SEARCHES)
    assert searches[0].path == "/partner/sok/?q=ord%20word"
    assert all(run.loopback_url(8000, e.path).startswith("http://127.0.0.1:8000/partner/sok/") for e in searches)


def test_the_partner_benchmark_also_loads_the_organisation_list_its_filter_and_a_deep_page():
    paths = [e.path for e in run.partner_search_endpoints(_partner_info([]))[len(run.PARTNER_SEARCHES) :]]
    assert paths == ["/partner/", "/partner/?established=yes", "/partner/?page=2000"]


def test_the_partner_search_fails_on_postgresql_when_a_search_reads_the_whole_table():
    info = _partner_info([])
    tables = [{"database": "postgres", **info}, {"database": "sqlite", **info}]
    checks = run.partner_search_checks(tables)
    assert len(checks) == len(run.PARTNER_SEARCH_INDEXED)  # SQLite has no search indexes to check
    assert not any(c["passed"] for c in checks)
    info = _partner_info(["partners_org_search_fts"])
    assert all(c["passed"] for c in run.partner_search_checks([{"database": "postgres", **info}]))
