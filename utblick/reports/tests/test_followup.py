"""The yearly follow-up page (R-51) and the state Uppföljd: who sees which engagements lacking what, for which year."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.matrix import PERSONAS, READ
from utblick.core.errors import PolicyViolation
from utblick.core.models import Change
from utblick.engagements import actions
from utblick.engagements.models import Participation, Status
from utblick.finance.models import BudgetLine
from utblick.organisation.models import Person
from utblick.partners.models import Organisation

pytestmark = pytest.mark.django_db

URL = reverse("reports:followup")
YEAR = 2025


def add_line(engagement, actual, year=YEAR):
    return BudgetLine.objects.create(
        engagement=engagement,
        year=year,
        direction="cost",
        cost_category="resor",
        planned_amount=Decimal(1000),
        actual_amount=actual,
    )


@pytest.fixture
def year_set(make_engagement, personas, units):
    """Engagements by title; the comment says what the 2025 follow-up finds missing (nothing: not listed)."""
    hans = Person.objects.get(user=personas["hans"])
    karin = Person.objects.get(user=personas["karin"])
    whole = {
        "responsible_officer": hans,
        "start_date": datetime.date(2025, 1, 1),
        "end_date": datetime.date(2099, 12, 31),
        "results": "Eleverna har lärt sig mycket.",
        "dissemination": "Presenterat på rektorsmötet.",
    }
    done = {**whole, "end_date": datetime.date(2025, 11, 30)}

    def make(title, **fields):
        return make_engagement(**{**whole, "title": title, **fields})

    made = {
        "ongoing_ok": make("Pågående med utfall", status=Status.ONGOING),  # nothing
        "ongoing_open_line": make("Pågående utan utfall", status=Status.ONGOING),  # actuals
        "ongoing_no_budget": make("Pågående utan budget", status=Status.ONGOING),  # actuals
        "late": make("Försenat", status=Status.ONGOING, end_date=datetime.date(2025, 6, 30), results=""),  # results
        "no_dissemination": make("Avslutat utan spridning", **{**done, "dissemination": ""}, status=Status.FINISHED),
        "finished_ok": make("Avslutat komplett", **done, status=Status.FINISHED),  # nothing
        "followed_no_results": make("Uppföljt utan resultat", **{**done, "results": ""}, status=Status.FOLLOWED_UP),
        "followed_ok": make("Uppföljt komplett", **done, status=Status.FOLLOWED_UP),  # nothing: economy followed up
        "archived": make("Arkiverat", **{**done, "results": "", "dissemination": ""}, status=Status.FINISHED),
        "cancelled": make("Avbrutet", status=Status.CANCELLED),  # nothing: cancelled
        "idea": make("Idé utan budget", status=Status.IDEA),  # nothing: not started
        "other_year": make(
            "Avslutat 2023",
            status=Status.FINISHED,
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2023, 12, 31),
        ),  # nothing in 2025; actuals in 2023
        "culture": make(
            "Kultur utan utfall", status=Status.ONGOING, owner_unit=units["kultur"], responsible_officer=karin
        ),
        "secret": make("Hemligt utan utfall", status=Status.ONGOING, is_secret=True),  # actuals, buf only
    }
    for key in ("ongoing_ok", "late", "no_dissemination", "finished_ok"):
        add_line(made[key], Decimal(900))
    add_line(made["ongoing_open_line"], Decimal(900))
    add_line(made["ongoing_open_line"], None)
    add_line(made["ongoing_ok"], None, year=2026)  # another year's open line does not count for 2025
    made["archived"].archived_at = timezone.now()
    made["archived"].save()
    return made


def table(response):
    """{unit name: {title: missing text}} as the page lists them."""
    assert response.status_code == 200
    return {
        group.unit_name: {engagement.title: ", ".join(map(str, engagement.missing)) for engagement in group.engagements}
        for group in response.context["groups"]
    }


BUF_2025 = {
    "Avslutat utan spridning": "spridningen inom kommunen är inte beskriven",
    "Försenat": "resultatet är inte beskrivet",
    "Hemligt utan utfall": "utfall för året saknas",
    "Pågående utan budget": "utfall för året saknas",
    "Pågående utan utfall": "utfall för året saknas",
    "Uppföljt utan resultat": "resultatet är inte beskrivet",
}
KULTUR_2025 = {"Kultur utan utfall": "utfall för året saknas"}


def test_samordnare_sees_per_unit_which_engagements_lack_what(client_for, year_set, units):
    assert table(client_for("sara").get(URL, {"year": YEAR})) == {
        units["buf"].name: BUF_2025,
        units["kultur"].name: KULTUR_2025,
    }


def test_archived_cancelled_unstarted_and_complete_engagements_are_not_listed(client_for, year_set):
    html = client_for("sara").get(URL, {"year": YEAR}).content.decode()
    for title in ("Arkiverat", "Avbrutet", "Idé utan budget", "Pågående med utfall", "Avslutat komplett"):
        assert title not in html
    assert "Uppföljt komplett" not in html


def test_another_year_shows_that_years_engagements(client_for, year_set, units):
    assert table(client_for("sara").get(URL, {"year": 2023})) == {
        units["buf"].name: {"Avslutat 2023": "utfall för året saknas"}
    }


def test_the_page_counts_per_unit_and_links_to_each_engagement_and_its_economy(client_for, year_set, units):
    response = client_for("sara").get(URL, {"year": YEAR})
    [buf, kultur] = response.context["groups"]
    assert (buf.unit_name, len(buf.engagements), dict(buf.counts)) == (
        units["buf"].name,
        6,
        {"actuals": 3, "results": 2, "dissemination": 1},
    )
    assert dict(kultur.counts) == {"actuals": 1, "results": 0, "dissemination": 0}
    html = response.content.decode()
    assert "7 engagemang saknar uppgifter för 2025." in html
    late = year_set["late"].pk
    assert f'href="/engagemang/{late}/"' in html
    assert f'href="/engagemang/{late}/ekonomi/"' in html
    assert "Hans Handläggare" in html


def test_handlaggare_starts_with_their_own_unit_and_last_year(client_for, year_set, units):
    response = client_for("hans").get(URL)
    assert response.context["year"] == timezone.localdate().year - 1
    assert response.context["form"]["unit"].value() == units["buf"].pk
    with_2025 = client_for("hans").get(URL, {"year": YEAR, "unit": units["buf"].pk})
    assert table(with_2025) == {units["buf"].name: BUF_2025}


def test_karin_may_widen_the_filter_but_never_sees_another_units_secret_engagement(client_for, year_set, units):
    own = client_for("karin").get(URL, {"year": YEAR, "unit": units["kultur"].pk})
    assert table(own) == {units["kultur"].name: KULTUR_2025}
    everything = table(client_for("karin").get(URL, {"year": YEAR, "unit": ""}))
    assert "Hemligt utan utfall" not in everything[units["buf"].name]
    assert everything[units["kultur"].name] == KULTUR_2025


def test_forvaltningschef_starts_with_their_own_unit(client_for, year_set, units):
    response = client_for("fredrik").get(URL)
    assert response.context["form"]["unit"].value() == units["buf"].pk


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("tjugotjugofem", "Ange året med fyra siffror, t.ex. 2025."),
        ("1989", "Året måste vara mellan 2000 och"),
        ("2101", "Året måste vara mellan 2000 och"),
    ],
)
def test_a_wrong_year_is_explained_in_swedish_and_nothing_is_listed(client_for, year_set, year, message):
    response = client_for("sara").get(URL, {"year": year})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert response.context["groups"] == []
    assert "Pågående utan budget" not in html


@pytest.mark.parametrize("username", PERSONAS)
def test_who_may_open_the_follow_up_page(client_for, personas, username):
    assert client_for(username).get(URL).status_code == READ[username]


def test_the_page_takes_the_same_number_of_queries_for_few_and_many_engagements(client_for, make_engagement, units):
    client = client_for("sara")
    client.get(URL, {"year": YEAR})  # warm up: session, sites, translations

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"year": YEAR})
        return len(captured), sum(len(group.engagements) for group in response.context["groups"])

    def make(count, unit):
        for number in range(count):
            make_engagement(title=f"Utbyte {unit} {number}", status=Status.ONGOING, owner_unit=units[unit])

    make(2, "buf")
    few, listed_few = queries()
    make(20, "kultur")
    make(10, "buf")
    many, listed_many = queries()
    assert (listed_few, listed_many) == (2, 32)
    assert few == many


def test_the_dashboard_links_to_the_yearly_follow_up(client_for):
    assert f'href="{URL}"' in client_for("sara").get(reverse("reports:health")).content.decode()


# ---- The state Uppföljd ----------------------------------------------------------------------------------------


@pytest.fixture
def finished(make_engagement, personas):
    return make_engagement(
        title="Avslutat skolutbyte",
        status=Status.FINISHED,
        responsible_officer=Person.objects.get(user=personas["hans"]),
        results="Tolv elever deltog.",
        dissemination="Redovisat på rektorsmötet.",
    )


def test_a_finished_engagement_without_budget_cannot_be_followed_up(finished, hans):
    with pytest.raises(PolicyViolation) as exc:
        actions.move_engagement(finished, Status.FOLLOWED_UP, by=hans)
    assert exc.value.messages == [
        "Registrera engagemangets ekonomi – budget och utfall – på sidan Ekonomi innan engagemanget kan markeras "
        "som uppföljt."
    ]


def test_a_finished_engagement_with_a_line_without_outcome_cannot_be_followed_up(finished, hans):
    add_line(finished, Decimal(800))
    add_line(finished, None, year=2026)
    with pytest.raises(PolicyViolation) as exc:
        actions.move_engagement(finished, Status.FOLLOWED_UP, by=hans)
    assert exc.value.messages == [
        "Registrera utfallet för alla budgetrader på sidan Ekonomi innan engagemanget kan markeras som uppföljt."
    ]
    finished.refresh_from_db()
    assert finished.status == Status.FINISHED


def test_a_finished_engagement_with_every_outcome_is_followed_up_with_history(finished, hans):
    add_line(finished, Decimal(800))
    add_line(finished, Decimal(0), year=2026)
    actions.move_engagement(finished, Status.FOLLOWED_UP, by=hans)
    finished.refresh_from_db()
    assert finished.status == Status.FOLLOWED_UP
    change = Change.objects.filter(action=Change.Action.STATUS, object_id=finished.pk).get()
    assert change.changes == [{"field": "Status", "before": "Avslutad", "after": "Uppföljd"}]
    assert change.actor == hans


def test_a_finished_engagement_cannot_be_cancelled_and_a_followed_up_one_is_final(finished, hans):
    with pytest.raises(PolicyViolation):
        actions.move_engagement(finished, Status.CANCELLED, by=hans, reason="Ångrade oss.")
    add_line(finished, Decimal(800))
    actions.move_engagement(finished, Status.FOLLOWED_UP, by=hans)
    for to in (Status.FINISHED, Status.CANCELLED, Status.ONGOING):
        with pytest.raises(PolicyViolation):
            actions.move_engagement(finished, to, by=hans, reason="Försök.")


def test_the_engagement_page_offers_the_move_to_uppfoljd_once_every_outcome_is_recorded(client_for, finished):
    client = client_for("hans")
    page = client.get(f"/engagemang/{finished.pk}/").content.decode()
    assert "För att gå vidare till ”Uppföljd” behöver du:" in page
    assert "Avbryt engagemanget" not in page
    add_line(finished, Decimal(800))
    page = client.get(f"/engagemang/{finished.pk}/").content.decode()
    assert "Ändra status till ”Uppföljd”" in page
    response = client.post(f"/engagemang/{finished.pk}/status/", {"to": "followed_up"}, follow=True)
    assert "Engagemanget har nu status ”Uppföljd”." in response.content.decode()
    finished.refresh_from_db()
    assert finished.status == Status.FOLLOWED_UP


def test_a_followed_up_engagement_still_counts_on_the_dashboard_when_its_texts_are_missing(client_for, finished):
    add_line(finished, Decimal(800))
    finished.status, finished.results = Status.FOLLOWED_UP, ""  # e.g. the text removed after the move
    finished.save()
    html = client_for("sara").get(reverse("reports:gap_list", args=["results"])).content.decode()
    assert "Avslutat skolutbyte" in html
    economy = client_for("sara").get(reverse("reports:gap_list", args=["economy"])).content.decode()
    assert "Avslutat skolutbyte" not in economy
    assert re.search(r"1 engagemang behöver åtgärdas", html)


def test_a_followed_up_engagement_makes_its_partner_established_as_a_finished_one_does(finished):
    roros = Organisation.objects.create(name="Røros kommune", country="NO", kind="kommun")
    finished.start_date, finished.end_date, finished.status = (
        datetime.date(2024, 11, 1),
        datetime.date(2025, 2, 1),
        Status.FOLLOWED_UP,
    )
    finished.save()
    Participation.objects.create(organisation=roros, engagement=finished, role=Participation.Role.PARTNER)
    assert Organisation.objects.with_established().get(pk=roros.pk).is_established


def test_the_start_page_does_not_list_a_followed_up_engagement_among_mine(client_for, finished):
    finished.status = Status.FOLLOWED_UP
    finished.save()
    response = client_for("hans").get(reverse("start"))
    assert "Avslutat skolutbyte" not in response.content.decode()
