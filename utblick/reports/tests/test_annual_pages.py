"""The annual report page and the lists behind its figures: who may read them, what they show, bad input."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.matrix import PERSONAS, READ
from utblick.engagements.models import EngagementCountry, Kind, Participation, Status
from utblick.finance.models import BudgetLine
from utblick.partners.models import Organisation
from utblick.reports.tests import annual_data

pytestmark = pytest.mark.django_db

URL = reverse("reports:annual")
TRACE = reverse("reports:annual_trace")
# A unit's report: its own staff and those who read every unit's report.
BUF_REPORT = {**READ, "karin": 403}


@pytest.fixture
def data(make_engagement, units, personas):
    return annual_data.build(make_engagement, units, personas)


@pytest.mark.parametrize("username", PERSONAS)
def test_who_may_read_the_municipalitys_report(client_for, data, username):
    response = client_for(username).get(URL, {"year": 2025})
    assert response.status_code == READ[username]
    if response.status_code == 200:
        assert "Under 2025 bedrev Härjedalens kommun 4 internationella engagemang" in response.content.decode()


@pytest.mark.parametrize("username", PERSONAS)
def test_who_may_read_a_units_report(client_for, data, units, username):
    response = client_for(username).get(URL, {"year": 2025, "unit": units["buf"].pk})
    assert response.status_code == BUF_REPORT[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_who_may_see_the_engagements_behind_a_units_figure(client_for, data, units, username):
    response = client_for(username).get(TRACE, {"year": 2025, "unit": units["buf"].pk, "dim": "work"})
    assert response.status_code == BUF_REPORT[username]


def test_the_unit_choices_are_only_reports_the_user_may_read(client_for, data, units):
    choices = dict(client_for("karin").get(URL).context["form"].fields["unit"].choices)
    assert str(units["kultur"].pk) in choices and str(units["buf"].pk) not in choices
    assert "Hela kommunen" in choices.values()


def test_the_page_defaults_to_last_year(client_for, data):
    response = client_for("sara").get(URL)
    assert response.context["report"].year == datetime.date.today().year - 1


def test_every_figure_links_to_its_engagements(client_for, data):
    html = client_for("sara").get(URL, {"year": 2025}).content.decode()
    row = re.search(r'<th scope="row">Norge</th>(.*?)</tr>', html, re.S).group(1)
    link = re.search(r'href="([^"]+)">2</a>', row).group(1).replace("&amp;", "&")
    listed = client_for("sara").get(link)
    assert listed.context["heading"] == "Engagemang med samarbetspartner i Norge"
    assert [e.title for e in listed.context["page"].object_list] == ["Skolutbyte med Røros", "Kulturresa Trondheim"]


def test_a_secret_engagement_is_counted_but_listed_only_for_who_may_see_it(client_for, data):
    params = {"year": 2025, "dim": "kind", "value": Kind.PROJEKT}
    karin = client_for("karin").get(TRACE, params)
    assert [e.title for e in karin.context["page"].object_list] == ["Idé om Kenya"]
    assert karin.context["hidden"] == 1
    assert "Ytterligare 1 engagemang räknas i siffran men visas inte" in karin.content.decode()
    sara = client_for("sara").get(TRACE, params)
    assert sorted(e.title for e in sara.context["page"].object_list) == ["Hemligt projekt Berlin", "Idé om Kenya"]
    assert sara.context["hidden"] == 0


def test_the_previous_years_money_lists_that_years_engagements(client_for, data):
    response = client_for("sara").get(TRACE, {"year": 2025, "dim": "money_cost", "of": 2024})
    assert sorted(e.title for e in response.context["page"].object_list) == ["Gammalt nätverk", "Skolutbyte med Røros"]
    assert response.context["heading"] == "Engagemang med kostnader 2024"


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc", "dim": "work"},
        {"dim": "work"},
        {"year": 2025, "dim": "bogus"},
        {"year": 2025, "dim": "objective", "value": "abc"},
        {"year": 2025, "dim": "engagement", "value": "1 OR 1=1"},
        {"year": 2025, "dim": "work", "unit": 999999},
        {"year": 2025, "dim": "work", "unit": "x"},
        {"year": 2025, "dim": "money", "of": 2020},
    ],
)
def test_a_list_that_names_no_figure_is_not_found(client_for, data, params):
    assert client_for("sara").get(TRACE, params).status_code == 404


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("abc", "Ange året med fyra siffror, t.ex. 2025."),
        ("1800", "Året måste vara mellan 2000 och"),
        ("3000", "Året måste vara mellan 2000 och"),
        ("", "Ange vilket år rapporten ska gälla."),
    ],
)
def test_a_bad_year_gets_a_swedish_message_and_no_report(client_for, data, year, message):
    response = client_for("sara").get(URL, {"year": year})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "report" not in response.context


def test_text_from_the_register_is_escaped(client_for, data, make_engagement, units):
    hostile = make_engagement(
        title="<script>alert(1)</script>", status=Status.ONGOING, start_date=datetime.date(2025, 1, 1)
    )
    BudgetLine.objects.create(
        engagement=hostile, year=2025, direction="cost", cost_category="resor", planned_amount=1, actual_amount=99999
    )
    html = client_for("sara").get(URL, {"year": 2025}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def add_work(make_engagement, units, number):
    """More engagements with partners, countries and money in new countries, units and sources."""
    for i in range(number):
        engagement = make_engagement(
            title=f"Extra {i}",
            owner_unit=units[["sof", "kultur", "gymnasiet"][i % 3]],
            status=Status.ONGOING,
            start_date=datetime.date(2025, 1, 1),
        )
        country = ["FI", "DK", "EE", "IS", "JP"][i % 5]
        organisation = Organisation.objects.create(name=f"Partner {i}", kind="kommun", country=country)
        Participation.objects.create(engagement=engagement, organisation=organisation)
        EngagementCountry.objects.create(engagement=engagement, country=country)
        BudgetLine.objects.create(
            engagement=engagement,
            year=2025,
            direction="cost",
            cost_category="resor",
            planned_amount=Decimal(100),
            actual_amount=Decimal(90),
        )


def test_the_report_needs_the_same_number_of_queries_however_much_work_there_is(
    client_for, data, make_engagement, units
):
    client = client_for("sara")
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"year": 2025}).status_code == 200
    add_work(make_engagement, units, 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL, {"year": 2025}).status_code == 200
    assert len(large) == len(small)


def test_the_trace_list_needs_the_same_number_of_queries_however_long_it_is(client_for, data, make_engagement, units):
    client = client_for("sara")
    with CaptureQueriesContext(connection) as small:
        client.get(TRACE, {"year": 2025, "dim": "work"})
    add_work(make_engagement, units, 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(TRACE, {"year": 2025, "dim": "work"}).context["page"].paginator.count == 16
    assert len(large) == len(small)
