"""Sending and handling introduction requests through the actions: rules, history and the emails (real SMTP)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.core.roles import Role
from utblick.organisation.models import Membership
from utblick.register.actions import handle_introduction_request, send_introduction_request
from utblick.register.models import IntroductionRequest

SITE = "http://utblick.kommun.example/"


def send(by, target, *, contact=None, message="Vi vill starta ett elevutbyte med en skola i Røros.", **fields):
    return send_introduction_request(
        by=by,
        target=target,
        contact=contact,
        message=message,
        requester_organisation=fields.pop("requester_organisation", "Funäsdalens skola"),
        requester_phone=fields.pop("requester_phone", "070-123 45 67"),
        site_url=SITE,
        **fields,
    )


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_erik_sends_a_request_that_is_saved_as_new_with_history(erik, catalogue):
    request = send(erik, catalogue.roros, contact=catalogue.ingrid)
    assert request.status == IntroductionRequest.Status.NY
    assert (request.target_organisation, request.target_contact, request.target_network) == (
        catalogue.roros,
        catalogue.ingrid,
        None,
    )
    assert (request.requester, request.requester_organisation, request.requester_phone) == (
        erik,
        "Funäsdalens skola",
        "070-123 45 67",
    )
    [change] = history_of(request)
    assert change.action == Change.Action.CREATED and change.actor == erik
    assert {"field": "Gäller", "before": "", "after": "Ingrid Haugen, Røros kommune"} in change.changes


def test_every_coordinator_with_an_email_gets_a_swedish_mail_with_a_link(
    erik, sara, units, catalogue, smtp_server, django_capture_on_commit_callbacks, django_user_model
):
    other = django_user_model.objects.create_user("siv", email="siv@kommun.example", first_name="Siv")
    Membership.objects.create(user=other, unit=units["nuk"], role=Role.SAMORDNARE)
    without_email = django_user_model.objects.create_user("sune", email="")
    Membership.objects.create(user=without_email, unit=units["nuk"], role=Role.SAMORDNARE)
    inactive = django_user_model.objects.create_user("gammal", email="gammal@kommun.example", is_active=False)
    Membership.objects.create(user=inactive, unit=units["nuk"], role=Role.SAMORDNARE)

    with django_capture_on_commit_callbacks(execute=True):
        request = send(erik, catalogue.committee, message="Vi är ett företag som vill vara med i gränsprojekten.")

    assert sorted(r for mail in smtp_server.messages for r in mail.recipients) == [
        "sara@kommun.example",
        "siv@kommun.example",
    ]
    mail = smtp_server.to("sara@kommun.example")[0]
    assert mail.subject == "Ny intresseanmälan från Funäsdalens skola"
    assert mail.sender == "utblick@localhost"
    assert "Erik Extern (Funäsdalens skola) ber om en introduktion till Gränskommittén Nord (nätverk)." in mail.body
    assert "Vi är ett företag som vill vara med i gränsprojekten." in mail.body
    assert "E-post: erik@kommun.example" in mail.body
    assert "Telefon: 070-123 45 67" in mail.body
    assert f"http://utblick.kommun.example/katalog/forfragningar/{request.pk}/" in mail.body
    assert "hans@kommun.example" not in [r for m in smtp_server.messages for r in m.recipients]


def test_no_mail_leaves_before_the_request_is_committed(erik, catalogue, smtp_server):
    send(erik, catalogue.roros)  # the test's transaction is never committed
    assert smtp_server.messages == []


def test_a_mail_server_that_is_down_does_not_lose_the_request(
    erik, catalogue, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_PORT = 1  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        request = send(erik, catalogue.roros)
    assert IntroductionRequest.objects.filter(pk=request.pk, status="ny").exists()
    assert "e-posten kunde inte skickas" in caplog.text


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", "Skriv vad du vill ha hjälp med"),
        ("   \n ", "Skriv vad du vill ha hjälp med"),
        ("x" * 5001, "Meddelandet får vara högst 5000 tecken (nu 5001). Korta av det."),
        ("x" * 10_000, "Meddelandet får vara högst 5000 tecken (nu 10000). Korta av det."),
    ],
)
def test_a_message_must_be_written_and_not_too_long(erik, catalogue, message, error):
    with pytest.raises(ValidationError) as excinfo:
        send(erik, catalogue.roros, message=message)
    assert errors_of(excinfo)["message"][0].startswith(error)
    assert not IntroductionRequest.objects.exists()


def test_the_requesters_organisation_is_required_and_the_phone_must_look_like_one(erik, catalogue):
    with pytest.raises(ValidationError) as excinfo:
        send(erik, catalogue.roros, requester_organisation="  ", requester_phone="ring mig<script>")
    errors = errors_of(excinfo)
    assert errors["requester_organisation"] == ["Ange vilken organisation, förening eller skola du företräder."]
    assert errors["requester_phone"] == ["Skriv telefonnumret med siffror, till exempel 070-123 45 67."]


def test_line_breaks_in_the_organisation_cannot_reach_the_mail_headers(
    erik, catalogue, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = send(erik, catalogue.roros, requester_organisation="Skolan\r\nBcc: alla@example.com")
    assert request.requester_organisation == "Skolan Bcc: alla@example.com"
    [mail] = smtp_server.messages
    assert mail.recipients == ["sara@kommun.example"]
    assert mail.message["Bcc"] is None


def test_targets_outside_the_directory_are_refused(erik, catalogue):
    for target in (catalogue.hidden, catalogue.hidden_network, catalogue.ingrid, None):
        with pytest.raises(ValidationError) as excinfo:
            send(erik, target)
        assert "finns inte i katalogen" in excinfo.value.messages[0]


@pytest.mark.parametrize("who", ["ola", "anonymised", "astrid"])
def test_only_a_contact_shown_under_the_target_can_be_asked_for(erik, catalogue, who):
    """Ola did not consent, the anonymised one cannot be named, Astrid belongs to Tartu, not Røros."""
    with pytest.raises(ValidationError) as excinfo:
        send(erik, catalogue.roros, contact=getattr(catalogue, who))
    assert errors_of(excinfo)["contact"] == ["Kontaktpersonen visas inte i katalogen. Välj en person ur listan."]


def test_the_same_request_twice_is_refused_while_the_first_waits(erik, catalogue):
    send(erik, catalogue.roros)
    with pytest.raises(ValidationError) as excinfo:
        send(erik, catalogue.roros)
    assert "Du har redan skickat precis den här intresseanmälan" in excinfo.value.messages[0]
    assert IntroductionRequest.objects.count() == 1
    send(erik, catalogue.roros, message="En annan fråga.")  # a different question is fine
    assert IntroductionRequest.objects.count() == 2


def test_every_internal_role_may_send_but_an_anonymous_visitor_may_not(personas, catalogue):
    from django.contrib.auth.models import AnonymousUser

    for username in ("sara", "hans", "lisa", "per"):
        send(personas[username], catalogue.roros)
    with pytest.raises(PermissionDenied):
        send(AnonymousUser(), catalogue.roros)


def test_sara_answers_and_the_requester_gets_the_answer_by_mail(
    erik, sara, catalogue, smtp_server, django_capture_on_commit_callbacks
):
    request = send(erik, catalogue.roros, contact=catalogue.ingrid)
    with django_capture_on_commit_callbacks(execute=True):
        handle_introduction_request(
            request, by=sara, answer="Jag har mejlat Ingrid och bett henne kontakta dig.", site_url=SITE
        )
    request.refresh_from_db()
    assert (request.status, request.handled_by, request.answer) == (
        "hanterad",
        sara,
        "Jag har mejlat Ingrid och bett henne kontakta dig.",
    )
    assert request.handled_at is not None
    [mail] = smtp_server.messages
    assert mail.recipients == ["erik@kommun.example"]
    assert mail.subject == "Svar på din intresseanmälan till kommunen"
    assert "om Ingrid Haugen, Røros kommune:" in mail.body
    assert "Jag har mejlat Ingrid och bett henne kontakta dig." in mail.body
    assert "http://utblick.kommun.example/katalog/mina-forfragningar/" in mail.body
    change = history_of(request).first()
    assert change.action == Change.Action.STATUS and change.actor == sara
    assert {"field": "Status", "before": "Ny", "after": "Hanterad"} in change.changes


def test_the_answer_mail_does_not_name_a_contact_who_withdrew_the_consent(
    erik, sara, catalogue, smtp_server, django_capture_on_commit_callbacks
):
    request = send(erik, catalogue.roros, contact=catalogue.ingrid)
    catalogue.ingrid.consent_to_share = False
    catalogue.ingrid.save()
    with django_capture_on_commit_callbacks(execute=True):
        handle_introduction_request(request, by=sara, answer="Personen vill inte bli kontaktad.", site_url=SITE)
    [mail] = smtp_server.messages
    assert "Ingrid" not in mail.body
    assert "en kontaktperson som inte längre visas, Røros kommune" in mail.body


def test_a_requester_without_email_gets_no_mail_but_the_request_is_handled(
    erik, sara, catalogue, smtp_server, django_capture_on_commit_callbacks
):
    erik.email = ""
    erik.save()
    request = send(erik, catalogue.roros)
    with django_capture_on_commit_callbacks(execute=True):
        handle_introduction_request(request, by=sara, answer="Ring Røros växel.")
    assert smtp_server.messages == []
    request.refresh_from_db()
    assert request.status == "hanterad"


@pytest.mark.parametrize("username", ["hans", "fredrik", "karin", "per", "lisa", "erik"])
def test_only_the_coordinator_handles_requests(personas, catalogue, username):
    request = send(personas["erik"], catalogue.roros)
    with pytest.raises(PermissionDenied):
        handle_introduction_request(request, by=personas[username], answer="Klart.")
    request.refresh_from_db()
    assert request.status == "ny"


@pytest.mark.parametrize(
    ("answer", "error"),
    [("", "Skriv ett svar till den som frågade"), ("x" * 5001, "Svaret får vara högst 5000 tecken.")],
)
def test_an_answer_must_be_written_and_not_too_long(erik, sara, catalogue, answer, error):
    request = send(erik, catalogue.roros)
    with pytest.raises(ValidationError) as excinfo:
        handle_introduction_request(request, by=sara, answer=answer)
    assert errors_of(excinfo)["answer"][0].startswith(error)


def test_a_handled_request_cannot_be_handled_again(erik, sara, catalogue):
    request = send(erik, catalogue.roros)
    handle_introduction_request(request, by=sara, answer="Första svaret.")
    with pytest.raises(ValidationError) as excinfo:
        handle_introduction_request(request, by=sara, answer="Andra svaret.")
    assert "Förfrågan är redan hanterad" in excinfo.value.messages[0]
    request.refresh_from_db()
    assert request.answer == "Första svaret."
