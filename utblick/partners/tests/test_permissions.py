"""Every page of the partner register × every persona → the status code they get (ARCHITECTURE.md, Permissions)."""

import pytest

from tests.matrix import PERSONAS, WRITE
from utblick.partners.models import Organisation

# Samordnare, förvaltningschef and handläggare keep the register; the other internal roles read it;
# an external actor sees only the shared directory (a later issue), so not this register.
READ = {"sara": 200, "hans": 200, "karin": 200, "fredrik": 200, "per": 200, "lisa": 200, None: 302}


def expected(table, username, erik):
    return table.get(username, erik)


@pytest.mark.parametrize("username", PERSONAS)
def test_list_page_status_by_persona(client_for, roros, username):
    response = client_for(username).get("/partner/")
    assert response.status_code == expected(READ, username, erik=403)


@pytest.mark.parametrize("username", PERSONAS)
def test_detail_page_status_by_persona(client_for, roros, username):
    response = client_for(username).get(f"/partner/{roros.pk}/")
    assert response.status_code == expected(READ, username, erik=404)


@pytest.mark.parametrize("username", PERSONAS)
def test_create_page_status_by_persona(client_for, personas, username):
    response = client_for(username).get("/partner/ny/")
    assert response.status_code == WRITE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_edit_page_status_by_persona(client_for, roros, username):
    response = client_for(username).get(f"/partner/{roros.pk}/redigera/")
    assert response.status_code == WRITE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_only_keepers_of_the_register_can_post_a_new_organisation(client_for, personas, username):
    data = {"name": "Tartu linn", "country": "EE", "kind": "kommun"}
    response = client_for(username).post("/partner/ny/", data)
    created = Organisation.objects.filter(name="Tartu linn").exists()
    if WRITE[username] == 200:
        assert response.status_code == 302
        assert created
    else:
        assert response.status_code == WRITE[username]
        assert not created


@pytest.mark.parametrize("username", PERSONAS)
def test_only_keepers_of_the_register_can_post_an_edit(client_for, roros, username):
    data = {"name": "Røros kommune", "country": "NO", "kind": "kommun", "city": "Ändrad ort"}
    response = client_for(username).post(f"/partner/{roros.pk}/redigera/", data)
    roros.refresh_from_db()
    if WRITE[username] == 200:
        assert response.status_code == 302
        assert roros.city == "Ändrad ort"
    else:
        assert response.status_code == WRITE[username]
        assert roros.city == "Røros"


def test_anonymous_visitor_is_sent_to_the_login_page(client, roros):
    response = client.get(f"/partner/{roros.pk}/")
    assert response["Location"].startswith("/konto/logga-in/")


def test_unknown_organisation_is_404(client_for, personas):
    assert client_for("sara").get("/partner/999999/").status_code == 404
    assert client_for("sara").get("/partner/999999/redigera/").status_code == 404


@pytest.mark.parametrize("username", ["per", "lisa"])
def test_readers_see_no_buttons_for_adding_or_editing(client_for, roros, username):
    client = client_for(username)
    assert "/partner/ny/" not in client.get("/partner/").content.decode()
    assert "/redigera/" not in client.get(f"/partner/{roros.pk}/").content.decode()


def test_handlaggare_sees_the_buttons_for_adding_and_editing(client_for, roros):
    client = client_for("karin")
    assert "/partner/ny/" in client.get("/partner/").content.decode()
    assert f"/partner/{roros.pk}/redigera/" in client.get(f"/partner/{roros.pk}/").content.decode()
