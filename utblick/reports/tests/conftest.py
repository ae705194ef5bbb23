"""A hand-made set of engagements with one known gap each, in Hans's unit (buf) and Karin's (kultur)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from utblick.engagements.models import Decision, Status
from utblick.finance.models import BudgetLine
from utblick.organisation.models import Person


def add_line(engagement, actual):
    return BudgetLine.objects.create(
        engagement=engagement,
        year=2025,
        direction="cost",
        cost_category="resor",
        planned_amount=Decimal(1000),
        actual_amount=actual,
    )


def decide(engagement):
    Decision.objects.create(
        engagement=engagement, body="Kommunstyrelsen", decided_on=datetime.date(2025, 3, 1), diary_number="KS 2025/1"
    )


@pytest.fixture
def gaps_set(make_engagement, personas, units):
    """Engagements by title; the comment says which gap each one has."""
    today = timezone.localdate()
    past, future = today - datetime.timedelta(days=30), today + datetime.timedelta(days=300)
    politician = Person.objects.get(user=personas["per"])
    officer = Person.objects.get(user=personas["hans"])
    whole = {
        "responsible_politician": politician,
        "responsible_officer": officer,
        "start_date": datetime.date(2025, 1, 1),
        "end_date": future,
        "results": "Eleverna har lärt sig mycket.",
        "dissemination": "Presenterat på rektorsmötet.",
    }
    finished = {**whole, "status": Status.FINISHED, "end_date": past}

    def make(title, **fields):
        return make_engagement(**{**whole, "title": title, **fields})

    made = {
        "complete": make("Komplett", status=Status.ONGOING),  # no gap
        "no_decision": make("Utan beslut", status=Status.ASSESSED),  # decision
        "no_officer": make("Utan tjänsteman", status=Status.IDEA, responsible_officer=None),  # responsible
        "no_goal": make("Utan verksamhetsmål", status=Status.IDEA, unit_goal=""),  # purpose
        "late": make("Försenat", status=Status.ONGOING, end_date=past, results=""),  # results
        "no_dissemination": make("Utan spridning", **{**finished, "dissemination": ""}),  # dissemination
        "no_actual": make("Utan utfall", **finished),  # economy (one line without actual amount)
        "no_budget": make("Utan budget", **finished),  # economy (no lines at all)
        "done": make("Färdigt", **finished),  # no gap
        "secret": make("Hemligt utan beslut", status=Status.ASSESSED, is_secret=True),  # decision, buf, secret
        "archived": make("Arkiverat", status=Status.FINISHED, end_date=past, results="", dissemination=""),
        "cancelled": make("Avbrutet utan mål", status=Status.CANCELLED, unit_goal=""),  # no gap: cancelled
        "culture": make(
            "Kultur utan ansvarig", status=Status.IDEA, owner_unit=units["kultur"], responsible_politician=None
        ),
    }
    for key in ("complete", "late"):
        decide(made[key])
    for key in ("no_dissemination", "done"):
        add_line(made[key], Decimal(900))
    add_line(made["no_actual"], Decimal(900))
    add_line(made["no_actual"], None)
    made["archived"].archived_at = timezone.now()
    made["archived"].save()
    return made
