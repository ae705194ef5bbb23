"""Likely duplicates of organisations and contact persons: names, web domains and email addresses."""

import pytest
from django.utils import timezone

from utblick.partners.duplicates import (
    domain_of,
    find_contact_duplicates,
    find_organisation_duplicates,
    names_look_alike,
    normalise_name,
)
from utblick.partners.models import Contact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Røros kommune", "roros kommune"),
        ("RÖROS  KOMMUNE", "roros kommune"),
        ("Åre kommun", "are kommun"),
        ("Ærø Kommune", "aro kommune"),
        ("Universitetet i Tromsø", "universitetet i tromso"),
        ("Université de Liège", "universite de liege"),
        ("Müller-Lüdenscheidt GmbH", "muller ludenscheidt"),
        ("Fjällbygg AB", "fjallbygg"),
        ("Volvo AB (publ)", "volvo"),
        ("  St. Olavs   hospital, HF ", "st olavs hospital hf"),
        ("AB", "ab"),
        ("", ""),
    ],
)
def test_names_are_compared_without_case_accents_nordic_letters_punctuation_or_company_form(text, expected):
    assert normalise_name(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Röros kommun", "Røros kommune"),
        ("Roros kommune", "Røros kommune"),
        ("Trondheim", "Trondheim kommune"),
        ("Trondhiem kommune", "Trondheim kommune"),
        ("Røros kom", "Røros kommune"),
        ("Luleå tekniska universitet", "Lulea tekniska universitet"),
    ],
)
def test_similar_organisation_names_look_alike(a, b):
    assert names_look_alike(normalise_name(a), normalise_name(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bø kommune", "Bodø kommune"),
        ("Hamar kommune", "Hamar skole"),
        ("Oslo kommune", "Moss kommune"),
        ("Kommune", "Røros kommune"),
        ("Röros kommun", "Östersunds kommun"),
    ],
)
def test_different_organisations_do_not_look_alike(a, b):
    assert not names_look_alike(normalise_name(a), normalise_name(b))


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.roros.kommune.no", "roros.kommune.no"),
        ("http://Roros.Kommune.no/om-kommunen?x=1", "roros.kommune.no"),
        ("www.roros.kommune.no", "roros.kommune.no"),
        ("roros.kommune.no/", "roros.kommune.no"),
        ("https://www.roros.kommune.no:443/", "roros.kommune.no"),
        ("", ""),
        ("inte en adress", ""),
    ],
)
def test_web_domain_ignores_scheme_www_case_and_path(url, domain):
    assert domain_of(url) == domain


def test_an_organisation_with_the_same_web_domain_is_found_whatever_its_name(make_organisation):
    existing = make_organisation(name="Rørosregionens kommun", website="https://www.roros.kommune.no/")
    matches = find_organisation_duplicates(name="Bergstaden", website="http://roros.kommune.no")
    assert [m.record for m in matches] == [existing]
    assert matches[0].reason == "Samma webbdomän (roros.kommune.no)"


def test_a_website_on_another_domain_that_contains_the_domain_is_not_the_same(make_organisation):
    make_organisation(name="Annan", website="https://roros.kommune.no.example.com/")
    assert find_organisation_duplicates(name="X", website="https://roros.kommune.no") == []


def test_a_shared_host_like_facebook_is_no_sign_of_a_duplicate(make_organisation):
    make_organisation(name="Fjällklubben", website="https://www.facebook.com/fjallklubben")
    assert find_organisation_duplicates(name="Skidföreningen", website="https://facebook.com/skid") == []


@pytest.mark.parametrize("typed", ["Röros kommun", "ROROS KOMMUNE", "Roros", "Røros kommune AS", "Rörös Kommune"])
def test_an_organisation_spelt_with_o_or_o_umlaut_is_found_as_the_one_spelt_with_o_slash(roros, typed):
    matches = find_organisation_duplicates(name=typed, country="SE")
    assert [m.record for m in matches] == [roros]
    assert matches[0].reason in ("Samma namn", "Liknande namn")


def test_the_name_in_its_own_language_counts_too(make_organisation):
    tromso = make_organisation(name="Tromsø kommune", native_name="Romssa suohkan", country="NO")
    assert [m.record for m in find_organisation_duplicates(name="Romssa suohkan")] == [tromso]


