"""One step of `make bench`: the annual report (issue 4) over 10 000 engagements and 50 000 budget lines.

Run by bench/run.py as `python bench/annual_report.py --lines 50000` with DJANGO_SETTINGS_MODULE=bench.settings
and the DATABASE_URL of the database just measured; also usable on its own (see bench/README.md). It

1. seeds what the report needs on top of the engagements in the database (or first adds engagements up to
   --engagements N, the synthetic ones of `seed_demo --engagements`): PARTNER_COUNT partner organisations in
   30 countries (Europe and elsewhere) linked to about half of the engagements, with the engagements' countries,
   and budget lines up to --lines M for 2024 and 2025 (costs of every category and income from every funding
   source, in SEK, EUR and NOK with a rate of their own, some 2025 lines without an outcome yet). The same rows
   on every run (a fixed seed); nothing is added when the numbers are already there;
2. measures the report for --year (2025) for the whole municipality, each step in a fresh process, --runs times:
   `figures` (build_report), `page` (the web page /uppfoljning/arsrapport/ through Django's test Client as the
   bench coordinator: the figures, the charts and the template), `docx`, `pdf` and `xlsx` (build_report, then
   annual.export.export: the charts drawn and the file written). Memory: the process's peak resident size
   (getrusage ru_maxrss) after Django's start and at the end, so it includes the imports (matplotlib,
   WeasyPrint) and every run;
3. counts the SQL queries of build_report and of the web page at two sizes in one database: all engagements,
   then a tenth of them (the others archived, which the report leaves out, in a transaction rolled back after),
   so the report sees about a tenth of the engagements and budget lines. The counts must be equal;
4. prints one JSON object.

The seeding writes into the database (nothing is rolled back), as the engagements of `seed_demo` are.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

SEED = 20261127
YEAR = 2025
COORDINATOR = "bench-samordnare"  # the same account as bench/prepare.py's
PARTNER_PREFIX = "Benchpartner"  # the seeded organisations: found again by name, never a search term of the bench
PER_COUNTRY = 10
# 30 countries: 24 in Europe, 6 elsewhere, so the report has both regions and a map with many countries.
PARTNER_COUNTRIES = tuple(
    "NO FI DK IS EE LV LT PL DE NL BE FR ES PT IT AT CZ SK HU SI HR IE GB UA KE TZ US CA JP IN".split()  # noqa: SIM905
)
PARTNER_COUNT = PER_COUNTRY * len(PARTNER_COUNTRIES)
PARTNER_SHARE = 0.5  # of the engagements get one or two of these partners
LINE_YEARS = (2024, 2025)
CURRENCIES = (("SEK", 70), ("EUR", 20), ("NOK", 10))
RATES = {
    "SEK": (Decimal(1), Decimal(0)),
    "EUR": (Decimal("11.20"), Decimal("0.60")),
    "NOK": (Decimal("0.95"), Decimal("0.07")),
}
COST_SHARE = 0.7  # of the lines are costs, the rest income
BULK = 2000
KEEP_EVERY = 10  # the smaller size of the query count: every 10th engagement stays, the others are archived
STEPS = ("figures", "page", "docx", "pdf", "xlsx")
MEASURED_BY = "peak resident set size of the process (getrusage ru_maxrss), one fresh process per step"


# --------------------------------------------------------------------------------------------------
# Seeding
# --------------------------------------------------------------------------------------------------
def seed(engagements: int = 0, lines: int = 50_000) -> dict:
    """Engagements up to `engagements` (0: those there are), the partners, and budget lines up to `lines`."""
    from django.db import transaction

    from utblick.engagements.models import Engagement
    from utblick.finance.models import BudgetLine
    from utblick.partners.models import Organisation

    started = time.perf_counter()
    added_engagements = _engagements_up_to(engagements)
    with transaction.atomic():
        organisations = _partners()
        linked = _link_partners(organisations)
    with transaction.atomic():
        added_lines = _lines_up_to(lines)
    return {
        "engagements": Engagement.objects.count(),
        "engagements_added": added_engagements,
        "partner_organisations": Organisation.objects.filter(name__startswith=PARTNER_PREFIX).count(),
        "partner_countries": len(set(Organisation.objects.values_list("country", flat=True))),
        "engagements_given_partners": linked,
        "budget_lines": BudgetLine.objects.count(),
        "budget_lines_added": added_lines,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _engagements_up_to(wanted: int) -> int:
    """Synthetic engagements (seed_demo --engagements) until there are `wanted`, the demo register first."""
    if not wanted:
        return 0
    from utblick.engagements.demo.seed import demo_exists, ensure_policy, seed_demo
    from utblick.engagements.demo.synthetic import add_synthetic_engagements
    from utblick.engagements.models import Engagement

    ensure_policy()
    if not demo_exists():
        seed_demo()
    missing = wanted - Engagement.objects.count()
    return add_synthetic_engagements(missing) if missing > 0 else 0


def _partners() -> list[tuple[int, str]]:
    """PER_COUNTRY organisations in each of PARTNER_COUNTRIES (made once): [(pk, country)] by name."""
    from utblick.partners.models import Organisation

    existing = Organisation.objects.filter(name__startswith=PARTNER_PREFIX)
    if not existing.exists():
        rng = random.Random(SEED)
        kinds = [kind for kind in Organisation.Kind.values if kind != Organisation.Kind.EU_ORGAN]
        Organisation.objects.bulk_create(
            Organisation(
                name=f"{PARTNER_PREFIX} {number + 1:03d}",
                country=PARTNER_COUNTRIES[number % len(PARTNER_COUNTRIES)],
                kind=rng.choice(kinds),
                marked_established=rng.random() < 0.1,
                in_directory=False,
            )
            for number in range(PARTNER_COUNT)
        )
    return list(existing.order_by("name").values_list("pk", "country"))


def _link_partners(organisations: list[tuple[int, str]]) -> int:
    """About PARTNER_SHARE of the engagements without one of these partners get one or two, with their countries.

    Each engagement's choice depends only on its id, so the links are the same whatever was seeded before.
    """
    from utblick.engagements.models import Engagement, EngagementCountry, Participation

    ours = [pk for pk, _country in organisations]
    linked = set(Participation.objects.filter(organisation__in=ours).values_list("engagement", flat=True))
    candidates = [pk for pk in Engagement.objects.order_by("pk").values_list("pk", flat=True) if pk not in linked]
    chosen = {}
    for pk in candidates:
        rng = random.Random(SEED * 31 + pk)
        if rng.random() < PARTNER_SHARE:
            chosen[pk] = rng.sample(organisations, rng.choice((1, 1, 2)))
    if not chosen:
        return 0
    known = set()
    for first in range(0, len(candidates), BULK):  # the countries the engagements have already
        batch = [pk for pk in candidates[first : first + BULK] if pk in chosen]
        known |= set(EngagementCountry.objects.filter(engagement__in=batch).values_list("engagement", "country"))
    participations, countries = [], []
    for pk, partners in chosen.items():
        for org, country in partners:
            participations.append(Participation(engagement_id=pk, organisation_id=org))
            if (pk, country) not in known:
                known.add((pk, country))
                countries.append(EngagementCountry(engagement_id=pk, country=country))
    Participation.objects.bulk_create(participations, batch_size=BULK)
    EngagementCountry.objects.bulk_create(countries, batch_size=BULK)
    return len(chosen)


def line_rows(engagements: list[tuple], sources: list[int], count: int, rng: random.Random):
    """`count` budget lines as dicts, spread over `engagements` [(pk, start_date, end_date)] and LINE_YEARS.

    A line falls in a year the engagement runs when it runs in 2024 or 2025, else in either. Costs have a
    category, income one of `sources`; amounts in SEK, EUR or NOK with a rate of the day; 2024's outcome is
    known for almost every line, 2025's for most.
    """
    from utblick.finance.models import CostCategory, Direction

    currencies = [c for c, _w in CURRENCIES]
    weights = [w for _c, w in CURRENCIES]
    categories = list(CostCategory.values)
    for _index in range(count):
        pk, start, end = rng.choice(engagements)
        years = [y for y in LINE_YEARS if start and start.year <= y and (end is None or end.year >= y)] or LINE_YEARS
        year = rng.choice(years)
        currency = rng.choices(currencies, weights)[0]
        base, spread = RATES[currency]
        rate = (base + spread * Decimal(rng.randrange(0, 1000)) / 1000).quantize(Decimal("0.000001"))
        planned = Decimal(rng.randrange(50_000, 20_000_000)) / 100
        known = rng.random() < (0.97 if year < YEAR else 0.85)
        actual = (planned * Decimal(rng.randrange(70, 121)) / 100).quantize(Decimal("0.01")) if known else None
        cost = rng.random() < COST_SHARE
        yield {
            "engagement_id": pk,
            "year": year,
            "direction": Direction.COST if cost else Direction.INCOME,
            "cost_category": rng.choice(categories) if cost else "",
            "funding_source_id": None if cost else rng.choice(sources),
            "planned_amount": planned,
            "actual_amount": actual,
            "currency": currency,
            "exchange_rate": rate,
        }


def _lines_up_to(wanted: int) -> int:
    from utblick.engagements.models import Engagement
    from utblick.finance.models import BudgetLine, FundingSource

    existing = BudgetLine.objects.count()
    missing = wanted - existing
    if missing <= 0:
        return 0
    engagements = list(Engagement.objects.not_archived().order_by("pk").values_list("pk", "start_date", "end_date"))
    sources = list(FundingSource.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    if not engagements or not sources:
        raise SystemExit("bench/annual_report.py needs engagements and funding sources (manage.py migrate) first")
    rng = random.Random(SEED + existing)
    rows = line_rows(engagements, sources, missing, rng)
    BudgetLine.objects.bulk_create((BudgetLine(**row) for row in rows), batch_size=BULK)
    return missing


def seed_and_analyze(engagements: int, lines: int) -> dict:
    import django

    django.setup()
    seeded = seed(engagements, lines)
    analyze()
    return seeded


def analyze() -> None:
    """On PostgreSQL, the statistics autovacuum gathers soon after a bulk load (as bench/prepare.py does)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# --------------------------------------------------------------------------------------------------
