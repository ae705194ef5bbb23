"""Contact persons: create and edit, with their organisations, roles and who knows them."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.partners import gdpr
from utblick.partners.actions.organisations import too_long_texts
from utblick.partners.models import Affiliation, Contact, Organisation

# Fields a form may set on a contact person: the personal data, then the legal basis and consent (partners.gdpr).
CONTACT_TEXT_FIELDS = ("name", "title", "languages", "email", "phone", "notes")
CONTACT_FIELDS = (*CONTACT_TEXT_FIELDS, *gdpr.CONSENT_FIELDS)

EMAIL_MESSAGE = gettext_lazy("Ange en e-postadress i formen namn@exempel.se, eller lämna fältet tomt.")


def contact_snapshot(contact: Contact, affiliations=None, known_by=None) -> dict[str, str]:
    """{field label: shown value} of a contact, its organisations with role, who knows it, and the consent."""
    if affiliations is None:
        affiliations = [(a.organisation, a.role) for a in contact.affiliations.select_related("organisation")]
    if known_by is None:
        known_by = list(contact.known_by.all()) if contact.pk else []
    return {
        _("Namn"): contact.name,
        _("Titel"): contact.title,
        _("Språk"): contact.languages,
        _("E-post"): contact.email,
        _("Telefon"): contact.phone,
        _("Anteckningar"): contact.notes,
        _("Organisationer"): "; ".join(
            sorted(
                f"{organisation.name} ({role})" if role else organisation.name for organisation, role in affiliations
            )
        ),
        _("Känd av"): "; ".join(sorted(person.name for person in known_by)),
        **gdpr.consent_snapshot(contact),
    }


def validate_contact(contact: Contact, affiliations) -> None:
    """Refuse what a form, an import or the API might send, each problem as a Swedish sentence."""
    errors = {}
    messages = {
        "name": _("Namnet får vara högst %(max)d tecken. Korta av det."),
        "title": _("Titeln får vara högst %(max)d tecken. Korta av den."),
        "languages": _("Språken får vara högst %(max)d tecken. Korta av texten."),
        "email": _("E-postadressen får vara högst %(max)d tecken."),
        "phone": _("Telefonnumret får vara högst %(max)d tecken. Korta av det."),
        "notes": _("Anteckningarna får vara högst %(max)d tecken. Korta av dem."),
    }
    errors |= too_long_texts(contact, messages)
    if not contact.name and "name" not in errors:
        errors["name"] = _("Ange kontaktpersonens namn.")
    if contact.email and "email" not in errors:
        try:
            validate_email(contact.email)
        except ValidationError:
            errors["email"] = str(EMAIL_MESSAGE)
    role_limit = Affiliation._meta.get_field("role").max_length
    seen = set()
    for organisation, role in affiliations:
        if organisation.pk in seen:
            errors.setdefault(
                "organisations",
                _("%(name)s står med två gånger bland organisationerna. Ta bort den ena raden.")
                % {"name": organisation.name},
            )
        seen.add(organisation.pk)
        if len(role) > role_limit:
            errors.setdefault(
                "organisations",
                _("Rollen får vara högst %(max)d tecken. Korta av den.") % {"max": role_limit},
            )
    errors.update(gdpr.validate_consent(contact))
    if errors:
        raise ValidationError(errors)
    contact.full_clean()


def clean_contact_fields(fields: dict) -> dict:
    cleaned = {k: (v or "").strip() for k, v in fields.items() if k in CONTACT_TEXT_FIELDS}
    return cleaned | gdpr.clean_consent_fields(fields)


def clean_affiliations(affiliations) -> list[tuple[Organisation, str]]:
    return [(organisation, (role or "").strip()) for organisation, role in (affiliations or [])]


def _save_links(contact: Contact, affiliations, known_by, *, fresh=False) -> None:
    """Replace the contact's organisations and who knows it; a `fresh` (just created) contact has none to replace."""
    if not fresh:
        contact.affiliations.all().delete()
    Affiliation.objects.bulk_create(
        Affiliation(contact=contact, organisation=organisation, role=role) for organisation, role in affiliations
    )
    if not fresh:
        contact.known_by.set(known_by)
    elif known_by:
        contact.known_by.add(*known_by)


def create_contact(*, by, fields: dict, affiliations=(), known_by=()) -> Contact:
    """Add a contact person, with the organisations they belong to (organisation, role) and who knows them."""
    ensure_role(by, "partner", "change")
    contact = Contact(**clean_contact_fields(fields))
    gdpr.settle_consent(contact, by=by, before=gdpr.consent_state(Contact()))
    affiliations = clean_affiliations(affiliations)
    known_by = list(dict.fromkeys(known_by))
    validate_contact(contact, affiliations)
    with transaction.atomic():
        contact.save()
        _save_links(contact, affiliations, known_by, fresh=True)
        history.record(
            contact,
            by=by,
            action=Change.Action.CREATED,
            changes=history.diff({}, contact_snapshot(contact, affiliations, known_by)),
        )
    return contact


def update_contact(contact: Contact, *, by, fields: dict, affiliations=None, known_by=None, reason="") -> Contact:
    """Save edits to a contact person; affiliations and known_by replace the old ones when given.

    Consent newly given or changed is recorded as given to `by`; consent withdrawn clears what was shared.
    An anonymised contact cannot be edited: its personal data are gone for good.
    """
    ensure_role(by, "partner", "change")
    gdpr.ensure_not_anonymised(contact)
    before = contact_snapshot(contact)
    consent_before = gdpr.consent_state(contact)
    for name, value in clean_contact_fields(fields).items():
        setattr(contact, name, value)
    gdpr.settle_consent(contact, by=by, before=consent_before)
    if affiliations is None:
        affiliations = [(a.organisation, a.role) for a in contact.affiliations.select_related("organisation")]
    affiliations = clean_affiliations(affiliations)
    known_by = list(contact.known_by.all()) if known_by is None else list(dict.fromkeys(known_by))
    validate_contact(contact, affiliations)
    with transaction.atomic():
        changes = history.diff(before, contact_snapshot(contact, affiliations, known_by))
        if changes:
            contact.save()
            _save_links(contact, affiliations, known_by)
            history.record(contact, by=by, action=Change.Action.UPDATED, changes=changes, reason=reason)
    return contact
