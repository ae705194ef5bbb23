"""A hand-made year of international work, 2025 (and a little of 2024), whose every report figure is known.

E1 Skolutbyte med Røros    buf     samarbete ongoing   2024-08..2026-06  Røros (NO)      M3, area skola
E2 Kulturresa Trondheim    kultur  resa      finished  2025-05           Trondheim (NO)  M5
E3 Hemligt projekt Berlin  buf     projekt   decided   2025-03..2025-12  Schule (DE)     M1+M3, P2, secret
E4 Idé om Kenya            nuk     projekt   idea      2025-09..         Nairobi (KE)    (not work)
E5 Arkiverat utbyte        buf     samarbete ongoing   2025              archived: left out everywhere
E6 Gammalt nätverk         buf     natverk   finished  2023              only its money counts
E7 Avbruten vänort         kultur  vanort    cancelled 2025-02..2025-04
E8 Besök från Nairobi      nuk     besok     ongoing   2025-06           Nairobi (KE)    M3

Budget lines (SEK unless said): E1 2025 travel 10 000 → 12 000,40; Interreg Sverige-Norge 500 → 400 EUR at
11,4567; 2024 travel 8 000 → 8 000. E2 2025 working time 5 000 → 6 000 NOK at 0,98; own budget 3 000 → 3 000.
E3 2025 services 20 000 → (no outcome); travel 0 → 2 500; Erasmus+ 10 000 → 10 000. E5 2025 99 999 (archived).
E6 2024 travel 7 000 → 7 000; 2025 other 1 000 → 1 000.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from utblick.engagements.models import EngagementCountry, Kind, Participation, PriorityAssessment, Status
from utblick.finance.models import BudgetLine, FundingSource
from utblick.organisation.models import Person
from utblick.partners.models import Organisation
from utblick.policy.models import Area, Objective, PriorityCriterion

D = datetime.date


def build(make_engagement, units, personas) -> dict:
    per, hans, karin = (Person.objects.get(user=personas[name]) for name in ("per", "hans", "karin"))
    objective = {code: Objective.objects.get(code=code) for code in ("M1", "M3", "M5")}
    orgs = {
        "roros": Organisation.objects.create(name="Røros kommune", kind="kommun", country="NO"),
        "trondheim": Organisation.objects.create(name="Trondheim kommune", kind="kommun", country="NO"),
        "berlin": Organisation.objects.create(name="Schule am Müggelsee", kind="skola", country="DE"),
        "nairobi": Organisation.objects.create(name="Nairobi County", kind="region", country="KE"),
    }

    def make(title, unit, kind, status, start, end, partners=(), countries=(), objectives=("M3",), **fields):
        engagement = make_engagement(
            title=title,
            owner_unit=units[unit],
            kind=kind,
            status=status,
            start_date=start,
            end_date=end,
            objectives=[objective[code] for code in objectives],
            **fields,
        )
        for key in partners:
            Participation.objects.create(engagement=engagement, organisation=orgs[key])
        for code in countries:
            EngagementCountry.objects.create(engagement=engagement, country=code)
        return engagement

    e = {
        "E1": make(
            "Skolutbyte med Røros",
            "buf",
            Kind.SAMARBETE,
            Status.ONGOING,
            D(2024, 8, 1),
            D(2026, 6, 30),
            ["roros"],
            ["NO"],
            responsible_politician=per,
            responsible_officer=hans,
        ),
        "E2": make(
            "Kulturresa Trondheim",
            "kultur",
            Kind.RESA,
            Status.FINISHED,
            D(2025, 5, 1),
            D(2025, 5, 10),
            ["trondheim"],
            ["NO"],
            ("M5",),
            responsible_officer=karin,
        ),
        "E3": make(
            "Hemligt projekt Berlin",
            "buf",
            Kind.PROJEKT,
            Status.DECIDED,
            D(2025, 3, 1),
            D(2025, 12, 31),
            ["berlin"],
            ["DE"],
            ("M1", "M3"),
            is_secret=True,
            secrecy_ground="OSL 21 kap. 7 §",
            responsible_officer=hans,
        ),
        "E4": make("Idé om Kenya", "nuk", Kind.PROJEKT, Status.IDEA, D(2025, 9, 1), None, ["nairobi"], ["KE"]),
        "E5": make(
            "Arkiverat utbyte",
            "buf",
            Kind.SAMARBETE,
            Status.ONGOING,
            D(2025, 1, 1),
            D(2025, 12, 31),
            ["roros"],
            ["NO"],
            archived_at=timezone.now(),
        ),
        "E6": make("Gammalt nätverk", "buf", Kind.NATVERK, Status.FINISHED, D(2023, 1, 1), D(2023, 12, 31), ["roros"]),
        "E7": make("Avbruten vänort", "kultur", Kind.VANORT, Status.CANCELLED, D(2025, 2, 1), D(2025, 4, 1)),
        "E8": make(
            "Besök från Nairobi", "nuk", Kind.BESOK, Status.ONGOING, D(2025, 6, 1), D(2025, 6, 5), ["nairobi"], ["KE"]
        ),
    }
    e["E1"].areas.set([Area.objects.get(code="skola")])
    PriorityAssessment.objects.create(
        engagement=e["E3"], criterion=PriorityCriterion.objects.get(code="P2"), justification="Tysk skola."
    )

    # get_or_create: browser tests flush the database, and with it the funding sources the migration seeded.
    kinds = {"Interreg Sverige-Norge": "eu_program", "Egen budget": "egen_budget", "Erasmus+": "eu_program"}
    source = {
        name: FundingSource.objects.get_or_create(name=name, defaults={"kind": kind})[0] for name, kind in kinds.items()
    }

    def cost(engagement, year, category, planned, actual, currency="SEK", rate="1"):
        BudgetLine.objects.create(
            engagement=e[engagement],
            year=year,
            direction="cost",
            cost_category=category,
            planned_amount=Decimal(planned),
            actual_amount=None if actual is None else Decimal(actual),
            currency=currency,
            exchange_rate=Decimal(rate),
        )

    def income(engagement, year, name, planned, actual, currency="SEK", rate="1"):
        BudgetLine.objects.create(
            engagement=e[engagement],
            year=year,
            direction="income",
            funding_source=source[name],
            planned_amount=Decimal(planned),
            actual_amount=Decimal(actual),
            currency=currency,
            exchange_rate=Decimal(rate),
        )

    cost("E1", 2025, "resor", "10000", "12000.40")
    income("E1", 2025, "Interreg Sverige-Norge", "500", "400", "EUR", "11.4567")
    cost("E1", 2024, "resor", "8000", "8000")
    cost("E2", 2025, "arbetstid", "5000", "6000", "NOK", "0.98")
    income("E2", 2025, "Egen budget", "3000", "3000")
    cost("E3", 2025, "kopta_tjanster", "20000", None)
    cost("E3", 2025, "resor", "0", "2500")
    income("E3", 2025, "Erasmus+", "10000", "10000")
    cost("E5", 2025, "resor", "99999", "99999")
    cost("E6", 2024, "resor", "7000", "7000")
    cost("E6", 2025, "ovrigt", "1000", "1000")
    return {"engagements": e, "organisations": orgs, "sources": source}
