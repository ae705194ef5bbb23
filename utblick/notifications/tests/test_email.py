"""Notifications by email over real SMTP (aiosmtpd on 127.0.0.1): only the kinds the user chose (or their defaults),
a Swedish subject that is the title, an absolute link and the link to the choices; nothing without an address;
a mail server that is down loses nothing and nothing is sent twice."""

import socket

import pytest

from utblick.notifications.actions import notify, set_email_choices
from utblick.notifications.kinds import EMAIL_BY_DEFAULT, Kind
from utblick.notifications.mail import send_notification_emails, send_pending_emails
from utblick.notifications.models import Notification


@pytest.fixture
def base_url(settings):
    settings.UTBLICK_BASE_URL = "https://utblick.kommun.example/"
    return "https://utblick.kommun.example"


def tell(users, kind=Kind.HANDOVER, by=None, title="”%(title)s” föreslås för överlämning", **fields):
    params = fields.pop("params", {"title": "Skolutbyte med Røros"})
    return notify(
        users, kind=kind, title=title, params=params, url=fields.pop("url", "/engagemang/7/"), by=by, **fields
    )


def html_of(mail) -> str:
    return mail.message.get_body(preferencelist=("html",)).get_content()


def test_a_kind_emailed_by_default_arrives_with_a_swedish_subject_and_absolute_links(
    smtp_server, django_capture_on_commit_callbacks, base_url, hans, sara
):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = tell([hans], by=sara, text="Svara senast fredag.")
    [mail] = smtp_server.messages
    assert mail.recipients == ["hans@kommun.example"]
    # (Python's parser of the received message puts a space before an encoded first word: not in the mail itself.)
    assert mail.subject.strip() == "”Skolutbyte med Røros” föreslås för överlämning"
    assert "Från: Sara Samordnare (sara)" in mail.body
    assert "Svara senast fredag." in mail.body
    assert f"Öppna i Utblick: {base_url}/engagemang/7/" in mail.body
    assert f"{base_url}/aviseringar/installningar/" in mail.body
    assert "Överlämningar till Kommunstyrelsen" in mail.body
    assert f'href="{base_url}/engagemang/7/"' in html_of(mail)
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_wanted


def test_the_defaults_email_what_needs_an_answer_and_not_what_is_information(
    smtp_server, django_capture_on_commit_callbacks, hans
):
    with django_capture_on_commit_callbacks(execute=True):
        for kind in Kind:
            tell([hans], kind=kind, title=str(kind.label), params={})
    assert sorted(mail.subject for mail in smtp_server.messages) == sorted(
        str(kind.label) for kind in Kind if EMAIL_BY_DEFAULT[kind]
    )
    assert not EMAIL_BY_DEFAULT[Kind.ENGAGEMENT_CHANGE] and EMAIL_BY_DEFAULT[Kind.TRIP_DECISION]


def test_only_the_chosen_kinds_are_emailed(smtp_server, django_capture_on_commit_callbacks, hans, karin):
    set_email_choices(by=hans, choices={Kind.HANDOVER: False, Kind.ENGAGEMENT_CHANGE: True})
    with django_capture_on_commit_callbacks(execute=True):
        tell([hans, karin], kind=Kind.HANDOVER, title="Överlämning", params={})
        tell([hans, karin], kind=Kind.ENGAGEMENT_CHANGE, title="Ändrat", params={})
    assert sorted((m.recipients[0], m.subject) for m in smtp_server.messages) == [
        ("hans@kommun.example", "Ändrat"),
        ("karin@kommun.example", "Överlämning"),
    ]
    assert Notification.objects.count() == 4  # all of them are in the app


def test_without_an_address_the_notification_is_in_the_app_only(smtp_server, django_capture_on_commit_callbacks, hans):
    hans.email = ""
    hans.save()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = tell([hans])
    assert smtp_server.messages == []
    assert notification.email_wanted is False and notification.emailed_at is None


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens there


def test_a_mail_server_that_is_down_keeps_the_notification_and_the_retry_sends_it_once(
    smtp_server, django_capture_on_commit_callbacks, settings, hans
):
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = closed_port()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = tell([hans])
    notification.refresh_from_db()
    assert notification.emailed_at is None and notification.email_wanted
    assert smtp_server.messages == []
    settings.EMAIL_PORT = working_port
    assert send_pending_emails.call() == 1
    assert send_pending_emails.call() == 0  # a second run does not send it again
    assert send_notification_emails.call([notification.pk]) == 0
    [mail] = smtp_server.messages
    assert mail.recipients == ["hans@kommun.example"]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_the_retry_leaves_alone_what_was_not_chosen_by_email(smtp_server, hans):
    tell([hans], kind=Kind.ENGAGEMENT_CHANGE)
    assert send_pending_emails.call() == 0
    assert smtp_server.messages == []


def test_html_in_a_title_is_escaped_in_the_html_part(smtp_server, django_capture_on_commit_callbacks, hans):
    with django_capture_on_commit_callbacks(execute=True):
        tell([hans], params={"title": "<script>alert('x')</script>"}, text="<img src=x onerror=alert(1)>")
    [mail] = smtp_server.messages
    html = html_of(mail)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert mail.subject.strip() == "”<script>alert('x')</script>” föreslås för överlämning"  # plain text: as written


def test_a_switched_off_account_gets_no_email(smtp_server, django_capture_on_commit_callbacks, hans):
    with django_capture_on_commit_callbacks(execute=False):
        [notification] = tell([hans])
    hans.is_active = False
    hans.save()
    assert send_notification_emails.call([notification.pk]) == 0
    assert smtp_server.messages == []
