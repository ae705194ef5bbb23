"""Official contacts in the engagement form: the "Officiell kontakt" mark with its explanation, its history, and
R-22's steering of official contacts with municipalities and regions abroad to Kommunstyrelsen."""

import pytest
from django.core.exceptions import ValidationError

from utblick.core.history import history_of
from utblick.engagements import actions
from utblick.engagements.models import Engagement
from utblick.organisation.models import OrgUnit
from utblick.partners.models import Organisation
from utblick.policy.models import Objective

from .test_create import form_data


def organisation(name, country, kind):
    return Organisation.objects.create(name=name, country=country, kind=kind)


@pytest.fixture
def roros(db):
    return organisation("Røros kommune", "NO", "kommun")


def create(by, unit, partners, *, official=True):
    return actions.create_engagement(
        by=by,
        fields={
            "title": "Officiellt samarbete",
            "kind": "samarbete",
            "purpose": "Kommunerna samarbetar om skolan.",
            "unit_goal": "Ökad måluppfyllelse.",
            "owner_unit": unit,
            "is_official_contact": official,
        },
        objectives=[Objective.objects.get(code="M3")],
        participations=[(partner, "partner") for partner in partners],
    )


KS_MESSAGE = "En officiell kontakt med en kommun eller region i ett annat land hör till Kommunstyrelsen."


# R-22 in the action


@pytest.mark.parametrize(("country", "kind"), [("NO", "kommun"), ("FI", "region"), ("DE", "region"), ("EE", "kommun")])
def test_an_official_contact_with_a_municipality_or_region_abroad_must_belong_to_kommunstyrelsen(
    hans, units, country, kind
):
    partner = organisation("Partnern", country, kind)
    with pytest.raises(ValidationError) as error:
        create(hans, units["buf"], [partner])
    message = error.value.message_dict["owner_unit"][0]
    assert message.startswith(KS_MESSAGE)
    assert "Välj Kommunstyrelsen eller en enhet under den som ansvarig enhet." in message
    assert "föreslå sedan en överlämning till Kommunstyrelsen" in message
    assert not Engagement.objects.exists()


@pytest.mark.parametrize(
    ("country", "kind"),
    [("SE", "kommun"), ("SE", "region"), ("NO", "foretag"), ("NO", "skola"), ("FI", "forening"), ("BE", "eu_organ")],
)
def test_a_swedish_municipality_or_a_foreign_company_does_not_steer_the_contact(hans, units, country, kind):
    engagement = create(hans, units["buf"], [organisation("Partnern", country, kind)])
    assert engagement.is_official_contact and engagement.owner_unit == units["buf"]


def test_a_contact_that_is_not_official_stays_with_the_unit(hans, units, roros):
    engagement = create(hans, units["buf"], [roros], official=False)
    assert engagement.owner_unit == units["buf"]


@pytest.mark.parametrize("code", ["ks", "klf", "nuk", "kultur"])
def test_kommunstyrelsen_or_any_unit_below_it_may_hold_the_contact(sara, units, roros, code):
    assert create(sara, units[code], [roros]).owner_unit == units[code]


def test_karin_in_culture_under_kommunstyrelsen_may_register_it(karin, units, roros):
    assert create(karin, units["kultur"], [roros]).is_official_contact


def test_the_rule_reads_the_unit_kind_not_its_code(hans, units, roros):
    ks = units["ks"]
    ks.code, ks.name = "styrelsen", "Kommunstyrelsen i Testby"
    ks.save()
    with pytest.raises(ValidationError) as error:
        create(hans, units["buf"], [roros])
    assert "hör till Kommunstyrelsen i Testby" in error.value.message_dict["owner_unit"][0]
    OrgUnit.objects.filter(pk=units["bun"].pk).update(kind=OrgUnit.Kind.KOMMUNSTYRELSE)
    OrgUnit.objects.filter(pk=ks.pk).update(kind=OrgUnit.Kind.NAMND)
    assert create(hans, units["buf"], [roros]).owner_unit == units["buf"]  # bun is now the steering committee


def test_adding_a_foreign_municipality_to_an_official_contact_later_is_refused(hans, units, roros):
    engagement = create(hans, units["buf"], [organisation("Bergs kommun", "SE", "kommun")])
    with pytest.raises(ValidationError) as error:
        actions.update_engagement(
            engagement,
            by=hans,
            expected_version=engagement.version,
            fields={},
            objectives=[Objective.objects.get(code="M3")],
            participations=[(roros, "partner")],
        )
    assert error.value.message_dict["owner_unit"][0].startswith(KS_MESSAGE)
    engagement.refresh_from_db()
    assert [p.organisation.name for p in engagement.participations.all()] == ["Bergs kommun"]


# The form


def test_the_form_has_the_checkbox_with_an_explanation_naming_kommunstyrelsen(client_for):
    page = client_for("hans").get("/engagemang/nytt/").content.decode()
    assert 'type="checkbox" name="is_official_contact"' in page
    assert '<label for="id_is_official_contact">Officiell kontakt</label>' in page
    assert 'aria-describedby="id_is_official_contact_helptext"' in page
    assert "Förvaltningschefen måste godkänna en officiell kontakt innan den kan beslutas." in page
    assert "Är en kommun eller region i ett annat land partner hör kontakten till Kommunstyrelsen" in page


def test_the_form_shows_the_steering_error_on_the_owner_unit_field(client_for, units, roros):
    response = client_for("hans").post(
        "/engagemang/nytt/",
        form_data(units, is_official_contact="on", **{"partners-0-organisation": roros.pk}),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Engagement.objects.exists()
    assert 'href="#id_owner_unit"' in page
    assert KS_MESSAGE in page
    assert 'id="id_owner_unit_error"' in page


def test_hans_saves_without_the_mark_and_the_engagement_stays_with_his_unit(client_for, units, roros):
    response = client_for("hans").post("/engagemang/nytt/", form_data(units, **{"partners-0-organisation": roros.pk}))
    assert response.status_code == 302
    assert not Engagement.objects.get().is_official_contact


def test_marking_an_engagement_as_official_contact_is_in_its_history_and_on_its_page(client_for, units):
    client = client_for("hans")
    client.post("/engagemang/nytt/", form_data(units))
    engagement = Engagement.objects.get()
    data = form_data(units, is_official_contact="on", version=engagement.version)
    assert client.post(f"/engagemang/{engagement.pk}/redigera/", data).status_code == 302
    engagement.refresh_from_db()
    assert engagement.is_official_contact
    assert {"field": "Officiell kontakt", "before": "Nej", "after": "Ja"} in history_of(engagement).first().changes
    page = client.get(f"/engagemang/{engagement.pk}/").content.decode()
    assert '<h2 id="h-official">Officiell kontakt</h2>' in page
    assert "Engagemanget är en officiell kontakt." in page
    assert "Begär godkännande" in page


def test_an_engagement_that_is_not_an_official_contact_has_no_section(client_for, make_engagement):
    engagement = make_engagement()
    assert 'id="h-official"' not in client_for("hans").get(f"/engagemang/{engagement.pk}/").content.decode()
