"""Many at once (the import): the same checks and history rows as one at a time, with a few inserts for thousands."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.partners import gdpr
from utblick.partners.actions.contacts import (
    clean_affiliations,
    clean_contact_fields,
    contact_snapshot,
    validate_contact,
)
from utblick.partners.actions.organisations import (
    clean_organisation_fields,
    ensure_not_duplicate,
    snapshot,
    validate_organisation,
)
from utblick.partners.models import Affiliation, Contact, Organisation

BULK_CHUNK = 1000


def create_organisations_bulk(*, by, items: list[dict]) -> list[Organisation]:
    """Add many organisations at once, each checked and logged as create_organisation does."""
    ensure_role(by, "partner", "change")
    organisations = [Organisation(**clean_organisation_fields(fields)) for fields in items]
    for organisation in organisations:
        validate_organisation(organisation)
    with transaction.atomic():
        _ensure_none_exist(organisations)
        Organisation.objects.bulk_create(organisations)
        _record_created(by, [(organisation, snapshot(organisation)) for organisation in organisations])
    return organisations


def _ensure_none_exist(organisations: list[Organisation]) -> None:
    """ensure_not_duplicate for many new organisations: none may share a name and country with another one."""
    countries_given = sorted({organisation.country.code for organisation in organisations})
    named = Organisation.objects.filter(country__in=countries_given).values_list("name", "country")
    existing = {(name.casefold(), country) for name, country in named}
    seen = {}
    for organisation in organisations:
        key = (organisation.name.casefold(), organisation.country.code)
        if key in existing:
            ensure_not_duplicate(organisation)  # the rule itself decides, and names the existing organisation
        if key in seen:
            raise ValidationError(
                {
                    "name": _("”%(name)s” i %(country)s står med två gånger. Ta bort den ena.")
                    % {"name": organisation.name, "country": organisation.country.name}
                }
            )
        seen[key] = organisation


def create_contacts_bulk(*, by, items: list[tuple[dict, list]]) -> list[Contact]:
    """Add many contact persons at once, each (fields, [(organisation, role)]) checked and logged as create_contact."""
    ensure_role(by, "partner", "change")
    no_consent = gdpr.consent_state(Contact())
    created = []
    with transaction.atomic():
        for start in range(0, len(items), BULK_CHUNK):  # a chunk at a time: the memory stays small
            contacts = []
            for fields, affiliations in items[start : start + BULK_CHUNK]:
                contact = Contact(**clean_contact_fields(fields))
                gdpr.settle_consent(contact, by=by, before=no_consent)
                affiliations = clean_affiliations(affiliations)
                validate_contact(contact, affiliations)
                contacts.append((contact, affiliations))
            Contact.objects.bulk_create([contact for contact, _links in contacts])
            Affiliation.objects.bulk_create(
                Affiliation(contact=contact, organisation=organisation, role=role)
                for contact, links in contacts
                for organisation, role in links
            )
            _record_created(by, [(contact, contact_snapshot(contact, links, [])) for contact, links in contacts])
            created += [contact for contact, _links in contacts]
    return created


def _record_created(by, records: list[tuple]) -> None:
    """history.record(record, action=CREATED, changes=diff({}, snapshot)) for many (record, snapshot) at once."""
    if not records:
        return
    content_type = ContentType.objects.get_for_model(type(records[0][0]))
    actor_name = history.actor_name(by)
    Change.objects.bulk_create(
        Change(
            content_type=content_type,
            object_id=record.pk,
            object_repr=str(record)[:300],
            action=Change.Action.CREATED,
            actor=by,
            actor_name=actor_name,
            changes=history.diff({}, values),
        )
        for record, values in records
    )
