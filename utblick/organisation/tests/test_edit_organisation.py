"""The coordinator keeps the organisation tree and its people up to date; everyone internal reads them."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.organisation import actions
from utblick.organisation.models import OrgUnit, Person

CYCLE_MESSAGE = (
    "En enhet kan inte ligga under sig själv eller under någon av sina egna underenheter. "
    "Välj en annan överordnad enhet."
)


def unit(code):
    return OrgUnit.objects.get(code=code)


def unit_data(**overrides):
    data = {"name": "Turistbyrån", "code": "turism", "kind": "kontor", "parent": unit("klf").pk, "is_active": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def person_data(**overrides):
    data = {
        "name": "Anna Andersson",
        "kind": "fortroendevald",
        "title": "Ordförande",
        "email": "anna@kommun.example",
        "unit": unit("bun").pk,
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_lisa_sees_the_unit_tree_indented_in_tree_order(client_for):
    page = client_for("lisa").get("/organisation/").content.decode()
    names = re.findall(r'<th scope="row" style="padding-left: calc\((\d) \* 1.5rem \+ .5rem\)">([^<]+)</th>', page)
    assert names[:4] == [
        ("0", "Barn- och utbildningsnämnden"),
        ("1", "Barn, utbildning och fritid"),
        ("2", "Grundskolan"),
        ("2", "Gymnasieskolan"),
    ]
    assert ("2", "Näringslivs- och utvecklingskontoret") in names


def test_lisa_sees_people_per_unit_with_their_kind(client_for):
    page = client_for("lisa").get("/organisation/").content.decode()
    assert "<caption>Barn- och utbildningsnämnden</caption>" in page
    per_row = re.search(r"<th scope=\"row\">Per Politiker</th>\s*<td>([^<]+)</td>", page)
    assert per_row.group(1) == "Förtroendevald"
    hans_row = re.search(r"<th scope=\"row\">Hans Handläggare</th>\s*<td>([^<]+)</td>", page)
    assert hans_row.group(1) == "Tjänsteman"


def test_sara_adds_a_unit_under_another(client_for):
    response = client_for("sara").post("/organisation/enheter/ny/", unit_data())
    assert response.status_code == 302
    assert response.url == "/organisation/#enheter"
    assert unit("turism").parent == unit("klf")
    assert "Turistbyrån" in client_for("lisa").get("/organisation/").content.decode()


def test_sara_adds_a_top_level_unit(client_for):
    data = unit_data(name="Kultur- och fritidsnämnden", code="kfn", kind="namnd", parent="")
    assert client_for("sara").post("/organisation/enheter/ny/", data).status_code == 302
    assert unit("kfn").parent is None


def test_sara_moves_a_unit_to_another_place_in_the_tree(client_for):
    kultur = unit("kultur")
    data = unit_data(name="Kultur och fritid", code="kultur", parent=unit("bun").pk)
    assert client_for("sara").post(f"/organisation/enheter/{kultur.pk}/andra/", data).status_code == 302
    kultur.refresh_from_db()
    assert kultur.parent.code == "bun"


def test_a_unit_cannot_be_its_own_parent(client_for):
    nuk = unit("nuk")
    data = unit_data(name=nuk.name, code="nuk", parent=nuk.pk)
    response = client_for("sara").post(f"/organisation/enheter/{nuk.pk}/andra/", data)
    assert response.status_code == 200
    assert CYCLE_MESSAGE in response.content.decode()
    nuk.refresh_from_db()
    assert nuk.parent.code == "klf"


def test_a_unit_cannot_be_moved_under_its_own_sub_unit(client_for):
    ks = unit("ks")
    data = unit_data(name=ks.name, code="ks", kind="kommunstyrelse", parent=unit("nuk").pk)
    response = client_for("sara").post(f"/organisation/enheter/{ks.pk}/andra/", data)
    assert CYCLE_MESSAGE in response.content.decode()
    ks.refresh_from_db()
    assert ks.parent is None
    assert not history_of(ks).exists()


def test_a_duplicate_unit_code_is_refused_in_swedish(client_for):
    response = client_for("sara").post("/organisation/enheter/ny/", unit_data(code="nuk"))
    page = response.content.decode()
    assert "Koden ”nuk” används redan av en annan enhet. Välj en annan kod." in page
    assert 'value="Turistbyrån"' in page
    assert OrgUnit.objects.filter(code="nuk").count() == 1


def test_an_empty_unit_form_names_the_missing_fields(client_for):
    response = client_for("sara").post("/organisation/enheter/ny/", {})
    page = response.content.decode()
    assert "Fyll i fältet ”Namn”." in page
    assert "Fyll i fältet ”Kod”." in page
    assert not OrgUnit.objects.filter(name="").exists()


def test_a_100000_character_unit_name_is_refused(client_for):
    response = client_for("sara").post("/organisation/enheter/ny/", unit_data(name="x" * 100_000))
    assert "har som mest 200 tecken" in response.content.decode()
    assert not OrgUnit.objects.filter(code="turism").exists()


def test_a_unit_code_with_spaces_is_refused(client_for):
    response = client_for("sara").post("/organisation/enheter/ny/", unit_data(code="turist byrå"))
    assert response.status_code == 200
    assert "Koden får bara innehålla bokstäver a–z (utan å, ä och ö)" in response.content.decode()
    assert not OrgUnit.objects.filter(name="Turistbyrån").exists()


def test_script_in_a_unit_name_is_shown_as_text(client_for):
    client_for("sara").post("/organisation/enheter/ny/", unit_data(name="<script>alert(1)</script>"))
    page = client_for("hans").get("/organisation/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_parent_choices_are_indented_in_tree_order(client_for):
    page = client_for("sara").get("/organisation/enheter/ny/").content.decode()
    assert f'<option value="{unit("nuk").pk}">\u2003\u2003Näringslivs- och utvecklingskontoret</option>' in page


def test_sara_adds_an_elected_official_to_a_committee(client_for):
    assert client_for("sara").post("/organisation/personer/ny/", person_data()).status_code == 302
    anna = Person.objects.get(name="Anna Andersson")
    assert anna.kind == Person.Kind.FORTROENDEVALD
    assert anna.unit.code == "bun"
    assert anna.user is None


def test_sara_marks_a_person_who_left_as_not_active(client_for):
    karin = Person.objects.get(name="Karin Kultur")
    data = person_data(name=karin.name, kind="tjansteman", unit=karin.unit_id, is_active=None, email=karin.email)
    assert client_for("sara").post(f"/organisation/personer/{karin.pk}/andra/", data).status_code == 302
    karin.refresh_from_db()
    assert karin.is_active is False
    assert karin.user is not None  # editing the person leaves the account link alone
    assert "Nej, inte aktiv" in client_for("lisa").get("/organisation/").content.decode()


def test_a_person_needs_a_kind_and_a_valid_email(client_for):
    response = client_for("sara").post("/organisation/personer/ny/", person_data(kind="", email="inte-en-adress"))
    page = response.content.decode()
    assert "Fyll i fältet ”Typ”." in page
    assert "Fyll i en giltig e-postadress." in page
    assert 'value="Anna Andersson"' in page
    assert not Person.objects.filter(name="Anna Andersson").exists()


def test_a_100000_character_person_name_is_refused(client_for):
    response = client_for("sara").post("/organisation/personer/ny/", person_data(name="x" * 100_000))
    assert "har som mest 200 tecken" in response.content.decode()
    assert not Person.objects.filter(title="Ordförande").exists()


def test_adding_and_moving_a_unit_is_recorded_in_its_history(client_for, sara):
    client = client_for("sara")
    client.post("/organisation/enheter/ny/", unit_data())
    turism = unit("turism")
    client.post(f"/organisation/enheter/{turism.pk}/andra/", unit_data(parent=unit("nuk").pk))
    changes = list(history_of(turism))
    assert [c.action for c in changes] == [Change.Action.UPDATED, Change.Action.CREATED]
    assert changes[0].actor == sara
    assert changes[0].changes == [
        {
            "field": "Överordnad enhet",
            "before": "Kommunledningsförvaltningen",
            "after": "Näringslivs- och utvecklingskontoret",
        }
    ]
    assert {"field": "Typ", "before": "", "after": "Kontor eller enhet"} in changes[1].changes
    page = client.get(f"/organisation/enheter/{turism.pk}/andra/").content.decode()
    assert "Historik" in page


def test_changing_a_person_is_recorded_with_before_and_after(client_for, sara):
    hans = Person.objects.get(name="Hans Handläggare")
    data = person_data(
        name=hans.name, kind="tjansteman", unit=hans.unit_id, title="Utvecklingsledare", email=hans.email
    )
    client_for("sara").post(f"/organisation/personer/{hans.pk}/andra/", data)
    assert history_of(hans).get().changes == [
        {"field": "Titel eller uppdrag", "before": "", "after": "Utvecklingsledare"}
    ]


def test_karin_cannot_change_the_organisation_through_the_actions(karin):
    with pytest.raises(PermissionDenied):
        actions.create_unit(by=karin, fields={"name": "Egen enhet", "code": "egen", "kind": "kontor"})
    with pytest.raises(PermissionDenied):
        actions.update_person(Person.objects.get(name="Karin Kultur"), by=karin, fields={"title": "Chef"})
    assert not Change.objects.exists()


def test_the_unit_action_refuses_a_cycle_without_writing(sara):
    bun = unit("bun")
    with pytest.raises(ValidationError) as error:
        actions.update_unit(bun, by=sara, fields={"parent": unit("grundskolan")})
    assert error.value.message_dict["parent"] == [CYCLE_MESSAGE]
    assert OrgUnit.objects.get(code="bun").parent is None
    assert not Change.objects.exists()
