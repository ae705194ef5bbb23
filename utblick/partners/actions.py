"""Every write to partner organisations goes through these functions: permission, validation, transaction, history."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from utblick.core import history
from utblick.core.models import Change
from utblick.core.numbers import parse_decimal
from utblick.core.permissions import ensure_can, ensure_role
from utblick.core.templatetags.utblick import kronor
from utblick.partners import gdpr
from utblick.partners.models import Affiliation, Contact, Interaction, Network, Organisation

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


def _validate(organisation: Organisation) -> None:
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


def _ensure_not_duplicate(organisation: Organisation) -> None:
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


def _clean_fields(fields: dict) -> dict:
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
    organisation = Organisation(**_clean_fields(fields))
    _validate(organisation)
    with transaction.atomic():
        _ensure_not_duplicate(organisation)
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
    for name, value in _clean_fields(fields).items():
        setattr(organisation, name, value)
    _validate(organisation)
    with transaction.atomic():
        # Renaming into an existing organisation's name makes a duplicate too; untouched names are left alone.
        if organisation.name.lower() != old_name.lower() or organisation.country != old_country:
            _ensure_not_duplicate(organisation)
        changes = history.diff(before, snapshot(organisation))
        if changes:
            organisation.save()
            history.record(organisation, by=by, action=Change.Action.UPDATED, changes=changes, reason=reason)
    return organisation


# ---- Contact persons ------------------------------------------------------------------------------

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


def _validate_contact(contact: Contact, affiliations) -> None:
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


def _clean_contact_fields(fields: dict) -> dict:
    cleaned = {k: (v or "").strip() for k, v in fields.items() if k in CONTACT_TEXT_FIELDS}
    return cleaned | gdpr.clean_consent_fields(fields)


def _clean_affiliations(affiliations) -> list[tuple[Organisation, str]]:
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
    contact = Contact(**_clean_contact_fields(fields))
    gdpr.settle_consent(contact, by=by, before=gdpr.consent_state(Contact()))
    affiliations = _clean_affiliations(affiliations)
    known_by = list(dict.fromkeys(known_by))
    _validate_contact(contact, affiliations)
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
    for name, value in _clean_contact_fields(fields).items():
        setattr(contact, name, value)
    gdpr.settle_consent(contact, by=by, before=consent_before)
    if affiliations is None:
        affiliations = [(a.organisation, a.role) for a in contact.affiliations.select_related("organisation")]
    affiliations = _clean_affiliations(affiliations)
    known_by = list(contact.known_by.all()) if known_by is None else list(dict.fromkeys(known_by))
    _validate_contact(contact, affiliations)
    with transaction.atomic():
        changes = history.diff(before, contact_snapshot(contact, affiliations, known_by))
        if changes:
            contact.save()
            _save_links(contact, affiliations, known_by)
            history.record(contact, by=by, action=Change.Action.UPDATED, changes=changes, reason=reason)
    return contact


# ---- Many at once (the import) ----------------------------------------------------------------------
# The same checks and history rows as create_organisation / create_contact, with a few inserts for thousands.
BULK_CHUNK = 1000


def create_organisations_bulk(*, by, items: list[dict]) -> list[Organisation]:
    """Add many organisations at once, each checked and logged as create_organisation does."""
    ensure_role(by, "partner", "change")
    organisations = [Organisation(**_clean_fields(fields)) for fields in items]
    for organisation in organisations:
        _validate(organisation)
    with transaction.atomic():
        _ensure_none_exist(organisations)
        Organisation.objects.bulk_create(organisations)
        _record_created(by, [(organisation, snapshot(organisation)) for organisation in organisations])
    return organisations


def _ensure_none_exist(organisations: list[Organisation]) -> None:
    """_ensure_not_duplicate for many new organisations: none may share a name and country with another one."""
    countries_given = sorted({organisation.country.code for organisation in organisations})
    named = Organisation.objects.filter(country__in=countries_given).values_list("name", "country")
    existing = {(name.casefold(), country) for name, country in named}
    seen = {}
    for organisation in organisations:
        key = (organisation.name.casefold(), organisation.country.code)
        if key in existing:
            _ensure_not_duplicate(organisation)  # the rule itself decides, and names the existing organisation
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
                contact = Contact(**_clean_contact_fields(fields))
                gdpr.settle_consent(contact, by=by, before=no_consent)
                affiliations = _clean_affiliations(affiliations)
                _validate_contact(contact, affiliations)
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


# ---- Networks ---------------------------------------------------------------------------------------

# Fields a form may set on a network membership.
NETWORK_FIELDS = (
    "name",
    "organisation",
    "description",
    "purpose",
    "member_since",
    "member_until",
    "yearly_fee",
    "representative",
    "website",
)
NETWORK_TEXT_FIELDS = ("name", "description", "purpose", "website")

FEE_MESSAGE = gettext_lazy("Ange årsavgiften i kronor som ett tal, till exempel 12 500 eller 12 500,50.")


# A network's yearly fee as typed: '12 500,50' or '12500.50' (ValueError for anything else).
parse_fee = parse_decimal


def network_snapshot(network: Network, objectives=None) -> dict[str, str]:
    """{field label: shown value} of a network membership, its representative and objectives included."""
    if objectives is None:
        objectives = list(network.objectives.all()) if network.pk else []
    return {
        _("Namn"): network.name,
        _("Organisation"): network.organisation.name if network.organisation else "",
        _("Beskrivning"): network.description,
        _("Syfte"): network.purpose,
        _("Medlem sedan"): network.member_since.isoformat() if network.member_since else "",
        _("Medlem till och med"): network.member_until.isoformat() if network.member_until else "",
        _("Årsavgift"): kronor(network.yearly_fee),
        _("Representant"): network.representative.name if network.representative else "",
        _("Mål i policyn"): "; ".join(sorted(str(objective) for objective in objectives)),
        _("Webbplats"): network.website,
    }


def _validate_network(network: Network) -> None:
    """Refuse what a form, an import or the API might send, each problem as a Swedish sentence."""
    errors = {}
    messages = {
        "name": _("Namnet får vara högst %(max)d tecken. Korta av det."),
        "description": _("Beskrivningen får vara högst %(max)d tecken. Korta av den."),
        "purpose": _("Syftet får vara högst %(max)d tecken. Korta av texten."),
        "website": _("Webbadressen får vara högst %(max)d tecken."),
    }
    errors |= too_long_texts(network, messages)
    if not network.name and "name" not in errors:
        errors["name"] = _("Ange nätverkets namn.")
    if network.website and "website" not in errors:
        try:
            website_validator(network.website)
        except ValidationError:
            errors["website"] = str(WEBSITE_MESSAGE)
    if not network.member_since:
        errors["member_since"] = _("Ange sedan när kommunen är medlem, som ÅÅÅÅ-MM-DD.")
    elif network.member_until and network.member_until < network.member_since:
        errors["member_until"] = _(
            "Medlemskapet kan inte sluta före det började. Ange ett slutdatum efter %(since)s, eller lämna fältet tomt."
        ) % {"since": network.member_since.isoformat()}
    fee = network.yearly_fee
    if fee is not None:
        field = Network._meta.get_field("yearly_fee")
        whole_digits = field.max_digits - field.decimal_places
        if fee < 0:
            errors["yearly_fee"] = _("Årsavgiften kan inte vara negativ. Ange 0 eller mer, eller lämna fältet tomt.")
        elif fee >= Decimal(10) ** whole_digits:
            errors["yearly_fee"] = _("Årsavgiften är för stor. Ange högst %(max)s kronor.") % {
                "max": "9" * whole_digits
            }
        elif fee != fee.quantize(Decimal("0.01")):
            errors["yearly_fee"] = _("Ange årsavgiften med högst två decimaler (öre).")
    if errors:
        raise ValidationError(errors)
    network.full_clean()


def _clean_network_fields(fields: dict) -> dict:
    cleaned = {k: v for k, v in fields.items() if k in NETWORK_FIELDS}
    for name in NETWORK_TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "yearly_fee" in cleaned:
        try:
            cleaned["yearly_fee"] = parse_fee(cleaned["yearly_fee"])
        except ValueError:
            raise ValidationError({"yearly_fee": str(FEE_MESSAGE)}) from None
    return cleaned


def create_network(*, by, fields: dict, objectives=()) -> Network:
    """Register a membership of the municipality in a network or association, with the objectives it serves."""
    ensure_role(by, "partner", "change")
    network = Network(**_clean_network_fields(fields))
    objectives = list(dict.fromkeys(objectives))
    _validate_network(network)
    with transaction.atomic():
        network.save()
        network.objectives.set(objectives)
        history.record(
            network,
            by=by,
            action=Change.Action.CREATED,
            changes=history.diff({}, network_snapshot(network, objectives)),
        )
    return network


def update_network(network: Network, *, by, fields: dict, objectives=None, reason: str = "") -> Network:
    """Save edits to a network membership; `objectives` replace the old ones when given."""
    ensure_role(by, "partner", "change")
    before = network_snapshot(network)
    old_objectives = list(network.objectives.all())
    for name, value in _clean_network_fields(fields).items():
        setattr(network, name, value)
    objectives = old_objectives if objectives is None else list(dict.fromkeys(objectives))
    _validate_network(network)
    with transaction.atomic():
        changes = history.diff(before, network_snapshot(network, objectives))
        if changes:
            network.save()
            network.objectives.set(objectives)
            history.record(network, by=by, action=Change.Action.UPDATED, changes=changes, reason=reason)
    return network


# ---- Interactions -----------------------------------------------------------------------------------

# Fields a form may set on an interaction (the people on both sides are passed separately).
INTERACTION_FIELDS = ("kind", "date", "subject", "notes", "organisation", "engagement")
# How far ahead an interaction may be planned; anything later is almost certainly a typing error.
INTERACTION_MAX_DAYS_AHEAD = 365


def interaction_snapshot(interaction: Interaction, contacts=None, participants=None) -> dict[str, str]:
    """{field label: shown value} of an interaction and the people on both sides."""
    if contacts is None:
        contacts = list(interaction.contacts.all()) if interaction.pk else []
    if participants is None:
        participants = list(interaction.participants.all()) if interaction.pk else []
    return {
        _("Typ"): str(interaction.get_kind_display()),
        _("Datum"): interaction.date.isoformat() if interaction.date else "",
        _("Ämne"): interaction.subject,
        _("Anteckningar"): interaction.notes,
        _("Organisation"): interaction.organisation.name if interaction.organisation_id else "",
        _("Kontaktpersoner"): "; ".join(sorted(contact.name for contact in contacts)),
        _("Kommunens deltagare"): "; ".join(sorted(person.name for person in participants)),
        _("Engagemang"): interaction.engagement.title if interaction.engagement_id else "",
    }


def _validate_interaction(interaction: Interaction, contacts) -> None:
    """Refuse what a form, an import or the API might send, each problem as a Swedish sentence."""
    errors = {}
    subject_limit = Interaction._meta.get_field("subject").max_length
    notes_limit = Interaction._meta.get_field("notes").max_length
    if not interaction.subject:
        errors["subject"] = _("Ange ett ämne, till exempel ”Planeringsmöte om elevutbyte”.")
    elif len(interaction.subject) > subject_limit:
        errors["subject"] = _("Ämnet får vara högst %(max)d tecken. Korta av det.") % {"max": subject_limit}
    if len(interaction.notes) > notes_limit:
        errors["notes"] = _("Anteckningarna får vara högst %(max)d tecken. Korta av dem.") % {"max": notes_limit}
    if interaction.kind not in Interaction.Kind.values:
        errors["kind"] = _("Välj en typ av kontakt ur listan.")
    if not interaction.date:
        errors["date"] = _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.")
    else:
        latest = timezone.localdate() + datetime.timedelta(days=INTERACTION_MAX_DAYS_AHEAD)
        if interaction.date > latest:
            errors["date"] = _(
                "Datumet ligger mer än ett år fram i tiden. Kontrollera året och ange ett datum senast %(latest)s."
            ) % {"latest": latest.isoformat()}
    if not interaction.organisation_id:
        errors["organisation"] = _("Välj vilken organisation kontakten gällde.")
    elif contacts:
        members = set(
            Affiliation.objects.filter(
                organisation_id=interaction.organisation_id, contact__in=[c.pk for c in contacts]
            ).values_list("contact_id", flat=True)
        )
        outside = sorted(contact.name for contact in contacts if contact.pk not in members)
        if outside:
            errors["contacts"] = _(
                "%(names)s hör inte till %(organisation)s. Välj kontaktpersoner från organisationen, "
                "eller koppla först personen till organisationen."
            ) % {"names": ", ".join(outside), "organisation": interaction.organisation.name}
    if errors:
        raise ValidationError(errors)
    interaction.full_clean()


def _clean_interaction_fields(fields: dict) -> dict:
    cleaned = {k: v for k, v in fields.items() if k in INTERACTION_FIELDS}
    for name in ("subject", "notes"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if cleaned.get("kind") in (None, ""):
        cleaned.pop("kind", None)
    return cleaned


def _ensure_may_link(by, engagement) -> None:
    """Only an engagement the user may change can get interactions linked to it."""
    if engagement is not None:
        ensure_can(by, "change", engagement)


def create_interaction(*, by, fields: dict, contacts=(), participants=()) -> Interaction:
    """Log a meeting, call, visit or email with a partner organisation, with the people on both sides."""
    ensure_role(by, "partner", "change")
    interaction = Interaction(**_clean_interaction_fields(fields), created_by=by)
    contacts = list(dict.fromkeys(contacts))
    participants = list(dict.fromkeys(participants))
    _ensure_may_link(by, interaction.engagement)
    _validate_interaction(interaction, contacts)
    with transaction.atomic():
        interaction.save()
        interaction.contacts.set(contacts)
        interaction.participants.set(participants)
        history.record(
            interaction,
            by=by,
            action=Change.Action.CREATED,
            changes=history.diff({}, interaction_snapshot(interaction, contacts, participants)),
        )
    return interaction


def update_interaction(
    interaction: Interaction, *, by, fields: dict, contacts=None, participants=None, reason: str = ""
) -> Interaction:
    """Save edits to an interaction; `contacts` and `participants` replace the old ones when given."""
    ensure_role(by, "partner", "change")
    before = interaction_snapshot(interaction)
    old_engagement_id = interaction.engagement_id
    for name, value in _clean_interaction_fields(fields).items():
        setattr(interaction, name, value)
    contacts = list(interaction.contacts.all()) if contacts is None else list(dict.fromkeys(contacts))
    if participants is None:
        participants = list(interaction.participants.all())
    else:
        participants = list(dict.fromkeys(participants))
    if interaction.engagement_id != old_engagement_id:
        _ensure_may_link(by, interaction.engagement)
    _validate_interaction(interaction, contacts)
    with transaction.atomic():
        changes = history.diff(before, interaction_snapshot(interaction, contacts, participants))
        if changes:
            interaction.save()
            interaction.contacts.set(contacts)
            interaction.participants.set(participants)
            history.record(interaction, by=by, action=Change.Action.UPDATED, changes=changes, reason=reason)
    return interaction


# ---- Checking without writing ---------------------------------------------------------------------
# The import checks every row of a file with the same rules before it writes anything (all or nothing).


def check_organisation(fields: dict) -> None:
    """Raise the ValidationError create_organisation would raise for these fields, without writing anything."""
    _validate(Organisation(**_clean_fields(fields)))


def check_contact(fields: dict, role: str = "") -> None:
    """Raise the ValidationError create_contact would raise for a contact with one organisation in `role`."""
    _validate_contact(Contact(**_clean_contact_fields(fields)), _clean_affiliations([(Organisation(), role)]))
