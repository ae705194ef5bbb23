"""Retention: `manage.py anonymise_expired_contacts` and the coordinator's list of contacts due for removal."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.matrix import ONLY_SARA, PERSONAS
from utblick.core.history import history_of
from utblick.partners import gdpr
from utblick.partners.actions import create_contact, create_interaction
from utblick.partners.models import Contact

DAYS = 100


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def last_edited(contact: Contact, day: datetime.date) -> Contact:
    """Pretend the contact was last edited on `day` (noon, local time); update() leaves auto_now alone."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Contact.objects.filter(pk=contact.pk).update(updated_at=moment)
    return contact


@pytest.fixture(autouse=True)
def retention(settings):
    settings.PARTNERS_CONTACT_RETENTION_DAYS = DAYS


@pytest.fixture
def make_contact(hans, roros):
    def make(name, edited_days_ago, **fields):
        contact = create_contact(by=hans, fields={"name": name, **fields}, affiliations=[(roros, "")])
        return last_edited(contact, days_ago(edited_days_ago))

    return make


def run(*args) -> str:
    out = io.StringIO()
    call_command("anonymise_expired_contacts", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def anonymised(contact) -> bool:
    return Contact.objects.get(pk=contact.pk).anonymised_at is not None


# ---- The command ----------------------------------------------------------------------------------------


def test_command_anonymises_contacts_idle_for_longer_than_the_retention_time(make_contact):
    old = make_contact("Gammal Kontakt", DAYS + 1, email="gammal@example.no")
    recent = make_contact("Ny Kontakt", DAYS)
    output = run()
    assert anonymised(old)
    assert not anonymised(recent)
    assert f"Kontaktperson #{old.pk} (senaste aktivitet {days_ago(DAYS + 1):%Y-%m-%d}) anonymiserades." in output
    assert "1 kontaktperson anonymiserades." in output
    assert "Gammal Kontakt" not in output  # logs name the record by number only


def test_a_recent_meeting_keeps_a_contact_that_was_edited_long_ago(make_contact, hans, roros):
    contact = make_contact("Aktiv Kontakt", DAYS + 300)
    create_interaction(
        by=hans, fields={"date": days_ago(10), "subject": "Uppföljning", "organisation": roros}, contacts=[contact]
    )
    last_edited(contact, days_ago(DAYS + 300))
    run()
    assert not anonymised(contact)


def test_an_old_meeting_does_not_keep_a_contact(make_contact, hans, roros):
    contact = make_contact("Passiv Kontakt", DAYS + 300)
    create_interaction(
        by=hans,
        fields={"date": days_ago(DAYS + 5), "subject": "Gammalt möte", "organisation": roros},
        contacts=[contact],
    )
    last_edited(contact, days_ago(DAYS + 300))
    run()
    assert anonymised(contact)


def test_the_system_anonymises_with_the_retention_reason(make_contact):
    contact = make_contact("Gammal Kontakt", DAYS + 1)
    run()
    row = history_of(contact).first()
    assert (row.actor, row.actor_name, row.reason) == (None, "System", "Gallringsfristen har passerat")


def test_dry_run_lists_the_contacts_and_changes_nothing(make_contact):
    old = make_contact("Gammal Kontakt", DAYS + 20)
    output = run("--dry-run")
    assert f"Kontaktperson #{old.pk} (senaste aktivitet {days_ago(DAYS + 20):%Y-%m-%d}) skulle anonymiseras." in output
    assert "Torrkörning: 1 kontaktperson skulle anonymiseras. Inget ändrades." in output
    assert not anonymised(old)
    assert history_of(old).count() == 1


def test_zero_days_turns_retention_off(make_contact, settings):
    settings.PARTNERS_CONTACT_RETENTION_DAYS = 0
    old = make_contact("Gammal Kontakt", 5000)
    assert "Gallringen är avstängd" in run()
    assert not anonymised(old)


def test_already_anonymised_contacts_are_left_alone(make_contact, sara):
    contact = make_contact("Gammal Kontakt", DAYS + 1)
    gdpr.anonymise_contact(contact, by=sara, reason="Personen har begärt det.")
    last_edited(contact, days_ago(DAYS + 50))
    assert "0 kontaktpersoner anonymiserades." in run()
    assert history_of(contact).count() == 2


def test_nothing_to_do_says_so(make_contact):
    make_contact("Ny Kontakt", 1)
    assert run().strip() == "0 kontaktpersoner anonymiserades."


def test_a_contact_that_cannot_be_anonymised_is_reported_and_the_rest_go_on(make_contact, monkeypatch):
    first = make_contact("Första", DAYS + 2)
    second = make_contact("Andra", DAYS + 1)
    real = gdpr.anonymise_contact

    def refuse_first(contact, *, by, reason):
        if contact.pk == first.pk:
            raise ValidationError("Kontaktpersonen är låst.")
        return real(contact, by=by, reason=reason)

    monkeypatch.setattr(gdpr, "anonymise_contact", refuse_first)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 kontaktperson kunde inte anonymiseras."):
        call_command("anonymise_expired_contacts", stdout=io.StringIO(), stderr=errors)
    assert f"Kontaktperson #{first.pk} anonymiserades inte: Kontaktpersonen är låst." in errors.getvalue()
    assert anonymised(second)


# ---- The coordinator's retention page --------------------------------------------------------------------


def test_retention_page_lists_contacts_past_or_within_30_days_of_their_date(client_for, make_contact):
    past = make_contact("Passerad Person", DAYS + 10)
    soon = make_contact("Snart Person", DAYS - 20)
    make_contact("Långt Kvar", DAYS - 40)
    page = client_for("sara").get("/partner/kontakter/gallring/").content.decode()
    assert page.index("Passerad Person") < page.index("Snart Person")
    assert "Långt Kvar" not in page
    assert "Fristen har passerat" in page and "Inom kort" in page
    assert f"/partner/kontakter/{past.pk}/anonymisera/" in page
    assert f"/partner/kontakter/{soon.pk}/anonymisera/" in page
    assert f"{days_ago(DAYS - 20) + datetime.timedelta(days=DAYS + 1):%Y-%m-%d}" in page
    assert "2 kontaktpersoner" in page


def test_retention_page_leaves_out_anonymised_contacts(client_for, make_contact, sara):
    contact = make_contact("Gammal Kontakt", DAYS + 10)
    gdpr.anonymise_contact(contact, by=sara, reason="Personen har begärt det.")
    last_edited(contact, days_ago(DAYS + 10))
    assert "Ingen kontaktperson har passerat" in client_for("sara").get("/partner/kontakter/gallring/").content.decode()


def test_retention_page_says_when_retention_is_off(client_for, personas, settings):
    settings.PARTNERS_CONTACT_RETENTION_DAYS = 0
    page = client_for("sara").get("/partner/kontakter/gallring/").content.decode()
    assert "Gallringen är avstängd" in page


@pytest.mark.parametrize("username", PERSONAS)
def test_retention_page_by_persona(client_for, personas, username):
    assert client_for(username).get("/partner/kontakter/gallring/").status_code == ONLY_SARA[username]


def test_retention_page_query_count_does_not_grow_with_the_rows(client_for, make_contact, make_organisation, hans):
    client = client_for("sara")
    make_contact("Första Person", DAYS + 10)
    client.get("/partner/kontakter/gallring/")  # warm up: session, user, memberships

    with CaptureQueriesContext(connection) as one:
        client.get("/partner/kontakter/gallring/")
    for n in range(5):
        contact = make_contact(f"Person {n}", DAYS + n)
        contact.affiliations.create(organisation=make_organisation(name=f"Organisation {n}"), role="")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/partner/kontakter/gallring/").content.decode()
    assert "6 kontaktpersoner" in page
    assert len(many) == len(one)
