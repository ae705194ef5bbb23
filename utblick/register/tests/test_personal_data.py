"""Introduction requests about a contact person belong to that person's register extract and anonymisation."""

from utblick.partners.gdpr import anonymise_contact
from utblick.partners.register_extract import register_extract
from utblick.register.actions import handle_introduction_request, send_introduction_request


def _ask_about_ingrid(erik, catalogue):
    return send_introduction_request(
        by=erik,
        target=catalogue.roros,
        contact=catalogue.ingrid,
        message=f"Vi vill gärna träffa {catalogue.ingrid.name} om ett elevutbyte.",
        requester_organisation="Funäsdalens skola",
    )


def test_the_register_extract_lists_the_requests_to_be_introduced_to_the_person(erik, sara, catalogue):
    _ask_about_ingrid(erik, catalogue)
    extract = register_extract(catalogue.ingrid, by=sara)
    section = extract["ovrigt"]["intresseanmalningar"]
    assert section["rubrik"] == "Intresseanmälningar om personen"
    ((sent, organisation, status, message, answer),) = section["rader"]
    assert (organisation, status, answer) == ("Funäsdalens skola", "Ny", "")
    assert catalogue.ingrid.name in message


def test_anonymising_the_person_takes_their_name_out_of_requests_and_answers(erik, sara, catalogue):
    request = _ask_about_ingrid(erik, catalogue)
    name = catalogue.ingrid.name
    handle_introduction_request(request, by=sara, answer=f"Jag har mejlat {name} och hon hör av sig.")
    anonymise_contact(catalogue.ingrid, by=sara, reason="Personen har begärt det")
    request.refresh_from_db()
    assert name not in request.message and name not in request.answer
    assert "[anonymiserad]" in request.message and "[anonymiserad]" in request.answer
