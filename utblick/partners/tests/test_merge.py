"""Merging duplicate organisations and contact persons: every link and history row moves, only Sara may merge."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.matrix import PERSONAS
from utblick.core import history
from utblick.core.models import Change
from utblick.engagements.models import Participation
from utblick.organisation.models import Person
from utblick.partners import merging
from utblick.partners.merging import merge_contacts, merge_organisations
from utblick.partners.models import Affiliation, Contact, Interaction, Network, Organisation

# Only the coordinator merges; an anonymous visitor is sent to the login page.
MERGE = {"sara": 200, "hans": 403, "karin": 403, "fredrik": 403, "per": 403, "lisa": 403, "erik": 403, None: 302}
# The live suggestions are for those who add partners.
SUGGEST = {"sara": 200, "hans": 200, "karin": 200, "fredrik": 200, "per": 403, "lisa": 403, "erik": 403, None: 302}


@pytest.fixture
def duplicate(make_organisation):
    """The same municipality entered again, spelt the Swedish way, with facts the first one lacks."""
    return make_organisation(
        name="Röros kommun", city="", region="Trøndelag", website="https://www.roros.kommune.no/", native_name=""
    )


@pytest.fixture
def linked(roros, duplicate, make_engagement, take_part, personas):
    """Links on the duplicate: contacts, an interaction, a network, engagements (one shared), history."""
    only_duplicate = make_engagement(title="Lärarutbyte")
    both = make_engagement(title="Gränsregional kultur")
    take_part(duplicate, only_duplicate)
    take_part(duplicate, both, role=Participation.Role.LEAD)
    take_part(roros, both, role=Participation.Role.PARTNER)
    rektor = Contact.objects.create(name="Ingrid Ødegård")
    Affiliation.objects.create(contact=rektor, organisation=duplicate, role="Rektor")
    shared = Contact.objects.create(name="Ola Nordmann")
    Affiliation.objects.create(contact=shared, organisation=roros, role="")
    Affiliation.objects.create(contact=shared, organisation=duplicate, role="Kultursekreterare")
    interaction = Interaction.objects.create(
        date=datetime.date(2025, 5, 1), subject="Planeringsmöte", organisation=duplicate
    )
    interaction.contacts.set([rektor])
    network = Network.objects.create(
        name="Gränskommittén", organisation=duplicate, member_since=datetime.date(2020, 1, 1)
    )
    history.record(duplicate, by=personas["hans"], action=Change.Action.CREATED)
    return {
        "only_duplicate": only_duplicate,
        "both": both,
        "rektor": rektor,
        "shared": shared,
        "interaction": interaction,
        "network": network,
    }


def test_merging_organisations_moves_every_link_to_the_kept_one(sara, roros, duplicate, linked):
    merge_organisations(roros, duplicate, by=sara)

    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    assert {a.contact for a in roros.affiliations.all()} == {linked["rektor"], linked["shared"]}
    assert Affiliation.objects.get(contact=linked["rektor"]).role == "Rektor"
    linked["interaction"].refresh_from_db()
    linked["network"].refresh_from_db()
    assert linked["interaction"].organisation == roros
    assert linked["network"].organisation == roros
    assert {p.engagement for p in roros.participations.all()} == {linked["only_duplicate"], linked["both"]}


def test_a_contact_linked_to_both_keeps_one_link_and_a_role_that_is_not_empty(sara, roros, duplicate, linked):
    merge_organisations(roros, duplicate, by=sara)
    links = Affiliation.objects.filter(contact=linked["shared"])
    assert [(a.organisation, a.role) for a in links] == [(roros, "Kultursekreterare")]


def test_an_engagement_both_took_part_in_keeps_the_kept_organisations_part(sara, roros, duplicate, linked):
    merge_organisations(roros, duplicate, by=sara)
    participation = Participation.objects.get(engagement=linked["both"])
    assert participation.organisation == roros
    assert participation.role == Participation.Role.PARTNER


def test_empty_fields_of_the_kept_organisation_are_filled_and_the_history_says_so(sara, roros, duplicate, linked):
    roros.website = ""
    roros.save()
    merge_organisations(roros, duplicate, by=sara)
    roros.refresh_from_db()
    assert roros.region == "Trøndelag"
    assert roros.website == "https://www.roros.kommune.no/"
    assert roros.city == "Røros"  # not empty, so not overwritten by the duplicate's empty city
    merge_row = history.history_of(roros).first()
    assert merge_row.actor == sara
    assert "Röros kommun" in merge_row.reason and "Region, Webbplats" in merge_row.reason
    rows = {row["field"]: row for row in merge_row.changes}
    assert rows["Sammanslagen med dubbletten"]["before"].startswith("Röros kommun")
    assert rows["Ifyllt från dubbletten"]["after"] == "Region, Webbplats"
    assert rows["Namn"] == {"field": "Namn", "before": "Röros kommun", "after": "Røros kommune"}
    assert "Kontakttillfällen: 1" in rows["Flyttat från dubbletten"]["after"]


def test_the_history_of_the_removed_organisation_moves_and_the_merge_is_in_it(sara, roros, duplicate, linked):
    removed_rows = list(history.history_of(duplicate).values_list("pk", flat=True))
    merge_organisations(roros, duplicate, by=sara)
    kept_history = list(history.history_of(roros))
    assert set(removed_rows) <= {row.pk for row in kept_history}
    assert kept_history[0].action == Change.Action.UPDATED
    assert kept_history[0].object_repr.startswith("Røros kommune")
    assert not history.history_of(duplicate).exists()


def test_merging_contacts_moves_organisations_interactions_known_by_and_history(sara, roros, make_organisation, units):
    hamar = make_organisation(name="Hamar kommune")
    keep = Contact.objects.create(name="Ingrid Ødegård", email="")
    remove = Contact.objects.create(
        name="Ingrid Odegard",
        email="ingrid@roros.kommune.no",
        phone="+47 72 41 90 00",
        consent_to_share=True,
        consent_date=datetime.date(2025, 3, 2),
        consent_method="Muntligt vid mötet i Røros",
        shared_fields=["email"],
    )
    Affiliation.objects.create(contact=keep, organisation=roros, role="")
    Affiliation.objects.create(contact=remove, organisation=roros, role="Rektor")
    Affiliation.objects.create(contact=remove, organisation=hamar, role="Styrelseledamot")
    both = Interaction.objects.create(date=datetime.date(2025, 5, 1), subject="Möte", organisation=roros)
    both.contacts.set([keep, remove])
    only = Interaction.objects.create(date=datetime.date(2025, 6, 1), subject="Samtal", organisation=hamar)
    only.contacts.set([remove])
    anna = Person.objects.create(name="Anna Andersson", kind="tjansteman", unit=units["nuk"])
    bo = Person.objects.create(name="Bo Berg", kind="tjansteman", unit=units["nuk"])
    keep.known_by.set([anna])
    remove.known_by.set([anna, bo])
    history.record(remove, by=sara, action=Change.Action.CREATED)

    merge_contacts(keep, remove, by=sara)

    keep.refresh_from_db()
    assert not Contact.objects.filter(pk=remove.pk).exists()
    assert sorted((a.organisation.name, a.role) for a in keep.affiliations.all()) == [
        ("Hamar kommune", "Styrelseledamot"),
        ("Røros kommune", "Rektor"),
    ]
    assert list(both.contacts.all()) == [keep]
    assert list(only.contacts.all()) == [keep]
    assert set(keep.known_by.all()) == {anna, bo}
    assert keep.email == "ingrid@roros.kommune.no" and keep.phone == "+47 72 41 90 00"
    assert keep.consent_to_share and keep.consent_method == "Muntligt vid mötet i Røros"
    assert keep.shared_fields == ["email"]
    rows = list(history.history_of(keep))
    assert rows[0].reason.startswith("Sammanslagen med dubbletten Ingrid Odegard")
    assert any(row.action == Change.Action.CREATED for row in rows)


def test_an_organisation_cannot_be_merged_with_itself(sara, roros):
    with pytest.raises(ValidationError, match="sig själv"):
        merge_organisations(roros, roros, by=sara)
    assert Organisation.objects.filter(pk=roros.pk).exists()


def test_merging_a_record_already_removed_says_so_in_swedish(sara, roros, duplicate):
    Organisation.objects.filter(pk=duplicate.pk).delete()
    with pytest.raises(ValidationError, match="finns inte längre"):
        merge_organisations(roros, duplicate, by=sara)


def test_an_anonymised_contact_cannot_be_merged(sara):
    keep = Contact.objects.create(name="Ingrid Ødegård")
    gone = Contact.objects.create(name="Anonymiserad", anonymised_at=timezone.now())
    with pytest.raises(ValidationError, match="anonymiserad"):
        merge_contacts(keep, gone, by=sara)
    assert Contact.objects.filter(pk=gone.pk).exists()


@pytest.mark.parametrize("username", ["hans", "karin", "fredrik", "per", "lisa", "erik"])
def test_only_the_coordinator_may_merge_through_the_action(personas, roros, duplicate, username):
    with pytest.raises(PermissionDenied):
        merge_organisations(roros, duplicate, by=personas[username])
    assert Organisation.objects.filter(pk=duplicate.pk).exists()


def test_a_merge_that_fails_half_way_changes_nothing(sara, roros, duplicate, linked, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merging.history, "record", broken)
    with pytest.raises(RuntimeError):
        merge_organisations(roros, duplicate, by=sara)
    assert Organisation.objects.filter(pk=duplicate.pk).exists()
    linked["interaction"].refresh_from_db()
    assert linked["interaction"].organisation == duplicate
    assert Participation.objects.filter(organisation=duplicate).count() == 2
    assert history.history_of(duplicate).count() == 1


# ---- Pages ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", PERSONAS)
def test_organisation_merge_page_status_by_persona(client_for, roros, username):
    assert client_for(username).get(f"/partner/{roros.pk}/sla-ihop/").status_code == MERGE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_contact_merge_page_status_by_persona(client_for, personas, username):
    contact = Contact.objects.create(name="Ingrid Ødegård")
    assert client_for(username).get(f"/partner/kontakter/{contact.pk}/sla-ihop/").status_code == MERGE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_only_sara_can_post_a_merge(client_for, roros, duplicate, username):
    response = client_for(username).post(f"/partner/{roros.pk}/sla-ihop/", {"med": duplicate.pk, "behall": roros.pk})
    merged = not Organisation.objects.filter(pk=duplicate.pk).exists()
    if username == "sara":
        assert response.status_code == 302 and response["Location"] == f"/partner/{roros.pk}/"
        assert merged
    else:
        assert response.status_code == MERGE[username]
        assert not merged


@pytest.mark.parametrize("username", PERSONAS)
def test_duplicate_suggestions_status_by_persona(client_for, roros, username):
    response = client_for(username).get("/partner/dubbletter/", {"typ": "organisation", "namn": "Roros"})
    assert response.status_code == SUGGEST[username]


def test_anonymous_visitor_is_sent_to_log_in_before_merging(client, roros):
    assert client.get(f"/partner/{roros.pk}/sla-ihop/")["Location"].startswith("/konto/logga-in/")


def test_only_sara_sees_the_merge_button(client_for, roros):
    assert "Slå ihop med en dubblett" in client_for("sara").get(f"/partner/{roros.pk}/").content.decode()
    assert "Slå ihop med en dubblett" not in client_for("hans").get(f"/partner/{roros.pk}/").content.decode()
    contact = Contact.objects.create(name="Ingrid Ødegård")
    page = client_for("sara").get(f"/partner/kontakter/{contact.pk}/").content.decode()
    assert f"/partner/kontakter/{contact.pk}/sla-ihop/" in page


def test_the_merge_page_offers_the_likely_duplicate_first_and_finds_others_by_name(client_for, roros, duplicate):
    other = Organisation.objects.create(name="Hamar kommune", country="NO")
    page = client_for("sara").get(f"/partner/{roros.pk}/sla-ihop/").content.decode()
    assert "Röros kommun" in page and "Liknande namn" in page
    assert "Hamar kommune" not in page
    page = client_for("sara").get(f"/partner/{roros.pk}/sla-ihop/", {"q": "hamar"}).content.decode()
    assert f'value="{other.pk}"' in page


def test_the_confirmation_page_shows_both_side_by_side_and_what_moves(client_for, roros, duplicate, linked):
    response = client_for("sara").get(f"/partner/{roros.pk}/sla-ihop/", {"med": duplicate.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Röros kommun" in page and "Røros kommune" in page and "Trøndelag" in page
    assert "Kontakttillfällen" in page and "Nätverk" in page and "Engagemang" in page
    assert f'name="behall" value="{roros.pk}"' in page and f'name="behall" value="{duplicate.pk}"' in page


def test_sara_can_keep_the_other_record_and_is_sent_to_it(client_for, roros, duplicate):
    client = client_for("sara")
    response = client.post(f"/partner/{roros.pk}/sla-ihop/", {"med": duplicate.pk, "behall": duplicate.pk})
    assert response["Location"] == f"/partner/{duplicate.pk}/"
    assert not Organisation.objects.filter(pk=roros.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "har slagits ihop med" in page


def test_sara_merges_two_contacts_from_the_contact_page(client_for):
    keep = Contact.objects.create(name="Ingrid Ødegård")
    remove = Contact.objects.create(name="Ingrid Odegard", email="ingrid@example.no")
    response = client_for("sara").post(f"/partner/kontakter/{keep.pk}/sla-ihop/", {"med": remove.pk})
    assert response["Location"] == f"/partner/kontakter/{keep.pk}/"
    keep.refresh_from_db()
    assert keep.email == "ingrid@example.no"
    assert not Contact.objects.filter(pk=remove.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Välj vilken post som är en dubblett."),
        ({"med": "abc"}, "Välj en post ur listan."),
        ({"med": "-3"}, "Välj en post ur listan."),
        ({"med": "9" * 40}, "Välj en post ur listan."),
        ({"med": "999999"}, "finns inte längre"),
    ],
)
def test_bad_choices_are_refused_with_a_swedish_message(client_for, roros, data, message):
    response = client_for("sara").post(f"/partner/{roros.pk}/sla-ihop/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organisation.objects.filter(pk=roros.pk).exists()


def test_merging_with_itself_is_refused_on_the_page(client_for, roros):
    response = client_for("sara").post(f"/partner/{roros.pk}/sla-ihop/", {"med": roros.pk})
    assert "kan inte slås ihop med sig själv" in response.content.decode()
    assert Organisation.objects.filter(pk=roros.pk).exists()


def test_a_forged_post_keeping_a_third_record_is_refused(client_for, roros, duplicate, make_organisation):
    third = make_organisation(name="Tredje kommune")
    response = client_for("sara").post(f"/partner/{roros.pk}/sla-ihop/", {"med": duplicate.pk, "behall": third.pk})
    assert response.status_code == 400
    assert Organisation.objects.filter(pk__in=[roros.pk, duplicate.pk, third.pk]).count() == 3


def test_an_organisation_id_used_on_the_contact_page_is_not_merged(client_for, roros):
    contact = Contact.objects.create(name="Ingrid Ødegård")
    response = client_for("sara").post(f"/partner/kontakter/{contact.pk}/sla-ihop/", {"med": roros.pk + 1000})
    assert "finns inte längre" in response.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists() and Organisation.objects.filter(pk=roros.pk).exists()


def test_an_anonymised_contact_cannot_be_chosen_on_the_page(client_for):
    keep = Contact.objects.create(name="Ingrid Ødegård")
    gone = Contact.objects.create(name="Ingrid Ødegård", anonymised_at=timezone.now())
    client = client_for("sara")
    assert client.get(f"/partner/kontakter/{gone.pk}/sla-ihop/").status_code == 404
    response = client.post(f"/partner/kontakter/{keep.pk}/sla-ihop/", {"med": gone.pk})
    assert "finns inte längre" in response.content.decode()
    assert Contact.objects.filter(pk=gone.pk).exists()


def test_when_someone_else_merged_the_duplicate_first_the_page_says_so(client_for, roros, duplicate):
    client = client_for("sara")
    assert client.get(f"/partner/{roros.pk}/sla-ihop/", {"med": duplicate.pk}).status_code == 200
    Organisation.objects.filter(pk=duplicate.pk).delete()  # merged in another window meanwhile
    response = client.post(f"/partner/{roros.pk}/sla-ihop/", {"med": duplicate.pk, "behall": roros.pk})
    assert response.status_code == 200
    assert "Den valda dubbletten finns inte längre" in response.content.decode()


def test_when_the_duplicate_disappears_inside_the_merge_the_message_is_clear(client_for, roros, duplicate, monkeypatch):
    real_lock = merging._lock_both

    def vanishing(model, keep, remove, by):
        model.objects.filter(pk=remove.pk).delete()
        return real_lock(model, keep, remove, by)

    monkeypatch.setattr(merging, "_lock_both", vanishing)
    response = client_for("sara").post(f"/partner/{roros.pk}/sla-ihop/", {"med": duplicate.pk, "behall": roros.pk})
    assert "finns inte längre" in response.content.decode()
    assert Organisation.objects.filter(pk=roros.pk).exists()


def test_a_script_in_a_search_or_a_name_is_shown_as_text(client_for, roros, make_organisation):
    make_organisation(name="<script>alert(1)</script> Røros")
    page = client_for("sara").get(f"/partner/{roros.pk}/sla-ihop/", {"q": "<script>"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_huge_search_is_refused_politely(client_for, roros):
    response = client_for("sara").get(f"/partner/{roros.pk}/sla-ihop/", {"q": "x" * 5000})
    assert response.status_code == 200
    assert "Skriv ett kortare sökord" in response.content.decode()
