"""Subscriptions and the unsubscribe link in a real browser: Lisa subscribes through the form (a Swedish error
first), the list and form have no axe violations, and the unsubscribe pages work without logging in."""

import pytest

from utblick.monitoring import digests
from utblick.monitoring.models import Source, Subscription

pytestmark = pytest.mark.browser


def test_lisa_subscribes_through_the_form_and_sees_her_subscription(page, personas, units, login, assert_accessible):
    Source.objects.create(name="Interreg Aurora", url="http://127.0.0.1:9/aurora.xml")
    login(personas["lisa"])
    page.goto("/bevakning/prenumerationer/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mina prenumerationer"
    assert_accessible(page, "tom prenumerationslista")

    page.get_by_role("link", name="Ny prenumeration").click()
    page.wait_for_load_state()
    assert_accessible(page, "prenumerationsformuläret")
    page.get_by_role("button", name="Spara prenumerationen").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert "Välj minst en enhet" in page.get_by_role("alert").inner_text()
    assert_accessible(page, "prenumerationsformuläret med fel")

    page.get_by_label("Namn").fill("Skolutbyten")
    page.get_by_label(units["buf"].name, exact=True).check()
    page.get_by_label("Sökord").fill("Erasmus+\nInterreg")
    page.get_by_label("En gång i veckan").check()
    page.get_by_role("button", name="Spara prenumerationen").click()
    page.wait_for_load_state()
    assert "Prenumerationen Skolutbyten är sparad." in page.get_by_role("status").inner_text()
    row = page.locator("table tbody tr").first
    assert "Skolutbyten" in row.inner_text() and "En gång i veckan" in row.inner_text()
    assert_accessible(page, "prenumerationslistan")
    assert Subscription.objects.get(user=personas["lisa"]).frequency == "weekly"


def test_the_unsubscribe_pages_work_without_login_and_are_accessible(page, personas, units, assert_accessible):
    subscription = Subscription.objects.create(user=personas["hans"], name="Skola", frequency="daily")
    subscription.units.set([units["buf"]])
    token = digests.unsubscribe_token(personas["hans"].pk, [subscription.pk])

    page.goto(f"/bevakning/avsluta/{token}/")
    assert "Skola" in page.locator("main").inner_text()
    assert_accessible(page, "bekräfta avslut")
    page.get_by_role("button", name="Ja, avsluta prenumerationerna").click()
    page.wait_for_load_state()
    assert "Klart. Du får inga fler utskick" in page.locator("main").inner_text()
    assert_accessible(page, "avslutad")
    subscription.refresh_from_db()
    assert subscription.is_active is False

    page.goto(f"/bevakning/avsluta/{token[:-3]}abc/")
    assert "Länken fungerar inte" in page.locator("main").inner_text()
    assert_accessible(page, "ogiltig länk")
