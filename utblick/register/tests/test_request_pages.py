"""The form "Be om en introduktion", the coordinator's inbox and answer page, "Mina förfrågningar" and the start page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.register.actions import handle_introduction_request, send_introduction_request
from utblick.register.models import IntroductionRequest

VALID = {
    "requester_organisation": "Funäsdalens skola",
    "requester_phone": "070-123 45 67",
    "message": "Vi vill starta ett elevutbyte.",
}
INBOX = "/katalog/forfragningar/"
MINE = "/katalog/mina-forfragningar/"


def roros_url(catalogue):
    return f"/katalog/organisation/{catalogue.roros.pk}/"


def request_from(user, target, message="Hjälp oss att hitta en partnerskola.", **fields):
    return send_introduction_request(
        by=user, target=target, message=message, requester_organisation="Funäsdalens skola", **fields
    )


# ---- the form ----------------------------------------------------------------------------------


def test_erik_asks_for_an_introduction_to_a_contact_and_sees_it_under_his_requests(
    client_for, catalogue, smtp_server, django_capture_on_commit_callbacks
):
    client = client_for("erik")
    page = client.get(roros_url(catalogue)).content.decode()
    assert "Be om en introduktion" in page
    assert f'<option value="{catalogue.ingrid.pk}">Ingrid Haugen, Rektor</option>' in page
    assert "Ola Nordmann" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(roros_url(catalogue), {**VALID, "contact": catalogue.ingrid.pk}, follow=True)
    assert response.redirect_chain == [(MINE, 302)]
    html = response.content.decode()
    assert "Tack! Din intresseanmälan är skickad" in html
    assert "Introduktion till Ingrid Haugen, Røros kommune" in html
    assert "Väntar på svar" in html
    request = IntroductionRequest.objects.get()
    assert request.target_contact == catalogue.ingrid
    [mail] = smtp_server.messages
    assert mail.recipients == ["sara@kommun.example"]
    assert f"/katalog/forfragningar/{request.pk}/" in mail.body
    assert mail.body.count("http://testserver/katalog/forfragningar/") == 1


def test_a_network_without_contacts_has_no_contact_choice(client_for, catalogue):
    page = client_for("erik").get(f"/katalog/natverk/{catalogue.old_office.pk}/").content.decode()
    assert "Vem vill du komma i kontakt med?" not in page
    assert "Skicka intresseanmälan" in page


def test_the_form_remembers_the_requesters_organisation_and_phone(client_for, catalogue, erik):
    request_from(erik, catalogue.tartu, requester_phone="070-111 22 33")
    page = client_for("erik").get(roros_url(catalogue)).content.decode()
    assert 'value="Funäsdalens skola"' in page and 'value="070-111 22 33"' in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {**VALID, "message": ""},
            "Skriv vad du vill ha hjälp med, till exempel vem du vill komma i kontakt med och varför.",
        ),
        ({**VALID, "message": "x" * 10_000}, "Meddelandet får vara högst 5000 tecken (nu 10000). Korta av det."),
        ({**VALID, "requester_organisation": ""}, "Ange vilken organisation, förening eller skola du företräder."),
        ({**VALID, "requester_phone": "ring mig"}, "Skriv telefonnumret med siffror, till exempel 070-123 45 67."),
        ({**VALID, "contact": "999999"}, "Kontaktpersonen visas inte i katalogen. Välj en person ur listan."),
        ({**VALID, "contact": "Ingrid"}, "Kontaktpersonen visas inte i katalogen. Välj en person ur listan."),
    ],
)
def test_bad_input_is_shown_next_to_the_form_in_swedish(client_for, catalogue, data, error):
    response = client_for("erik").post(roros_url(catalogue), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert error in html
    assert not IntroductionRequest.objects.exists()


@pytest.mark.parametrize("who", ["ola", "anonymised", "astrid"])
def test_a_contact_not_shown_under_the_organisation_cannot_be_chosen_by_id(client_for, catalogue, who):
    response = client_for("erik").post(roros_url(catalogue), {**VALID, "contact": getattr(catalogue, who).pk})
    assert "Kontaktpersonen visas inte i katalogen." in response.content.decode()
    assert not IntroductionRequest.objects.exists()


def test_requests_about_things_outside_the_directory_are_404(client_for, catalogue):
    client = client_for("erik")
    assert client.post(f"/katalog/organisation/{catalogue.hidden.pk}/", VALID).status_code == 404
    assert client.post(f"/katalog/natverk/{catalogue.hidden_network.pk}/", VALID).status_code == 404
    assert client.post("/katalog/organisation/999999/", VALID).status_code == 404
    assert not IntroductionRequest.objects.exists()


def test_a_double_submit_saves_one_request(client_for, catalogue):
    client = client_for("erik")
    assert client.post(roros_url(catalogue), VALID).status_code == 302
    again = client.post(roros_url(catalogue), VALID)
    assert again.status_code == 200
    assert "Du har redan skickat precis den här intresseanmälan" in again.content.decode()
    assert IntroductionRequest.objects.count() == 1


def test_script_in_a_message_is_shown_escaped_everywhere(client_for, catalogue, erik):
    request = request_from(erik, catalogue.roros, message="<script>alert('hej')</script>")
    request.requester_organisation = "<b>Fet AB</b>"
    request.save()
    for client, url in [
        (client_for("erik"), MINE),
        (client_for("sara"), INBOX),
        (client_for("sara"), f"{INBOX}{request.pk}/"),
    ]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<b>Fet AB</b>" not in html, url
    assert "&lt;script&gt;" in client_for("sara").get(f"{INBOX}{request.pk}/").content.decode()


# ---- the coordinator's inbox and answer page ---------------------------------------------------


def test_the_inbox_lists_new_requests_first_and_filters_by_status(client_for, catalogue, erik, sara):
    handled = request_from(erik, catalogue.tartu, message="Gammal fråga")
    handle_introduction_request(handled, by=sara, answer="Klart.")
    request_from(erik, catalogue.committee, message="Ny fråga")
    client = client_for("sara")
    html = client.get(INBOX).content.decode()
    assert html.index("Gränskommittén Nord (nätverk)") < html.index("Tartu Ülikool")
    assert "2 förfrågningar" in html
    new_only = client.get(INBOX, {"status": "ny"}).content.decode()
    assert "Gränskommittén Nord" in new_only and "Tartu Ülikool" not in new_only
    handled_only = client.get(INBOX, {"status": "hanterad"}).content.decode()
    assert "Tartu Ülikool" in handled_only and "Gränskommittén Nord" not in handled_only
    bad = client.get(INBOX, {"status": "kanske"}).content.decode()
    assert "Välj nya, hanterade eller alla förfrågningar." in bad


def test_sara_answers_on_the_request_page_and_erik_reads_the_answer(
    client_for, catalogue, erik, smtp_server, django_capture_on_commit_callbacks
):
    request = request_from(erik, catalogue.roros, contact=catalogue.ingrid)
    client = client_for("sara")
    page = client.get(f"{INBOX}{request.pk}/").content.decode()
    assert "Svara och markera som hanterad" in page
    assert f'href="/partner/kontakter/{catalogue.ingrid.pk}/"' in page
    assert 'href="mailto:erik@kommun.example"' in page
    empty = client.post(f"{INBOX}{request.pk}/", {"answer": ""})
    assert "Skriv ett svar till den som frågade" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{INBOX}{request.pk}/", {"answer": "Ingrid hör av sig."}, follow=True)
    html = response.content.decode()
    assert "Svaret är sparat och skickat till den som frågade." in html
    assert "Hanterad" in html and "Sara Samordnare" in html
    assert "Svara och markera som hanterad" not in html
    [mail] = smtp_server.messages
    assert mail.recipients == ["erik@kommun.example"]
    mine = client_for("erik").get(MINE).content.decode()
    assert "Ingrid hör av sig." in mine and "Besvarad" in mine
    assert "Sara" not in mine  # the requester sees the answer, not who in the municipality wrote it


def test_answering_twice_is_refused_with_a_message(client_for, catalogue, erik, sara):
    request = request_from(erik, catalogue.roros)
    handle_introduction_request(request, by=sara, answer="Första svaret.")
    response = client_for("sara").post(f"{INBOX}{request.pk}/", {"answer": "Andra svaret."}, follow=True)
    assert "Förfrågan är redan hanterad." in response.content.decode()
    request.refresh_from_db()
    assert request.answer == "Första svaret."


def test_an_unknown_request_is_404_for_sara(client_for, catalogue):
    assert client_for("sara").get(f"{INBOX}999999/").status_code == 404


# ---- my requests -------------------------------------------------------------------------------


def test_my_requests_shows_only_my_own(client_for, catalogue, erik, personas):
    request_from(erik, catalogue.roros, message="Eriks fråga")
    request_from(personas["lisa"], catalogue.tartu, message="Lisas fråga")
    html = client_for("erik").get(MINE).content.decode()
    assert "Eriks fråga" in html and "Lisas fråga" not in html
    assert "Du har inte skickat någon intresseanmälan ännu." in client_for("hans").get(MINE).content.decode()


def test_my_requests_no_longer_names_what_left_the_directory(client_for, catalogue, erik):
    request_from(erik, catalogue.roros, contact=catalogue.ingrid)
    catalogue.ingrid.consent_to_share = False
    catalogue.ingrid.save()
    catalogue.roros.in_directory = False
    catalogue.roros.save()
    html = client_for("erik").get(MINE).content.decode()
    assert "Ingrid" not in html and "Røros" not in html
    assert "en kontaktperson som inte längre visas, en post som inte längre finns i katalogen" in html


# ---- the start page ----------------------------------------------------------------------------


def test_the_coordinator_sees_the_number_of_new_requests_on_the_start_page(client_for, catalogue, erik, sara):
    request_from(erik, catalogue.roros)
    request_from(erik, catalogue.tartu)
    handle_introduction_request(request_from(erik, catalogue.committee), by=sara, answer="Klart.")
    html = client_for("sara").get("/").content.decode()
    assert "Nya intresseanmälningar (2)" in html
    assert 'href="/katalog/forfragningar/?status=ny"' in html
    assert "Nya intresseanmälningar" not in client_for("hans").get("/").content.decode()


# ---- query counts ------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("username", "url"), [("sara", INBOX), ("erik", MINE)])
def test_request_lists_use_the_same_number_of_queries_for_one_and_many(
    client_for, catalogue, erik, sara, username, url
):
    client = client_for(username)
    request_from(erik, catalogue.roros, contact=catalogue.ingrid)
    client.get(url)
    one = count_queries(client, url)
    targets = [catalogue.tartu, catalogue.committee, catalogue.old_office, catalogue.roros]
    for i, target in enumerate(targets):
        request = request_from(erik, target, message=f"Fråga {i}")
        if i % 2:
            handle_introduction_request(request, by=sara, answer="Klart.")
    assert count_queries(client, url) == one
