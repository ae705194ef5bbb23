"""The page of one partner organisation: its facts and the engagements it takes part in."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.engagements.models import Participation, Status
from utblick.partners.actions import update_organisation
from utblick.partners.models import Affiliation, Contact, Interaction


def test_detail_shows_the_facts_of_the_organisation(client_for, roros):
    page = client_for("lisa").get(f"/partner/{roros.pk}/").content.decode()
    assert "<h1>Røros kommune</h1>" in page
    assert "Norge" in page
    assert "Kommun" in page
    assert '<a href="https://www.roros.kommune.no" rel="noopener noreferrer">' in page


def test_detail_lists_engagements_with_the_organisations_role_and_status(client_for, roros, make_engagement, take_part):
    exchange = make_engagement(title="Skolutbyte med Røros", status=Status.ONGOING)
    take_part(roros, exchange, role=Participation.Role.HOST)
    make_engagement(title="Ett engagemang utan Røros")
    page = client_for("lisa").get(f"/partner/{roros.pk}/").content.decode()
    assert f'<a href="/engagemang/{exchange.pk}/">Skolutbyte med Røros</a>' in page
    assert "Värd" in page
    assert "Pågående" in page
    assert "Ett engagemang utan Røros" not in page


def test_karin_does_not_see_a_secret_engagement_of_another_unit_on_the_partner_page(
    client_for, roros, secret_buf_engagement, take_part
):
    take_part(roros, secret_buf_engagement)
    page = client_for("karin").get(f"/partner/{roros.pk}/").content.decode()
    assert "Hemligt utbyte om elevhälsa" not in page
    assert "Organisationen deltar inte i något engagemang som du kan se." in page


def test_sara_sees_a_secret_engagement_of_another_unit_on_the_partner_page_marked_secret(
    client_for, roros, secret_buf_engagement, take_part
):
    take_part(roros, secret_buf_engagement)
    page = client_for("sara").get(f"/partner/{roros.pk}/").content.decode()
    assert "Hemligt utbyte om elevhälsa" in page
    assert "Sekretess" in page


def test_hans_sees_his_own_units_secret_engagement_on_the_partner_page(
    client_for, roros, secret_buf_engagement, take_part
):
    take_part(roros, secret_buf_engagement)
    assert "Hemligt utbyte om elevhälsa" in client_for("hans").get(f"/partner/{roros.pk}/").content.decode()


def test_detail_shows_who_changed_what(client_for, roros, karin):
    update_organisation(roros, by=karin, fields={"city": "Røros sentrum"})
    page = client_for("lisa").get(f"/partner/{roros.pk}/").content.decode()
    assert "Karin Kultur (karin)" in page
    assert "Røros sentrum" in page


def test_a_website_that_is_not_a_web_address_is_not_made_a_link(client_for, make_organisation):
    # Written past the actions (as an import or the admin could), so never validated.
    organisation = make_organisation(website="javascript:alert(1)")
    page = client_for("lisa").get(f"/partner/{organisation.pk}/").content.decode()
    assert 'href="javascript:' not in page


@pytest.mark.parametrize("username", ["sara", "karin"])
def test_the_organisation_page_needs_as_many_queries_for_many_engagements_contacts_and_interactions_as_for_one(
    client_for, roros, make_engagement, take_part, username
):
    client = client_for(username)
    client.get(f"/partner/{roros.pk}/")  # warm up the session and caches

    def add(number):
        engagement = make_engagement(title=f"Utbyte {number}", start_date=datetime.date(2020 + number % 6, 1, 1))
        take_part(roros, engagement)
        contact = Contact.objects.create(name=f"Kontakt {number}")
        Affiliation.objects.create(contact=contact, organisation=roros, role="Rektor")
        interaction = Interaction.objects.create(
            date=datetime.date(2025, 1, 1 + number), subject=f"Möte {number}", organisation=roros, engagement=engagement
        )
        interaction.contacts.add(contact)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/partner/{roros.pk}/")
        assert response.status_code == 200
        return len(queries)

    add(0)
    with_one = queries_for_page()
    for number in range(1, 12):
        add(number)
    assert queries_for_page() == with_one


def test_links_from_the_organisation_page_carry_its_id_without_a_thousands_separator(client_for, make_organisation):
    organisation = make_organisation(pk=23456, name="Tydal kommune")
    page = client_for("hans").get("/partner/23456/").content.decode()
    assert "/partner/kontakter/ny/?organisation=23456" in page
    assert "/partner/interaktioner/ny/?organisation=23456" in page
    assert organisation.name in page
