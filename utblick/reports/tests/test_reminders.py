"""Reminder emails for the yearly follow-up, sent over real SMTP: who gets which engagements, and how often."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from utblick.engagements.models import Status
from utblick.finance.models import BudgetLine
from utblick.organisation.models import Person
from utblick.reports.followup_reminders import send_followup_reminders_task
from utblick.reports.models import FollowupReminder

pytestmark = pytest.mark.django_db

BASE = "https://utblick.kommun.example"


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.UTBLICK_BASE_URL = BASE + "/"
    settings.FOLLOWUP_REMINDER_INTERVAL_DAYS = 30


@pytest.fixture
def reminder_set(make_engagement, personas, units):
    """Engagements of 2025 lacking something, with officers with and without email addresses."""
    hans = Person.objects.get(user=personas["hans"])
    karin = Person.objects.get(user=personas["karin"])
    no_email = Person.objects.create(name="Olle Utanpost", kind="tjansteman", unit=units["buf"])
    gone = Person.objects.create(
        name="Greta Slutat", kind="tjansteman", unit=units["buf"], email="greta@kommun.example", is_active=False
    )
    base = {
        "status": Status.ONGOING,
        "start_date": datetime.date(2025, 1, 1),
        "end_date": datetime.date(2099, 12, 31),
    }

    def make(title, officer, **fields):
        return make_engagement(**{**base, "title": title, "responsible_officer": officer, **fields})

    made = {
        "hans_1": make("Skolutbyte med Røros", hans),
        "hans_2": make(
            "Lärarresa till Highland",
            hans,
            status=Status.FINISHED,
            end_date=datetime.date(2025, 5, 1),
            results="Sex lärare deltog.",
        ),
        "karin": make("Kulturfestival med Tartu", karin, owner_unit=units["kultur"]),
        "nobody": make("Vänort utan ansvarig", None),
        "no_email": make("Nätverk utan e-post", no_email),
        "gone": make("Projekt med avslutad tjänsteman", gone),
        "complete": make("Komplett utbyte", hans),
    }
    BudgetLine.objects.create(
        engagement=made["complete"],
        year=2025,
        direction="cost",
        cost_category="resor",
        planned_amount=Decimal(1000),
        actual_amount=Decimal(950),
    )
    return made


def text(mail) -> str:
    return mail.body.replace("\r\n", "\n")


def run(*args):
    out = StringIO()
    call_command("send_followup_reminders", *args, stdout=out)
    return out.getvalue()


def test_each_officer_gets_one_email_with_their_engagements_and_the_coordinator_gets_the_rest(
    smtp_server, reminder_set
):
    output = run("--year", "2025")
    by_recipient = {tuple(mail.recipients): mail for mail in smtp_server.messages}
    assert sorted(by_recipient) == [("hans@kommun.example",), ("karin@kommun.example",), ("sara@kommun.example",)]

    hans = by_recipient[("hans@kommun.example",)]
    assert hans.subject == "Uppföljning 2025: 2 engagemang saknar uppgifter"
    assert "Hej Hans Handläggare!" in text(hans)
    for key in ("hans_1", "hans_2"):
        pk = reminder_set[key].pk
        assert f"{BASE}/engagemang/{pk}/\n" in text(hans)
        assert f"{BASE}/engagemang/{pk}/ekonomi/" in text(hans)
    assert "Skolutbyte med Røros (Barn, utbildning och fritid): utfall för året saknas" in text(hans)
    assert "Lärarresa till Highland (Barn, utbildning och fritid): utfall för året saknas, " in text(hans)
    assert "spridningen inom kommunen är inte beskriven" in text(hans)
    assert "Komplett utbyte" not in text(hans)
    assert "Kulturfestival" not in text(hans)
    assert f"{BASE}/uppfoljning/ar/?year=2025" in text(hans)
    html = hans.message.get_body(preferencelist=("html",)).get_content()
    assert f'<a href="{BASE}/engagemang/{reminder_set["hans_1"].pk}/">Skolutbyte med Røros</a>' in html

    karin = by_recipient[("karin@kommun.example",)]
    assert karin.subject == "Uppföljning 2025: 1 engagemang saknar uppgifter"
    assert "Kulturfestival med Tartu" in text(karin) and "Skolutbyte" not in text(karin)

    sara = by_recipient[("sara@kommun.example",)]
    assert sara.subject == "Uppföljning 2025: 3 engagemang saknar uppgifter"
    assert "utan ansvarig tjänsteman med e-post (3)" in text(sara)
    for title in ("Vänort utan ansvarig", "Nätverk utan e-post", "Projekt med avslutad tjänsteman"):
        assert title in text(sara)
    assert "Skolutbyte" not in text(sara)
    assert not smtp_server.to("greta@kommun.example")

    assert output.count("Skickade till ") == 3
    assert "3 påminnelser skickades." in output
    recorded = dict(FollowupReminder.objects.filter(year=2025).values_list("email", "engagement_count"))
    assert recorded == {"hans@kommun.example": 2, "karin@kommun.example": 1, "sara@kommun.example": 3}


def test_dry_run_sends_nothing_and_says_what_would_be_sent(smtp_server, reminder_set):
    output = run("--year", "2025", "--dry-run")
    assert smtp_server.messages == []
    assert FollowupReminder.objects.count() == 0
    assert "Skulle skicka till hans@kommun.example: ”Uppföljning 2025: 2 engagemang saknar uppgifter”." in output
    assert "Torrkörning: 3 påminnelser skulle skickas. Inget skickades." in output


def test_a_second_run_within_the_interval_sends_nothing_but_force_sends_again(smtp_server, reminder_set):
    run("--year", "2025")
    assert len(smtp_server.messages) == 3
    output = run("--year", "2025")
    assert len(smtp_server.messages) == 3
    assert "0 påminnelser skickades. 3 mottagare hade redan påmints inom intervallet." in output
    run("--year", "2025", "--force")
    assert len(smtp_server.messages) == 6


def test_a_person_is_reminded_again_once_the_interval_has_passed(smtp_server, reminder_set):
    run("--year", "2025")
    FollowupReminder.objects.filter(email="hans@kommun.example").update(
        sent_at=timezone.now() - datetime.timedelta(days=31)
    )
    run("--year", "2025")
    assert [mail.recipients for mail in smtp_server.messages[3:]] == [["hans@kommun.example"]]


def test_reminders_for_another_year_are_counted_separately(smtp_server, reminder_set):
    run("--year", "2025")
    run("--year", "2024")  # nothing of 2024 lacks anything: no email, and 2025's record does not matter
    assert len(smtp_server.messages) == 3


def test_without_year_the_command_follows_up_last_year(smtp_server, make_engagement, personas):
    last_year = timezone.localdate().year - 1
    make_engagement(
        title="Fjolårets utbyte",
        status=Status.ONGOING,
        start_date=datetime.date(last_year, 1, 1),
        end_date=datetime.date(2099, 1, 1),
        responsible_officer=Person.objects.get(user=personas["hans"]),
    )
    run()
    [mail] = smtp_server.messages
    assert mail.subject == f"Uppföljning {last_year}: 1 engagemang saknar uppgifter"


def test_a_year_outside_the_range_is_refused_in_swedish(smtp_server):
    with pytest.raises(CommandError, match="Året måste vara mellan 2000 och"):
        run("--year", "20")


def test_the_scheduled_task_sends_the_same_reminders(smtp_server, reminder_set):
    result = send_followup_reminders_task.enqueue(2025)
    assert result.return_value == 3
    assert sorted(mail.recipients[0] for mail in smtp_server.messages) == [
        "hans@kommun.example",
        "karin@kommun.example",
        "sara@kommun.example",
    ]
