"""The annual report benchmark's own rules: the same data on every run, the asked numbers, and its targets."""

import datetime
import random
from decimal import Decimal

import pytest

from bench import annual_report
from bench.run import REPORT_FILE_MAX_SECONDS, REPORT_MAX_MB, REPORT_PAGE_MAX_SECONDS, annual_report_checks

D = datetime.date
ENGAGEMENTS = [(1, D(2024, 3, 1), D(2024, 6, 1)), (2, D(2025, 1, 10), None), (3, D(2022, 1, 1), D(2022, 2, 1))]


def _lines(count=2000, seed=1):
    return list(annual_report.line_rows(ENGAGEMENTS, [11, 12, 13], count, random.Random(seed)))


def test_the_budget_lines_are_the_same_on_every_run():
    assert _lines(500) == _lines(500)
    assert _lines(500) != _lines(500, seed=2)


def test_the_lines_are_costs_and_income_of_2024_and_2025_in_kronor_euro_and_norwegian_kroner():
    lines = _lines()
    assert {line["year"] for line in lines} == {2024, 2025}
    assert {line["currency"] for line in lines} == {"SEK", "EUR", "NOK"}
    costs = [line for line in lines if line["direction"] == "cost"]
    income = [line for line in lines if line["direction"] == "income"]
    assert 0.6 < len(costs) / len(lines) < 0.8
    assert all(line["cost_category"] and line["funding_source_id"] is None for line in costs)
    assert all(line["cost_category"] == "" and line["funding_source_id"] in (11, 12, 13) for line in income)
    assert all(line["exchange_rate"] == 1 for line in lines if line["currency"] == "SEK")
    assert all(
        Decimal("11.2") <= line["exchange_rate"] <= Decimal("11.8") for line in lines if line["currency"] == "EUR"
    )
    # Some of 2025's outcomes are not known yet, as in a real register in the spring.
    assert any(line["actual_amount"] is None for line in lines if line["year"] == 2025)


def test_a_line_falls_in_a_year_its_engagement_runs_when_it_runs_in_2024_or_2025():
    years = {pk: {line["year"] for line in _lines() if line["engagement_id"] == pk} for pk, _s, _e in ENGAGEMENTS}
    assert years == {1: {2024}, 2: {2025}, 3: {2024, 2025}}


@pytest.mark.django_db
def test_the_seeding_gives_the_asked_numbers_and_adds_nothing_the_second_time():
    from utblick.engagements.models import Engagement
    from utblick.finance.models import BudgetLine
    from utblick.reports.annual.figures import build_report

    seeded = annual_report.seed(engagements=60, lines=400)
    assert (seeded["engagements"], seeded["budget_lines"]) == (60, 400)
    assert (Engagement.objects.count(), BudgetLine.objects.count()) == (60, 400)
    assert seeded["partner_organisations"] == 300
    assert seeded["partner_countries"] >= 30
    assert seeded["engagements_given_partners"] > 0
    again = annual_report.seed(engagements=60, lines=400)
    assert (again["engagements_added"], again["budget_lines_added"], again["engagements_given_partners"]) == (0, 0, 0)
    assert (Engagement.objects.count(), BudgetLine.objects.count()) == (60, 400)
    # The report of 2025 has costs this year and last year to compare with.
    costs = build_report(2025).section("economy").table("economy_summary").rows[0]
    assert costs.cells[1].value > 0 and costs.cells[2].value > 0


@pytest.mark.django_db
def test_the_report_makes_as_many_queries_with_a_tenth_of_the_engagements_and_leaves_them_unarchived():
    from utblick.engagements.models import Engagement

    annual_report.seed(engagements=120, lines=600)
    archived_before = Engagement.objects.filter(archived_at__isnull=False).count()
    counted = annual_report.count_queries(2025)
    full, small = counted["full"], counted["small"]
    assert small["engagements"] < full["engagements"] / 5
    assert small["budget_lines_in_report"] < full["budget_lines_in_report"]
    assert (small["figures_queries"], small["page_queries"]) == (full["figures_queries"], full["page_queries"])
    assert counted["equal"]
    assert Engagement.objects.filter(archived_at__isnull=False).count() == archived_before


@pytest.mark.django_db
def test_a_measured_step_says_its_median_max_and_peak_memory():
    annual_report.seed(engagements=50, lines=100)
    measured = annual_report.measure_step("xlsx", 2, 2025)
    assert measured["runs"] == 2 and len(measured["seconds"]) == 2
    assert measured["median_seconds"] <= measured["max_seconds"]
    assert measured["bytes"] > 0
    assert measured["peak_rss_mb"] >= measured["peak_rss_mb_before"] > 0


def _result(*, figures=15, small_figures=15, page=1.0, pdf=1.0, memory=100.0):
    def step(seconds, peak=100.0):
        return {"runs": 5, "median_seconds": seconds, "max_seconds": seconds, "peak_rss_mb": peak}

    return {
        "database": "sqlite",
        "queries": {
            "full": {"engagements": 10_043, "figures_queries": figures, "page_queries": 21},
            "small": {"engagements": 1_005, "figures_queries": small_figures, "page_queries": 21},
        },
        "steps": {"figures": step(0.8), "page": step(page), "pdf": step(pdf, memory), "xlsx": step(1.0)},
    }


def _verdicts(result):
    return {check["target"].split(": ", 2)[-1]: check["passed"] for check in annual_report_checks([result])}


def test_the_report_passes_with_equal_queries_and_times_and_memory_under_the_limits():
    checks = annual_report_checks([_result(page=REPORT_PAGE_MAX_SECONDS - 0.1, pdf=REPORT_FILE_MAX_SECONDS - 0.1)])
    assert all(check["passed"] for check in checks)
    assert (
        checks[0]["target"]
        == "sqlite: annual report, 10 043 engagements: SQL queries of build_report with all and a tenth of the engagements"
    )
    assert (checks[0]["value"], checks[0]["minimum"]) == ("15 and 15", "equal")
    assert len(checks) == 2 + 4 + 1


def test_the_report_fails_when_its_queries_grow_with_the_engagements():
    verdicts = _verdicts(_result(figures=16, small_figures=15))
    assert verdicts["SQL queries of build_report with all and a tenth of the engagements"] is False
    assert verdicts["SQL queries of web page with all and a tenth of the engagements"] is True


def test_the_page_fails_at_10_seconds_and_a_file_at_30():
    verdicts = _verdicts(_result(page=REPORT_PAGE_MAX_SECONDS, pdf=REPORT_FILE_MAX_SECONDS - 0.1))
    assert (verdicts["page, median of 5"], verdicts["pdf, median of 5"]) == (False, True)
    verdicts = _verdicts(_result(page=REPORT_PAGE_MAX_SECONDS - 0.1, pdf=REPORT_FILE_MAX_SECONDS))
    assert (verdicts["page, median of 5"], verdicts["pdf, median of 5"]) == (True, False)


def test_the_largest_peak_memory_fails_at_500_mb():
    passing = annual_report_checks([_result(memory=REPORT_MAX_MB - 0.1)])[-1]
    failing = annual_report_checks([_result(memory=REPORT_MAX_MB)])[-1]
    assert passing["target"] == "sqlite: annual report, 10 043 engagements: peak memory (the largest, pdf)"
    assert (passing["passed"], failing["passed"]) == (True, False)
    assert failing["value"] == "500 MB"
