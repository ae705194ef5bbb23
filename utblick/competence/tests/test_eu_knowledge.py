"""The coordinator's list of EU knowledge areas: seeded with the issue's list, added to, renamed and deactivated,
each change in the history; a deactivated area stays on the profiles that have it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from utblick.competence import actions
from utblick.competence.forms import ProfileForm
from utblick.competence.models import EuKnowledge
from utblick.competence.tests.helpers import area, make_profile
from utblick.core.history import history_of

SEEDED = {
    "EU-finansiering",
    "Interreg",
    "Erasmus+",
    "Statsstöd",
    "Offentlig upphandling",
    "EU-rätt",
    "Påverkansarbete i Bryssel",
}


def test_the_migration_seeds_the_list_of_the_issue(db):
    assert set(EuKnowledge.objects.values_list("name", flat=True)) == SEEDED


def test_sara_adds_renames_and_deactivates_an_area_with_history(client_for, sara):
    client = client_for("sara")
    response = client.post("/kompetens/eu-kunskap/ny/", {"name": "Horisont Europa", "aliases": "Horizon, Horisont"})
    assert response.status_code == 302
    added = EuKnowledge.objects.get(name="Horisont Europa")
    assert added.aliases == "Horizon, Horisont"
    client.post(f"/kompetens/eu-kunskap/{added.pk}/", {"name": "Horisont Europa (forskning)", "aliases": "Horizon"})
    client.post(f"/kompetens/eu-kunskap/{added.pk}/aktiv/", {"active": "0"})
    added.refresh_from_db()
    assert added.name == "Horisont Europa (forskning)" and not added.is_active
    changes = list(history_of(added))
    assert len(changes) == 3
    assert changes[1].changes[0] == {
        "field": "Namn",
        "before": "Horisont Europa",
        "after": "Horisont Europa (forskning)",
    }
    page = client.get(f"/kompetens/eu-kunskap/{added.pk}/").content.decode()
    assert "Historik" in page and "Horisont Europa (forskning)" in page


def test_a_name_already_in_the_list_is_refused_with_a_swedish_sentence(client_for, sara):
    response = client_for("sara").post("/kompetens/eu-kunskap/ny/", {"name": "interreg"})
    assert response.status_code == 200
    assert "Det finns redan ett område med det namnet" in response.content.decode()


def test_only_the_coordinator_keeps_the_list(hans):
    with pytest.raises(PermissionDenied):
        actions.save_eu_knowledge(None, by=hans, fields={"name": "Nytt"})
    with pytest.raises(PermissionDenied):
        actions.set_eu_knowledge_active(area("Interreg"), by=hans, active=False)


def test_a_deactivated_area_stays_on_profiles_but_nobody_new_chooses_it(sara, hans, karin):
    make_profile(hans, eu=["Interreg"])
    interreg = actions.set_eu_knowledge_active(area("Interreg"), by=sara, active=False)
    hans_form = ProfileForm(profile=hans.competence_profile)
    assert interreg in hans_form.fields["eu_knowledge"].queryset
    karin_profile = actions.profile_of(karin, create=True)
    assert interreg not in ProfileForm(profile=karin_profile).fields["eu_knowledge"].queryset
    fields = {f"show_{p}": "private" for p in ("languages", "eu", "experience", "networks", "engagements", "willing")}
    with pytest.raises(ValidationError) as error:
        actions.update_profile(karin_profile, by=karin, fields=fields, eu_knowledge=[interreg])
    assert "används inte längre" in error.value.message_dict["eu_knowledge"][0]
