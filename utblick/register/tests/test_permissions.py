"""Every page of the directory and the introduction requests × every persona → the expected status code."""

import pytest

from tests.matrix import EVERYONE, ONLY_SARA, PERSONAS

EVERYONE_SENDS = dict.fromkeys(PERSONAS, 302)  # a sent request leads to "Mina förfrågningar"
ONLY_SARA_ANSWERS = {**ONLY_SARA, "sara": 302}

REQUEST = {"requester_organisation": "Funäsdalens skola", "message": "Vi vill gärna ha kontakt."}


@pytest.fixture
def waiting(catalogue, erik):
    from utblick.register.actions import send_introduction_request

    return send_introduction_request(
        by=erik, target=catalogue.roros, message="Hjälp oss", requester_organisation="Funäsdalens skola"
    )


PAGES = [
    ("get", "/katalog/", None, EVERYONE),
    ("get", "/katalog/organisation/{roros}/", None, EVERYONE),
    ("get", "/katalog/natverk/{committee}/", None, EVERYONE),
    ("post", "/katalog/organisation/{roros}/", REQUEST, EVERYONE_SENDS),
    ("post", "/katalog/natverk/{committee}/", REQUEST, EVERYONE_SENDS),
    ("get", "/katalog/mina-forfragningar/", None, EVERYONE),
    ("get", "/katalog/forfragningar/", None, ONLY_SARA),
    ("get", "/katalog/forfragningar/?status=ny", None, ONLY_SARA),
    ("get", "/katalog/forfragningar/{waiting}/", None, ONLY_SARA),
    ("post", "/katalog/forfragningar/{waiting}/", {"answer": "Klart."}, ONLY_SARA_ANSWERS),
]


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize(("method", "url", "data", "expected"), PAGES, ids=[f"{m} {u}" for m, u, _d, _e in PAGES])
def test_permission_matrix(client_for, catalogue, waiting, username, method, url, data, expected):
    target = url.format(roros=catalogue.roros.pk, committee=catalogue.committee.pk, waiting=waiting.pk)
    response = getattr(client_for(username), method)(target, data or {})
    assert response.status_code == expected[username]
    if username is None:
        assert response["Location"].startswith("/konto/logga-in/?next=")
    elif method == "post" and expected[username] == 302:
        expected_location = "/katalog/mina-forfragningar/" if "organisation" in url or "natverk" in url else target
        assert response["Location"] == expected_location


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/engagemang/", 403),
        ("/partner/", 403),
        ("/partner/{roros}/", 404),
        ("/partner/kontakter/", 403),
        ("/partner/natverk/{committee}/", 403),
        ("/partner/sok/?q=Røros", 403),
        ("/policy/", 403),
        ("/organisation/", 403),
    ],
)
def test_erik_is_refused_everything_outside_the_directory(client_for, catalogue, url, status):
    target = url.format(roros=catalogue.roros.pk, committee=catalogue.committee.pk)
    assert client_for("erik").get(target).status_code == status


def test_erik_lands_on_the_directory_from_the_start_page(client_for, catalogue):
    response = client_for("erik").get("/")
    assert response.status_code == 302 and response["Location"] == "/katalog/"


def test_an_account_with_another_role_besides_extern_keeps_its_start_page(client_for, erik, units, catalogue):
    from utblick.core.roles import Role
    from utblick.organisation.models import Membership

    Membership.objects.create(user=erik, unit=units["sof"], role=Role.LASARE)
    assert client_for("erik").get("/").status_code == 200


def test_the_header_shows_the_directory_to_erik_but_not_the_internal_register(client_for, catalogue):
    html = client_for("erik").get("/katalog/").content.decode()
    assert 'href="/katalog/" aria-current="page">Katalog</a>' in html
    assert 'href="/partner/"' not in html and 'href="/engagemang/"' not in html
    assert "Intresseanmälningar att hantera" not in html
    assert "Intresseanmälningar att hantera" in client_for("sara").get("/katalog/").content.decode()
