"""Importing organisations and contact persons: every row checked first, then all written or nothing."""

import pytest
from django.core.exceptions import ValidationError

from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.partners import actions
from utblick.partners.importing import check_file
from utblick.partners.importing.writing import NEW, ImportFailed, write_plan
from utblick.partners.models import Affiliation, Contact, Organisation
from utblick.partners.tests.import_files import HEADERS, RÖROS, TARTU, csv_file, xlsx


def counts():
    return Organisation.objects.count(), Contact.objects.count(), Affiliation.objects.count(), Change.objects.count()


def problems(plan):
    return [(p.row, p.column, p.message) for p in plan.problems]


def test_rows_of_one_organisation_become_one_organisation_with_several_contacts(sara):
    second = ["Tartu linn", "EE", "", "", "Jaan Kask", "Rektor", "", "jaan@tartu.example", ""]
    plan = check_file(xlsx([HEADERS, TARTU, second, RÖROS]), "a.xlsx")
    assert problems(plan) == []
    summary = write_plan(plan, by=sara, decisions={})
    assert (summary.organisations_created, summary.contacts_created) == (2, 3)
    tartu = Organisation.objects.get(name="Tartu linn")
    assert tartu.city == "Tartu"  # the first row's value; the empty cell on the second row changes nothing
    assert sorted(tartu.contacts.values_list("name", flat=True)) == ["Jaan Kask", "Mari Tamm"]
    assert Affiliation.objects.get(contact__name="Mari Tamm").role == "Vänortskontakt"


def test_a_person_on_rows_of_two_organisations_becomes_one_person_in_both(sara):
    rows = [
        ["Organisation", "Land", "Kontaktperson", "E-post", "Roll"],
        ["Tartu linn", "EE", "Mari Tamm", "mari@tartu.example", "Kulturchef"],
        ["Tartu Ülikool", "EE", "Mari Tamm", "MARI@tartu.example", "Styrelseledamot"],
    ]
    write_plan(check_file(csv_file(rows)), by=sara, decisions={})
    mari = Contact.objects.get()
    assert sorted(mari.affiliations.values_list("organisation__name", "role")) == [
        ("Tartu linn", "Kulturchef"),
        ("Tartu Ülikool", "Styrelseledamot"),
    ]


def test_an_unknown_country_is_reported_with_row_and_column(personas):
    rows = [["Namn", "Country"], ["Tartu linn", "EE"], ["Narnia stad", "Narnia"]]
    plan = check_file(csv_file(rows))
    assert problems(plan) == [
        (
            3,
            "Country",
            "Landet ”Narnia” känns inte igen. Skriv landets namn på svenska eller engelska (till exempel Norge "
            "eller Norway) eller landskoden (NO eller NOR).",
        )
    ]


def test_every_problem_of_every_row_is_reported_in_one_round(personas):
    rows = [
        ["Organisation", "Land", "Typ", "Webbplats", "Kontaktperson", "E-post"],
        ["", "Narnia", "Rymdskepp", "ftp://x.example", "", "mari@tartu.example"],
        ["x" * 301, "NO", "", "", "Ingrid", "inte-en-adress"],
    ]
    found = problems(check_file(csv_file(rows)))
    assert [(row, column) for row, column, _m in found] == [
        (2, "Organisation"),
        (2, "Land"),
        (2, "Typ"),
        (2, "Webbplats"),
        (2, "Kontaktperson"),
        (3, "Organisation"),
        (3, "E-post"),
    ]
    messages = {(row, column): message for row, column, message in found}
    assert messages[(2, "Organisation")] == "Ange organisationens namn."
    assert messages[(3, "Organisation")] == "Namnet får vara högst 300 tecken. Korta av det."
    assert messages[(3, "E-post")] == "Ange en e-postadress i formen namn@exempel.se, eller lämna fältet tomt."
    assert messages[(2, "Kontaktperson")].startswith("Fyll i kontaktpersonens namn")


def test_an_empty_country_asks_for_one(personas):
    assert problems(check_file(csv_file([["Organisation", "Land"], ["Tartu linn", ""]]))) == [
        (2, "Land", "Fyll i landet, till exempel Norge, Norway eller NO.")
    ]


def test_duplicate_rows_inside_one_file_are_reported(personas):
    plan = check_file(xlsx([HEADERS, TARTU, RÖROS, TARTU, [c.upper() for c in TARTU]]), "a.xlsx")
    assert problems(plan) == [
        (4, "", "Raden är likadan som rad 2. Ta bort den ena."),
        (5, "", "Raden är likadan som rad 2. Ta bort den ena."),
    ]


