"""Bad input to handovers is refused with Swedish sentences: empty and huge texts, forbidden ids, a contact of
another organisation, a second open proposal, refused states, and an answer to an already answered proposal.
HTML in the texts is shown as text. The list and engagement pages keep a constant number of queries."""

# The fixtures come from handover_fixtures.py; pytest passes them in by name.
# ruff: noqa: F811

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from utblick.core.history import history_of
from utblick.engagements import handover_actions
from utblick.engagements.models import Engagement, EngagementScope, Participation, Status
from utblick.engagements.models_handover import Handover, HandoverKnowledge
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


def _post(client, engagement, data):
    return client.post(f"/engagemang/{engagement.pk}/overlamning/ny/", data)


def test_an_empty_form_is_refused_with_sentences_for_each_field(client_for, engagement):
    response = _post(client_for("hans"), engagement, form_data(reason="", cooperation_forms=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beskriv varför relationen har blivit kommunövergripande." in page
    assert "Beskriv hur samarbetet går till i dag" in page
    assert "Ange minst en person i kommunen som känner relationen" in page
    assert not Handover.objects.exists()


def test_at_least_one_knowledge_row_is_required_by_the_action(engagement, hans):
    with pytest.raises(ValidationError) as exc:
        handover_actions.propose_engagement_handover(engagement, by=hans, fields=FIELDS, knowledge=[])
    assert "knowledge" in exc.value.error_dict


def test_huge_texts_are_refused(client_for, engagement, people):
    response = _post(
        client_for("hans"), engagement, form_data([(people["hans"].pk, None, "x" * 2001)], reason="x" * 5001)
    )
    page = response.content.decode()
    assert "högst 5000 tecken" in page and "högst 2000 tecken" in page
    assert not Handover.objects.exists()


def test_huge_texts_are_refused_by_the_action_too(engagement, hans, people):
    with pytest.raises(ValidationError) as exc:
        handover_actions.propose_engagement_handover(
            engagement,
            by=hans,
            fields={**FIELDS, "cooperation_forms": "x" * 10001},
            knowledge=[(people["hans"], None, "")],
        )
    assert "cooperation_forms" in exc.value.error_dict


def test_html_in_the_texts_is_shown_as_text(client_for, engagement, people, sara):
    _post(
        client_for("hans"),
        engagement,
        form_data([(people["hans"].pk, None, "<b>fet</b>")], reason="<script>alert(1)</script>"),
    )
    handover = Handover.objects.get()
    page = client_for("sara").get(f"/engagemang/overlamningar/{handover.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>fet</b>" not in page and "&lt;b&gt;fet&lt;/b&gt;" in page


def test_a_contact_of_another_organisation_is_refused(client_for, engagement, people, other_contact):
    response = _post(client_for("hans"), engagement, form_data([(people["hans"].pk, other_contact.pk, "")]))
    assert "Mari Tamm är inte kontaktperson hos partnern" in response.content.decode()
    assert not Handover.objects.exists()


def test_an_unknown_person_or_contact_id_is_refused(client_for, engagement, people):
    response = _post(client_for("hans"), engagement, form_data([(999999, None, "")]))
    assert "Personen finns inte." in response.content.decode()
    response = _post(client_for("hans"), engagement, form_data([(people["hans"].pk, 999999, "")]))
    assert "Kontaktpersonen finns inte." in response.content.decode()
    assert not Handover.objects.exists()


def test_an_inactive_person_is_refused(engagement, hans, people):
    people["fredrik"].is_active = False
    people["fredrik"].save()
    with pytest.raises(ValidationError, match="inte längre aktiv"):
        handover_actions.propose_engagement_handover(
            engagement, by=hans, fields=FIELDS, knowledge=[(people["fredrik"], None, "")]
        )


def test_a_second_open_proposal_is_refused(client_for, proposal, engagement, people, hans):
    response = _post(client_for("hans"), engagement, form_data([(people["hans"].pk, None, "")]))
    assert "Det finns redan ett öppet förslag om överlämning" in response.content.decode()
    with pytest.raises(ValidationError, match="redan ett öppet förslag"):
        handover_actions.propose_engagement_handover(
            engagement, by=hans, fields=FIELDS, knowledge=[(people["hans"], None, "")]
        )
    assert Handover.objects.count() == 1


def test_the_database_constraint_becomes_a_swedish_sentence(engagement, hans, people, monkeypatch):
    Handover.objects.create(engagement=engagement, from_unit=engagement.owner_unit, **FIELDS)
    # As if the other proposal arrived between the check and the insert.
    monkeypatch.setattr(handover_actions, "engagement_refusal", lambda engagement, **kw: "")
    with pytest.raises(ValidationError, match="redan ett öppet förslag"):
        handover_actions.propose_engagement_handover(
            engagement, by=hans, fields=FIELDS, knowledge=[(people["hans"], None, "")]
        )
    assert Handover.objects.count() == 1 and not HandoverKnowledge.objects.exists()


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"archived_at": timezone.now()}, "arkiverat"),
        ({"status": Status.CANCELLED}, "avbrutet"),
        ({"scope": EngagementScope.MUNICIPALITY, "owner_unit_code": "nuk"}, "redan kommunövergripande"),
    ],
)
def test_archived_cancelled_and_already_municipal_engagements_cannot_be_proposed(
    client_for, engagement, people, sara, units, change, sentence
):
    change = dict(change)
    if "owner_unit_code" in change:
        change["owner_unit"] = units[change.pop("owner_unit_code")]
    Engagement.objects.filter(pk=engagement.pk).update(**change)
    engagement.refresh_from_db()
    with pytest.raises(ValidationError, match=sentence):
        handover_actions.propose_engagement_handover(
            engagement, by=sara, fields=FIELDS, knowledge=[(people["hans"], None, "")]
        )
    page = client_for("sara").get(f"/engagemang/{engagement.pk}/overlamning/ny/").content.decode()
    assert sentence in page and "Skicka förslaget" not in page


