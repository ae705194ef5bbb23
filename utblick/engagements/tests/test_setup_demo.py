"""manage.py setup_demo: the first `make run` gets the policy, the demo data and one account per role."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import transaction

from utblick.core.roles import Role
from utblick.engagements import demo
from utblick.engagements.models import Engagement, Status
from utblick.organisation.models import Membership

EXPECTED = {
    # username: (role, unit code, linked to a person)
    "sara": (Role.SAMORDNARE, "nuk", True),
    "fredrik": (Role.FORVALTNINGSCHEF, "buf", True),
    "hans": (Role.HANDLAGGARE, "buf", True),
    "karin": (Role.HANDLAGGARE, "kultur", True),
    "per": (Role.FORTROENDEVALD, "bun", True),
    "lisa": (Role.LASARE, "sof", True),
    "erik": (Role.EXTERN, "nuk", False),
}


def run_setup() -> str:
    out = StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def passwords_in(output: str) -> dict[str, str]:
    """{username: password} from the printed table (first column and last column)."""
    found = {}
    for line in output.splitlines():
        words = line.split()
        if words and (words[0] in EXPECTED or words[0] == demo.ADMIN_USERNAME):
            found[words[0]] = words[-1]
    return found


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """Run setup_demo once for the module in a transaction rolled back at the end (tests nest savepoints)."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = run_setup()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def output(first_run, db):
    return first_run


def test_setup_demo_creates_one_account_per_role_in_its_unit(output):
    for username, (role, unit_code, has_person) in EXPECTED.items():
        user = get_user_model().objects.get(username=username)
        membership = Membership.objects.get(user=user)
        assert (membership.role, membership.unit.code) == (role, unit_code)
        assert hasattr(user, "person") == has_person, username
        assert not user.is_superuser
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


def test_setup_demo_loads_the_policy_and_the_demo_data(output):
    assert Engagement.objects.count() == len(demo.demo_engagements())
    assert Membership.objects.filter(unit__code="nuk").exists()


def test_the_printed_one_time_passwords_let_each_demo_user_sign_in(output):
    passwords = passwords_in(output)
    assert set(passwords) == {*EXPECTED, "admin"}
    assert len(set(passwords.values())) == len(passwords), "every account gets its own password"
    for username, password in passwords.items():
        assert len(password) >= 12
        assert authenticate(username=username, password=password) is not None, username
    assert "visas bara denna gång" in output
    assert "Användarnamn" in output and "Lösenord" in output


def test_hans_per_and_sara_have_engagements_of_their_own(output):
    for username in ("hans", "per", "sara", "karin"):
        user = get_user_model().objects.get(username=username)
        mine = Engagement.objects.filter(responsible_officer__user=user) | Engagement.objects.filter(
            responsible_politician__user=user
        )
        assert mine.exclude(status__in=[Status.FINISHED, Status.CANCELLED]).exists(), username


def test_running_setup_demo_again_keeps_all_data_and_shows_no_passwords(output):
    passwords = passwords_in(output)
    engagements, users = Engagement.objects.count(), get_user_model().objects.count()
    again = run_setup()
    assert "redan installerat" in again
    assert "sara" in again and "changepassword" in again
    assert not any(password in again for password in passwords.values())
    assert (Engagement.objects.count(), get_user_model().objects.count()) == (engagements, users)
    assert authenticate(username="sara", password=passwords["sara"]) is not None


def test_setup_demo_adds_no_demo_accounts_where_real_accounts_exist(db):
    get_user_model().objects.create_user("it-chef", password="ett-riktigt-lösenord-1")
    users, engagements = get_user_model().objects.count(), Engagement.objects.count()
    out = run_setup()
    assert "redan installerat" in out
    assert (get_user_model().objects.count(), Engagement.objects.count()) == (users, engagements)