def test_the_same_person_twice_at_one_organisation_is_reported(personas):
    again = [*TARTU[:5], "Kulturchef", "", "mari@tartu.example", ""]
    plan = check_file(xlsx([HEADERS, TARTU, again]), "a.xlsx")
    assert problems(plan) == [
        (
            3,
            "Kontaktperson",
            "Kontaktpersonen ”Mari Tamm” står redan på rad 2 för samma organisation. Ta bort den ena raden.",
        )
    ]


def test_rows_of_one_organisation_that_disagree_are_reported(personas):
    rows = [
        ["Organisation", "Land", "Ort", "Typ"],
        ["Tartu linn", "EE", "Tartu", "Kommun"],
        ["tartu linn", "Estonia", "Tallinn", "Skola"],
    ]
    found = problems(check_file(csv_file(rows)))
    assert [(row, column) for row, column, _m in found] == [(3, "Ort"), (3, "Typ")]
    assert found[0][2].startswith("Värdet skiljer sig från rad 2 (”Tartu”) för samma organisation.")


def test_a_later_row_may_give_the_kind_the_first_row_left_out(sara):
    rows = [
        ["Organisation", "Land", "Typ"],
        ["Tartu linn", "EE", ""],
        ["Tartu linn", "EE", "Kommun"],
        ["Tartu linn", "EE", ""],
    ]
    plan = check_file(csv_file(rows))
    assert problems(plan) == [(4, "", "Raden är likadan som rad 2. Ta bort den ena.")]
    rows.pop()
    write_plan(check_file(csv_file(rows)), by=sara, decisions={})
    assert Organisation.objects.get().kind == "kommun"


def test_a_website_without_http_is_taken_as_https_like_the_form_does(sara):
    write_plan(
        check_file(csv_file([["Organisation", "Land", "Hemsida"], ["Tartu linn", "EE", "www.tartu.ee"]])),
        by=sara,
        decisions={},
    )
    assert Organisation.objects.get().website == "https://www.tartu.ee"


def test_any_error_means_nothing_is_written(sara):
    before = counts()
    plan = check_file(xlsx([HEADERS, TARTU, RÖROS, ["Narnia stad", "Narnia", "", "", "", "", "", "", ""]]), "a.xlsx")
    assert not plan.is_valid
    with pytest.raises(ImportFailed):
        write_plan(plan, by=sara, decisions={})
    assert counts() == before


def test_a_write_that_fails_half_way_leaves_nothing_behind(sara, monkeypatch):
    before = counts()
    plan = check_file(xlsx([HEADERS, TARTU, RÖROS]), "a.xlsx")
    real = actions.create_contacts_bulk

    def fail_after_writing(**kwargs):
        real(**kwargs)  # the organisations, the contacts and their history are written by now
        raise ValidationError({"name": "Något gick fel."})

    monkeypatch.setattr("utblick.partners.importing.writing.create_contacts_bulk", fail_after_writing)
    with pytest.raises(ImportFailed, match="ingenting har sparats"):
        write_plan(plan, by=sara, decisions={})
    assert counts() == before


def test_the_import_writes_history_for_every_record_as_the_user(sara):
    write_plan(check_file(xlsx([HEADERS, TARTU]), "a.xlsx"), by=sara, decisions={})
    tartu, mari = Organisation.objects.get(), Contact.objects.get()
    for record in (tartu, mari):
        (change,) = history_of(record)
        assert change.action == Change.Action.CREATED
        assert change.actor == sara
    assert {"field": "Organisationer", "before": "", "after": "Tartu linn (Vänortskontakt)"} in history_of(mari)[
        0
    ].changes


def test_an_organisation_with_the_same_name_in_the_same_country_is_linked_not_created(sara, make_organisation):
    roros = make_organisation(name="RØROS KOMMUNE")
    plan = check_file(xlsx([HEADERS, RÖROS]), "a.xlsx")
    assert plan.organisations[0].existing == roros
    assert plan.decisions == []
    summary = write_plan(plan, by=sara, decisions={})
    assert (summary.organisations_created, summary.organisations_linked) == (0, 1)
    assert Organisation.objects.count() == 1
    assert roros.contacts.get().name == "Ingrid Haugen"
    roros.refresh_from_db()
    assert roros.name == "RØROS KOMMUNE"  # linked, not changed


def test_importing_the_same_file_twice_creates_nothing_new(sara):
    data = xlsx([HEADERS, TARTU, RÖROS])
    write_plan(check_file(data, "a.xlsx"), by=sara, decisions={})
    before = counts()
    summary = write_plan(check_file(data, "a.xlsx"), by=sara, decisions={})
    assert (summary.organisations_linked, summary.contacts_linked) == (2, 2)
    assert counts() == before