def test_a_municipal_engagement_of_a_committee_may_still_be_proposed(engagement, hans, people):
    Engagement.objects.filter(pk=engagement.pk).update(scope=EngagementScope.MUNICIPALITY)
    engagement.refresh_from_db()
    assert handover_actions.propose_engagement_handover(
        engagement, by=hans, fields=FIELDS, knowledge=[(people["hans"], None, "")]
    )


def test_answering_an_already_answered_proposal_is_refused_and_nothing_is_half_written(
    proposal, engagement, sara, units, django_user_model
):
    from utblick.core.roles import Role
    from utblick.organisation.models import Membership

    other = django_user_model.objects.create_user("olle", email="olle@kommun.example")
    Membership.objects.create(user=other, unit=units["nuk"], role=Role.SAMORDNARE)
    stale = Handover.objects.get(pk=proposal.pk)  # the second coordinator opened the page before the first answered
    handover_actions.accept_handover(proposal, by=sara, to_unit=units["ks"])
    rows = history_of(engagement).count()
    with pytest.raises(ValidationError, match="redan besvarat"):
        handover_actions.decline_handover(stale, by=other, reason="Nej.")
    with pytest.raises(ValidationError, match="redan besvarat"):
        handover_actions.accept_handover(stale, by=other, to_unit=units["nuk"])
    proposal.refresh_from_db()
    engagement.refresh_from_db()
    assert proposal.state == Handover.State.ACCEPTED and proposal.answered_by == sara
    assert engagement.owner_unit == units["ks"]
    assert history_of(engagement).count() == rows


def test_answering_an_answered_proposal_through_the_page_shows_a_sentence(client_for, proposal, sara, units):
    handover_actions.decline_handover(proposal, by=sara, reason="Inte än.")
    response = client_for("sara").post(
        f"/engagemang/overlamningar/{proposal.pk}/ta-emot/", {"to_unit": units["ks"].pk}, follow=True
    )
    assert response.redirect_chain == [(f"/engagemang/overlamningar/{proposal.pk}/", 302)]
    assert "Förslaget är redan besvarat eller återkallat (nu: Avböjd)" in response.content.decode()


def test_withdrawing_an_answered_proposal_says_so(client_for, proposal, sara):
    handover_actions.decline_handover(proposal, by=sara, reason="Inte än.")
    response = client_for("hans").post(f"/engagemang/overlamningar/{proposal.pk}/aterkalla/", follow=True)
    assert "redan besvarat" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == Handover.State.DECLINED


def test_a_receiving_unit_outside_kommunstyrelsen_is_refused(client_for, proposal, units, sara):
    response = client_for("sara").post(
        f"/engagemang/overlamningar/{proposal.pk}/ta-emot/", {"to_unit": units["buf"].pk}
    )
    assert "Välj Kommunstyrelsen eller en enhet under den som mottagare." in response.content.decode()
    with pytest.raises(ValidationError):
        handover_actions.accept_handover(proposal, by=sara, to_unit=units["sof"])
    proposal.refresh_from_db()
    assert proposal.state == Handover.State.PROPOSED


def test_a_politician_as_new_officer_is_refused(proposal, people, sara, units):
    with pytest.raises(ValidationError) as exc:
        handover_actions.accept_handover(proposal, by=sara, to_unit=units["ks"], officer=people["per"])
    assert "officer" in exc.value.error_dict


