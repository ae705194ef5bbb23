"""One step of `make bench`: the competence search (issue 7) over 5 000 profiles.

Run by bench/run.py as `python bench/competence.py --profiles 5000` with DJANGO_SETTINGS_MODULE=bench.settings
and the DATABASE_URL of the database just measured; also usable on its own (see bench/README.md). It

1. seeds employees with competence profiles up to a fifth of --profiles (bulk_create, a fixed random seed, so
   the same people on every run): an account, a membership and a person in one of the units, 0–4 languages
   at CEFR levels (Swedish and English common, Norwegian, Finnish, German, French ... rarer), 0–3 areas of EU
   knowledge, 0–3 experiences (countries, and places such as Skottland or Bryssel that are no country), now and
   then networks of the partner register (NETWORKS, made once if missing) and/or written as text, about a third
   willing to help, and most parts visible to colleagues;
2. requests each search of SEARCHES once through the page /kompetens/?q=… (Django's test Client, as the
   bench coordinator) and counts its SQL queries;
3. seeds up to --profiles and measures each search again: median and p95 over --runs requests, the hits,
   and the queries, which must equal those at a fifth of the profiles (the search reads a fixed number of
   queries whatever the number of hits);
4. prints one JSON object.

The seeded people stay in the database (as the other benchmarks' rows do); their accounts are named
"bench-kompetens-<number>" and found again by that prefix.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

SEED = 20261128
COORDINATOR = "bench-samordnare"  # the same account as bench/prepare.py's
PREFIX = "bench-kompetens-"
BULK = 1000

# (name, query): a common language, the examples, a country (with the register's trips), nothing.
SEARCHES = (
    ("common", "engelska minst B2"),
    ("combined", "norska, minst B2, Interreg"),
    ("place", "erfarenhet av Skottland"),
    ("country", "Tyskland"),
    ("network", "Kvarkenrådet"),
    ("none", "zyxwvutsrq"),
)

# (code, share of people who know it)
LANGUAGES = (("en", 0.8), ("sv", 0.3), ("no", 0.12), ("fi", 0.08), ("de", 0.2), ("fr", 0.1), ("es", 0.08),
             ("se", 0.02), ("da", 0.05), ("ru", 0.03), ("pl", 0.02), ("ar", 0.03), ("et", 0.01))  # fmt: skip
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
COUNTRIES = ("NO", "FI", "DK", "DE", "GB", "FR", "ES", "EE", "PL", "BE", "IT", "US")
PLACES = ("Skottland", "Bryssel", "Nordkalotten", "Trøndelag", "Lappland", "Bayern", "")
DOINGS = ("arbetade på en skola", "praktik vid regionkontoret", "projektledare i ett Interreg-projekt",
          "studerade ett år", "volontär i en förening", "utbytestjänst inom vården")  # fmt: skip
# The partner register's networks the bench people take part in (made if missing), and what a person who has
# networks has: (indexes into NETWORKS, networks written as text). Five of them, drawn as the five free-text
# networks were before the register's, so the random people stay the same as in earlier runs.
NETWORKS = ("Kvarkenrådet", "Gränskommittén Nord", "Euromontana", "Nordiska ministerrådets nätverk")
NETWORK_CHOICES = (
    ((0,), "Eurocities, kulturforum"),
    ((0, 1), ""),
    ((2,), "ALDA"),
    ((0, 3), ""),
    ((), "Eurocities, kulturforum"),
)
FIRST = ("Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Per", "Lena", "Nils", "Ingrid", "Ola")
LAST = ("Andersson", "Berg", "Dahl", "Ek", "Holm", "Lund", "Nilsson", "Sjöberg", "Strand", "Wik", "Åberg")


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value at least `share` of the values are at or under."""
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def coordinator():
    from django.contrib.auth import get_user_model

    from utblick.core.roles import Role
    from utblick.organisation.models import Membership, OrgUnit

    user, _created = get_user_model().objects.get_or_create(username=COORDINATOR)
    Membership.objects.get_or_create(user=user, unit=OrgUnit.objects.get(code="nuk"), role=Role.SAMORDNARE)
    return user


def make_person(rng: random.Random) -> dict:
    """One made-up employee's profile content (the same for the same random state)."""
    languages = [(code, rng.choice(LEVELS)) for code, share in LANGUAGES if rng.random() < share]
    experiences = []
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        start = rng.randint(1995, 2024)
        experiences.append(
            {
                "country": rng.choice(COUNTRIES),
                "place": rng.choice(PLACES),
                "start_year": start,
                "end_year": start + rng.randint(0, 4),
                "description": rng.choice(DOINGS) + ".",
            }
        )
    return {
        "languages": languages,
        "eu": rng.sample(range(7), rng.choice((0, 0, 1, 1, 2, 3))),
        "experiences": experiences,
        "networks": rng.choice(NETWORK_CHOICES) if rng.random() < 0.3 else ((), ""),
        "willing": rng.random() < 0.35,
        "visible": rng.random() < 0.85,
    }


def register_networks() -> list[int]:
    """The pks of NETWORKS in the partner register, made (ongoing since 2019) when missing."""
    import datetime

    from utblick.partners.models import Network

    pks = []
    for name in NETWORKS:
        network = Network.objects.filter(name=name).order_by("pk").first()
        if network is None:
            network = Network.objects.create(name=name, member_since=datetime.date(2019, 1, 1))
        pks.append(network.pk)
    return pks


