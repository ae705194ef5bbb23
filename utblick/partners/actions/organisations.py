"""Organisations: create and edit, with the duplicate check."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.partners.models import Organisation

# Fields a form may set on an organisation.
EDITABLE_FIELDS = (
    "name",
    "native_name",
    "country",
    "kind",
    "region",
    "city",
    "website",
    "description",
    "marked_established",
    "in_directory",
)

WEBSITE_MESSAGE = gettext_lazy(
    "Ange webbplatsen som en fullständig adress som börjar med http:// eller https://, "
    "till exempel https://www.roros.kommune.no."
)
# Only web addresses: a javascript: or file: link on the detail page would be a trap for the reader.
website_validator = URLValidator(schemes=["http", "https"], message=WEBSITE_MESSAGE)


class DuplicateOrganisation(ValidationError):
    """An organisation with the same name already exists in the same country; `existing` is that one."""

    def __init__(self, message, existing: Organisation):
        super().__init__({"name": message})
        self.existing = existing


def too_long_texts(record, messages: dict[str, str]) -> dict[str, str]:
    """{field: message} for each text longer than its model field allows; a message has a %(max)d."""
    errors = {}
    for name, message in messages.items():
        limit = type(record)._meta.get_field(name).max_length
        if len(getattr(record, name)) > limit:
            errors[name] = message % {"max": limit}
    return errors


def snapshot(organisation: Organisation) -> dict[str, str]:
    """{field label: shown value}, what the history compares before and after a change."""
    return {
        _("Namn"): organisation.name,
        _("Namn på eget språk"): organisation.native_name,
        _("Land"): str(organisation.country.name) if organisation.country else "",
        _("Typ"): str(organisation.get_kind_display()),
        _("Region"): organisation.region,
        _("Ort"): organisation.city,
        _("Webbplats"): organisation.website,
        _("Beskrivning"): organisation.description,
        _("Markerad som etablerad partner"): str(_("Ja") if organisation.marked_established else _("Nej")),
        _("Visas i katalogen för lokala aktörer"): str(_("Ja") if organisation.in_directory else _("Nej")),
    }


def validate_organisation(organisation: Organisation) -> None:
    """Refuse what a form, an import or the API might send, each problem as a Swedish sentence."""
    errors = {}
    name_length = Organisation._meta.get_field("name").max_length
    if not organisation.name:
        errors["name"] = _("Ange organisationens namn.")
    elif len(organisation.name) > name_length:
        errors["name"] = _("Namnet får vara högst %(max)d tecken. Korta av det.") % {"max": name_length}
    code = organisation.country.code if organisation.country else ""
    if not code:
        errors["country"] = _("Välj i vilket land organisationen finns.")
    elif code not in countries:
        errors["country"] = _("Landet känns inte igen. Välj ett land ur listan.")
    if organisation.kind not in Organisation.Kind.values:
        errors["kind"] = _("Välj en typ av organisation ur listan.")
    too_long = {
        "native_name": _("Namnet på eget språk får vara högst %(max)d tecken. Korta av det."),
        "region": _("Regionen får vara högst %(max)d tecken. Korta av den."),
        "city": _("Orten får vara högst %(max)d tecken. Korta av den."),
        "description": _("Beskrivningen får vara högst %(max)d tecken. Korta av den."),
    }
    errors |= too_long_texts(organisation, too_long)
    if organisation.website:
        website_length = Organisation._meta.get_field("website").max_length
        if len(organisation.website) > website_length:
            errors["website"] = _("Webbadressen får vara högst %(max)d tecken.") % {"max": website_length}
        else:
            try:
                website_validator(organisation.website)
            except ValidationError:
                errors["website"] = str(WEBSITE_MESSAGE)
    if errors:
        raise ValidationError(errors)
    # The country was checked against the same list above; the field's own check translates all 250 names.
    organisation.full_clean(exclude=["country"])


def _same_name_in_same_country(organisation: Organisation) -> Organisation | None:
    same_country = Organisation.objects.filter(country=organisation.country).exclude(pk=organisation.pk).order_by("pk")
    if connection.vendor != "sqlite" or organisation.name.isascii():
        return same_country.filter(name__iexact=organisation.name).first()
    # SQLite ignores case for ASCII letters only, so names with Å, Ä, Ø … are compared here.
    folded = organisation.name.casefold()
    for pk, name in same_country.values_list("pk", "name"):
        if name.casefold() == folded:
            return same_country.get(pk=pk)
    return None


def ensure_not_duplicate(organisation: Organisation) -> None:
    """Refuse a second organisation with the same name (any case) in the same country."""
    existing = _same_name_in_same_country(organisation)
    if existing is not None:
        raise DuplicateOrganisation(
            _(
                "Det finns redan en organisation som heter ”%(name)s” i %(country)s. "
                "Använd den befintliga, eller skriv ett namn som skiljer dem åt."
            )
            % {"name": existing.name, "country": existing.country.name},
            existing=existing,
        )


def clean_organisation_fields(fields: dict) -> dict:
    cleaned = {k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    for name in ("name", "native_name", "region", "city", "website", "description"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    for name in ("marked_established", "in_directory"):
        if name in cleaned:
            cleaned[name] = bool(cleaned[name])
    if cleaned.get("kind") in (None, ""):
        cleaned.pop("kind", None)
    return cleaned


def create_organisation(*, by, fields: dict) -> Organisation:
    """Add an external organisation to the partner register."""
    ensure_role(by, "partner", "change")
    organisation = Organisation(**clean_organisation_fields(fields))
    validate_organisation(organisation)
    with transaction.atomic():
        ensure_not_duplicate(organisation)
        organisation.save()
        history.record(
            organisation, by=by, action=Change.Action.CREATED, changes=history.diff({}, snapshot(organisation))
        )
    return organisation


def update_organisation(organisation: Organisation, *, by, fields: dict, reason: str = "") -> Organisation:
    """Save edits to an organisation in the partner register."""
    ensure_role(by, "partner", "change")
    before = snapshot(organisation)
    old_name, old_country = organisation.name, organisation.country
    for name, value in clean_organisation_fields(fields).items():
        setattr(organisation, name, value)
    validate_organisation(organisation)
    with transaction.atomic():
        # Renaming into an existing organisation's name makes a duplicate too; untouched names are left alone.
        if organisation.name.lower() != old_name.lower() or organisation.country != old_country:
            ensure_not_duplicate(organisation)
        changes = history.diff(before, snapshot(organisation))
        if changes:
            organisation.save()
            history.record(organisation, by=by, action=Change.Action.UPDATED, changes=changes, reason=reason)
    return organisation