def test_declining_without_a_reason_through_the_page_shows_the_sentence(client_for, proposal):
    response = client_for("sara").post(f"/engagemang/overlamningar/{proposal.pk}/avboj/", {"reason": ""})
    assert "Skriv varför förslaget avböjs" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == Handover.State.PROPOSED


def test_a_relation_proposal_refuses_another_units_engagement_and_a_forbidden_unit(
    client_for, partner, contact, people, units, make_engagement, engagement
):
    culture = make_engagement(title="Kulturutbyte", owner_unit=units["kultur"])
    Participation.objects.create(engagement=culture, organisation=partner)
    url = f"/engagemang/overlamningar/partner/{partner.pk}/ny/"
    response = client_for("hans").post(
        url,
        form_data(
            [(people["hans"].pk, contact.pk, "")],
            from_unit=str(units["kultur"].pk),
            included_engagements=[str(culture.pk)],
        ),
    )
    assert "Välj en av de enheter vars engagemang du får ändra." in response.content.decode()
    response = client_for("hans").post(
        url,
        form_data(
            [(people["hans"].pk, contact.pk, "")],
            from_unit=str(units["buf"].pk),
            included_engagements=[str(culture.pk)],
        ),
    )
    assert "Kulturutbyte kan inte följa med" in response.content.decode()
    assert not Handover.objects.exists()


def test_the_action_refuses_an_engagement_of_another_unit_in_a_relation(
    partner, contact, people, units, hans, make_engagement
):
    culture = make_engagement(title="Kulturutbyte", owner_unit=units["kultur"])
    Participation.objects.create(engagement=culture, organisation=partner)
    with pytest.raises(ValidationError, match="Kulturutbyte kan inte följa med"):
        handover_actions.propose_relation_handover(
            partner,
            by=hans,
            from_unit=units["buf"],
            included=[culture],
            fields=FIELDS,
            knowledge=[(people["hans"], contact, "")],
        )


def test_a_relation_already_with_kommunstyrelsen_cannot_be_proposed(partner, contact, people, units, hans):
    partner.relation_unit = units["ks"]
    partner.save()
    with pytest.raises(ValidationError, match="ägs redan av Kommunstyrelsen"):
        handover_actions.propose_relation_handover(
            partner, by=hans, from_unit=units["buf"], fields=FIELDS, knowledge=[(people["hans"], contact, "")]
        )


# Query counts


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _handovers(make_engagement, hans, sara, people, n, *, answered=True):
    for i in range(n):
        engagement = make_engagement(title=f"Utbyte {i}", responsible_officer=people["hans"])
        handover = handover_actions.propose_engagement_handover(
            engagement, by=hans, fields=FIELDS, knowledge=[(people["hans"], None, f"Rad {i}")]
        )
        if answered and i % 2:
            handover_actions.decline_handover(handover, by=sara, reason="Inte än.")


@pytest.mark.parametrize("persona", ["sara", "hans"])
def test_the_list_of_handovers_uses_a_constant_number_of_queries(
    client_for, make_engagement, hans, sara, people, persona
):
    client = client_for(persona)
    _handovers(make_engagement, hans, sara, people, 2)
    few = _queries(client, "/engagemang/overlamningar/")
    _handovers(make_engagement, hans, sara, people, 6)
    assert _queries(client, "/engagemang/overlamningar/") == few


def test_the_engagement_page_with_handovers_uses_a_constant_number_of_queries(
    client_for, engagement, hans, sara, people, contact
):
    client = client_for("hans")
    url = f"/engagemang/{engagement.pk}/"

    def one_declined():
        handover = handover_actions.propose_engagement_handover(
            engagement, by=hans, fields=FIELDS, knowledge=[(people["hans"], contact, "Rad"), (people["per"], None, "")]
        )
        handover_actions.decline_handover(handover, by=sara, reason="Inte än.")

    one_declined()
    few = _queries(client, url)
    for _ in range(3):
        one_declined()
    engagement.knowledge_holders.add(people["fredrik"], people["karin"])
    assert _queries(client, url) == few


def test_the_handover_page_uses_a_constant_number_of_queries(client_for, engagement, hans, people, contact):
    rows = [(people["hans"], contact, "Rad")]
    handover = handover_actions.propose_engagement_handover(engagement, by=hans, fields=FIELDS, knowledge=rows)
    client = client_for("sara")
    url = f"/engagemang/overlamningar/{handover.pk}/"
    few = _queries(client, url)
    HandoverKnowledge.objects.bulk_create(
        HandoverKnowledge(handover=handover, person=p, contact=contact, note="x") for p in people.values()
    )
    assert _queries(client, url) == few
