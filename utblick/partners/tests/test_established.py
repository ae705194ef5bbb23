"""An organisation's own-language name, region and description, and whether it is an established partner."""

import datetime

import pytest

from utblick.engagements.models import Status
from utblick.partners.actions import update_organisation
from utblick.partners.models import Organisation

ESTABLISHED_BADGE = '<span class="badge badge--established">'


def _engage(make_engagement, take_part, organisation, start, end=None, **fields):
    fields.setdefault("status", Status.FINISHED)
    engagement = make_engagement(start_date=start, end_date=end, **fields)
    take_part(organisation, engagement)
    return engagement


def _established(organisation) -> bool:
    return Organisation.objects.with_established().get(pk=organisation.pk).is_established


def test_a_partner_engaged_in_two_different_years_is_established(roros, make_engagement, take_part):
    _engage(make_engagement, take_part, roros, datetime.date(2023, 3, 1), datetime.date(2023, 6, 1))
    assert not _established(roros)
    _engage(make_engagement, take_part, roros, datetime.date(2025, 3, 1), datetime.date(2025, 6, 1))
    assert _established(roros)


def test_one_engagement_spanning_a_new_year_makes_an_established_partner(roros, make_engagement, take_part):
    _engage(make_engagement, take_part, roros, datetime.date(2024, 11, 1), datetime.date(2025, 2, 1))
    assert _established(roros)


def test_two_engagements_in_the_same_year_do_not_make_an_established_partner(roros, make_engagement, take_part):
    _engage(make_engagement, take_part, roros, datetime.date(2025, 1, 10), datetime.date(2025, 2, 1))
    _engage(make_engagement, take_part, roros, datetime.date(2025, 9, 1), datetime.date(2025, 12, 1))
    assert not _established(roros)


@pytest.mark.parametrize("status", [Status.IDEA, Status.ASSESSED, Status.CANCELLED])
def test_ideas_and_cancelled_engagements_do_not_count(roros, make_engagement, take_part, status):
    _engage(make_engagement, take_part, roros, datetime.date(2023, 3, 1))
    _engage(make_engagement, take_part, roros, datetime.date(2025, 3, 1), status=status)
    assert not _established(roros)