def test_the_organisation_being_edited_is_not_its_own_duplicate(roros):
    assert find_organisation_duplicates(name="Røros kommune", website=roros.website, exclude_pk=roros.pk) == []


def test_the_same_web_domain_is_ranked_above_a_similar_name_and_same_country_first(make_organisation):
    similar = make_organisation(name="Röros kommun", country="SE")
    same_country = make_organisation(name="Røros kommune", country="NO")
    by_domain = make_organisation(name="Bergstaden", country="NO", website="https://roros.kommune.no")
    found = find_organisation_duplicates(name="Røros kommune", website="roros.kommune.no", country="NO")
    assert [m.record for m in found] == [by_domain, same_country, similar]


def test_unrelated_and_empty_input_finds_nothing(roros):
    assert find_organisation_duplicates(name="Hamar kommune") == []
    assert find_organisation_duplicates(name="") == []
    assert find_organisation_duplicates(name="   ,.;") == []
    assert find_contact_duplicates(name="") == []


def test_regular_expression_characters_in_a_name_are_taken_literally(make_organisation):
    make_organisation(name="A+B (Test) [x]* kommune")
    assert find_organisation_duplicates(name=".*") == []
    assert len(find_organisation_duplicates(name="A+B (Test) [x]* kommune")) == 1
    assert find_organisation_duplicates(name="<script>alert(1)</script>" * 50) == []


def test_at_most_limit_matches_are_returned(make_organisation):
    for n in range(8):
        make_organisation(name=f"Røros kommune {n}")
    assert len(find_organisation_duplicates(name="Røros kommune", limit=5)) == 5


def test_a_contact_with_the_same_email_in_another_case_is_found(db):
    existing = Contact.objects.create(name="Ingrid Ødegård", email="Ingrid.Odegard@roros.kommune.no")
    matches = find_contact_duplicates(name="I. Hansen", email="ingrid.odegard@ROROS.kommune.no")
    assert [m.record for m in matches] == [existing]
    assert matches[0].reason == "Samma e-postadress"


@pytest.mark.parametrize("typed", ["Ingrid Odegard", "INGRID ØDEGÅRD", "Ødegård Ingrid", "Ingrid Marie Ødegård"])
def test_a_contact_with_a_similar_name_is_found(db, typed):
    existing = Contact.objects.create(name="Ingrid Ødegård")
    matches = find_contact_duplicates(name=typed)
    assert [m.record for m in matches] == [existing]


def test_a_contact_with_only_the_same_first_name_is_not_a_duplicate(db):
    Contact.objects.create(name="Ingrid Ødegård")
    assert find_contact_duplicates(name="Ingrid Svensson") == []


def test_anonymised_contacts_are_never_offered_as_duplicates(db):
    Contact.objects.create(name="Ingrid Ødegård", email="ingrid@example.no", anonymised_at=timezone.now())
    assert find_contact_duplicates(name="Ingrid Ødegård", email="ingrid@example.no") == []


def test_the_contact_being_edited_is_not_its_own_duplicate(db):
    contact = Contact.objects.create(name="Ingrid Ødegård", email="ingrid@example.no")
    assert find_contact_duplicates(name=contact.name, email=contact.email, exclude_pk=contact.pk) == []


# ---- The suggestion endpoint and the forms without JavaScript ---------------------------------------------

MANAGEMENT = {
    "organisations-TOTAL_FORMS": "1",
    "organisations-INITIAL_FORMS": "0",
    "organisations-MIN_NUM_FORMS": "0",
    "organisations-MAX_NUM_FORMS": "20",
    "organisations-0-organisation": "",
    "organisations-0-role": "",
}


