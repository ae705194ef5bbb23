"""An employee's own profile (R-40 point 1 and the GDPR bars): made private by default, edited through forms with
Swedish errors, only the chosen parts shown to colleagues, engagements from the register, download and deletion."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from utblick.competence import actions
from utblick.competence.models import CompetenceProfile, Experience, LanguageSkill, Visibility
from utblick.competence.tests.helpers import ALL_VISIBLE, area, count_queries, make_profile
from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.organisation.models import Person


def test_a_new_profile_shows_nothing_to_others_until_the_employee_chooses(client_for, hans):
    client = client_for("hans")
    assert "Skapa min profil" in client.get("/kompetens/min-profil/").content.decode()
    response = client.post("/kompetens/min-profil/skapa/")
    assert response.status_code == 302
    profile = CompetenceProfile.objects.get(user=hans)
    assert all(getattr(profile, f"show_{part}") == Visibility.PRIVATE for part in ("languages", "eu", "willing"))
    assert history_of(profile).get().action == Change.Action.CREATED


def test_hans_fills_in_his_profile_through_the_forms(client_for, hans):
    client = client_for("hans")
    client.post("/kompetens/min-profil/skapa/")
    data = {
        **ALL_VISIBLE,
        "eu_knowledge": [area("Interreg").pk],
        "other_networks": "Eurocities",
        "willing_to_help": "on",
    }
    assert client.post("/kompetens/min-profil/andra/", data).status_code == 302
    assert client.post("/kompetens/min-profil/sprak/", {"language": "no", "level": "B2"}).status_code == 302
    assert client.post("/kompetens/min-profil/sprak/", {"language": "no", "level": "C1"}).status_code == 302
    experience = {
        "country": "GB",
        "place": "Skottland",
        "start_year": "2019",
        "end_year": "2021",
        "description": "Lärare.",
    }
    assert client.post("/kompetens/min-profil/erfarenhet/ny/", experience).status_code == 302
    profile = CompetenceProfile.objects.get(user=hans)
    assert list(profile.languages.values_list("language", "level")) == [("no", "C1")]  # one row per language
    assert profile.willing_to_help and profile.other_networks == "Eurocities"
    assert profile.experiences.get().place == "Skottland"
    page = client.get("/kompetens/min-profil/").content.decode()
    for text in ("norska", "C1 – avancerad", "Interreg", "Skottland, Storbritannien", "2019–2021", "Eurocities"):
        assert text in page
    assert len(history_of(profile)) == 5


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"place": "", "country": "", "description": "Lärare."}, "place", "Ange ett land eller en ort"),
        ({"place": "Bryssel", "description": ""}, "description", "Beskriv kort vad du gjorde"),
        (
            {"place": "Bryssel", "description": "Praktik.", "start_year": "2021", "end_year": "2019"},
            "end_year",
            "Slutåret",
        ),
        ({"place": "Bryssel", "description": "Praktik.", "start_year": "19"}, "start_year", "Ange ett årtal"),
        ({"place": "Bryssel", "description": "Praktik.", "country": "XX"}, "country", "Välj ett land i listan."),
    ],
)
def test_bad_experience_is_refused_with_a_swedish_sentence_next_to_the_field(client_for, hans, data, field, message):
    client = client_for("hans")
    client.post("/kompetens/min-profil/skapa/")
    response = client.post("/kompetens/min-profil/erfarenhet/ny/", data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Experience.objects.exists()


def test_an_unknown_language_or_level_is_refused(hans):
    profile = actions.profile_of(hans, create=True)
    with pytest.raises(ValidationError) as error:
        actions.set_language(profile, by=hans, language="xx", level="D1")
    assert set(error.value.message_dict) == {"language", "level"}
    assert not LanguageSkill.objects.exists()


def test_nobody_but_the_owner_changes_a_profile_not_even_the_coordinator(hans, sara):
    profile = make_profile(hans, languages=[("no", "B2")])
    with pytest.raises(PermissionDenied):
        actions.set_language(profile, by=sara, language="de", level="C1")
    with pytest.raises(PermissionDenied):
        actions.delete_profile(profile, by=sara)
    with pytest.raises(PermissionDenied):
        actions.remove_language(profile.languages.get(), by=sara)


def test_the_external_actor_cannot_have_a_profile(erik):
    with pytest.raises(PermissionDenied):
        actions.profile_of(erik, create=True)


def test_a_colleague_sees_only_the_parts_made_visible(client_for, hans):
    make_profile(
        hans,
        languages=[("no", "C1")],
        eu=["Statsstöd"],
        other_networks="Hemligt nätverk",
        show_networks="private",
        show_eu="private",
    )
    content = client_for("karin").get(f"/kompetens/person/{hans.pk}/").content.decode()
    assert "norska" in content
    assert "Statsstöd" not in content and "Hemligt nätverk" not in content


def test_a_profile_showing_nothing_says_so(client_for, hans):
    make_profile(hans, languages=[("no", "C1")], visible=False)
    content = client_for("karin").get(f"/kompetens/person/{hans.pk}/").content.decode()
    assert "har inte valt att visa något" in content and "norska" not in content


def test_the_profile_lists_engagements_and_trips_from_the_register_but_not_secret_ones(
    client_for, hans, make_engagement
):
    import datetime

    from utblick.engagements import trip_actions

    person = Person.objects.get(user=hans)
    open_one = make_engagement(title="Skolutbyte med Røros", responsible_officer=person)
    make_engagement(title="Hemligt utbyte", responsible_officer=person, is_secret=True, secrecy_ground="OSL")
    trip_actions.create_trip(
        open_one,
        by=hans,
        fields={
            "destination": "Røros",
            "country": "NO",
            "start_date": datetime.date(2026, 3, 15),
            "end_date": datetime.date(2026, 3, 18),
            "purpose": "Besök.",
            "programme": "",
            "decision": None,
            "travellers": [person],
        },
    )
    make_profile(hans)
    karin_sees = client_for("karin").get(f"/kompetens/person/{hans.pk}/").content.decode()
    assert "Skolutbyte med Røros" in karin_sees and "Røros, Norge" in karin_sees
    assert "Hemligt utbyte" not in karin_sees
    assert "Hemligt utbyte" in client_for("hans").get("/kompetens/min-profil/").content.decode()


def test_the_employee_downloads_everything_in_their_profile_as_json(client_for, hans):
    make_profile(
        hans,
        languages=[("no", "C1")],
        eu=["Interreg"],
        experiences=[{"place": "Skottland", "description": "Lärare."}],
        other_networks="Eurocities",
        willing=True,
        help_note="Läser ansökningar.",
    )
    response = client_for("hans").get("/kompetens/min-profil/ladda-ner/")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["languages"] == [{"code": "no", "name": "norska", "level": "C1"}]
    assert data["eu_knowledge"] == ["Interreg"]
    assert data["experience"][0]["place"] == "Skottland"
    assert data["other_networks"] == ["Eurocities"] and data["help_note"] == "Läser ansökningar."
    assert data["visibility"]["languages"] == "colleagues"
    assert data["history"]


def test_deleting_the_profile_removes_everything_and_leaves_one_history_row_without_the_data(client_for, hans):
    profile = make_profile(
        hans,
        languages=[("no", "C1")],
        experiences=[{"place": "Skottland", "description": "Lärare."}],
        other_networks="Eurocities",
    )
    pk = profile.pk
    client = client_for("hans")
    assert "Radera min profil" in client.get("/kompetens/min-profil/radera/").content.decode()
    response = client.post("/kompetens/min-profil/radera/")
    assert response.status_code == 302
    assert not CompetenceProfile.objects.exists()
    assert not LanguageSkill.objects.exists() and not Experience.objects.exists()
    rows = list(Change.objects.filter(content_type__model="competenceprofile", object_id=pk))
    assert len(rows) == 1
    assert "raderades" in rows[0].reason
    assert "Eurocities" not in json.dumps(rows[0].changes) and "Skottland" not in rows[0].reason
    assert "Skapa min profil" in client.get("/kompetens/min-profil/").content.decode()
    assert client_for("karin").get(f"/kompetens/person/{hans.pk}/").status_code == 404


def test_the_profile_page_uses_the_same_number_of_queries_for_a_long_profile(client_for, hans):
    profile = make_profile(hans, languages=[("no", "C1")], experiences=[{"place": "Oslo", "description": "Praktik."}])
    client = client_for("karin")
    url = f"/kompetens/person/{hans.pk}/"
    few = count_queries(client, url)
    for code in ("de", "fr", "es", "fi", "da"):
        actions.set_language(profile, by=hans, language=code, level="B1")
        actions.save_experience(profile, None, by=hans, fields={"place": f"Ort {code}", "description": "Praktik."})
    assert count_queries(client, url) == few