# Measuring (each step in a process of its own)
# --------------------------------------------------------------------------------------------------
def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def coordinator():
    """The benchmark's coordinator (samordnare in NUK: reads every unit's report)."""
    from django.contrib.auth import get_user_model

    from utblick.core.roles import Role
    from utblick.organisation.models import Membership, OrgUnit

    user, _created = get_user_model().objects.get_or_create(username=COORDINATOR)
    Membership.objects.get_or_create(user=user, unit=OrgUnit.objects.get(code="nuk"), role=Role.SAMORDNARE)
    return user


def page_client(user):
    """Django's test Client, logged in as `user`, asking for a host the settings allow."""
    from django.conf import settings
    from django.test import Client

    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"]
    client = Client(HTTP_HOST=hosts[0] if hosts else "127.0.0.1")
    client.force_login(user)
    return client


def page_url(year: int) -> str:
    from django.urls import reverse

    return f"{reverse('reports:annual')}?year={year}"


def _one_run(step: str, year: int, user, client) -> dict:
    """One making of the step: seconds (with build/render parts for the files) and the bytes made."""
    from utblick.reports.annual.export import export
    from utblick.reports.annual.figures import build_report

    started = time.perf_counter()
    if step == "figures":
        report = build_report(year, None, user=user)
        return {"seconds": time.perf_counter() - started, "bytes": 0, "tables": sum(1 for _t in report.tables())}
    if step == "page":
        response = client.get(page_url(year))
        if response.status_code != 200:
            raise SystemExit(f"the annual report page answered {response.status_code}: {response.content[:300]!r}")
        return {"seconds": time.perf_counter() - started, "bytes": len(response.content)}
    report = build_report(year, None, user=user)
    built = time.perf_counter()
    content = export(report, step)
    done = time.perf_counter()
    return {
        "seconds": done - started,
        "build_seconds": built - started,
        "render_seconds": done - built,
        "bytes": len(content),
    }


