"""Fråga samordnaren (R-26): asking, the conversation and its states, who sees what, bad input, notifications,
history, two coordinators answering at once, and constant query counts on the list and the conversation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.matrix import ADVICE_ANSWER, ADVICE_CLOSE, ADVICE_FOLLOW_UP, ADVICE_OF_HANS, PERSONAS, READ
from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.core.roles import Role
from utblick.knowledge import advice_actions as actions
from utblick.knowledge.models import AdviceRequest
from utblick.knowledge.models_advice import AdviceMessage, AdviceState
from utblick.notifications.models import Notification
from utblick.organisation.models import Membership
from utblick.policy.models import Area


def fields(**overrides):
    data = {
        "subject": "Bidrag till elevutbyte",
        "question": "Vilket EU-program passar ett elevutbyte med Røros?",
        "engagement": None,
        "area": None,
        "country": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def advice(hans):
    return actions.ask(by=hans, fields=fields())


@pytest.fixture
def sara2(units, django_user_model):
    """A second coordinator, to answer at the same time as Sara."""
    user = django_user_model.objects.create_user("stina", email="stina@kommun.example", first_name="Stina")
    Membership.objects.create(user=user, unit=units["nuk"], role=Role.SAMORDNARE)
    return user


# Asking


def test_hans_asks_through_the_form_and_sees_his_question(client_for, make_engagement, units, policy):
    engagement = make_engagement(title="Skolutbyte med Røros")
    area = Area.objects.filter(is_active=True).first()
    client = client_for("hans")
    assert client.get("/kunskap/fragor/ny/").status_code == 200
    response = client.post(
        "/kunskap/fragor/ny/",
        {
            "subject": "Bidrag till elevutbyte",
            "question": "Vilket program passar?",
            "engagement": str(engagement.pk),
            "area": str(area.pk),
            "country": "NO",
        },
    )
    advice = AdviceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kunskap/fragor/{advice.pk}/"
    assert (advice.state, advice.engagement, advice.area, advice.country.code) == ("open", engagement, area, "NO")
    page = client.get(response["Location"]).content.decode()
    assert "Bidrag till elevutbyte" in page and "Skolutbyte med Røros" in page and "Norge" in page
    assert "Väntar på svar" in page
    assert "Bidrag till elevutbyte" in client.get("/kunskap/fragor/").content.decode()


def test_every_coordinator_is_notified_of_a_new_question(sara2, advice, sara, hans):
    notes = Notification.objects.filter(kind="advice").order_by("recipient__username")
    assert [n.recipient for n in notes] == [sara, sara2]
    assert notes[0].title == "Ny fråga till samordnaren: Bidrag till elevutbyte"
    assert notes[0].url == f"/kunskap/fragor/{advice.pk}/"
    assert "Hans Handläggare frågar" in notes[0].text
    assert not Notification.objects.filter(recipient=hans).exists()


def test_asking_is_recorded_in_the_history(advice):
    change = history_of(advice).get()
    assert change.action == Change.Action.CREATED
    assert {c["field"]: c["after"] for c in change.changes}["Ämne"] == "Bidrag till elevutbyte"


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_ask_and_see_the_list(client_for, persona):
    assert client_for(persona).get("/kunskap/fragor/").status_code == READ[persona]
    assert client_for(persona).get("/kunskap/fragor/ny/").status_code == READ[persona]


def test_the_external_actor_cannot_ask(erik):
    with pytest.raises(PermissionDenied):
        actions.ask(by=erik, fields=fields())


# Who sees a request


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_see_hans_request(client_for, advice, persona):
    assert client_for(persona).get(f"/kunskap/fragor/{advice.pk}/").status_code == ADVICE_OF_HANS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_answer(client_for, advice, persona):
    response = client_for(persona).post(f"/kunskap/fragor/{advice.pk}/svara/", {"answer-text": "Erasmus+."})
    assert response.status_code == ADVICE_ANSWER[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_follow_up(client_for, advice, persona):
    response = client_for(persona).post(f"/kunskap/fragor/{advice.pk}/foljdfraga/", {"follow-text": "Och sedan?"})
    assert response.status_code == ADVICE_FOLLOW_UP[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_close(client_for, advice, persona):
    assert client_for(persona).post(f"/kunskap/fragor/{advice.pk}/avsluta/").status_code == ADVICE_CLOSE[persona]


def test_lists_show_only_ones_own_requests_but_the_coordinator_sees_all(client_for, advice, karin):
    actions.ask(by=karin, fields=fields(subject="Kulturfestival i Tartu"))
    hans_page = client_for("hans").get("/kunskap/fragor/").content.decode()
    assert "Bidrag till elevutbyte" in hans_page and "Kulturfestival i Tartu" not in hans_page
    lisa_page = client_for("lisa").get("/kunskap/fragor/").content.decode()
    assert "Bidrag till elevutbyte" not in lisa_page and "Inga frågor ännu." in lisa_page
    sara_page = client_for("sara").get("/kunskap/fragor/").content.decode()
    assert "Bidrag till elevutbyte" in sara_page and "Kulturfestival i Tartu" in sara_page
    assert "Hans Handläggare" in sara_page and "Karin Kultur" in sara_page


def test_the_coordinators_list_shows_the_longest_waiting_first_and_filters_by_state(client_for, hans, karin, sara):
    first = actions.ask(by=hans, fields=fields(subject="Första frågan"))
    second = actions.ask(by=karin, fields=fields(subject="Andra frågan"))
    answered = actions.ask(by=karin, fields=fields(subject="Besvarad fråga"))
    actions.answer(answered, by=sara, text="Svar.")
    page = client_for("sara").get("/kunskap/fragor/").content.decode()
    assert page.index("Första frågan") < page.index("Andra frågan") < page.index("Besvarad fråga")
    # A follow-up puts the request at the back of the queue of those waiting.
    actions.follow_up(first, by=hans, text="Ett tillägg.")
    page = client_for("sara").get("/kunskap/fragor/?state=open").content.decode()
    assert page.index("Andra frågan") < page.index("Första frågan")
    assert "Besvarad fråga" not in page
    page = client_for("sara").get("/kunskap/fragor/?state=answered").content.decode()
    assert "Besvarad fråga" in page and "Andra frågan" not in page
    assert second.state == AdviceState.OPEN


def test_the_coordinators_list_is_paged(client_for, hans, settings):
    settings.UTBLICK_PAGE_SIZE = 2
    for subject in ("Fråga A", "Fråga B", "Fråga C"):
        actions.ask(by=hans, fields=fields(subject=subject))
    first = client_for("sara").get("/kunskap/fragor/").content.decode()
    second = client_for("sara").get("/kunskap/fragor/?page=2").content.decode()
    assert "Fråga A" in first and "Fråga B" in first and "Fråga C" not in first
    assert "Fråga C" in second and "Sida 2 av 2" in second and "3 frågor" in second


def test_the_start_page_and_the_knowledge_pages_link_to_the_coordinator(client_for):
    start = client_for("lisa").get("/").content.decode()
    assert 'href="/kunskap/fragor/ny/"' in start and 'href="/kunskap/vanliga-fragor/"' in start
    lessons = client_for("lisa").get("/kunskap/").content.decode()
    assert 'href="/kunskap/fragor/"' in lessons and "Fråga samordnaren" in lessons


def test_the_coordinators_start_page_counts_the_questions_waiting_for_an_answer(client_for, advice, sara):
    start = client_for("sara").get("/").content.decode()
    assert "1 fråga väntar på ditt svar" in start and 'href="/kunskap/fragor/?state=open"' in start
    actions.answer(advice, by=sara, text="Erasmus+ passar.")
    assert "väntar på ditt svar" not in client_for("sara").get("/").content.decode()
    assert "väntar på ditt svar" not in client_for("hans").get("/").content.decode()


def test_an_engagement_the_asker_may_not_see_is_refused(make_engagement, karin):
    secret = make_engagement(title="Hemligt", is_secret=True, secrecy_ground="OSL 23 kap. 1 §")
    with pytest.raises(ValidationError) as error:
        actions.ask(by=karin, fields=fields(engagement=secret))
    assert error.value.message_dict["engagement"] == [
        "Välj ett engagemang som du har tillgång till, eller lämna fältet tomt."
    ]


def test_the_form_offers_only_engagements_the_asker_may_see(client_for, make_engagement):
    make_engagement(title="Hemligt samråd", is_secret=True, secrecy_ground="OSL 23 kap. 1 §")
    make_engagement(title="Öppet utbyte")
    page = client_for("karin").get("/kunskap/fragor/ny/").content.decode()
    assert "Öppet utbyte" in page and "Hemligt samråd" not in page


# The conversation and its states


def test_the_coordinator_answers_and_the_asker_is_told(client_for, advice, hans):
    response = client_for("sara").post(f"/kunskap/fragor/{advice.pk}/svara/", {"answer-text": "Pröva Erasmus+."})
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.state == AdviceState.ANSWERED
    note = Notification.objects.get(recipient=hans)
    assert note.title == "Samordnaren har svarat på din fråga: Bidrag till elevutbyte"
    assert "Pröva Erasmus+." in note.text and note.url == f"/kunskap/fragor/{advice.pk}/"
    page = client_for("hans").get(f"/kunskap/fragor/{advice.pk}/").content.decode()
    assert "Svar från Sara Samordnare" in page and "Pröva Erasmus+." in page and "Besvarad" in page


def test_a_follow_up_reopens_an_answered_or_closed_request(advice, hans, sara):
    actions.answer(advice, by=sara, text="Pröva Erasmus+.")
    actions.close(advice, by=hans)
    advice.refresh_from_db()
    assert advice.state == AdviceState.CLOSED
    actions.follow_up(advice, by=hans, text="Gäller det även gymnasiet?")
    advice.refresh_from_db()
    assert advice.state == AdviceState.OPEN
    titles = list(Notification.objects.filter(recipient=sara).values_list("title", flat=True))
    assert "Följdfråga till samordnaren: Bidrag till elevutbyte" in titles
    assert [m.from_coordinator for m in advice.messages.all()] == [True, False]


def test_the_coordinator_closing_tells_the_asker(advice, hans, sara):
    actions.close(advice, by=sara)
    assert Notification.objects.filter(
        recipient=hans, title="Din fråga till samordnaren är avslutad: Bidrag till elevutbyte"
    ).exists()


def test_closing_twice_is_refused_with_a_sentence(client_for, advice, hans):
    actions.close(advice, by=hans)
    response = client_for("hans").post(f"/kunskap/fragor/{advice.pk}/avsluta/", follow=True)
    assert "Frågan är redan avslutad. Skriv en följdfråga om du vill öppna den igen." in response.content.decode()


def test_every_change_is_recorded_in_the_history(advice, hans, sara):
    actions.answer(advice, by=sara, text="Pröva Erasmus+.")
    actions.follow_up(advice, by=hans, text="Tack, en sak till.")
    actions.close(advice, by=sara)
    rows = list(history_of(advice))
    assert [r.action for r in rows] == ["status", "updated", "updated", "created"]
    answer_row = rows[2]
    assert answer_row.changes == [
        {"field": "Svar", "before": "", "after": "Pröva Erasmus+."},
        {"field": "Läge", "before": "Väntar på svar", "after": "Besvarad"},
    ]
    assert rows[0].actor == sara and rows[1].actor == hans


def test_the_asker_cannot_answer_and_the_coordinator_cannot_follow_up_through_the_actions(advice, hans, sara, karin):
    with pytest.raises(PermissionDenied):
        actions.answer(advice, by=hans, text="Jag svarar själv.")
    with pytest.raises(PermissionDenied):
        actions.follow_up(advice, by=sara, text="Följdfråga?")
    with pytest.raises(PermissionDenied):
        actions.close(advice, by=karin)
    assert not AdviceMessage.objects.exists()


def test_two_coordinators_answering_at_once_both_keep_their_answer(client_for, advice, sara2, hans):
    sara_client, stina_client = client_for("sara"), client_for(None)
    stina_client.force_login(sara2)
    # Both opened the page before either answered: both forms say they have seen no message.
    for client in (sara_client, stina_client):
        assert client.get(f"/kunskap/fragor/{advice.pk}/").status_code == 200
    url = f"/kunskap/fragor/{advice.pk}/svara/"
    first = sara_client.post(url, {"answer-text": "Erasmus+ passar.", "answer-seen": "0"}, follow=True)
    second = stina_client.post(url, {"answer-text": "Nordplus passar också.", "answer-seen": "0"}, follow=True)
    assert [m.text for m in advice.messages.all()] == ["Erasmus+ passar.", "Nordplus passar också."]
    assert "Någon annan skrev i samtalet" not in first.content.decode()
    assert "Någon annan skrev i samtalet medan du skrev ditt svar." in second.content.decode()
    assert Notification.objects.filter(recipient=hans, kind="advice").count() == 2
    advice.refresh_from_db()
    assert advice.state == AdviceState.ANSWERED


# Bad input


def test_empty_fields_are_refused_with_sentences(client_for):
    response = client_for("hans").post("/kunskap/fragor/ny/", {"subject": " ", "question": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv ett kort ämne för frågan" in page and "Skriv din fråga till samordnaren." in page
    assert not AdviceRequest.objects.exists()


def test_huge_texts_are_refused(client_for, advice, hans):
    response = client_for("hans").post("/kunskap/fragor/ny/", {"subject": "x" * 201, "question": "y" * 5001})
    assert "Texten får vara högst 200 tecken, nu är den 201. Korta av den." in response.content.decode()
    assert AdviceRequest.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        actions.follow_up(advice, by=hans, text="z" * 5001)
    assert "högst 5000 tecken" in error.value.message_dict["text"][0]


def test_an_empty_answer_is_shown_next_to_the_field(client_for, advice):
    response = client_for("sara").post(f"/kunskap/fragor/{advice.pk}/svara/", {"answer-text": "  "})
    assert response.status_code == 200
    assert "Skriv ditt svar till den som frågade." in response.content.decode()
    assert not AdviceMessage.objects.exists()


def test_an_unknown_country_is_refused(hans):
    with pytest.raises(ValidationError) as error:
        actions.ask(by=hans, fields=fields(country="XX"))
    assert error.value.message_dict["country"] == ["Välj ett land i listan, eller lämna fältet tomt."]


def test_html_in_questions_and_answers_is_shown_as_text(client_for, hans, sara):
    advice = actions.ask(by=hans, fields=fields(subject="<script>alert(1)</script>", question="<b>fet</b>"))
    actions.answer(advice, by=sara, text="<img src=x onerror=alert(2)>")
    page = client_for("sara").get(f"/kunskap/fragor/{advice.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>fet</b>" not in page and "&lt;b&gt;fet&lt;/b&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;script&gt;" in client_for("sara").get("/kunskap/fragor/").content.decode()


def test_another_users_request_by_id_is_not_found(client_for, advice):
    for url in ("", "svara/", "foljdfraga/", "avsluta/", "vanlig-fraga/"):
        response = client_for("karin").post(f"/kunskap/fragor/{advice.pk}/{url}", {"follow-text": "x"})
        assert response.status_code == 404
    assert client_for("hans").get("/kunskap/fragor/999999/").status_code == 404
    assert not AdviceMessage.objects.exists()


# Query counts


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _ask_many(users, n):
    for i in range(n):
        for user in users:
            actions.ask(by=user, fields=fields(subject=f"Fråga {i}"))


@pytest.mark.parametrize(("persona", "url"), [("sara", "/kunskap/fragor/"), ("hans", "/kunskap/fragor/?state=open")])
def test_the_list_uses_a_constant_number_of_queries(client_for, personas, persona, url):
    client = client_for(persona)
    askers = [personas["hans"], personas["karin"]]
    _ask_many(askers, 3)
    few = _queries(client, url)
    _ask_many(askers, 6)
    assert _queries(client, url) == few


def test_the_conversation_uses_a_constant_number_of_queries(client_for, advice, hans, sara):
    def talk(n):
        for _ in range(n):
            actions.answer(advice, by=sara, text="Svar.")
            actions.follow_up(advice, by=hans, text="Följdfråga.")

    talk(2)
    few = {p: _queries(client_for(p), f"/kunskap/fragor/{advice.pk}/") for p in ("sara", "hans")}
    talk(6)
    assert {p: _queries(client_for(p), f"/kunskap/fragor/{advice.pk}/") for p in ("sara", "hans")} == few


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_answering_in_parallel_threads_lose_no_message(hans, sara, sara2):
    """Real concurrency: two connections answer at the same moment; the lock on the request orders them."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time anyway; row locks need PostgreSQL.")
    advice = actions.ask(by=hans, fields=fields())
    barrier = threading.Barrier(2)
    errors = []

    def answer(user, text):
        try:
            barrier.wait(timeout=10)
            actions.answer(advice, by=user, text=text, seen=0)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=answer, args=(sara, "Erasmus+ passar.")),
        threading.Thread(target=answer, args=(sara2, "Nordplus passar också.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(advice.messages.values_list("text", flat=True)) == ["Erasmus+ passar.", "Nordplus passar också."]
    advice.refresh_from_db()
    assert advice.state == AdviceState.ANSWERED
    assert history_of(advice).filter(action=Change.Action.UPDATED).count() == 2