def test_suggestions_list_the_likely_duplicate_with_a_link_and_the_reason(client_for, roros):
    response = client_for("hans").get(
        "/partner/dubbletter/", {"typ": "organisation", "namn": "Roros kommun", "webbplats": "roros.kommune.no"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="/partner/{roros.pk}/"' in page
    assert "Samma webbdomän (roros.kommune.no); Liknande namn" in page


def test_suggestions_for_a_contact_leave_out_anonymised_people(client_for, personas):
    Contact.objects.create(name="Ingrid Ødegård", email="ingrid@example.no", anonymised_at=timezone.now())
    kept = Contact.objects.create(name="Ingrid Ødegård")
    page = client_for("hans").get("/partner/dubbletter/", {"typ": "kontakt", "namn": "Ingrid Odegard"}).content
    assert page.decode().count("/partner/kontakter/") == 1
    assert f"/partner/kontakter/{kept.pk}/" in page.decode()


def test_suggestions_skip_the_record_being_edited(client_for, roros):
    page = (
        client_for("hans")
        .get("/partner/dubbletter/", {"typ": "organisation", "namn": roros.name, "exclude": roros.pk})
        .content.decode()
    )
    assert page.strip() == ""


@pytest.mark.parametrize(
    "params",
    [
        {"typ": "organisation"},
        {"typ": "organisation", "namn": ""},
        {"typ": "organisation", "namn": "x" * 100_000, "exclude": "9" * 40},
        {"typ": "kontakt", "namn": "<script>", "epost": "inte-en-adress", "exclude": "abc"},
    ],
)
def test_empty_huge_or_odd_input_gives_an_empty_answer(client_for, roros, params):
    response = client_for("hans").get("/partner/dubbletter/", params)
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_an_unknown_kind_is_a_bad_request(client_for, personas):
    response = client_for("hans").get("/partner/dubbletter/", {"typ": "natverk", "namn": "Röros"})
    assert response.status_code == 400


def test_a_script_in_an_existing_name_is_shown_as_text(client_for, make_organisation):
    make_organisation(name="<script>alert(1)</script> Røros")
    page = client_for("hans").get("/partner/dubbletter/", {"typ": "organisation", "namn": "Røros"}).content.decode()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_suggestions_take_the_same_number_of_queries_for_one_and_many_candidates(
    client_for, make_organisation, django_assert_max_num_queries
):
    client = client_for("hans")
    make_organisation(name="Røros kommune")
    params = {"typ": "organisation", "namn": "Røros kommune", "webbplats": "roros.kommune.no", "land": "NO"}
    with django_assert_max_num_queries(8) as one:
        client.get("/partner/dubbletter/", params)
    for n in range(20):
        make_organisation(name=f"Røros kommune {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/partner/dubbletter/", params)


def test_without_javascript_a_failed_save_lists_likely_duplicate_organisations(client_for, roros):
    response = client_for("hans").post("/partner/ny/", {"name": "Roros kommun", "country": "", "kind": "kommun"})
    page = response.content.decode()
    assert "Välj i vilket land organisationen finns." in page
    assert f'href="/partner/{roros.pk}/"' in page and "Liknande namn" in page


def test_without_javascript_a_failed_save_lists_likely_duplicate_contacts(client_for, personas):
    existing = Contact.objects.create(name="Ingrid Ødegård", email="ingrid@example.no")
    data = {"name": "Ingrid Odegard", "email": "inte en adress", **MANAGEMENT}
    page = client_for("hans").post("/partner/kontakter/ny/", data).content.decode()
    assert f'href="/partner/kontakter/{existing.pk}/"' in page and "Samma namn" in page


def test_the_forms_carry_the_live_region_for_suggestions(client_for, roros):
    for url in ("/partner/ny/", f"/partner/{roros.pk}/redigera/", "/partner/kontakter/ny/"):
        page = client_for("hans").get(url).content.decode()
        assert 'id="duplicate-suggestions" aria-live="polite"' in page
        assert "partners/duplicates" in page and ".js" in page
    assert f'data-exclude="{roros.pk}"' in client_for("hans").get(f"/partner/{roros.pk}/redigera/").content.decode()


def test_the_first_two_letters_are_not_compared_but_a_same_domain_is(roros):
    assert find_organisation_duplicates(name="Rø") == []
    matches = find_organisation_duplicates(name="Rø", website="roros.kommune.no")
    assert [m.reason for m in matches] == ["Samma webbdomän (roros.kommune.no)"]


@pytest.mark.parametrize("typed", ["Trondhiem", "trondheim kommune", "TRONDHEIM"])
def test_a_misspelt_or_shortened_name_still_finds_the_organisation(make_organisation, typed):
    trondheim = make_organisation(name="Trondheim kommune", city="Trondheim")
    assert [m.record for m in find_organisation_duplicates(name=typed)] == [trondheim]
