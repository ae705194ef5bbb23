"""Handover to Kommunstyrelsen (R-25): a proposal records cooperation and who knows whom; the coordinator's
acceptance moves owner, scope and knowledge holders, writes history on every record and notifies both sides."""

# The fixtures come from handover_fixtures.py; pytest passes them in by name.
# ruff: noqa: F811

import pytest
from django.core.exceptions import ValidationError

from utblick.core.history import history_of
from utblick.engagements import handover_actions
from utblick.engagements.models import Engagement, EngagementScope, Participation
from utblick.engagements.models_handover import Handover
from utblick.engagements.tests.handover_fixtures import (  # noqa: F401 - fixtures
    FIELDS,
    contact,
    engagement,
    form_data,
    other_contact,
    partner,
    people,
    proposal,
)
from utblick.notifications.models import Notification


def test_hans_proposes_a_handover_through_the_form(client_for, engagement, people, contact, sara):
    response = client_for("hans").post(
        f"/engagemang/{engagement.pk}/overlamning/ny/",
        form_data([(people["hans"].pk, contact.pk, "Känner rektorn.")]),
    )
    handover = Handover.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/engagemang/overlamningar/{handover.pk}/"
    assert handover.state == Handover.State.PROPOSED
    assert handover.from_unit == engagement.owner_unit
    assert handover.cooperation_forms == FIELDS["cooperation_forms"]
    [row] = handover.knowledge.all()
    assert (row.person, row.contact, row.note) == (people["hans"], contact, "Känner rektorn.")


def test_a_proposal_notifies_the_coordinators_and_is_in_the_engagements_history(proposal, engagement, sara):
    [note] = Notification.objects.filter(recipient=sara)
    assert note.kind == "handover"
    assert "Skolutbyte med Røros" in note.title
    assert note.url == f"/engagemang/overlamningar/{proposal.pk}/"
    change = history_of(engagement).first()
    assert change.changes[0]["field"] == "Överlämning till Kommunstyrelsen"
    assert change.changes[0]["after"] == "Föreslagen"


def test_accepting_moves_owner_scope_and_keeps_the_former_people_as_knowledge_holders(
    proposal, engagement, sara, people, units
):
    handover_actions.accept_handover(proposal, by=sara, to_unit=units["ks"], officer=people["sara"])
    engagement.refresh_from_db()
    assert engagement.owner_unit == units["ks"]
    assert engagement.scope == EngagementScope.MUNICIPALITY
    assert engagement.responsible_officer == people["sara"]
    assert engagement.responsible_politician == people["per"]  # kept: no new one given
    assert set(engagement.knowledge_holders.all()) == {people["hans"], people["per"], people["fredrik"]}
    assert engagement.version == 2
    proposal.refresh_from_db()
    assert proposal.state == Handover.State.ACCEPTED
    assert proposal.to_unit == units["ks"] and proposal.answered_by == sara


def test_accepting_writes_history_with_old_and_new_values(proposal, engagement, sara, people, units):
    handover_actions.accept_handover(proposal, by=sara, to_unit=units["ks"])
    change = history_of(engagement).first()
    by_field = {c["field"]: (c["before"], c["after"]) for c in change.changes}
    assert by_field["Överlämning till Kommunstyrelsen"] == ("Föreslagen", "Mottagen")
    assert by_field["Ansvarig enhet"] == (
        engagement.owner_unit.__class__.objects.get(code="buf").name,
        "Kommunstyrelsen",
    )
    assert by_field["Omfattning"] == ("Verksamhetsspecifik", "Kommunövergripande")
    assert "Hans Handläggare" in by_field["Kunskapsbärare"][1]
    assert change.reason.startswith("Överlämnat till Kommunstyrelsen")


def test_accepting_notifies_the_proposer_and_the_former_responsible_people(proposal, sara, hans, per, units):
    Notification.objects.all().delete()
    handover_actions.accept_handover(proposal, by=sara, to_unit=units["ks"])
    handover_notes = Notification.objects.filter(kind="handover")
    assert {n.recipient for n in handover_notes} == {hans, per}
    assert all("mottagen" in n.title for n in handover_notes)


