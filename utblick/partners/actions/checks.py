"""Checking without writing: the import checks every row of a file with the same rules before it writes anything."""

from utblick.partners.actions.contacts import clean_affiliations, clean_contact_fields, validate_contact
from utblick.partners.actions.organisations import clean_organisation_fields, validate_organisation
from utblick.partners.models import Contact, Organisation


def check_organisation(fields: dict) -> None:
    """Raise the ValidationError create_organisation would raise for these fields, without writing anything."""
    validate_organisation(Organisation(**clean_organisation_fields(fields)))


def check_contact(fields: dict, role: str = "") -> None:
    """Raise the ValidationError create_contact would raise for a contact with one organisation in `role`."""
    validate_contact(Contact(**clean_contact_fields(fields)), clean_affiliations([(Organisation(), role)]))
