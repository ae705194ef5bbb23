"""Who may do what with handovers, as matrices for every handover URL, and the key rule: nobody but a
coordinator accepts or declines a handover, whatever they post (refused, state unchanged)."""

# The fixtures come from handover_fixtures.py; pytest passes them in by name.
# ruff: noqa: F811

import pytest
from django.core.exceptions import PermissionDenied

from tests.matrix import (
    HANDOVER_ANSWER,
    HANDOVER_LIST,
    HANDOVER_PROPOSE,
    HANDOVER_RELATION,
    HANDOVER_SECRET_VIEW,
    HANDOVER_VIEW,
    HANDOVER_WITHDRAW,
    PERSONAS,
)
from utblick.engagements import handover_actions
from utblick.engagements.models import EngagementScope
from utblick.engagements.models_handover import Handover
from utblick.engagements.tests.handover_fixtures import (  # noqa: F401 - fixtures
    FIELDS,
    contact,
    engagement,
    partner,
    people,
    proposal,
)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_see_the_list_of_handovers(client_for, proposal, persona):
    assert client_for(persona).get("/engagemang/overlamningar/").status_code == HANDOVER_LIST[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_see_a_handover(client_for, proposal, persona):
    url = f"/engagemang/overlamningar/{proposal.pk}/"
    assert client_for(persona).get(url).status_code == HANDOVER_VIEW[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_see_the_handover_of_a_secret_engagement(client_for, make_engagement, hans, people, persona):
    secret = make_engagement(title="Hemligt", is_secret=True, secrecy_ground="OSL 23 kap. 2 §")
    handover = handover_actions.propose_engagement_handover(
        secret, by=hans, fields=FIELDS, knowledge=[(people["hans"], None, "")]
    )
    url = f"/engagemang/overlamningar/{handover.pk}/"
    assert client_for(persona).get(url).status_code == HANDOVER_SECRET_VIEW[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_propose_an_engagements_handover(client_for, engagement, persona):
    url = f"/engagemang/{engagement.pk}/overlamning/ny/"
    assert client_for(persona).get(url).status_code == HANDOVER_PROPOSE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_propose_a_relations_handover(client_for, partner, persona):
    url = f"/engagemang/overlamningar/partner/{partner.pk}/ny/"
    assert client_for(persona).get(url).status_code == HANDOVER_RELATION[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_accept_a_handover(client_for, proposal, units, persona):
    url = f"/engagemang/overlamningar/{proposal.pk}/ta-emot/"
    response = client_for(persona).post(url, {"to_unit": units["ks"].pk})
    assert response.status_code == HANDOVER_ANSWER[persona]
    proposal.refresh_from_db()
    assert proposal.state == (Handover.State.ACCEPTED if persona == "sara" else Handover.State.PROPOSED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_decline_a_handover(client_for, proposal, persona):
    url = f"/engagemang/overlamningar/{proposal.pk}/avboj/"
    response = client_for(persona).post(url, {"reason": "Inte kommunövergripande än."})
    assert response.status_code == HANDOVER_ANSWER[persona]
    proposal.refresh_from_db()
    assert proposal.state == (Handover.State.DECLINED if persona == "sara" else Handover.State.PROPOSED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_withdraw_a_handover(client_for, proposal, persona):
    url = f"/engagemang/overlamningar/{proposal.pk}/aterkalla/"
    response = client_for(persona).post(url)
    assert response.status_code == HANDOVER_WITHDRAW[persona]
    proposal.refresh_from_db()
    withdrawn = HANDOVER_WITHDRAW[persona] == 302 and persona is not None
    assert proposal.state == (Handover.State.WITHDRAWN if withdrawn else Handover.State.PROPOSED)


# The key rule, on the server, for everyone but the coordinator


@pytest.mark.parametrize("persona", ["hans", "fredrik", "karin", "per", "lisa", "erik"])
def test_no_one_but_a_coordinator_can_accept_a_handover_in_the_action(proposal, engagement, personas, units, persona):
    with pytest.raises(PermissionDenied):
        handover_actions.accept_handover(proposal, by=personas[persona], to_unit=units["ks"])
    with pytest.raises(PermissionDenied):
        handover_actions.decline_handover(proposal, by=personas[persona], reason="Nej.")
    proposal.refresh_from_db()
    engagement.refresh_from_db()
    assert proposal.state == Handover.State.PROPOSED
    assert engagement.owner_unit == units["buf"] and engagement.scope == EngagementScope.UNIT


def test_fredrik_cannot_accept_even_the_proposal_of_his_own_unit_by_posting(client_for, proposal, units, engagement):
    response = client_for("fredrik").post(
        f"/engagemang/overlamningar/{proposal.pk}/ta-emot/", {"to_unit": units["ks"].pk}
    )
    assert response.status_code == 403
    engagement.refresh_from_db()
    assert engagement.owner_unit == units["buf"]
    assert not engagement.knowledge_holders.exists()


def test_a_superuser_may_accept(proposal, units, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@kommun.example", "x")
    handover_actions.accept_handover(proposal, by=admin, to_unit=units["ks"])
    assert proposal.state == Handover.State.ACCEPTED


def test_only_the_coordinator_sees_the_answer_forms(client_for, proposal):
    url = f"/engagemang/overlamningar/{proposal.pk}/"
    assert "Ta emot överlämningen" in client_for("sara").get(url).content.decode()
    for persona in ("hans", "fredrik", "per"):
        page = client_for(persona).get(url).content.decode()
        assert "Ta emot överlämningen" not in page and "Avböj förslaget" not in page


def test_the_list_shows_a_units_staff_only_their_units_proposals(client_for, proposal, make_engagement, karin, people):
    from utblick.engagements.models import Participation

    culture = make_engagement(
        title="Kulturutbyte", owner_unit=proposal.engagement.owner_unit.__class__.objects.get(code="kultur")
    )
    Participation.objects.create(engagement=culture, organisation=proposal.engagement.organisations.get())
    handover_actions.propose_engagement_handover(
        culture, by=karin, fields=FIELDS, knowledge=[(people["karin"], None, "")]
    )
    hans_page = client_for("hans").get("/engagemang/overlamningar/").content.decode()
    assert "Skolutbyte med Røros" in hans_page and "Kulturutbyte" not in hans_page
    sara_page = client_for("sara").get("/engagemang/overlamningar/").content.decode()
    assert "Skolutbyte med Røros" in sara_page and "Kulturutbyte" in sara_page
