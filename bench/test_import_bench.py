"""The partner import benchmark's own rules: the same file every run, with distinct organisations and people."""

import pytest

from bench import import_partners


def test_the_rows_are_the_same_on_every_run():
    assert list(import_partners.rows(50, 5)) == list(import_partners.rows(50, 5))


def test_each_organisation_gets_its_persons_and_every_person_an_email_of_their_own():
    rows = list(import_partners.rows(100, 5))
    assert len({row[0] for row in rows}) == 20
    assert len({row[8] for row in rows}) == 100


@pytest.mark.django_db
def test_the_benchmark_file_is_valid_for_the_import(tmp_path):
    from utblick.partners.importing import check_file

    for fmt in ("xlsx", "csv"):
        path = tmp_path / f"bench.{fmt}"
        import_partners.write_file(path, 60, 5, fmt)
        plan = check_file(path.read_bytes(), path.name)
        assert plan.problems == []
        assert (plan.rows, len(plan.organisations), len(plan.contacts)) == (60, 12, 60)


def test_the_import_passes_under_30_seconds_and_150_mb_and_fails_above():
    from bench.run import import_checks

    fast = {"database": "sqlite", "rows": 10_000, "total_seconds": 12.3, "peak_rss_mb": 104.0}
    slow = {"database": "postgres", "rows": 10_000, "total_seconds": 31.0, "peak_rss_mb": 151.0}
    checks = import_checks([fast, slow])
    assert [c["passed"] for c in checks] == [True, True, False, False]
    assert checks[0]["target"] == "sqlite: import of 10 000 rows, check + write"
    assert (checks[0]["value"], checks[0]["minimum"]) == ("12.3 s", "< 30 s")
