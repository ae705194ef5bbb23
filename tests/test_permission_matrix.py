"""Every engagement view × every role × own/other unit → the expected status code (ARCHITECTURE.md).

Objects: `edu` (public, owned by Barn, utbildning och fritid), `edu_secret` (secret, same unit) and
`culture` (public, owned by Kultur och fritid). Hans and Fredrik belong to education, Karin to culture,
Per sits in the education committee, Lisa reads from social services, Erik is an external actor.
"""

import pytest

ROLES = ["anonymous", "sara", "hans", "fredrik", "karin", "per", "lisa", "erik"]
LOGIN = 302  # anonymous visitors are sent to the login page


def row(*codes):
    assert len(codes) == len(ROLES)
    return dict(zip(ROLES, codes, strict=True))


# (method, url template, object) -> expected status per role
MATRIX = {
    ("get", "/", None): row(LOGIN, 200, 200, 200, 200, 200, 200, 302),  # Erik is sent to the directory
    ("get", "/engagemang/", None): row(LOGIN, 200, 200, 200, 200, 200, 200, 403),
    ("get", "/engagemang/export.csv", None): row(LOGIN, 200, 200, 200, 200, 200, 200, 403),
    ("get", "/engagemang/export.xlsx", None): row(LOGIN, 200, 200, 200, 200, 200, 200, 403),
    ("get", "/engagemang/nytt/", None): row(LOGIN, 200, 200, 200, 200, 403, 403, 403),
    ("get", "/engagemang/{pk}/", "edu"): row(LOGIN, 200, 200, 200, 200, 200, 200, 404),
    ("get", "/engagemang/{pk}/", "edu_secret"): row(LOGIN, 200, 200, 200, 404, 200, 404, 404),
    ("get", "/engagemang/{pk}/historik/", "edu"): row(LOGIN, 200, 200, 200, 200, 200, 200, 404),
    ("get", "/engagemang/{pk}/historik/", "edu_secret"): row(LOGIN, 200, 200, 200, 404, 200, 404, 404),
    ("get", "/engagemang/{pk}/redigera/", "edu"): row(LOGIN, 200, 200, 200, 403, 403, 403, 404),
    ("get", "/engagemang/{pk}/redigera/", "edu_secret"): row(LOGIN, 200, 200, 200, 404, 403, 404, 404),
    ("get", "/engagemang/{pk}/redigera/", "culture"): row(LOGIN, 200, 403, 403, 200, 403, 403, 404),
    ("get", "/engagemang/{pk}/bedomning/", "edu"): row(LOGIN, 200, 200, 200, 403, 403, 403, 404),
    ("get", "/engagemang/{pk}/bedomning/", "culture"): row(LOGIN, 200, 403, 403, 200, 403, 403, 404),
    ("get", "/engagemang/{pk}/beslut/nytt/", "edu"): row(LOGIN, 200, 200, 200, 403, 403, 403, 404),
    ("get", "/engagemang/{pk}/beslut/nytt/", "edu_secret"): row(LOGIN, 200, 200, 200, 404, 403, 404, 404),
    ("post", "/engagemang/{pk}/arkivera/", "edu"): row(LOGIN, 302, 302, 302, 403, 403, 403, 404),
    ("post", "/engagemang/{pk}/arkivera/", "culture"): row(LOGIN, 302, 403, 403, 302, 403, 403, 404),
    ("post", "/engagemang/{pk}/aterstall/", "edu_secret"): row(LOGIN, 302, 302, 302, 404, 403, 404, 404),
    ("post", "/engagemang/{pk}/status/", "edu"): row(LOGIN, 302, 302, 302, 403, 403, 403, 404),
    ("post", "/engagemang/{pk}/status/", "edu_secret"): row(LOGIN, 302, 302, 302, 404, 403, 404, 404),
}

CASES = [
    pytest.param(method, url, obj, role, expected, id=f"{method} {url} {obj or ''} {role}")
    for (method, url, obj), expected_by_role in MATRIX.items()
    for role, expected in expected_by_role.items()
]


@pytest.fixture
def objects(make_engagement, units):
    return {
        "edu": make_engagement(title="Skolutbyte"),
        "edu_secret": make_engagement(title="Sekretessärende", is_secret=True, secrecy_ground="OSL 23 kap. 1 §"),
        "culture": make_engagement(title="Kulturutbyte", owner_unit=units["kultur"]),
    }


@pytest.mark.parametrize(("method", "url", "obj", "role", "expected"), CASES)
def test_permission_matrix(client_for, objects, method, url, obj, role, expected):
    client = client_for(None if role == "anonymous" else role)
    target = url.format(pk=objects[obj].pk) if obj else url
    data = {"to": "cancelled", "reason": "Matris"} if url.endswith("status/") else {}
    response = getattr(client, method)(target, data)
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/konto/logga-in/")