def test_the_proposer_gets_an_email_when_the_handover_is_accepted(
    smtp_server, django_capture_on_commit_callbacks, proposal, sara, units
):
    with django_capture_on_commit_callbacks(execute=True):
        handover_actions.accept_handover(proposal, by=sara, to_unit=units["ks"])
    recipients = sorted(r for mail in smtp_server.messages for r in mail.recipients)
    assert "hans@kommun.example" in recipients
    [mail] = smtp_server.to("hans@kommun.example")
    assert "Skolutbyte med Røros" in mail.subject


def test_the_coordinators_get_an_email_when_a_handover_is_proposed(
    smtp_server, django_capture_on_commit_callbacks, engagement, hans, people, sara
):
    with django_capture_on_commit_callbacks(execute=True):
        handover_actions.propose_engagement_handover(
            engagement, by=hans, fields=FIELDS, knowledge=[(people["hans"], None, "")]
        )
    [mail] = smtp_server.to("sara@kommun.example")
    assert "Förslag om överlämning" in mail.subject


def test_declining_needs_a_reason_keeps_the_unit_and_tells_the_proposer(proposal, engagement, sara, hans, units):
    with pytest.raises(ValidationError):
        handover_actions.decline_handover(proposal, by=sara, reason="  ")
    handover_actions.decline_handover(proposal, by=sara, reason="Kontakten är fortfarande skolspecifik.")
    engagement.refresh_from_db()
    assert engagement.owner_unit == units["buf"] and engagement.scope == EngagementScope.UNIT
    proposal.refresh_from_db()
    assert proposal.state == Handover.State.DECLINED
    assert proposal.answer_comment == "Kontakten är fortfarande skolspecifik."
    note = Notification.objects.filter(recipient=hans, kind="handover").get()
    assert "avböjd" in note.title and "skolspecifik" in note.text
    change = history_of(engagement).first()
    assert change.changes[0]["after"] == "Avböjd" and change.reason == "Kontakten är fortfarande skolspecifik."


def test_the_proposer_withdraws_an_open_proposal(client_for, proposal, engagement, sara):
    response = client_for("hans").post(f"/engagemang/overlamningar/{proposal.pk}/aterkalla/")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == Handover.State.WITHDRAWN
    assert history_of(engagement).first().changes[0]["after"] == "Återkallad"
    # The coordinator, told of the proposal, is told that it no longer waits for an answer.
    [note] = Notification.objects.filter(recipient=sara, kind="handover", title__contains="återkallats")
    assert engagement.title in note.title


def test_the_coordinators_start_page_counts_the_proposals_waiting_for_her(client_for, proposal, sara):
    start = client_for("sara").get("/").content.decode()
    assert "Överlämningar att besvara (1)" in start and 'href="/engagemang/overlamningar/"' in start
    assert "Överlämningar att besvara" not in client_for("hans").get("/").content.decode()
    handover_actions.decline_handover(proposal, by=sara, reason="Inte än.")
    assert "Överlämningar att besvara" not in client_for("sara").get("/").content.decode()


def test_a_new_proposal_can_be_made_after_a_decline(proposal, engagement, sara, hans, people):
    handover_actions.decline_handover(proposal, by=sara, reason="Inte än.")
    again = handover_actions.propose_engagement_handover(
        engagement, by=hans, fields=FIELDS, knowledge=[(people["hans"], None, "")]
    )
    assert again.state == Handover.State.PROPOSED


def test_sara_accepts_through_the_page_with_the_kommunstyrelse_unit_preselected(client_for, proposal, units):
    client = client_for("sara")
    page = client.get(f"/engagemang/overlamningar/{proposal.pk}/").content.decode()
    assert f'<option value="{units["ks"].pk}" selected>' in page
    assert f'<option value="{units["buf"].pk}"' not in page  # only Kommunstyrelsen's part of the tree
    response = client.post(f"/engagemang/overlamningar/{proposal.pk}/ta-emot/", {"to_unit": units["nuk"].pk})
    assert response.status_code == 302
    assert Engagement.objects.get(pk=proposal.engagement_id).owner_unit == units["nuk"]


