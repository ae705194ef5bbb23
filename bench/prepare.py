"""One step of `make bench`, run after the seeding: accounts, session cookies and what to ask for.

Run by bench/run.py as `python bench/prepare.py` with DJANGO_SETTINGS_MODULE=bench.settings and the
DATABASE_URL of the database just seeded. It prints one JSON object on stdout:
  cookies       session cookies of a coordinator (the app's pages) and of a superuser (the admin)
  engagements   how many engagements there are
  detail_pk     an engagement for the detail page (one with partners, decisions and an assessment)
  search        the whole word (present in about 1 % of the rows) and the partial word, with match counts
  explain       on PostgreSQL: the plan of the search query and which search indexes it uses
"""

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402

from utblick.core.roles import Role  # noqa: E402
from utblick.engagements.filters import filtered_engagements  # noqa: E402
from utblick.engagements.models import Engagement  # noqa: E402
from utblick.organisation.models import Membership, OrgUnit  # noqa: E402

COORDINATOR = "bench-samordnare"
SUPERUSER = "bench-admin"
PASSWORD = "bench-only-password-1"  # a throwaway database on this machine; never a real account
TARGET_SHARE = 0.01  # the whole word should occur in about 1 % of the engagements
SEARCH_INDEXES = ("engagement_search_fts_sv", "engagement_search_trgm")
WORD = re.compile(r"[^\W\d_]{7,}")  # long enough that its start is a real partial word


def accounts():
    User = get_user_model()
    coordinator, _ = User.objects.get_or_create(username=COORDINATOR, defaults={"email": "samordnare@bench.invalid"})
    coordinator.set_password(PASSWORD)
    coordinator.save()
    Membership.objects.get_or_create(user=coordinator, unit=OrgUnit.objects.get(code="nuk"), role=Role.SAMORDNARE)
    admin, _ = User.objects.get_or_create(username=SUPERUSER, defaults={"email": "admin@bench.invalid"})
    admin.is_staff = admin.is_superuser = True
    admin.set_password(PASSWORD)
    admin.save()
    return coordinator, admin


def session_cookie(user) -> str:
    """A real session in the database, as a login would make; gunicorn's workers read it from there."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _matches(term: str) -> int:
    return Engagement.objects.filter(search_text__icontains=term).count()


def search_terms(total: int) -> dict:
    """A whole word in about 1 % of the rows, and the start of it as someone types it (a partial word)."""
    counts = Counter()
    # A sample is enough to rank the words; the chosen ones are counted exactly below.
    for text in Engagement.objects.order_by("pk").values_list("search_text", flat=True)[:5000]:
        counts.update({w.lower() for w in WORD.findall(text)})
    sample = min(total, 5000)
    ranked = sorted(counts, key=lambda w: (abs(counts[w] / sample - TARGET_SHARE), w))
    for word in ranked[:10]:
        partial = word[: max(4, len(word) - 3)]
        if partial in counts:  # a partial word must not be a word of its own
            continue
        word_count, partial_count = _matches(word), _matches(partial)
        if partial_count <= 5 * max(word_count, 1):
            return {"word": word, "word_matches": word_count, "partial": partial, "partial_matches": partial_count}
    word = ranked[0]
    return {"word": word, "word_matches": _matches(word), "partial": word[:4], "partial_matches": _matches(word[:4])}


def explain(user, term: str) -> dict:
    """The plan PostgreSQL chooses for the list's search condition, and the search indexes it uses."""
    if connection.vendor != "postgresql":
        return {}
    _filterset, queryset = filtered_engagements(user, QueryDict(f"q={term}"))
    plan = queryset.explain()
    return {"term": term, "plan": plan, "indexes_used": [name for name in SEARCH_INDEXES if name in plan]}


def analyze() -> None:
    """On PostgreSQL, the planner statistics autovacuum gathers soon after a bulk load, gathered now.

    SQLite is left as Utblick leaves it: nothing runs ANALYZE there, so the bench must not either.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main():
    coordinator, admin = accounts()
    analyze()
    total = Engagement.objects.count()
    terms = search_terms(total)
    detail = (
        Engagement.objects.filter(decisions__isnull=False, assessments__isnull=False, participations__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    ) or Engagement.objects.order_by("pk").values_list("pk", flat=True).first()
    result = {
        "vendor": connection.vendor,
        "engagements": total,
        "detail_pk": detail,
        "cookies": {"app": session_cookie(coordinator), "admin": session_cookie(admin)},
        "search": terms,
        "explain": {"word": explain(coordinator, terms["word"]), "partial": explain(coordinator, terms["partial"])},
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