def measure_step(step: str, runs: int, year: int) -> dict:
    """`runs` makings of the step in this process: median and max seconds, peak memory before and after."""
    import django

    django.setup()
    from django.db import connection

    user = coordinator()
    client = page_client(user) if step == "page" else None
    rss_before = peak_rss_mb()
    made = [_one_run(step, year, user, client) for _run in range(runs)]
    seconds = [m["seconds"] for m in made]
    result = {
        "step": step,
        "database": connection.vendor,
        "runs": runs,
        "seconds": [round(s, 3) for s in seconds],
        "median_seconds": round(statistics.median(seconds), 3),
        "max_seconds": round(max(seconds), 3),
        "first_seconds": round(seconds[0], 3),  # includes the imports (matplotlib, WeasyPrint) and cold caches
        "bytes": made[-1]["bytes"],
        "peak_rss_mb_before": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    for part in ("build_seconds", "render_seconds"):
        if part in made[0]:
            result[f"median_{part}"] = round(statistics.median(m[part] for m in made), 3)
    return result


def _sizes(year: int) -> dict:
    from utblick.engagements.models import Engagement
    from utblick.reports.annual.selection import Selection

    selection = Selection(year)
    return {
        "engagements": Engagement.objects.not_archived().count(),
        "engagements_in_report": selection.engagements().count(),
        "budget_lines_in_report": selection.lines([year - 1, year]).count(),
    }


def _capture(year: int, user, client) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from utblick.reports.annual.figures import build_report

    with CaptureQueriesContext(connection) as figures:
        build_report(year, None, user=user)
    with CaptureQueriesContext(connection) as page:
        response = client.get(page_url(year))
    if response.status_code != 200:
        raise SystemExit(f"the annual report page answered {response.status_code}")
    return {
        **_sizes(year),
        "figures_queries": len(figures),
        "page_queries": len(page),
        "figures_sql": [q["sql"][:400] for q in figures.captured_queries],
        "page_sql": [q["sql"][:400] for q in page.captured_queries],
    }


def count_queries(year: int) -> dict:
    """The queries of build_report and of the page with every engagement, then with every KEEP_EVERY-th only."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from utblick.engagements.models import Engagement
    from utblick.reports.annual.figures import build_report

    user = coordinator()
    client = page_client(user)
    build_report(year, None, user=user)  # once unmeasured: what a process caches is cached at both sizes
    client.get(page_url(year))
    full = _capture(year, user, client)
    with transaction.atomic():
        pks = list(Engagement.objects.not_archived().order_by("pk").values_list("pk", flat=True))
        archived = Engagement.objects.filter(archived_at__isnull=True).exclude(pk__in=pks[::KEEP_EVERY])
        archived.update(archived_at=timezone.now())
        small = _capture(year, user, client)
        transaction.set_rollback(True)  # the database is left as it was
    same = full["figures_queries"] == small["figures_queries"] and full["page_queries"] == small["page_queries"]
    if same:  # the statements are only worth keeping when the counts differ: then they show which one repeats
        for size in (full, small):
            del size["figures_sql"], size["page_sql"]
    return {"database": connection.vendor, "full": full, "small": small, "equal": same}


# --------------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------------
def summarise(seeded: dict, queries: dict, steps: dict, runs: int, year: int) -> dict:
    return {
        "database": queries["database"],
        "year": year,
        "runs": runs,
        "seeded": seeded,
        "queries": queries,
        "steps": steps,
        "memory": MEASURED_BY,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engagements", type=int, default=0, help="add engagements up to N first (0: none)")
    parser.add_argument("--lines", type=int, default=50_000, help="budget lines up to M (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="makings per step (default: %(default)s)")
    parser.add_argument("--year", type=int, default=YEAR)
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated, of: " + ", ".join(STEPS))
    parser.add_argument("--only-measure", metavar="STEP", help=argparse.SUPPRESS)  # the child processes
    parser.add_argument("--only-seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.only_seed:
        print(json.dumps(seed_and_analyze(args.engagements, args.lines)))
        return 0
    if args.only_measure == "queries":
        print(json.dumps(count_queries(args.year)))
        return 0
    if args.only_measure:
        print(json.dumps(measure_step(args.only_measure, args.runs, args.year)))
        return 0
    steps = [s for s in args.steps.replace(" ", "").split(",") if s]
    if not steps or set(steps) - set(STEPS):
        parser.error(f"--steps takes some of {', '.join(STEPS)}")

    # This process never loads Django: a child starts with the peak memory of the process that started it
    # (Linux keeps ru_maxrss across exec), so every step, the seeding too, runs in a process of its own.
    seeded = _child(
        [sys.executable, __file__, "--engagements", str(args.engagements), "--lines", str(args.lines), "--only-seed"]
    )
    if seeded is None:
        return 1
    child = [sys.executable, __file__, "--runs", str(args.runs), "--year", str(args.year), "--only-measure"]
    queries = _child([*child, "queries"])
    if queries is None:
        return 1
    measured = {}
    for step in steps:
        measured[step] = _child([*child, step])
        if measured[step] is None:
            return 1
    print(json.dumps(summarise(seeded, queries, measured, args.runs, args.year)))
    return 0


def _child(command) -> dict | None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        return None
    return json.loads(done.stdout)


if __name__ == "__main__":
    sys.exit(main())