def test_the_engagement_page_shows_the_new_owner_and_the_knowledge_holders(client_for, proposal, sara, units):
    handover_actions.accept_handover(proposal, by=sara, to_unit=units["ks"])
    page = client_for("hans").get(f"/engagemang/{proposal.engagement_id}/").content.decode()
    assert "Kommunstyrelsen" in page and "Kommunövergripande" in page
    assert "Kunskapsbärare" in page and "Känner rektorn sedan 2019." in page and "Ingrid Haugen" in page
    assert "Föreslå överlämning till Kommunstyrelsen" not in page  # Hans may no longer change it


def test_the_engagement_page_offers_the_proposal_link_to_those_who_may_change_it(client_for, engagement):
    assert (
        "Föreslå överlämning till Kommunstyrelsen"
        in client_for("hans").get(f"/engagemang/{engagement.pk}/").content.decode()
    )
    assert "Föreslå överlämning" not in client_for("karin").get(f"/engagemang/{engagement.pk}/").content.decode()


def test_a_secret_engagement_handed_over_stays_readable_but_not_changeable_for_its_former_officer(
    client_for, make_engagement, people, hans, sara, units
):
    secret = make_engagement(
        title="Hemligt utbyte", is_secret=True, secrecy_ground="OSL 23 kap. 2 §", responsible_officer=people["hans"]
    )
    handover = handover_actions.propose_engagement_handover(
        secret, by=hans, fields=FIELDS, knowledge=[(people["hans"], None, "Har drivit utbytet.")]
    )
    handover_actions.accept_handover(handover, by=sara, to_unit=units["ks"], officer=people["sara"])
    hans_client = client_for("hans")
    assert hans_client.get(f"/engagemang/{secret.pk}/").status_code == 200
    assert hans_client.get(f"/engagemang/{secret.pk}/redigera/").status_code == 403
    assert client_for("karin").get(f"/engagemang/{secret.pk}/").status_code == 404
    assert client_for("karin").get(f"/engagemang/overlamningar/{handover.pk}/").status_code == 404


# A partner relation


def test_a_relation_is_proposed_with_the_units_engagements_and_accepted_as_a_whole(
    client_for, engagement, partner, contact, people, sara, units, make_engagement
):
    culture = make_engagement(title="Kulturutbyte", owner_unit=units["kultur"])
    Participation.objects.create(engagement=culture, organisation=partner)
    client = client_for("hans")
    page = client.get(f"/engagemang/overlamningar/partner/{partner.pk}/ny/").content.decode()
    assert "Skolutbyte med Røros" in page and "Kulturutbyte" not in page
    response = client.post(
        f"/engagemang/overlamningar/partner/{partner.pk}/ny/",
        form_data(
            [(people["hans"].pk, contact.pk, "Känner rektorn.")],
            from_unit=str(units["buf"].pk),
            included_engagements=[str(engagement.pk)],
        ),
    )
    assert response.status_code == 302, response.content.decode()
    handover = Handover.objects.get()
    assert handover.organisation == partner and list(handover.included_engagements.all()) == [engagement]
    assert history_of(partner).first().changes[0]["after"] == "Föreslagen"
    assert "relationen till Røros kommune" in history_of(engagement).first().changes[0]["after"]

    handover_actions.accept_handover(handover, by=sara, to_unit=units["ks"])
    partner.refresh_from_db()
    engagement.refresh_from_db()
    culture.refresh_from_db()
    assert partner.relation_unit == units["ks"]
    assert engagement.owner_unit == units["ks"] and engagement.scope == EngagementScope.MUNICIPALITY
    assert culture.owner_unit == units["kultur"]  # not included: stays
    assert {c["field"] for c in history_of(partner).first().changes} >= {"Ansvar för relationen"}
    assert history_of(engagement).first().reason.startswith("Överlämnat till Kommunstyrelsen")
    page = client.get(f"/partner/{partner.pk}/").content.decode()
    assert "Ansvar för relationen" in page and "Kommunstyrelsen ansvarar för relationen" in page
    assert "Känner rektorn." in page


def test_the_partner_page_offers_the_relation_proposal_to_case_officers_only(client_for, partner):
    assert "Föreslå överlämning" in client_for("hans").get(f"/partner/{partner.pk}/").content.decode()
    assert "Föreslå överlämning" not in client_for("lisa").get(f"/partner/{partner.pk}/").content.decode()
    assert "Föreslå överlämning" not in client_for("per").get(f"/partner/{partner.pk}/").content.decode()