def test_a_likely_duplicate_waits_for_a_decision(sara, make_organisation):
    roros = make_organisation(name="Roros kommun")
    plan = check_file(xlsx([HEADERS, RÖROS]), "a.xlsx")
    (item,) = plan.decisions
    assert item.matches[0].record == roros
    with pytest.raises(ImportFailed, match="Välj för varje möjlig dubblett"):
        write_plan(plan, by=sara, decisions={})
    assert Contact.objects.count() == 0


def test_choosing_the_existing_organisation_links_the_contacts_to_it(sara, make_organisation):
    roros = make_organisation(name="Roros kommun")
    plan = check_file(xlsx([HEADERS, RÖROS]), "a.xlsx")
    summary = write_plan(plan, by=sara, decisions={plan.decisions[0].key: str(roros.pk)})
    assert summary.organisations_linked == 1
    assert Organisation.objects.count() == 1
    assert roros.contacts.get().name == "Ingrid Haugen"


def test_choosing_new_creates_a_second_organisation(sara, make_organisation):
    make_organisation(name="Roros kommun")
    plan = check_file(xlsx([HEADERS, RÖROS]), "a.xlsx")
    write_plan(plan, by=sara, decisions={plan.decisions[0].key: NEW})
    assert Organisation.objects.count() == 2


def test_a_choice_that_was_not_offered_is_no_choice(sara, make_organisation):
    make_organisation(name="Roros kommun")
    other = make_organisation(name="Tartu linn", country="EE")
    plan = check_file(xlsx([HEADERS, RÖROS]), "a.xlsx")
    with pytest.raises(ImportFailed):
        write_plan(plan, by=sara, decisions={plan.decisions[0].key: str(other.pk)})


def test_a_known_person_with_the_same_name_and_email_is_linked_and_gets_the_new_organisation(sara, make_organisation):
    tartu = make_organisation(name="Tartu linn", country="EE")
    mari = actions.create_contact(
        by=sara, fields={"name": "Mari Tamm", "email": "mari@tartu.example"}, affiliations=[(tartu, "")]
    )
    plan = check_file(
        csv_file(
            [
                ["Organisation", "Land", "Kontaktperson", "E-post"],
                ["Tartu Ülikool", "EE", "Mari Tamm", "Mari@Tartu.example"],
            ]
        )
    )
    assert plan.contacts[0].existing == mari
    write_plan(plan, by=sara, decisions={})
    assert sorted(mari.affiliations.values_list("organisation__name", flat=True)) == ["Tartu linn", "Tartu Ülikool"]
    assert history_of(mari)[0].reason == "Kopplad vid import av partner."


def test_a_person_with_a_similar_name_waits_for_a_decision(sara, make_organisation):
    actions.create_contact(by=sara, fields={"name": "Mari Tamm", "email": "mari.tamm@example.ee"})
    plan = check_file(xlsx([HEADERS, TARTU]), "a.xlsx")
    assert [item.key for item in plan.decisions] == ["c0"]


def test_script_in_a_name_is_stored_as_plain_text(sara):
    name = "<script>alert(1)</script> AB"
    write_plan(check_file(csv_file([["Organisation", "Land"], [name, "EE"]])), by=sara, decisions={})
    assert Organisation.objects.get().name == name


def test_a_formula_in_a_cell_is_stored_as_the_text_it_is(sara):
    write_plan(
        check_file(csv_file([["Organisation", "Land", "Ort"], ['=HYPERLINK("x")', "EE", "@SUM(1)"]])),
        by=sara,
        decisions={},
    )
    assert Organisation.objects.get().city == "@SUM(1)"


def test_someone_who_may_not_change_the_register_cannot_write_an_import(lisa):
    from django.core.exceptions import PermissionDenied

    plan = check_file(xlsx([HEADERS, TARTU]), "a.xlsx")
    with pytest.raises(PermissionDenied):
        write_plan(plan, by=lisa, decisions={})
    assert Organisation.objects.count() == 0


def test_the_downloadable_template_imports_as_one_organisation_with_one_contact(client_for):
    response = client_for("sara").get("/partner/import/mall.xlsx")
    plan = check_file(response.content, "mall.xlsx")
    assert problems(plan) == []
    assert plan.unused_columns == []
    assert [(o.fields["name"], o.fields["country"]) for o in plan.organisations] == [("Tartu stad", "EE")]
    assert [c.fields["name"] for c in plan.contacts] == ["Mari Tamm"]
    csv_plan = check_file(b"".join(client_for("sara").get("/partner/import/mall.csv").streaming_content), "mall.csv")
    assert problems(csv_plan) == [] and len(csv_plan.contacts) == 1
