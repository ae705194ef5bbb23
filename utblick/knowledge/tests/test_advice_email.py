"""Fråga samordnaren by email, over real SMTP: the coordinator gets the question, the asker gets the answer, and
whoever chose not to get these emails gets them in the app only."""

from utblick.knowledge import advice_actions as actions
from utblick.notifications.actions import set_email_choices
from utblick.notifications.kinds import Kind
from utblick.notifications.models import Notification

QUESTION = {"subject": "Bidrag till elevutbyte", "question": "Vilket EU-program passar ett elevutbyte med Røros?"}


def test_the_coordinator_gets_the_question_by_email(hans, sara, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        advice = actions.ask(by=hans, fields=QUESTION)
    [mail] = smtp_server.messages
    assert mail.recipients == ["sara@kommun.example"]
    assert " ".join(mail.subject.split()) == "Ny fråga till samordnaren: Bidrag till elevutbyte"
    assert "Vilket EU-program passar ett elevutbyte med Røros?" in mail.body
    assert f"/kunskap/fragor/{advice.pk}/" in mail.body


def test_the_asker_gets_the_answer_by_email(hans, sara, smtp_server, django_capture_on_commit_callbacks):
    advice = actions.ask(by=hans, fields=QUESTION)
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer(advice, by=sara, text="Pröva Erasmus+ skolutbyte; ansökan i februari.")
    [mail] = smtp_server.to("hans@kommun.example")
    assert " ".join(mail.subject.split()) == "Samordnaren har svarat på din fråga: Bidrag till elevutbyte"
    assert "Pröva Erasmus+ skolutbyte; ansökan i februari." in mail.body
    assert "Sara Samordnare svarar" in mail.body


def test_an_asker_who_chose_the_app_only_gets_no_email(hans, sara, smtp_server, django_capture_on_commit_callbacks):
    set_email_choices(by=hans, choices={Kind.ADVICE: False})
    advice = actions.ask(by=hans, fields=QUESTION)
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer(advice, by=sara, text="Svar med 100 % säkerhet.")
    assert smtp_server.to("hans@kommun.example") == []
    note = Notification.objects.get(recipient=hans)
    assert "Svar med 100 % säkerhet." in note.text and note.emailed_at is None
