"""Networks in a competence profile (issue 7): the employee picks the partner register's networks (linked to their
pages) and may write others as text; bad choices are refused with a Swedish sentence; the parts' visibility rules
hold; a network's name finds its people; history, download and deletion cover the networks; query counts stay
constant."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from utblick.competence import actions, search
from utblick.competence.forms import ProfileForm
from utblick.competence.models import CompetenceProfile
from utblick.competence.tests.helpers import ALL_VISIBLE, count_queries, make_employee, make_network, make_profile
from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.partners.models import Network


@pytest.fixture
def kvarken(sara):
    return make_network("Kvarkenrådet", by=sara)


@pytest.fixture
def border(sara):
    return make_network("Gränskommittén Nord", by=sara)


@pytest.fixture
def ended(sara):
    return make_network("EU-kontoret Mitt", by=sara, since=datetime.date(2015, 1, 1), until=datetime.date(2022, 12, 31))


def _edit(client, **data):
    return client.post(reverse("competence:edit"), {**ALL_VISIBLE, **data})


def test_hans_picks_networks_from_the_register_and_colleagues_see_links_to_their_pages(
    client_for, hans, kvarken, border
):
    client = client_for("hans")
    client.post(reverse("competence:start"))
    form_page = client.get(reverse("competence:edit")).content.decode()
    assert "Kvarkenrådet" in form_page and 'name="networks"' in form_page and "multiple" in form_page
    response = _edit(client, networks=[kvarken.pk, border.pk], other_networks="Eurocities, kulturforum – ledamot")
    assert response.status_code == 302
    profile = CompetenceProfile.objects.get(user=hans)
    assert set(profile.networks.all()) == {kvarken, border}
    assert profile.other_networks == "Eurocities, kulturforum – ledamot"
    seen = client_for("karin").get(reverse("competence:colleague", args=[hans.pk])).content.decode()
    assert f'<a href="{reverse("partners:network_detail", args=[kvarken.pk])}">Kvarkenrådet</a>' in seen
    assert "Eurocities, kulturforum – ledamot" in seen
    assert seen.index("Gränskommittén Nord") < seen.index("Kvarkenrådet")  # by name
    # The form shows what was chosen, and saving it unchanged records nothing new.
    form = ProfileForm(profile=profile, initial=ProfileForm.initial_for(profile))
    assert sorted(form.initial["networks"]) == sorted([kvarken.pk, border.pk])


@pytest.mark.parametrize("posted", [["999999"], ["abc"]])
def test_a_network_that_does_not_exist_is_refused_next_to_the_field(client_for, hans, kvarken, posted):
    profile = make_profile(hans, networks=[kvarken])
    response = _edit(client_for("hans"), networks=posted)
    assert response.status_code == 200
    assert "Välj bland nätverken i listan." in " ".join(response.context["form"].errors["networks"])
    assert 'aria-invalid="true"' in response.content.decode()
    assert list(profile.networks.all()) == [kvarken]


def test_the_action_refuses_an_unknown_network_id_and_changes_nothing(hans, kvarken):
    profile = make_profile(hans, networks=[kvarken], other_networks="Eurocities")
    fields = {**ALL_VISIBLE, "other_networks": "Annat"}
    with pytest.raises(ValidationError) as error:
        actions.update_profile(profile, by=hans, fields=fields, eu_knowledge=[], networks=[kvarken.pk, 999999])
    assert "finns inte i registret" in error.value.message_dict["networks"][0]
    profile.refresh_from_db()
    assert list(profile.networks.all()) == [kvarken] and profile.other_networks == "Eurocities"
    with pytest.raises(ValidationError):
        actions.update_profile(profile, by=hans, fields=fields, eu_knowledge=[], networks=["x"])


def test_an_ended_membership_is_not_offered_but_stays_on_a_profile_that_has_it(hans, karin, kvarken, ended):
    karin_profile = actions.profile_of(karin, create=True)
    offered = dict(ProfileForm(profile=karin_profile).fields["networks"].choices)
    assert kvarken.pk in offered and ended.pk not in offered
    with pytest.raises(ValidationError) as error:
        actions.update_profile(karin_profile, by=karin, fields=ALL_VISIBLE, eu_knowledge=[], networks=[ended])
    assert "har upphört" in error.value.message_dict["networks"][0]

    # Hans chose it while it was ongoing: it stays, marked, and he may keep it.
    hans_profile = make_profile(hans)
    hans_profile.networks.add(ended)
    labels = dict(ProfileForm(profile=hans_profile).fields["networks"].choices)
    assert labels[ended.pk] == "EU-kontoret Mitt (medlemskapet har upphört)"
    actions.update_profile(hans_profile, by=hans, fields=ALL_VISIBLE, eu_knowledge=[], networks=[ended, kvarken])
    assert set(hans_profile.networks.all()) == {ended, kvarken}


def test_hidden_networks_are_neither_shown_nor_found_by_others_but_the_owner_finds_them(
    client_for, hans, karin, kvarken
):
    make_profile(hans, networks=[kvarken], other_networks="Hemligt nätverk", show_networks="private")
    seen = client_for("karin").get(reverse("competence:colleague", args=[hans.pk])).content.decode()
    assert "Kvarkenrådet" not in seen and "Hemligt nätverk" not in seen
    assert search.find(karin, search.parse("Kvarkenrådet")) == []
    assert [hit.user_id for hit in search.find(hans, search.parse("Kvarkenrådet"))] == [hans.pk]


def test_a_networks_name_finds_its_people_ranked_with_the_reason(units, karin, sara, kvarken, border):
    anna = make_employee("anna", units["kultur"], name="Anna Andersson")
    bo = make_employee("bo", units["buf"], name="Bo Berg")
    cecilia = make_employee("cecilia", units["buf"], name="Cecilia Ceder")
    make_profile(anna, networks=[kvarken, border])
    make_profile(bo, other_networks="Kvarkenrådet, arbetsgrupp för skolor – ledamot\nEurocities")
    make_profile(cecilia, networks=[border])
    query = search.parse("Kvarkenrådet")
    assert query.networks == {kvarken.pk: "Kvarkenrådet"} and query.words == []
    assert query.describe() == ["nätverk: Kvarkenrådet"]
    hits = search.find(karin, query)
    assert [hit.user_id for hit in hits] == [anna.pk, bo.pk]
    assert hits[0].why == ["nätverk: Kvarkenrådet"]
    assert hits[1].why == ["nätverk: Kvarkenrådet, arbetsgrupp för skolor – ledamot"]
    # A part of a name is a free word that matches the register's names too.
    assert {hit.user_id for hit in search.find(karin, search.parse("gränskommitté"))} == {anna.pk, cecilia.pk}
    page = _search_page(karin, "Kvarkenrådet")
    assert "nätverk: Kvarkenrådet" in page and "Anna Andersson" in page and "Cecilia Ceder" not in page


def _search_page(user, text):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(reverse("competence:index"), {"q": text}).content.decode()


def test_history_says_the_networks_changed_without_naming_them(hans, kvarken):
    profile = make_profile(hans)
    actions.update_profile(profile, by=hans, fields=ALL_VISIBLE, eu_knowledge=[], networks=[kvarken])
    actions.update_profile(
        profile, by=hans, fields={**ALL_VISIBLE, "other_networks": "Eurocities"}, eu_knowledge=[], networks=[kvarken]
    )
    latest, before = list(history_of(profile))[:2]
    assert [c["field"] for c in before.changes] == ["Nätverk ur registret"]
    assert [c["field"] for c in latest.changes] == ["Andra nätverk"]
    assert "Kvarkenrådet" not in json.dumps(before.changes) and "Eurocities" not in json.dumps(latest.changes)
    count = len(history_of(profile))
    actions.update_profile(
        profile, by=hans, fields={**ALL_VISIBLE, "other_networks": "Eurocities"}, eu_knowledge=[], networks=[kvarken]
    )
    assert len(history_of(profile)) == count  # nothing changed, nothing recorded


def test_the_download_lists_the_registers_networks_with_their_pages_and_the_others(client_for, hans, kvarken):
    make_profile(hans, networks=[kvarken], other_networks="Eurocities\n\nALDA ")
    data = json.loads(client_for("hans").get(reverse("competence:download")).content)
    page = reverse("partners:network_detail", args=[kvarken.pk])
    assert data["networks"] == [{"id": kvarken.pk, "name": "Kvarkenrådet", "page": page}]
    assert data["other_networks"] == ["Eurocities", "ALDA"]


def test_deleting_the_profile_removes_its_networks_but_not_the_registers_networks(client_for, hans, kvarken):
    profile = make_profile(hans, networks=[kvarken], other_networks="Eurocities")
    pk = profile.pk
    assert client_for("hans").post(reverse("competence:delete")).status_code == 302
    assert not CompetenceProfile.networks.through.objects.exists()
    assert Network.objects.filter(pk=kvarken.pk).exists()
    rows = list(Change.objects.filter(content_type__model="competenceprofile", object_id=pk))
    assert len(rows) == 1 and "Kvarkenrådet" not in json.dumps(rows[0].changes) + rows[0].reason


def test_the_profile_page_uses_the_same_number_of_queries_for_many_networks(client_for, hans, sara):
    networks = [make_network(f"Nätverk {n:02d}", by=sara) for n in range(12)]
    make_profile(hans, networks=networks[:2], other_networks="Eurocities")
    client = client_for("karin")
    url = reverse("competence:colleague", args=[hans.pk])
    few = count_queries(client, url)
    actions.update_profile(hans.competence_profile, by=hans, fields=ALL_VISIBLE, eu_knowledge=[], networks=networks)
    assert count_queries(client, url) == few
    own = client_for("hans")
    few = count_queries(own, reverse("competence:edit"))
    for n in range(12, 30):
        make_network(f"Nätverk {n:02d}", by=sara)
    assert count_queries(own, reverse("competence:edit")) == few


def test_the_network_page_lists_the_colleagues_who_show_that_they_take_part(client_for, units, hans, karin, kvarken):
    anna = make_employee("anna", units["kultur"], name="Anna Andersson")
    bo = make_employee("bo", units["buf"], name="Bo Berg")
    make_profile(anna, networks=[kvarken])
    make_profile(bo, networks=[kvarken], show_networks="private")
    make_profile(hans, networks=[kvarken], show_networks="private")
    url = reverse("partners:network_detail", args=[kvarken.pk])
    page = client_for("karin").get(url).content.decode()
    assert "Kollegor som deltar i nätverket" in page
    assert "Anna Andersson" in page and reverse("competence:colleague", args=[anna.pk]) in page
    assert "Bo Berg" not in page and "Hans" not in page
    # Hans sees himself (his own hidden choice), marked as himself, and not Bo.
    own = client_for("hans").get(url).content.decode()
    assert "(du)" in own and reverse("competence:mine") in own and "Bo Berg" not in own


def test_the_network_page_uses_the_same_number_of_queries_for_many_colleagues(client_for, units, kvarken):
    client = client_for("karin")
    url = reverse("partners:network_detail", args=[kvarken.pk])

    def add(count, start):
        for number in range(start, start + count):
            make_profile(make_employee(f"kollega{number}", units["buf"]), networks=[kvarken])

    add(2, 0)
    few = count_queries(client, url)
    add(6, 2)
    assert count_queries(client, url) == few
