"""Adding, correcting and removing budget lines: the change is saved and the engagement's history tells it."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from utblick.core.history import history_of
from utblick.finance import actions
from utblick.finance.models import BudgetLine
from utblick.finance.tests.conftest import line_data


def _history_rows(engagement):
    return [(c["field"], c["before"], c["after"]) for change in history_of(engagement) for c in change.changes]


def test_adding_a_line_is_told_in_the_engagements_history(engagement, hans):
    line = actions.add_budget_line(engagement, by=hans, fields=line_data(planned_amount="12 000"))
    assert line.planned_amount == Decimal(12000)
    assert ("Budgetrad 2026, Resor: planerat", "", "12 000 kr") in _history_rows(engagement)
    assert history_of(engagement).first().actor == hans


def test_correcting_the_planned_amount_shows_old_and_new(engagement, make_line, sara):
    line = make_line(engagement, planned_amount=Decimal(0))
    actions.update_budget_line(line, by=sara, fields=line_data(planned_amount="12000"))
    assert ("Budgetrad 2026, Resor: planerat", "0 kr", "12 000 kr") in _history_rows(engagement)


def test_recording_the_outcome_in_euro_keeps_the_rate(engagement, make_line, hans):
    line = make_line(engagement, currency="EUR", exchange_rate=Decimal("11.5"))
    fields = line_data(planned_amount="1000", actual_amount="1 234,50", currency="eur", exchange_rate="11,45")
    actions.update_budget_line(line, by=hans, fields=fields)
    line.refresh_from_db()
    assert (line.actual_amount, line.currency, line.exchange_rate) == (Decimal("1234.50"), "EUR", Decimal("11.45"))
    assert line.actual_sek == Decimal("14135.03")
    assert ("Budgetrad 2026, Resor: utfall", "", "1 234,50 EUR") in _history_rows(engagement)


def test_income_needs_a_source_and_forgets_a_cost_category(engagement, sources, hans):
    fields = line_data(direction="income", cost_category="resor", funding_source=sources["Erasmus+"])
    line = actions.add_budget_line(engagement, by=hans, fields=fields)
    assert (line.cost_category, line.funding_source.name, line.is_external_income) == ("", "Erasmus+", True)


def test_removing_a_line_is_logged_with_what_it_said(engagement, make_line, hans):
    line = make_line(engagement, planned_amount=Decimal(500))
    actions.remove_budget_line(line, by=hans, reason="Dubbelregistrerad")
    assert not BudgetLine.objects.exists()
    change = history_of(engagement).first()
    assert change.reason == "Dubbelregistrerad"
    assert ("Budgetrad 2026, Resor: planerat", "500 kr", "") in _history_rows(engagement)


@pytest.mark.parametrize("username", ["karin", "per", "lisa", "erik"])
def test_those_who_may_not_change_the_engagement_may_not_keep_its_economy(engagement, personas, make_line, username):
    line = make_line(engagement)
    with pytest.raises(PermissionDenied):
        actions.add_budget_line(engagement, by=personas[username], fields=line_data())
    with pytest.raises(PermissionDenied):
        actions.update_budget_line(line, by=personas[username], fields=line_data())
    with pytest.raises(PermissionDenied):
        actions.remove_budget_line(line, by=personas[username])
    assert BudgetLine.objects.count() == 1


def test_an_inactive_source_cannot_be_chosen_for_a_new_line(engagement, sources, hans):
    source = sources["Regionala medel"]
    source.is_active = False
    source.save()
    with pytest.raises(Exception) as error:
        actions.add_budget_line(engagement, by=hans, fields=line_data(direction="income", funding_source=source))
    assert "används inte längre" in str(error.value)