def test_archived_engagements_do_not_count(roros, make_engagement, take_part):
    _engage(make_engagement, take_part, roros, datetime.date(2023, 3, 1))
    _engage(
        make_engagement,
        take_part,
        roros,
        datetime.date(2025, 3, 1),
        archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    assert not _established(roros)


def test_a_partner_marked_established_is_established_without_engagements(roros, sara):
    update_organisation(roros, by=sara, fields={"marked_established": True})
    assert _established(roros)


def test_the_page_says_why_a_partner_is_established(client_for, roros, make_engagement, take_part):
    _engage(make_engagement, take_part, roros, datetime.date(2023, 3, 1))
    _engage(make_engagement, take_part, roros, datetime.date(2025, 3, 1), datetime.date(2026, 2, 1))
    page = client_for("lisa").get(f"/partner/{roros.pk}/").content.decode()
    assert ESTABLISHED_BADGE in page
    assert "engagemang under åren 2023, 2025, 2026" in page


def test_a_new_partner_is_called_new(client_for, roros):
    page = client_for("lisa").get(f"/partner/{roros.pk}/").content.decode()
    assert ESTABLISHED_BADGE not in page
    assert "Ny partner – ännu inte engagemang under två olika år" in page


def test_a_secret_engagement_does_not_make_a_partner_established_for_those_who_may_not_see_it(
    client_for, roros, make_engagement, take_part, secret_buf_engagement
):
    _engage(make_engagement, take_part, roros, datetime.date(2023, 3, 1))
    secret_buf_engagement.start_date, secret_buf_engagement.status = datetime.date(2025, 3, 1), Status.ONGOING
    secret_buf_engagement.save()
    take_part(roros, secret_buf_engagement)
    assert ESTABLISHED_BADGE not in client_for("karin").get(f"/partner/{roros.pk}/").content.decode()
    assert ESTABLISHED_BADGE not in client_for("karin").get("/partner/").content.decode()
    assert ESTABLISHED_BADGE in client_for("hans").get(f"/partner/{roros.pk}/").content.decode()
    assert ESTABLISHED_BADGE in client_for("sara").get("/partner/").content.decode()


def test_the_list_filters_established_and_new_partners(
    client_for, roros, make_organisation, make_engagement, take_part
):
    _engage(make_engagement, take_part, roros, datetime.date(2023, 3, 1), datetime.date(2024, 3, 1))
    make_organisation(name="Tartu linn", country="EE")
    established = client_for("lisa").get("/partner/?established=yes").content.decode()
    assert "Røros kommune" in established and "Tartu linn" not in established
    new = client_for("lisa").get("/partner/?established=no").content.decode()
    assert "Tartu linn" in new and "Røros kommune" not in new


def test_an_unknown_established_choice_is_a_swedish_error(client_for, roros):
    page = client_for("lisa").get("/partner/?established=kanske").content.decode()
    assert "Välj ett alternativ ur listan." in page


def test_the_list_needs_as_many_queries_for_many_established_partners_as_for_one(
    client_for, make_organisation, make_engagement, take_part, django_assert_max_num_queries
):
    client = client_for("karin")
    first = make_organisation(name="Partner 0")
    _engage(make_engagement, take_part, first, datetime.date(2023, 3, 1), datetime.date(2024, 3, 1))
    with django_assert_max_num_queries(20) as one:
        client.get("/partner/?established=yes")
    for number in range(1, 15):
        organisation = make_organisation(name=f"Partner {number}")
        _engage(make_engagement, take_part, organisation, datetime.date(2023, 3, 1), datetime.date(2024, 3, 1))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/partner/?established=yes").content.decode()
    assert page.count(ESTABLISHED_BADGE) == 15


def test_own_language_name_region_and_description_are_saved_shown_and_in_the_history(client_for, roros):
    data = {
        "name": "Røros kommune",
        "native_name": "Plassje tjïelte",
        "country": "NO",
        "kind": "kommun",
        "region": "Trøndelag",
        "city": "Røros",
        "website": roros.website,
        "description": "Bergsstad och världsarv.\nVänort sedan 1990-talet.",
        "in_directory": "on",
    }
    response = client_for("hans").post(f"/partner/{roros.pk}/redigera/", data, follow=True)
    page = response.content.decode()
    assert '<p class="lead">Plassje tjïelte</p>' in page
    assert "Trøndelag" in page
    assert "Bergsstad och världsarv." in page
    roros.refresh_from_db()
    assert (roros.native_name, roros.region) == ("Plassje tjïelte", "Trøndelag")
    assert "Namn på eget språk" in page  # in the history table


def test_unticking_the_directory_box_hides_the_organisation_from_the_directory_flag(client_for, roros):
    data = {"name": roros.name, "country": "NO", "kind": "kommun", "website": roros.website}
    client_for("hans").post(f"/partner/{roros.pk}/redigera/", data)
    roros.refresh_from_db()
    assert roros.in_directory is False


def test_a_too_long_description_is_refused_in_swedish_and_nothing_is_saved(client_for, roros):
    data = {"name": roros.name, "country": "NO", "kind": "kommun", "description": "x" * 5001, "in_directory": "on"}
    page = client_for("hans").post(f"/partner/{roros.pk}/redigera/", data).content.decode()
    assert "Beskrivningen får vara högst 5000 tecken" in page
    roros.refresh_from_db()
    assert roros.description == ""


def test_script_in_the_description_is_shown_as_text(client_for, roros, sara):
    update_organisation(roros, by=sara, fields={"description": "<script>alert(1)</script>"})
    page = client_for("lisa").get(f"/partner/{roros.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
