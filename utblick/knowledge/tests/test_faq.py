"""The FAQ made from answered advice requests: publishing an edited copy (never the asker's name), the asker told,
unpublishing, free-text search, who may do what, history, bad input and constant query counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.matrix import ADVICE_PUBLISH, FAQ_UNPUBLISH, FAQ_UNPUBLISHED, PERSONAS, READ
from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.knowledge import advice_actions as actions
from utblick.knowledge.models_advice import FaqEntry
from utblick.notifications.models import Notification


def ask_fields(**overrides):
    data = {"subject": "Bidrag till elevutbyte", "question": "Jag, Hans på Björkskolan, undrar om Erasmus+ passar?"}
    data.update(overrides)
    return data


def faq_fields(**overrides):
    data = {
        "question": "Vilket EU-program passar ett elevutbyte?",
        "answer": "Erasmus+ skolutbyte passar; ansök senast i februari.",
        "category": "funding",
        "area": None,
    }
    data.update(overrides)
    return data


@pytest.fixture
def answered(hans, sara):
    advice = actions.ask(by=hans, fields=ask_fields())
    actions.answer(advice, by=sara, text="Hej Hans! Erasmus+ passar, ansök senast i februari.")
    return advice


@pytest.fixture
def entry(answered, sara):
    return actions.publish_faq(answered, by=sara, fields=faq_fields())


def form_data(**overrides):
    data = {"question": "Vilket EU-program passar ett elevutbyte?", "answer": "Erasmus+.", "category": "funding"}
    data.update(overrides)
    return data


# Publishing


def test_the_publish_form_starts_from_the_question_and_the_latest_answer(client_for, answered):
    page = client_for("sara").get(f"/kunskap/fragor/{answered.pk}/vanlig-fraga/").content.decode()
    assert "Jag, Hans på Björkskolan, undrar om Erasmus+ passar?" in page
    assert "Hej Hans! Erasmus+ passar, ansök senast i februari." in page


def test_sara_publishes_an_edited_copy_and_the_asker_is_told_without_being_named(client_for, answered, hans):
    response = client_for("sara").post(f"/kunskap/fragor/{answered.pk}/vanlig-fraga/", form_data())
    entry = FaqEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kunskap/vanliga-fragor/{entry.pk}/"
    assert entry.is_published and entry.published_at is not None
    note = Notification.objects.get(recipient=hans, title__startswith="Din fråga finns nu bland de vanliga frågorna")
    assert note.url == f"/kunskap/vanliga-fragor/{entry.pk}/"
    for url in ("/kunskap/vanliga-fragor/", f"/kunskap/vanliga-fragor/{entry.pk}/"):
        page = client_for("lisa").get(url).content.decode()
        assert "Vilket EU-program passar ett elevutbyte?" in page
        assert "Hans" not in page and "Björkskolan" not in page


def test_publishing_again_after_an_edit_does_not_tell_the_asker_twice(entry, answered, sara, hans):
    actions.publish_faq(answered, by=sara, fields=faq_fields(answer="Erasmus+ eller Nordplus."))
    assert Notification.objects.filter(recipient=hans, title__startswith="Din fråga finns nu").count() == 1
    entry.refresh_from_db()
    assert entry.answer == "Erasmus+ eller Nordplus."


def test_publishing_an_unanswered_request_is_refused_with_a_sentence(client_for, hans, sara):
    advice = actions.ask(by=hans, fields=ask_fields())
    with pytest.raises(ValidationError) as error:
        actions.publish_faq(advice, by=sara, fields=faq_fields())
    assert error.value.messages == [
        "Frågan har inte fått något svar ännu. Svara på frågan först, publicera den sedan som vanlig fråga."
    ]
    response = client_for("sara").post(f"/kunskap/fragor/{advice.pk}/vanlig-fraga/", form_data())
    assert response.status_code == 200
    assert "Frågan har inte fått något svar ännu." in response.content.decode()
    assert not FaqEntry.objects.exists()


def test_a_follow_up_is_not_an_answer_to_publish(hans, sara):
    advice = actions.ask(by=hans, fields=ask_fields())
    actions.follow_up(advice, by=hans, text="Ett tillägg.")
    with pytest.raises(ValidationError):
        actions.publish_faq(advice, by=sara, fields=faq_fields())


def test_empty_and_huge_faq_texts_are_refused(client_for, answered):
    url = f"/kunskap/fragor/{answered.pk}/vanlig-fraga/"
    page = client_for("sara").post(url, {"question": "", "answer": "", "category": ""}).content.decode()
    assert "Skriv frågan som den ska stå bland de vanliga frågorna" in page
    assert "Skriv svaret som det ska stå bland de vanliga frågorna." in page
    assert "Välj en kategori för frågan." in page
    page = client_for("sara").post(url, form_data(question="x" * 1001)).content.decode()
    assert "Texten får vara högst 1000 tecken, nu är den 1001. Korta av den." in page
    assert not FaqEntry.objects.exists()


def test_html_in_a_faq_entry_is_shown_as_text(client_for, answered, sara):
    entry = actions.publish_faq(answered, by=sara, fields=faq_fields(question="<script>alert(1)</script>"))
    for url in ("/kunskap/vanliga-fragor/", f"/kunskap/vanliga-fragor/{entry.pk}/"):
        page = client_for("per").get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_asker_cannot_publish_through_the_action(answered, hans):
    with pytest.raises(PermissionDenied):
        actions.publish_faq(answered, by=hans, fields=faq_fields())


# Unpublishing and history


def test_unpublishing_hides_the_entry_from_everyone_but_the_coordinator(client_for, entry):
    response = client_for("sara").post(f"/kunskap/vanliga-fragor/{entry.pk}/avpublicera/")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert not entry.is_published
    assert "Vilket EU-program" not in client_for("lisa").get("/kunskap/vanliga-fragor/").content.decode()
    assert client_for("lisa").get(f"/kunskap/vanliga-fragor/{entry.pk}/").status_code == 404
    assert "avpublicerad" in client_for("sara").get(f"/kunskap/vanliga-fragor/{entry.pk}/").content.decode()
    again = client_for("sara").post(f"/kunskap/vanliga-fragor/{entry.pk}/avpublicera/", follow=True)
    assert "Den vanliga frågan är redan avpublicerad." in again.content.decode()


def test_publishing_editing_and_unpublishing_are_recorded(entry, answered, sara):
    actions.publish_faq(answered, by=sara, fields=faq_fields(category="rules"))
    actions.unpublish_faq(entry, by=sara)
    actions.publish_faq(answered, by=sara, fields=faq_fields(category="rules"))
    rows = list(history_of(entry))
    assert [r.action for r in rows] == [Change.Action.UPDATED, Change.Action.STATUS, Change.Action.UPDATED, "created"]
    assert {"field": "Kategori", "before": "EU-program och finansiering", "after": "Regler, beslut och ansvar"} in rows[
        2
    ].changes
    assert rows[1].changes == [{"field": "Publicerad", "before": "Ja", "after": "Nej"}]


# Who may do what


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_read_the_faq(client_for, entry, persona):
    assert client_for(persona).get("/kunskap/vanliga-fragor/").status_code == READ[persona]
    assert client_for(persona).get(f"/kunskap/vanliga-fragor/{entry.pk}/").status_code == READ[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_publish(client_for, answered, persona):
    assert (
        client_for(persona).get(f"/kunskap/fragor/{answered.pk}/vanlig-fraga/").status_code == ADVICE_PUBLISH[persona]
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_see_an_unpublished_entry(client_for, entry, sara, persona):
    actions.unpublish_faq(entry, by=sara)
    assert client_for(persona).get(f"/kunskap/vanliga-fragor/{entry.pk}/").status_code == FAQ_UNPUBLISHED[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_unpublish(client_for, entry, persona):
    response = client_for(persona).post(f"/kunskap/vanliga-fragor/{entry.pk}/avpublicera/")
    assert response.status_code == FAQ_UNPUBLISH[persona]


# Search


@pytest.fixture
def several(hans, sara):
    texts = [
        ("Hur söker man Interreg Aurora?", "Kontakta samordnaren i god tid.", "funding"),
        ("Vem beslutar om en tjänsteresa till Norge?", "Förvaltningschefen beslutar.", "travel"),
        ("Får vi ta emot gåvor från vänorten?", "Bara av ringa värde; registrera gåvan.", "rules"),
    ]
    for question, answer, category in texts:
        advice = actions.ask(by=hans, fields=ask_fields(subject=question[:50]))
        actions.answer(advice, by=sara, text=answer)
        actions.publish_faq(advice, by=sara, fields=faq_fields(question=question, answer=answer, category=category))


def test_free_text_search_finds_words_in_question_and_answer(client_for, several):
    client = client_for("lisa")
    page = client.get("/kunskap/vanliga-fragor/?q=interreg").content.decode()
    assert "Interreg Aurora" in page and "tjänsteresa" not in page and "1 fråga matchar sökningen" in page
    page = client.get("/kunskap/vanliga-fragor/?q=Förvaltningschefen+BESLUTAR").content.decode()
    assert "tjänsteresa till Norge" in page and "Interreg" not in page
    page = client.get("/kunskap/vanliga-fragor/?q=gåvor&category=travel").content.decode()
    assert "Inga vanliga frågor matchar sökningen." in page
    page = client.get("/kunskap/vanliga-fragor/?category=rules").content.decode()
    assert "gåvor från vänorten" in page and "Interreg" not in page


def test_search_wildcards_are_taken_literally_and_a_huge_search_is_refused(client_for, several):
    client = client_for("lisa")
    assert "Inga vanliga frågor matchar sökningen." in client.get("/kunskap/vanliga-fragor/?q=%25").content.decode()
    assert "Inga vanliga frågor matchar sökningen." in client.get("/kunskap/vanliga-fragor/?q=_").content.decode()
    page = client.get("/kunskap/vanliga-fragor/?q=" + "a" * 201).content.decode()
    assert "Sökningen får vara högst 200 tecken. Korta av den." in page
    assert "<script>" not in client.get("/kunskap/vanliga-fragor/?q=<script>").content.decode()


def test_the_faq_is_ordered_by_category(client_for, several):
    page = client_for("lisa").get("/kunskap/vanliga-fragor/").content.decode()
    assert page.index("Interreg") < page.index("tjänsteresa") < page.index("gåvor")


# Query counts


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _publish_many(hans, sara, n, area=None):
    for i in range(n):
        advice = actions.ask(by=hans, fields=ask_fields(subject=f"Fråga {i}"))
        actions.answer(advice, by=sara, text="Svar.")
        actions.publish_faq(advice, by=sara, fields=faq_fields(question=f"Fråga nummer {i} om bidrag", area=area))


@pytest.mark.parametrize("url", ["/kunskap/vanliga-fragor/", "/kunskap/vanliga-fragor/?q=bidrag&category=funding"])
def test_the_faq_list_and_search_use_a_constant_number_of_queries(client_for, hans, sara, policy, url):
    from utblick.policy.models import Area

    area = Area.objects.first()
    client = client_for("karin")
    _publish_many(hans, sara, 3, area)
    few = _queries(client, url)
    _publish_many(hans, sara, 6, area)
    assert _queries(client, url) == few