def seed_profiles(wanted: int) -> dict:
    """Profiles up to `wanted` bench people (bulk_create), each with account, membership, person and content."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from utblick.competence.models import (
        PARTS,
        CompetenceProfile,
        EuKnowledge,
        Experience,
        LanguageSkill,
        Visibility,
    )
    from utblick.core.roles import Role
    from utblick.organisation.models import Membership, OrgUnit, Person

    started = time.perf_counter()
    User = get_user_model()
    existing = User.objects.filter(username__startswith=PREFIX).count()
    missing = wanted - existing
    areas = list(EuKnowledge.objects.order_by("pk").values_list("pk", flat=True))
    units = list(OrgUnit.objects.order_by("pk"))
    through = CompetenceProfile.eu_knowledge.through
    network_through = CompetenceProfile.networks.through
    networks = register_networks()
    rng = random.Random(SEED + existing)
    for start in range(0, max(missing, 0), BULK):
        numbers = range(existing + start, existing + start + min(BULK, missing - start))
        people = {number: make_person(rng) for number in numbers}
        names = {number: (rng.choice(FIRST), rng.choice(LAST)) for number in numbers}
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    username=f"{PREFIX}{number:06d}",
                    first_name=names[number][0],
                    last_name=f"{names[number][1]} {number}",
                    password="!",  # no password: nobody logs in as them
                )
                for number in numbers
            )
            unit_of = {user.pk: units[rng.randrange(len(units))] for user in users}
            Membership.objects.bulk_create(
                Membership(user=user, unit=unit_of[user.pk], role=Role.HANDLAGGARE) for user in users
            )
            Person.objects.bulk_create(
                Person(name=user.get_full_name(), kind=Person.Kind.TJANSTEMAN, unit=unit_of[user.pk], user=user)
                for user in users
            )
            profiles = CompetenceProfile.objects.bulk_create(
                CompetenceProfile(
                    user=user,
                    other_networks=people[number]["networks"][1],
                    willing_to_help=people[number]["willing"],
                    **{
                        f"show_{part}": Visibility.VISIBLE if people[number]["visible"] else Visibility.PRIVATE
                        for part, _label in PARTS
                    },
                )
                for number, user in zip(numbers, users, strict=True)
            )
            LanguageSkill.objects.bulk_create(
                LanguageSkill(profile=profile, language=code, level=level)
                for number, profile in zip(numbers, profiles, strict=True)
                for code, level in people[number]["languages"]
            )
            through.objects.bulk_create(
                through(competenceprofile_id=profile.pk, euknowledge_id=areas[index])
                for number, profile in zip(numbers, profiles, strict=True)
                for index in people[number]["eu"]
                if index < len(areas)
            )
            network_through.objects.bulk_create(
                network_through(competenceprofile_id=profile.pk, network_id=networks[index])
                for number, profile in zip(numbers, profiles, strict=True)
                for index in people[number]["networks"][0]
            )
            Experience.objects.bulk_create(
                Experience(profile=profile, **experience)
                for number, profile in zip(numbers, profiles, strict=True)
                for experience in people[number]["experiences"]
            )
    return {
        "profiles": CompetenceProfile.objects.count(),
        "profiles_added": max(missing, 0),
        "seconds": round(time.perf_counter() - started, 2),
    }


def page_client(user):
    from django.conf import settings
    from django.test import Client

    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"]
    client = Client(HTTP_HOST=hosts[0] if hosts else "127.0.0.1")
    client.force_login(user)
    return client


def search_url(term: str) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return reverse("competence:index") + f"?{urlencode({'q': term})}"


def queries_of(client) -> dict:
    """Each search once: its SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counted = {}
    for name, term in SEARCHES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(search_url(term))
        if response.status_code != 200:
            raise SystemExit(f"{search_url(term)} answered {response.status_code}")
        counted[name] = len(queries)
    return counted


def measure(client, user, runs: int) -> dict:
    """Each search `runs` times (after one request unmeasured): median and p95 in ms, and the hits."""
    from utblick.competence import search

    measured = {}
    for name, term in SEARCHES:
        url = search_url(term)
        client.get(url)
        times = []
        for _run in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        measured[name] = {
            "term": term,
            "hits": len(search.find(user, search.parse(term))),
            "runs": runs,
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1),
            "bytes": len(response.content),
        }
    return measured


def run(profiles: int, runs: int) -> dict:
    import django

    django.setup()
    from django.apps import apps
    from django.db import connection

    # The shipped EU knowledge list (migration 0002), in case a database was emptied after migrating.
    importlib.import_module("utblick.competence.migrations.0002_eu_knowledge_list").seed(apps, None)
    user = coordinator()
    client = page_client(user)
    small_seed = seed_profiles(max(1, profiles // 5))
    small = queries_of(client)
    full_seed = seed_profiles(profiles)
    full = queries_of(client)
    searches = measure(client, user, runs)
    for name in searches:
        searches[name]["queries"] = full[name]
        searches[name]["queries_at_a_fifth"] = small[name]
    return {
        "database": connection.vendor,
        "profiles": full_seed["profiles"],
        "seeding_seconds": round(small_seed["seconds"] + full_seed["seconds"], 2),
        "searches": searches,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=5000, help="profiles to search (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=20, help="requests per search (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.profiles < 5 or args.runs < 1:
        parser.error("--profiles must be at least 5 and --runs at least 1")
    print(json.dumps(run(args.profiles, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
