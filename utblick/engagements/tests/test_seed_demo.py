"""manage.py seed_demo: a deterministic, realistic demo register for Härjedalens kommun (issue 2)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.engagements import demo
from utblick.engagements.models import Engagement, Kind, Status
from utblick.engagements.rules import requirements_missing
from utblick.engagements.search import search
from utblick.partners.models import Contact, Network, Organisation
from utblick.policy.models import Policy


def run_seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """Seed once for the whole module inside a transaction that is rolled back at the end.

    Each test still runs in its own savepoint (the `db` fixture nests inside this transaction), so what a
    test writes is undone after it, and nothing is left for other modules. Seeding walks 46 engagements
    through the actions, which is too slow to repeat for every test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        output = run_seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


def test_seed_demo_loads_the_policy_itself_when_none_is_loaded(seeded):
    assert Policy.objects.get().municipality == "Härjedalens kommun"
    assert "Demodata skapad" in seeded


def test_seed_demo_gives_at_least_40_engagements_of_every_kind_and_status(seeded):
    assert Engagement.objects.count() >= 40
    assert set(Engagement.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert set(Engagement.objects.values_list("status", flat=True)) == set(Status.values)


def test_seed_demo_spans_2022_to_2026_and_the_units_of_the_policy(seeded):
    years = {d.year for d in Engagement.objects.values_list("start_date", flat=True)}
    assert {2022, 2023, 2024, 2025, 2026} <= years
    units = set(Engagement.objects.values_list("owner_unit__code", flat=True))
    assert {"ks", "nuk", "kultur", "buf", "gymnasiet", "grundskolan", "sof"} <= units


def test_seed_demo_has_partners_in_norway_finland_germany_scotland_estonia_and_beyond(seeded):
    countries = set(Organisation.objects.values_list("country", flat=True))
    assert {"NO", "FI", "DE", "GB", "EE", "LV", "PL", "IS"} <= countries
    assert countries & {"CA", "JP"}, "a few partners outside Europe"
    assert Organisation.objects.filter(name="Røros kommune", engagements__isnull=False).exists()
    assert 25 <= Organisation.objects.count() <= 40


def test_seed_demo_fills_the_partner_register_with_contacts_networks_and_interactions(seeded):
    assert "10 kontaktpersoner, 4 nätverk och 10 kontakttillfällen" in seeded
    roros = Organisation.objects.with_established().get(name="Røros kommune")
    assert roros.is_established
    assert roros.region == "Trøndelag"
    assert roros.contacts.filter(name="Ingrid Haugen").exists()
    assert roros.interactions.filter(engagement__isnull=False).exists()
    assert Network.objects.filter(member_until__isnull=True).count() == 3
    assert not Organisation.objects.with_established().get(name="Hakuba Village").is_established


def test_some_demo_contacts_consented_to_be_shown_to_local_actors_and_some_did_not(seeded):
    ingrid = Contact.objects.get(name="Ingrid Haugen")
    assert ingrid.consent_to_share and ingrid.consent_date and ingrid.consent_method
    assert sorted(ingrid.shared_fields) == ["email", "title"]
    assert Contact.objects.filter(consent_to_share=True).count() == 6
    assert Contact.objects.filter(consent_to_share=False).count() == 4


def test_the_demo_is_the_same_every_time(seeded):
    assert demo.demo_engagements() == demo.demo_engagements()
    expected = sorted(spec.title for spec in demo.demo_engagements())
    assert sorted(Engagement.objects.values_list("title", flat=True)) == expected
    decided = Engagement.objects.get(title="Interreg Sverige–Norge: Gränslös destinationsutveckling Funäsfjällen–Røros")
    spec = next(s for s in demo.demo_engagements() if s.title == decided.title)
    assert decided.diary_number == spec.decision.diary_number


def test_every_engagement_meets_the_requirements_of_each_state_it_has_passed(seeded):
    life = list(demo.LIFE)
    specs = {spec.title: spec for spec in demo.demo_engagements()}
    for engagement in Engagement.objects.all():
        if engagement.status == Status.CANCELLED:
            assert engagement.cancel_reason.strip(), engagement.title
        reached = specs[engagement.title].reached  # a cancelled one: the last state before it was cancelled
        for previous, step in zip(life, life[1 : life.index(reached) + 1], strict=False):
            engagement.status = previous  # in memory only: "could it have taken this step?"
            assert requirements_missing(engagement, step) == [], (engagement.title, step)


def test_decided_engagements_have_a_decision_with_body_date_and_diary_number(seeded):
    beyond = Engagement.objects.filter(status__in=[Status.DECIDED, Status.ONGOING, Status.FINISHED])
    assert beyond.exists()
    for engagement in beyond:
        decision = engagement.decisions.get()
        assert decision.body and decision.decided_on <= engagement.start_date
        assert decision.diary_number.split()[0] in {"KS", "BUN", "SN", "MBN"}
        assert "/" in decision.diary_number


def test_the_demo_has_secret_archived_cancelled_and_unstaffed_engagements(seeded):
    secret = Engagement.objects.filter(is_secret=True)
    assert secret.count() >= 2
    assert all(e.secrecy_ground.startswith("OSL") for e in secret)
    assert Engagement.objects.filter(archived_at__isnull=False).count() >= 2
    assert Engagement.objects.filter(status=Status.CANCELLED).exclude(cancel_reason="").count() >= 2
    unstaffed = Engagement.objects.filter(Q(responsible_politician=None) | Q(responsible_officer=None))
    assert unstaffed.filter(status=Status.IDEA).count() >= 2
    overdue = Engagement.objects.filter(status=Status.ONGOING, end_date__lt=datetime.date(2026, 1, 1), results="")
    assert overdue.exists(), "an ongoing engagement past its end without results, for 'behöver åtgärd'"


def test_every_demo_engagement_has_a_history_written_by_the_demo_account(seeded):
    for engagement in Engagement.objects.all():
        rows = list(history_of(engagement))
        assert rows[-1].action == Change.Action.CREATED
        assert {row.actor.username for row in rows} == {demo.SYSTEM_USERNAME}
        assert all(row.actor_name == "System (demodata)" for row in rows)
    finished = Engagement.objects.filter(status=Status.FINISHED).first()
    assert {row.action for row in history_of(finished)} >= {Change.Action.CREATED, Change.Action.STATUS}


def test_the_demo_account_cannot_sign_in_after_seeding(seeded):
    from django.contrib.auth import get_user_model

    system = get_user_model().objects.get(username=demo.SYSTEM_USERNAME)
    assert not system.is_active and not system.has_usable_password()


def test_running_seed_demo_again_changes_nothing_and_says_so(seeded):
    count, changes = Engagement.objects.count(), Change.objects.count()
    assert "finns redan" in run_seed()
    assert (Engagement.objects.count(), Change.objects.count()) == (count, changes)


def test_seed_demo_engagements_500_adds_500_searchable_engagements(seeded):
    before = Engagement.objects.count()
    out = run_seed("--engagements", "500")
    assert "500" in out
    assert Engagement.objects.count() == before + 500
    new = Engagement.objects.order_by("-pk")[:500]
    for engagement in new[:50]:
        assert engagement.objectives.exists() and engagement.countries.exists()
        for name in engagement.participations.values_list("organisation__name", flat=True):
            assert name in engagement.search_text
        assert engagement.title in engagement.search_text
        if engagement.status in (Status.DECIDED, Status.ONGOING, Status.FINISHED):
            assert engagement.decisions.exists() and engagement.responsible_officer_id
    new_ids = {e.pk for e in new}
    partner = Organisation.objects.filter(participations__engagement__in=new_ids).first()
    assert new_ids & set(search(Engagement.objects.all(), partner.name).values_list("pk", flat=True))
    for engagement in Engagement.objects.filter(pk__in=new_ids, status=Status.FINISHED)[:50]:
        engagement.status = Status.ONGOING
        assert requirements_missing(engagement, Status.FINISHED) == []


def test_seed_demo_refuses_a_negative_number_of_engagements(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="0 eller större"):
        run_seed("--engagements", "-5")
