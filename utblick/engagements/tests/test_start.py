"""The start page: my engagements, what needs action, ongoing work and upcoming dates."""

import datetime

from django.utils import timezone

from utblick.engagements.models import Status
from utblick.organisation.models import Person


def test_hans_sees_his_engagements_and_what_needs_action(client_for, make_engagement, hans):
    mine = make_engagement(title="Mitt utbyte", responsible_officer=Person.objects.get(user=hans))
    make_engagement(title="Kulturens projekt", owner_unit=mine.owner_unit.__class__.objects.get(code="kultur"))
    page = client_for("hans").get("/").content.decode()
    assert "Mina engagemang (1)" in page
    assert "Mitt utbyte" in page
    assert "Behöver åtgärd (1)" in page  # his unit's engagement lacks a responsible politician
    assert "saknar ansvarig" in page
    assert "Kulturens projekt" not in page.split("Behöver åtgärd")[1].split("Pågående")[0]


def test_ongoing_engagements_and_upcoming_dates_are_listed(client_for, make_engagement):
    today = timezone.localdate()
    make_engagement(
        title="Pågående nätverk",
        status=Status.ONGOING,
        start_date=today - datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=20),
    )
    page = client_for("lisa").get("/").content.decode()
    assert "Pågående engagemang (1)" in page
    assert (today + datetime.timedelta(days=20)).isoformat() in page
    assert "Behöver åtgärd" not in page  # Lisa cannot act on anything


def test_erik_sees_no_engagements_on_his_start_page(client_for, make_engagement):
    make_engagement(title="Öppet utbyte")
    page = client_for("erik").get("/").content.decode()
    assert "Öppet utbyte" not in page
    assert "Engagemang</a>" not in page


def test_the_start_page_uses_the_same_number_of_queries_for_many_engagements(
    client_for, make_engagement, django_assert_max_num_queries, hans
):
    client = client_for("hans")
    officer = Person.objects.get(user=hans)
    for i in range(3):
        make_engagement(title=f"E{i}", status=Status.ONGOING, responsible_officer=officer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for i in range(30):
        make_engagement(title=f"F{i}", status=Status.ONGOING, responsible_officer=officer)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
