"""One step of `make bench`: import a file of 10 000 contact rows (partners issue, point 8), timed, with peak memory.

Run by bench/run.py as `python bench/import_partners.py --rows N` with DJANGO_SETTINGS_MODULE=bench.settings and
the DATABASE_URL of the database just measured; also usable on its own (see bench/README.md). It

1. writes an Excel file (or CSV with --format csv) of N rows: organisations with --per-organisation contact
   persons each, plausible Nordic names, every person with an email address (the same file on every run);
2. in a fresh process, reads and checks it (`check_file`: what the preview does), then writes it
   (`write_plan`: what "Importera" and `manage.py import_partners` do), through the actions, in one transaction;
   with --via-tasks instead the two background tasks the pages start for a large file (partners.importing.jobs:
   the check, then the import, which checks the file once more against the register before it writes);
3. prints one JSON object: seconds for each step, rows per second, and memory: the process's peak resident
   size (getrusage) before and after the import; with --tracemalloc also the peak of Python's allocations
   during it (tracing slows the code it measures, so the times of such a run are not comparable);
   with --again the same file is imported once more, when everything in it exists and is linked.

The import writes into the database (nothing is rolled back), as a real import would.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

SEED = 20261127
FIRST = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Per",
    "Ingrid",
    "Ola",
    "Kari",
    "Jussi",
    "Aino",
    "Mikko",
    "Liis",
    "Jaan",
    "Mari",
    "Piotr",
    "Anja",
    "Jonas",
    "Sofia",
    "Nils",
]
LAST = [
    "Andersson",
    "Haugen",
    "Nordmann",
    "Virtanen",
    "Korhonen",
    "Tamm",
    "Kask",
    "Nowak",
    "Berg",
    "Lund",
    "Dahl",
    "Strand",
    "Moe",
    "Bakke",
    "Lind",
    "Holm",
]
PLACES = [
    "Røros",
    "Tydal",
    "Steinkjer",
    "Levanger",
    "Bodø",
    "Narvik",
    "Tromsø",
    "Harstad",
    "Hamar",
    "Lillehammer",
    "Östersund",
    "Åre",
    "Krokom",
    "Sundsvall",
    "Härnösand",
    "Falun",
    "Mora",
    "Rovaniemi",
    "Kemi",
    "Tornio",
    "Vaasa",
    "Kokkola",
    "Tartu",
    "Elva",
    "Kraków",
    "Tarnów",
    "München",
    "Passau",
]
COUNTRIES = {"Røros": "Norge", "Tydal": "Norway", "Östersund": "SE", "Rovaniemi": "Finland", "Tartu": "EST"}
ENDINGS = ("kommun", "skola", "gymnasium", "folkhögskola", "företagarförening", "museum", "bibliotek", "hamn")
HEADERS = ["Organisation", "Land", "Ort", "Typ", "Webbplats", "Kontaktperson", "Titel", "Roll", "E-post", "Telefon"]


def rows(count: int, per_organisation: int):
    """count data rows: organisations named '<place> <ending> <n>' with per_organisation persons each."""
    rng = random.Random(SEED)
    for index in range(count):
        number = index // per_organisation
        place = PLACES[number % len(PLACES)]
        ending = ENDINGS[(number // len(PLACES)) % len(ENDINGS)]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        yield [
            f"{place} {ending} {number + 1}",
            COUNTRIES.get(place, "Norge" if place in PLACES[:10] else "Sverige"),
            place,
            "Kommun" if ending == "kommun" else ("Skola" if "skola" in ending else "Annan"),
            f"https://www.{place.lower()}-{number + 1}.example",
            f"{first} {last}",
            rng.choice(("Rektor", "Kulturchef", "Näringslivsutvecklare", "Projektledare", "")),
            rng.choice(("Kontaktperson", "Styrelseledamot", "")),
            f"{first}.{last}.{index}@{place.lower()}.example".lower(),
            f"+46 70 {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
        ]


def write_file(path: Path, count: int, per_organisation: int, fmt: str) -> None:
    if fmt == "csv":
        import csv

        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(HEADERS)
            writer.writerows(rows(count, per_organisation))
        return
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Partner")
    sheet.append(HEADERS)
    for row in rows(count, per_organisation):
        sheet.append(row)
    workbook.save(path)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def import_file(path: Path, traced: bool, via_tasks: bool = False) -> dict:
    """Check and write the file as the import does; the numbers of this process."""
    import django

    django.setup()
    import tracemalloc

    from django.db import connection

    from utblick.partners.models import Contact, Organisation

    content = path.read_bytes()
    before = {"organisations": Organisation.objects.count(), "contacts": Contact.objects.count()}
    rss_before = peak_rss_mb()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    found, checked = (_through_tasks if via_tasks else _directly)(content, path.name)
    written = time.perf_counter()
    result = {
        "database": connection.vendor,
        "path": "tasks" if via_tasks else "direct",
        "file_bytes": len(content),
        **found,
        "register_before": before,
        "check_seconds": round(checked - started, 2),
        "write_seconds": round(written - checked, 2),
        "total_seconds": round(written - started, 2),
        "rows_per_second": round(found["rows"] / (written - started), 1),
        "peak_rss_mb_before": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if traced:
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1024 / 1024, 1)
        tracemalloc.stop()
    return result


def _directly(content: bytes, name: str) -> tuple[dict, float]:
    """check_file, then write_plan as the system (what manage.py import_partners --create-duplicates does)."""
    from utblick.core.permissions import acting_as_system
    from utblick.partners.importing import check_file
    from utblick.partners.importing.writing import write_plan

    plan = check_file(content, name)
    checked = time.perf_counter()
    if not plan.is_valid:
        raise SystemExit(f"the benchmark file has problems: {plan.problems[:3]}")
    with acting_as_system():
        summary = write_plan(plan, by=None, decisions={}, undecided="create")
    found = {
        "rows": plan.rows,
        "organisations_in_file": len(plan.organisations),
        "contacts_in_file": len(plan.contacts),
        "likely_duplicates": len(plan.decisions),
        "summary": summary.as_dict() | {"skipped": len(summary.skipped)},
    }
    return found, checked


def _through_tasks(content: bytes, name: str) -> tuple[dict, float]:
    """What the pages run for a large file: the check task, then the import task (which checks the file again
    against the register before it writes), as a coordinator who chose "new" for every likely duplicate."""
    from utblick.partners.importing import jobs
    from utblick.partners.models import PartnerImport

    stored = PartnerImport.objects.create(
        file_name=name, content=content, created_by=_coordinator(), status=PartnerImport.Status.CHECKING
    )
    jobs.run_check(stored.pk)
    checked = time.perf_counter()
    stored.refresh_from_db()
    if stored.status != PartnerImport.Status.CHECKED or stored.preview["problems"]:
        raise SystemExit(f"the benchmark file was not checked: {stored.status} {stored.error}")
    preview = stored.preview
    PartnerImport.objects.filter(pk=stored.pk).update(status=PartnerImport.Status.IMPORTING)
    jobs.run_import(stored.pk, stored.created_by_id, {d["key"]: "new" for d in preview["decisions"]})
    stored.refresh_from_db()
    if stored.status != PartnerImport.Status.IMPORTED:
        raise SystemExit(f"the benchmark file was not imported: {stored.error}")
    counts = preview["counts"]
    found = {
        "rows": preview["rows"],
        "organisations_in_file": counts["organisations_new"] + counts["organisations_linked"],
        "contacts_in_file": counts["contacts_new"] + counts["contacts_linked"],
        "likely_duplicates": counts["decisions"],
        "summary": stored.summary | {"skipped": len(stored.summary["skipped"])},
    }
    return found, checked


def _coordinator():
    """The benchmark's coordinator (bench/prepare.py makes the same one for the pages)."""
    from django.contrib.auth import get_user_model

    from utblick.core.roles import Role
    from utblick.organisation.models import Membership, OrgUnit

    user, _created = get_user_model().objects.get_or_create(username="bench-samordnare")
    Membership.objects.get_or_create(user=user, unit=OrgUnit.objects.get(code="nuk"), role=Role.SAMORDNARE)
    return user


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--per-organisation", type=int, default=5, help="contact rows per organisation")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--tracemalloc", action="store_true", help="measure Python's peak allocations (slower)")
    parser.add_argument("--again", action="store_true", help="then import the same file again (all links)")
    parser.add_argument(
        "--via-tasks",
        action="store_true",
        help="run the check and import tasks the pages start (the import checks the file again first)",
    )
    parser.add_argument("--only-import", metavar="FILE", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    if args.only_import:
        print(json.dumps(import_file(Path(args.only_import), args.tracemalloc, args.via_tasks)))
        return 0
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"import-{args.rows}.{args.format}"
    write_file(path, args.rows, args.per_organisation, args.format)
    # The import runs in a process of its own, so writing the file does not count in its peak memory.
    command = [
        sys.executable,
        __file__,
        "--only-import",
        str(path),
        *(["--tracemalloc"] if args.tracemalloc else []),
        *(["--via-tasks"] if args.via_tasks else []),
    ]
    result = _child(command)
    if result is None:
        return 1
    result["format"] = args.format
    if args.again:
        # The same file once more: now every organisation and person exists, and is linked instead.
        result["again"] = _child(command)
        if result["again"] is None:
            return 1
    print(json.dumps(result))
    return 0


def _child(command) -> dict | None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        return None
    return json.loads(done.stdout)


if __name__ == "__main__":
    sys.exit(main())
