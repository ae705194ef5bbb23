"""manage.py setup_demo: after the accounts, the demo accounts have used handovers, official contacts, competence,
lessons, news and "Fråga samordnaren", so a user of the demo finds something on each of those pages."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from utblick.competence.models import CompetenceProfile, Experience, LanguageSkill, Visibility
from utblick.core.history import history_of
from utblick.engagements.demo import ACCOUNTS
from utblick.engagements.demo.coordination_seed import ACCEPTED, APPROVED, PROPOSED, WAITING
from utblick.engagements.demo.knowledge_seed import ANSWERED_SUBJECT, NEWS, OPEN_SUBJECT
from utblick.engagements.demo.seed import seed_with_accounts
from utblick.engagements.models import Engagement, EngagementScope
from utblick.engagements.models_handover import ContactApproval, Handover, HandoverKnowledge
from utblick.knowledge.models import AdviceRequest, Article, FaqEntry, Lesson
from utblick.notifications.models import Notification

CALL, BUF_ONLY, EVENT, DRAFT = (
    next(n.title for n in NEWS if n.category == "call"),
    next(n.title for n in NEWS if n.units),
    next(n.title for n in NEWS if n.category == "event"),
    next(n.title for n in NEWS if not n.publish),
)
WRITTEN = (Handover, HandoverKnowledge, ContactApproval, CompetenceProfile, LanguageSkill, Experience, Lesson)
WRITTEN += (Article, AdviceRequest, FaqEntry, Notification)


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """Run setup_demo once for the module in a transaction rolled back at the end (tests nest savepoints)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("setup_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def output(first_run, db):
    return first_run


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def page(username: str, name: str, *args, **query) -> str:
    response = client_of(username).get(reverse(name, args=args), query)
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


def test_setup_demo_says_what_the_demo_accounts_did(output):
    assert (
        "Demokontona har också arbetat i Utblick: 2 överlämningar, 2 godkännanden av officiella kontakter, "
        "6 kompetensprofiler, 2 erfarenheter, 3 publicerade nyheter, 1 nyhetsutkast, 2 frågor till samordnaren "
        "och 1 vanlig fråga." in output
    )
    assert "hoppades över" not in output


def test_sara_finds_the_open_handover_from_barn_utbildning_och_fritid_on_her_list(output):
    handover = Handover.objects.get(state=Handover.State.PROPOSED)
    assert handover.engagement.title == PROPOSED
    assert handover.from_unit.parent.code == "buf"  # Gymnasieskolan, in Barn, utbildning och fritid
    assert handover.proposed_by.username == "hans"
    assert {row.contact.name for row in handover.knowledge.select_related("contact")} == {"Siri Aune"}
    assert handover.knowledge.count() == 2
    assert {str(org.country) for org in handover.engagement.organisations.all()} == {"NO"}
    html = page("sara", "engagements:handover_list")
    assert PROPOSED in html and ACCEPTED in html
    assert Notification.objects.filter(recipient__username="sara", title__contains=PROPOSED).exists()
    assert PROPOSED in page("hans", "engagements:handover_list"), "the proposer sees it too"


def test_the_accepted_handover_left_knowledge_holders_on_the_engagement(output):
    sami = Engagement.objects.get(title=ACCEPTED)
    assert (sami.owner_unit.code, sami.scope) == ("ks", EngagementScope.MUNICIPALITY)
    assert sami.handovers.get().state == Handover.State.ACCEPTED
    assert {p.name for p in sami.knowledge_holders.all()} >= {"Karin Olsson", "Jonas Mårtensson"}
    html = page("karin", "engagements:detail", sami.pk)
    assert "Kunskapsbärare" in html and "Elle Jonsen" in html


def test_fredrik_has_one_official_contact_waiting_for_his_approval_and_approved_another(output):
    html = page("fredrik", "engagements:approvals_waiting")
    assert WAITING in html
    assert f"{APPROVED}</a>: Godkänt" in html, "and what he answered lately"
    waiting = ContactApproval.objects.get(state=ContactApproval.State.REQUESTED)
    assert waiting.engagement.title == WAITING and waiting.engagement.is_official_contact
    approved = ContactApproval.objects.get(state=ContactApproval.State.APPROVED)
    assert approved.engagement.title == APPROVED
    assert (approved.answered_by.username, approved.requested_by.username) == ("fredrik", "hans")
    assert approved.comment.startswith("Godkänt.")
    assert Notification.objects.filter(recipient__username="fredrik", title__contains=WAITING).exists()


def test_the_handovers_and_approvals_are_in_the_history_under_the_demo_accounts_names(output):
    actors = {row.actor.username for row in history_of(Engagement.objects.get(title=APPROVED)) if row.actor}
    assert {"hans", "fredrik"} <= actors
    actors = {row.actor.username for row in history_of(Engagement.objects.get(title=ACCEPTED)) if row.actor}
    assert {"karin", "sara"} <= actors


def test_every_demo_account_but_the_external_one_has_a_competence_profile(output):
    internal = {username for username, role, *_rest in ACCOUNTS if role != "extern"}
    assert set(CompetenceProfile.objects.values_list("user__username", flat=True)) == internal
    sara = CompetenceProfile.objects.get(user__username="sara")
    assert {(s.language, s.level) for s in sara.languages.all()} == {("en", "C2"), ("fr", "B1")}
    assert {a.name for a in sara.eu_knowledge.all()} == {"EU-finansiering", "Interreg"}
    assert sara.experiences.get().place == "Bryssel"
    assert sara.networks.exists()
    assert CompetenceProfile.objects.filter(show_languages=Visibility.VISIBLE).count() == len(internal)


def test_a_competence_search_for_norska_finds_hans_and_one_for_skottland_finds_karin(output):
    html = page("lisa", "competence:index", q="norska")
    assert "Hans Eriksson" in html and "Sara Lindqvist" not in html
    assert "Karin Olsson" in page("lisa", "competence:index", q="erfarenhet av Skottland")
    assert "Sara Lindqvist" in page("hans", "competence:index", q="Interreg")
    assert page("sara", "competence:coverage")


def test_the_news_are_on_the_start_page_for_their_audience_and_the_draft_is_not(output):
    hans = page("hans", "start")
    assert CALL in hans and BUF_ONLY in hans and DRAFT not in hans
    lisa = page("lisa", "start")
    assert CALL in lisa and EVENT in lisa and BUF_ONLY not in lisa
    assert Article.objects.get(title=DRAFT).state == "draft"
    assert DRAFT in page("sara", "knowledge:news_admin")


def test_hans_question_is_answered_and_published_as_a_faq_and_karins_waits(output):
    answered = AdviceRequest.objects.get(subject=ANSWERED_SUBJECT)
    assert (answered.asker.username, answered.state) == ("hans", "answered")
    entry = FaqEntry.objects.get(request=answered)
    assert entry.is_published and "Hans" not in entry.question + entry.answer
    assert entry.question in page("per", "knowledge:faq_list")
    waiting = AdviceRequest.objects.get(subject=OPEN_SUBJECT)
    assert (waiting.asker.username, waiting.state) == ("karin", "open")
    assert OPEN_SUBJECT in page("sara", "knowledge:advice_list")
    assert OPEN_SUBJECT not in page("hans", "knowledge:advice_list"), "a request stays between asker and Sara"


def test_two_finished_engagements_have_their_lessons_written_by_their_officers(output):
    lessons = Lesson.objects.select_related("engagement", "created_by")
    assert {(lesson.created_by.username, lesson.engagement.status) for lesson in lessons} == {
        ("hans", "followed_up"),
        ("karin", "finished"),
    }
    html = page("per", "knowledge:lessons")
    assert all(lesson.title in html for lesson in lessons)


def test_running_the_demo_of_the_accounts_again_adds_nothing(output):
    before = counts()
    report = seed_with_accounts()
    assert (report.added, report.skipped) == ({}, [])
    assert counts() == before
    out = StringIO()
    call_command("setup_demo", stdout=out)
    assert "redan installerat" in out.getvalue()
    assert counts() == before


def test_without_the_demo_accounts_every_step_is_skipped_with_its_reason(output):
    get_user_model().objects.filter(username__in=[a[0] for a in ACCOUNTS]).update(is_active=False)
    before = counts()
    report = seed_with_accounts()
    assert report.added == {}
    assert counts() == before
    assert len(report.skipped) == 18
    assert "Den mottagna överlämningen hoppades över: demokontot karin finns inte." in report.skipped
    assert "Kompetensprofilen för lisa hoppades över: demokontot lisa finns inte." in report.skipped
