"""Synthetic engagements for benchmarks (seed_demo --engagements N): plain multi-row inserts, no history."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from utblick.engagements.demo.data import LIFE, SEED, SYSTEM_USERNAME, _join
from utblick.engagements.demo.engagements_data import d
from utblick.engagements.demo.seed import demo_exists, ensure_policy, seed_demo
from utblick.engagements.models import (
    Decision,
    Engagement,
    EngagementCountry,
    Kind,
    Participation,
    PriorityAssessment,
    Status,
)
from utblick.organisation.models import OrgUnit, Person
from utblick.partners.models import Organisation
from utblick.policy.models import Area, Objective, PriorityCriterion

# ---------------------------------------------------------------------------------------------------
# Synthetic engagements for benchmarks (seed_demo --engagements N)
# ---------------------------------------------------------------------------------------------------
_SYNTHETIC_THEMES = (
    # (title pattern, kind, units, objectives, areas)
    ("Elevutbyte med {org} om {topic}", Kind.SAMARBETE, ("gymnasiet", "grundskolan"), ("M3", "M5"), ("skola",)),
    ("Erasmus+-projekt om {topic} med {org}", Kind.PROJEKT, ("buf", "gymnasiet"), ("M3",), ("skola",)),
    ("Interreg-projekt om {topic} i {city}", Kind.PROJEKT, ("nuk", "ks"), ("M1", "M4"), ("naringsliv",)),
    ("Studiebesök från {org} om {topic}", Kind.BESOK, ("sof", "nuk", "kultur"), ("M3", "M5"), ("verksamhet",)),
    ("Studieresa till {city} om {topic}", Kind.RESA, ("sof", "buf", "nuk"), ("M3",), ("verksamhet",)),
    ("Konferens om {topic} i {city}", Kind.KONFERENS, ("nuk", "sof", "kultur"), ("M3", "M4"), ("verksamhet",)),
    ("Nätverk för {topic} med {org}", Kind.NATVERK, ("ks", "nuk"), ("M1", "M4"), ("verksamhet",)),
    ("Vänortsutbyte med {city} om {topic}", Kind.VANORT, ("ks",), ("M2", "M5"), ("kultur",)),
    ("Kulturutbyte med {org}: {topic}", Kind.SAMARBETE, ("kultur",), ("M5",), ("kultur",)),
    ("Erfarenhetsutbyte om {topic} med {org}", Kind.ANNAT, ("sof", "nuk", "buf"), ("M3",), ("verksamhet",)),
)
_SYNTHETIC_TOPICS = (
    "hållbar turism",
    "digital undervisning",
    "äldreomsorg i glesbygd",
    "fjällräddning",
    "lokal matproduktion",
    "förnybar energi",
    "ungas inflytande",
    "integration av nyanlända",
    "bibliotek och läsfrämjande",
    "folkmusik och dans",
    "skidsport och friluftsliv",
    "vattenvård i fjällen",
    "kompetensförsörjning",
    "cykelturism",
    "entreprenörskap i skolan",
    "samisk kultur",
)
_SYNTHETIC_STATUS_WEIGHTS = (
    (Status.IDEA, 15),
    (Status.ASSESSED, 10),
    (Status.DECIDED, 10),
    (Status.ONGOING, 25),
    (Status.FINISHED, 35),
    (Status.CANCELLED, 5),
)
BULK_CHUNK = 5000
_ASSESSMENT_TEXT = "Bedömningen bygger på partnernas erfarenhet och verksamhetens behov."


def add_synthetic_engagements(count: int, *, batch: int = BULK_CHUNK) -> int:
    """Add `count` plausible engagements quickly (plain multi-row inserts, no history), for benchmarks.

    Each one is consistent with the rules like the demo (a decided one has a decision and both
    responsible persons, a finished one results), and search_text is what actions.refresh_search_text
    would store. The model layer is bypassed for speed: 100 000 rows take about a minute.
    """
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError("Synthetic engagements are written for SQLite and PostgreSQL only.")
    ensure_policy()
    if not demo_exists():
        seed_demo()
    rng = random.Random(SEED + Engagement.objects.count())
    context = {
        "units": {u.code: u.pk for u in OrgUnit.objects.all()},
        "objectives": {o.code: o.pk for o in Objective.objects.all()},
        "areas": {a.code: a.pk for a in Area.objects.all()},
        "criteria": list(PriorityCriterion.objects.order_by("pk").values_list("pk", flat=True)),
        "orgs": list(Organisation.objects.order_by("pk").values_list("pk", "name", "city", "country")),
        "politicians": list(
            Person.objects.filter(kind=Person.Kind.FORTROENDEVALD).order_by("pk").values_list("pk", flat=True)
        ),
        "officers": list(
            Person.objects.filter(kind=Person.Kind.TJANSTEMAN).order_by("pk").values_list("pk", flat=True)
        ),
        "system_id": get_user_model().objects.filter(username=SYSTEM_USERNAME).values_list("pk", flat=True).first(),
        "now": datetime.datetime.now(tz=datetime.UTC),
    }
    written = 0
    while written < count:
        size = min(batch, count - written)
        with transaction.atomic():
            _write_synthetic(size, rng, **context)
        written += size
    return written


def _write_synthetic(size, rng, *, units, objectives, areas, criteria, orgs, politicians, officers, system_id, now):
    statuses = [s for s, _w in _SYNTHETIC_STATUS_WEIGHTS]
    weights = [w for _s, w in _SYNTHETIC_STATUS_WEIGHTS]
    ids = _allocate_ids(Engagement, size)
    engagements, objective_links, area_links, participations, countries, assessments, decisions = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for pk in ids:
        pattern, kind, unit_codes, objective_codes, area_codes = rng.choice(_SYNTHETIC_THEMES)
        partners = rng.sample(orgs, rng.choice((1, 1, 2, 3)))
        topic = rng.choice(_SYNTHETIC_TOPICS)
        lead = partners[0]
        title = pattern.format(org=lead[1], city=lead[2] or lead[1], topic=topic)[:200]
        status = rng.choices(statuses, weights)[0]
        reached = status if status != Status.CANCELLED else rng.choice(LIFE[:3])
        step = LIFE.index(reached)
        start = d(rng.randint(2022, 2026), rng.randint(1, 12), rng.randint(1, 28))
        end = start + datetime.timedelta(days=rng.choice((2, 4, 30, 120, 365, 730)))
        partner_names = [org[1] for org in partners]
        summary = f"Samarbete om {topic} med {_join(partner_names)}."
        purpose = f"Att utveckla verksamhetens arbete med {topic} genom utbyte med {lead[1]}."
        results = f"Nya arbetssätt inom {topic} har prövats och dokumenterats." if status == Status.FINISHED else ""
        diary_number = ""
        if step >= LIFE.index(Status.DECIDED):
            decided_on = start - datetime.timedelta(days=rng.randint(14, 90))
            diary_number = f"KS {decided_on.year}/{rng.randint(1, 400)}"
            decisions.append(
                {
                    "engagement_id": pk,
                    "body": "Kommunstyrelsens arbetsutskott",
                    "decided_on": decided_on,
                    "diary_number": diary_number,
                    "created_at": now,
                    "created_by_id": system_id,
                }
            )
        engagements.append(
            {
                "id": pk,
                "title": title,
                "kind": str(kind),
                "summary": summary,
                "purpose": purpose,
                "unit_goal": f"Verksamhetens mål om kompetensutveckling inom {topic}.",
                "added_value": "Ny kunskap och långsiktiga kontakter för kommunen.",
                "benefits_municipality": True,
                "benefits_residents": rng.random() < 0.5,
                "benefits_companies": rng.random() < 0.3,
                "owner_unit_id": units[rng.choice(unit_codes)],
                "responsible_politician_id": rng.choice(politicians) if step >= 2 or rng.random() < 0.6 else None,
                "responsible_officer_id": rng.choice(officers) if step >= 2 or rng.random() < 0.8 else None,
                "start_date": start,
                "end_date": end,
                "diary_number": diary_number,
                "implementation": f"Aktiviteter om {topic} har genomförts enligt planen." if step >= 3 else "",
                "results": results,
                "dissemination": "Redovisat på arbetsplatsträff och i nyhetsbrevet." if results else "",
                "status": str(status),
                "cancel_reason": "Avbrutet eftersom finansieringen inte beviljades."
                if status == Status.CANCELLED
                else "",
                # The same text as actions.refresh_search_text builds.
                "search_text": " ".join([title, summary, purpose, results, " ".join(partner_names)]),
                "created_at": now,
                "updated_at": now,
                "created_by_id": system_id,
            }
        )
        objective_links += [{"engagement_id": pk, "objective_id": objectives[c]} for c in objective_codes]
        area_links += [{"engagement_id": pk, "area_id": areas[c]} for c in area_codes]
        participations += [
            {
                "engagement_id": pk,
                "organisation_id": org[0],
                "role": str(Participation.Role.LEAD if len(partners) > 1 and i == 0 else Participation.Role.PARTNER),
            }
            for i, org in enumerate(partners)
        ]
        countries += [{"engagement_id": pk, "country": c} for c in sorted({org[3] for org in partners})]
        if step >= LIFE.index(Status.ASSESSED):
            assessments += [
                {"engagement_id": pk, "criterion_id": c, "justification": _ASSESSMENT_TEXT}
                for c in rng.sample(criteria, 2)
            ]
    _insert(Engagement, engagements)
    _insert(Engagement.objectives.through, objective_links)
    _insert(Engagement.areas.through, area_links)
    _insert(Participation, participations)
    _insert(EngagementCountry, countries)
    _insert(PriorityAssessment, assessments)
    _insert(Decision, decisions)


def _allocate_ids(model, count: int) -> list[int]:
    """Primary keys for `count` new rows: from the sequence on PostgreSQL; after the largest on SQLite.

    SQLite transactions here take the write lock when they begin (transaction_mode IMMEDIATE), so no one
    else can insert between reading the largest id and using the next ones.
    """
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _insert(model, rows: list[dict]) -> None:
    """INSERT rows given as {attname: value}; columns a row leaves out get the field's default."""
    if not rows:
        return
    ops, quote = connection.ops, connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.primary_key]
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields if f.attname not in rows[0]}

    def adapter(field):
        internal = field.get_internal_type()
        if internal == "DateTimeField":
            return ops.adapt_datetimefield_value
        if internal == "DateField":
            return ops.adapt_datefield_value
        return None

    adapters = [(f.attname, adapter(f)) for f in fields]
    values = [
        tuple(
            defaults[name] if name not in row else (adapt(row[name]) if adapt else row[name])
            for name, adapt in adapters
        )
        for row in rows
    ]
    columns = ", ".join(quote(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Many rows per statement: far fewer round trips than one INSERT per row (SQLite allows 32 766 parameters).
    per_statement = max(1, min(500, 30_000 // len(fields)))
    with connection.cursor() as cursor:
        for first in range(0, len(values), per_statement):
            chunk = values[first : first + per_statement]
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES " + ", ".join([row_sql] * len(chunk))
            cursor.execute(sql, [value for row in chunk for value in row])
