"""What the partner pages and actions do with input they must refuse or show harmlessly."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from utblick.core.history import history_of
from utblick.partners.actions import create_organisation, update_organisation
from utblick.partners.models import Organisation

GOOD = {"name": "Tartu linn", "country": "EE", "kind": "kommun", "city": "Tartu", "website": "https://tartu.ee"}


def post_new(client_for, **changes):
    return client_for("hans").post("/partner/ny/", {**GOOD, **changes})


def test_empty_name_is_refused_and_the_other_values_are_kept(client_for, personas):
    response = post_new(client_for, name="   ")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange organisationens namn." in page
    assert 'href="#id_name"' in page  # the error summary points at the field
    assert 'value="Tartu"' in page
    assert not Organisation.objects.exists()


def test_a_100000_character_name_is_refused_with_a_message(client_for, personas):
    response = post_new(client_for, name="x" * 100_000)
    assert "Namnet får vara högst 300 tecken (nu 100000). Korta av det." in response.content.decode()
    assert not Organisation.objects.exists()


def test_script_in_the_name_is_shown_as_text_everywhere(client_for, personas):
    post_new(client_for, name="<script>alert(1)</script> AB")
    organisation = Organisation.objects.get()
    for url in ["/partner/", f"/partner/{organisation.pk}/", f"/partner/{organisation.pk}/redigera/"]:
        page = client_for("sara").get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; AB" in page


def test_script_in_the_search_is_shown_as_text(client_for, personas):
    page = client_for("lisa").get("/partner/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize(
    "website", ["ftp://tartu.ee/", "javascript:alert(1)", "file:///etc/passwd", "https://", "inte en adress"]
)
def test_a_website_that_is_not_http_or_https_is_refused(client_for, personas, website):
    response = post_new(client_for, website=website)
    assert "Ange webbplatsen som en fullständig adress som börjar med http:// eller https://" in (
        response.content.decode()
    )
    assert not Organisation.objects.exists()


def test_an_unknown_country_code_is_refused(client_for, personas):
    response = post_new(client_for, country="XX")
    assert "Landet känns inte igen. Välj ett land ur listan." in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_missing_country_is_refused(client_for, personas):
    response = post_new(client_for, country="")
    assert "Välj i vilket land organisationen finns." in response.content.decode()


def test_an_unknown_kind_is_refused(client_for, personas):
    response = post_new(client_for, kind="rymdstation")
    assert "Välj en typ av organisation ur listan." in response.content.decode()


def test_a_too_long_search_is_refused_with_a_message(client_for, personas):
    response = client_for("lisa").get("/partner/", {"q": "x" * 100_000})
    assert response.status_code == 200
    assert "Skriv ett kortare sökord, högst 200 tecken." in response.content.decode()


def test_a_bad_edit_changes_nothing_and_writes_no_history(client_for, roros):
    response = client_for("sara").post(
        f"/partner/{roros.pk}/redigera/", {"name": "", "country": "NO", "kind": "kommun", "website": "ftp://x.no"}
    )
    assert "Ange organisationens namn." in response.content.decode()
    roros.refresh_from_db()
    assert roros.name == "Røros kommune"
    assert not history_of(roros).exists()


# The actions guard every other way in (imports, commands, the API) just as the form does.


def test_action_refuses_a_reader(lisa):
    with pytest.raises(PermissionDenied):
        create_organisation(by=lisa, fields=GOOD)


def test_action_refuses_anonymous(db):
    with pytest.raises(PermissionDenied):
        create_organisation(by=None, fields=GOOD)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Ange organisationens namn."),
        ("name", "x" * 100_000, "Namnet får vara högst 300 tecken. Korta av det."),
        ("country", "XX", "Landet känns inte igen. Välj ett land ur listan."),
        ("country", "", "Välj i vilket land organisationen finns."),
        ("kind", "rymdstation", "Välj en typ av organisation ur listan."),
        ("website", "javascript:alert(1)", "Ange webbplatsen som en fullständig adress"),
        ("website", "ftp://tartu.ee", "Ange webbplatsen som en fullständig adress"),
    ],
)
def test_action_refuses_bad_values_with_swedish_sentences(hans, field, value, message):
    with pytest.raises(ValidationError) as refused:
        create_organisation(by=hans, fields={**GOOD, field: value})
    assert any(text.startswith(message) for text in refused.value.message_dict[field])
    assert not Organisation.objects.exists()


def test_update_action_refuses_a_reader_and_changes_nothing(roros, per):
    with pytest.raises(PermissionDenied):
        update_organisation(roros, by=per, fields={"name": "Annat namn"})
    roros.refresh_from_db()
    assert roros.name == "Røros kommune"
