"""The notification pages: the inbox (unread in words, paging, an unread-only filter, constant queries), opening a
notification (marks it read, goes only to paths in Utblick), marking all read, and the email choices.

Every internal persona has notifications of their own; the external actor Erik has none (403), anonymous visitors
are sent to the login page, and someone else's notification is 404.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.matrix import INTERNAL_REDIRECT, PERSONAS, READ
from utblick.notifications.actions import notify
from utblick.notifications.kinds import Kind
from utblick.notifications.models import EmailChoice, Notification
from utblick.notifications.views import PAGE_SIZE


def make(user, n=1, **fields):
    defaults = {"kind": Kind.ENGAGEMENT_CHANGE, "title": "”Skolutbyte” har ändrats", "url": "/engagemang/"}
    defaults.update(fields)
    return Notification.objects.bulk_create(Notification(recipient=user, **defaults) for _ in range(n))


@pytest.fixture
def own(personas):
    """One unread notification for each persona (Erik's account too, though he may not see it)."""
    return {name: make(user, title=f"Till {name}")[0] for name, user in personas.items()}


# The permission matrix


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", ["/aviseringar/", "/aviseringar/?visa=olasta", "/aviseringar/installningar/"])
def test_every_internal_role_sees_its_notifications_and_choices_but_not_the_external_actor(
    client_for, own, persona, url
):
    response = client_for(persona).get(url)
    assert response.status_code == READ[persona]
    if persona is None:
        assert response["Location"].startswith("/konto/logga-in/")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_internal_role_may_open_its_own_notification(client_for, own, persona):
    notification = own[persona or "sara"]
    response = client_for(persona).get(f"/aviseringar/{notification.pk}/")
    assert response.status_code == INTERNAL_REDIRECT[persona]
    notification.refresh_from_db()
    assert notification.is_read == (INTERNAL_REDIRECT[persona] == 302 and persona is not None)


@pytest.mark.parametrize("persona", PERSONAS)
def test_someone_elses_notification_is_404_and_stays_unread(client_for, own, persona):
    expected = {**INTERNAL_REDIRECT, "hans": 404, "karin": 404, "fredrik": 404, "per": 404, "lisa": 404}
    sara_only = own["sara"]
    response = client_for(persona).get(f"/aviseringar/{sara_only.pk}/")
    assert response.status_code == expected[persona]
    sara_only.refresh_from_db()
    assert sara_only.is_read == (persona == "sara")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_internal_role_may_mark_its_notifications_read(client_for, own, persona):
    response = client_for(persona).post("/aviseringar/lasta/")
    assert response.status_code == INTERNAL_REDIRECT[persona]
    unread = set(Notification.objects.filter(read_at__isnull=True).values_list("recipient__username", flat=True))
    if INTERNAL_REDIRECT[persona] == 302 and persona is not None:
        assert persona not in unread and len(unread) == len(PERSONAS) - 2
    else:
        assert len(unread) == len(PERSONAS) - 1


def test_marking_all_read_needs_a_post(client_for, own):
    assert client_for("sara").get("/aviseringar/lasta/").status_code == 405
    assert not Notification.objects.filter(read_at__isnull=False).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_saving_email_choices_is_for_internal_roles_only(client_for, personas, persona):
    response = client_for(persona).post("/aviseringar/installningar/", {"email": ["news"]})
    assert response.status_code == INTERNAL_REDIRECT[persona]
    saved = EmailChoice.objects.filter(kind=Kind.NEWS, by_email=True).values_list("user__username", flat=True)
    assert list(saved) == ([persona] if INTERNAL_REDIRECT[persona] == 302 and persona else [])


# The inbox


def test_the_inbox_shows_only_ones_own_notifications_newest_first_and_unread_in_words(client_for, sara, hans):
    make(sara, title="Äldre", read_at="2026-01-01T00:00Z")
    make(sara, title="Nyare")
    make(hans, title="Till Hans")
    page = client_for("sara").get("/aviseringar/").content.decode()
    assert page.index("Nyare") < page.index("Äldre")
    assert "Till Hans" not in page
    assert '<tr class="unread">' in page and "<strong>Oläst</strong>" in page
    assert "Du har 1 oläst avisering." in page
    assert "Aviseringar (1 oläst)" in page  # the header


def test_the_unread_filter_shows_only_unread_ones(client_for, sara):
    make(sara, title="Redan läst", read_at="2026-01-01T00:00Z")
    make(sara, title="Inte läst än")
    page = client_for("sara").get("/aviseringar/?visa=olasta").content.decode()
    assert "Inte läst än" in page and "Redan läst" not in page
    make_all_read = client_for("sara").post("/aviseringar/lasta/", follow=True).content.decode()
    assert "1 avisering markerades som läst." in make_all_read
    page = client_for("sara").get("/aviseringar/?visa=olasta").content.decode()
    assert "Du har inga olästa aviseringar." in page
    assert "Markera alla som lästa" not in page


def test_titles_are_escaped(client_for, sara):
    make(sara, title="<script>alert(1)</script>", text="<b>fet</b>")
    page = client_for("sara").get("/aviseringar/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;fet&lt;/b&gt;" in page


def test_the_inbox_is_paged(client_for, sara):
    make(sara, PAGE_SIZE + 5)
    client = client_for("sara")
    first = client.get("/aviseringar/").content.decode()
    assert first.count('<tr class="unread">') == PAGE_SIZE and "Sida 1 av 2" in first
    second = client.get("/aviseringar/?visa=olasta&page=2").content.decode()
    assert second.count('<tr class="unread">') == 5 and "Sida 2 av 2" in second


def test_the_inbox_needs_the_same_number_of_queries_however_many_notifications(client_for, sara, hans):
    client = client_for("sara")

    def count(n):
        Notification.objects.all().delete()
        make(sara, n // 2)
        make(sara, n - n // 2, read_at="2026-01-01T00:00Z", actor_name="Hans Handläggare (hans)")
        make(hans, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/aviseringar/").status_code == 200
        return len(queries)

    assert count(10) == count(30)


# Opening a notification


def test_opening_marks_it_read_and_goes_to_its_link(client_for, sara):
    [notification] = make(sara, url="/engagemang/12/historik/")
    client = client_for("sara")
    response = client.get(f"/aviseringar/{notification.pk}/")
    assert response["Location"] == "/engagemang/12/historik/"
    notification.refresh_from_db()
    first_read = notification.read_at
    assert first_read is not None
    client.get(f"/aviseringar/{notification.pk}/")
    notification.refresh_from_db()
    assert notification.read_at == first_read  # when it was first read is kept


@pytest.mark.parametrize(
    "url", ["https://elak.example/", "//elak.example/", "http://testserver/engagemang/", "javascript:alert(1)", ""]
)
def test_opening_goes_only_to_paths_in_utblick(client_for, sara, url):
    [notification] = make(sara, url=url)
    response = client_for("sara").get(f"/aviseringar/{notification.pk}/")
    assert response["Location"] == "/aviseringar/"


# Email choices


def test_the_choices_show_each_kind_with_its_description_and_default(client_for, sara):
    page = client_for("sara").get("/aviseringar/installningar/").content.decode()
    for kind in Kind:
        assert f'id="email-{kind.value}"' in page and str(kind.label) in page
    assert 'value="handover" aria-describedby="email-handover-help" checked' in page
    assert 'value="news" aria-describedby="email-news-help">' in page
    assert "ingen e-postadress" not in page


def test_saving_choices_keeps_them_per_kind(client_for, sara):
    response = client_for("sara").post("/aviseringar/installningar/", {"email": ["news", "nonsense"]}, follow=True)
    assert "Dina val av e-post är sparade." in response.content.decode()
    choices = dict(EmailChoice.objects.filter(user=sara).values_list("kind", "by_email"))
    assert choices == {kind: kind == "news" for kind in Kind.values}
    page = client_for("sara").get("/aviseringar/installningar/").content.decode()
    assert 'value="news" aria-describedby="email-news-help" checked' in page
    assert 'value="handover" aria-describedby="email-handover-help">' in page


def test_without_an_email_address_the_page_says_so(client_for, lisa):
    lisa.email = ""
    lisa.save()
    page = client_for("lisa").get("/aviseringar/installningar/").content.decode()
    assert "Ditt konto har ingen e-postadress, så ingen e-post kan skickas." in page


def test_notify_skips_the_actor_inactive_accounts_and_repeats_of_a_key(sara, hans, karin, per):
    per.is_active = False
    per.save()
    created = notify([sara, hans, karin, per], kind=Kind.NEWS, title="Nyhet: %(x)s", params={"x": "EU"}, by=sara)
    assert sorted(n.recipient.username for n in created) == ["hans", "karin"]
    assert {n.title for n in created} == {"Nyhet: EU"}
    notify([hans], kind=Kind.TRIP_DECISION, title="Resa", key="trip-lacking-decision-1")
    assert (
        notify([hans, karin], kind=Kind.TRIP_DECISION, title="Resa", key="trip-lacking-decision-1")[0].recipient
        == karin
    )
    assert Notification.objects.filter(key="trip-lacking-decision-1").count() == 2
