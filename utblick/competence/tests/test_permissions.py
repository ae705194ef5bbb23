"""Every competence page × every role → the expected status code: internal roles search and keep their own
profile, the coordinator alone sees coverage and keeps the EU knowledge list, the external actor gets 403."""

import pytest

from tests.matrix import ONLY_SARA, PERSONAS, READ
from utblick.competence.tests.helpers import area, make_profile

NO_PROFILE_404 = {**READ, "lisa": 404}  # Lisa has no profile (pages of one's own profile need one)

PAGES = [
    ("get", "/kompetens/", READ),
    ("get", "/kompetens/?q=norska+minst+B2", READ),
    ("get", "/kompetens/min-profil/", READ),
    ("get", "/kompetens/min-profil/andra/", NO_PROFILE_404),
    ("get", "/kompetens/min-profil/sprak/", NO_PROFILE_404),
    ("get", "/kompetens/min-profil/erfarenhet/ny/", NO_PROFILE_404),
    ("get", "/kompetens/min-profil/ladda-ner/", NO_PROFILE_404),
    ("get", "/kompetens/min-profil/radera/", NO_PROFILE_404),
    ("get", "/kompetens/person/{hans}/", {**READ, "hans": 302}),  # one's own: to "my profile"
    ("get", "/kompetens/tackning/", ONLY_SARA),
    ("get", "/kompetens/eu-kunskap/", ONLY_SARA),
    ("get", "/kompetens/eu-kunskap/ny/", ONLY_SARA),
    ("get", "/kompetens/eu-kunskap/{interreg}/", ONLY_SARA),
]
POSTS = [
    ("post", "/kompetens/min-profil/skapa/", {**READ, **{u: 302 for u in READ if READ[u] == 200}}),
    ("post", "/kompetens/eu-kunskap/{interreg}/aktiv/", {**ONLY_SARA, "sara": 302}),
]

CASES = [
    pytest.param(method, url, expected[role], role, id=f"{method} {url} {role}")
    for method, url, expected in PAGES + POSTS
    for role in PERSONAS
]


@pytest.fixture
def profiles(personas):
    for username in ("sara", "hans", "karin", "fredrik", "per"):
        make_profile(personas[username], languages=[("no", "B2")])


@pytest.mark.parametrize(("method", "url", "expected", "role"), CASES)
def test_competence_permission_matrix(client_for, personas, profiles, method, url, expected, role):
    target = url.format(hans=personas["hans"].pk, interreg=area("Interreg").pk)
    response = getattr(client_for(role), method)(target, {"active": "0"} if method == "post" else None)
    assert response.status_code == expected
    if role is None:
        assert response["Location"].startswith("/konto/logga-in/")


def test_hans_cannot_reach_another_persons_language_or_experience_rows(client_for, personas, profiles):
    karin_skill = personas["karin"].competence_profile.languages.get()
    client = client_for("hans")
    assert client.post(f"/kompetens/min-profil/sprak/{karin_skill.pk}/ta-bort/").status_code == 404
    from utblick.competence.actions import save_experience

    karin = personas["karin"]
    entry = save_experience(
        karin.competence_profile, None, by=karin, fields={"place": "Oslo", "description": "Praktik."}
    )
    assert client.get(f"/kompetens/min-profil/erfarenhet/{entry.pk}/").status_code == 404
    assert client.post(f"/kompetens/min-profil/erfarenhet/{entry.pk}/ta-bort/").status_code == 404
    assert karin.competence_profile.languages.exists()


def test_a_profile_of_an_external_or_unknown_account_is_404(client_for, personas, profiles):
    assert client_for("karin").get(f"/kompetens/person/{personas['erik'].pk}/").status_code == 404
    assert client_for("karin").get("/kompetens/person/999999/").status_code == 404
