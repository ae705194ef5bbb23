"""The priority assessment, with P2 and P3 suggested from the partners (R-12, R-13)."""

import pytest

from utblick.engagements.models import Participation
from utblick.partners.models import Organisation


@pytest.fixture
def roros(db):
    return Organisation.objects.create(name="Røros kommune", country="NO", kind="kommun")


def test_european_and_established_partners_are_suggested_not_typed(client_for, make_engagement, roros):
    earlier = make_engagement(title="Vänortsbesök 2023")
    Participation.objects.create(engagement=earlier, organisation=roros)
    current = make_engagement(title="Skolutbyte 2026")
    Participation.objects.create(engagement=current, organisation=roros)
    page = client_for("hans").get(f"/engagemang/{current.pk}/bedomning/").content.decode()
    assert "Samarbete med partner i andra europeiska länder: Røros kommune (Norge)." in page
    assert "Redan etablerad samarbetspartner: Røros kommune (tidigare: Vänortsbesök 2023)." in page


def test_a_domestic_partner_suggests_nothing(client_for, make_engagement):
    current = make_engagement()
    Participation.objects.create(
        engagement=current, organisation=Organisation.objects.create(name="Region Jämtland", country="SE")
    )
    page = client_for("hans").get(f"/engagemang/{current.pk}/bedomning/").content.decode()
    assert "Förslag utifrån partnerna" not in page


def test_a_secret_earlier_engagement_is_not_named_in_the_suggestion(client_for, make_engagement, roros):
    secret = make_engagement(title="Hemligt upphandlingssamråd", is_secret=True, secrecy_ground="OSL 19:3")
    Participation.objects.create(engagement=secret, organisation=roros)
    current = make_engagement(title="Öppet utbyte")
    Participation.objects.create(engagement=current, organisation=roros)
    page = client_for("hans").get(f"/engagemang/{current.pk}/bedomning/").content.decode()
    assert "Hemligt upphandlingssamråd" not in page


def test_saving_the_assessment_needs_a_justification_for_each_met_criterion(client_for, make_engagement, policy):
    engagement = make_engagement()
    criterion = policy.prioritycriterion_set.get(code="P4")
    client = client_for("hans")
    response = client.post(f"/engagemang/{engagement.pk}/bedomning/", {f"c{criterion.pk}-met": "on"})
    assert "Motivera varför engagemanget uppfyller kriteriet" in response.content.decode()
    assert engagement.assessments.count() == 0
    client.post(
        f"/engagemang/{engagement.pk}/bedomning/",
        {f"c{criterion.pk}-met": "on", f"c{criterion.pk}-justification": "Ger kompetensutveckling för lärarna."},
    )
    assert [(a.criterion.code, a.justification) for a in engagement.assessments.all()] == [
        ("P4", "Ger kompetensutveckling för lärarna.")
    ]


def test_lisa_cannot_open_the_assessment(client_for, make_engagement):
    assert client_for("lisa").get(f"/engagemang/{make_engagement().pk}/bedomning/").status_code == 403
