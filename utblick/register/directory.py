"""What a local actor (role extern) may see of the partner register (R-31): the one place that decides it.

Every page of the directory, the forms for introduction requests and the requester's own list show
partner data only through share(). It turns organisations and networks into frozen records that hold
nothing but the shared fields, so a template cannot reach a note, an internal person, an engagement,
an interaction or the history, whatever it asks for. The rules:

- an organisation or a network is shown when it is marked `in_directory`;
- of an organisation: name, name in its own language, country, kind, region, city, website, description;
- of a network: name, description, website, the membership period and whether it is ongoing, and its
  organisation when that is in the directory (never the fee, the representative, the purpose or the
  objectives, which are the municipality's own business);
- a contact person is shown when they consented (`consent_to_share`) and are not anonymised, and only
  under the organisations in the directory they belong to, with their role there;
- of a contact person: the name and those organisations always; title, languages, email and phone only
  when the field is in the person's `shared_fields`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.partners.models import Affiliation, Contact, Network, Organisation
from utblick.partners.search import clean_term, letters_pattern, plain_words, search_organisations

# A contact person the directory may show (besides belonging to an organisation in the directory).
_SHARED_CONTACT = {"consent_to_share": True, "anonymised_at__isnull": True}
SHARED_CONTACT = Q(**_SHARED_CONTACT)


@dataclass(frozen=True)
class SharedAffiliation:
    organisation_pk: int
    organisation_name: str
    role: str


@dataclass(frozen=True)
class SharedContact:
    pk: int
    name: str
    affiliations: tuple[SharedAffiliation, ...]
    title: str = ""
    languages: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class SharedOrganisation:
    pk: int
    name: str
    native_name: str
    country_code: str
    country_name: str
    kind: str
    kind_label: str
    region: str
    city: str
    website: str
    description: str
    contacts: tuple[SharedContact, ...]

    @property
    def website_is_link(self) -> bool:
        # Only web addresses become links, even for rows written past the actions (admin, imports).
        return self.website.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class SharedNetwork:
    pk: int
    name: str
    description: str
    website: str
    member_since: datetime.date
    member_until: datetime.date | None
    is_active: bool
    organisation: SharedOrganisation | None

    @property
    def website_is_link(self) -> bool:
        return self.website.lower().startswith(("http://", "https://"))

    @property
    def contacts(self) -> tuple[SharedContact, ...]:
        return self.organisation.contacts if self.organisation else ()


def organisations():
    """The organisations in the directory (a queryset: filter, search and paginate it, then share())."""
    return Organisation.objects.filter(in_directory=True)


def networks():
    """The networks in the directory, ongoing memberships first, then by name."""
    today = timezone.localdate()
    return (
        Network.objects.filter(in_directory=True)
        .select_related("organisation")
        .annotate(
            has_ended=Case(When(member_until__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("has_ended", "name", "pk")
    )


def shared_contacts():
    """The contact persons who may be shown at all (under their organisations in the directory)."""
    return Contact.objects.filter(SHARED_CONTACT)


def search(organisation_queryset, network_queryset, term: str):
    """(organisations, networks) narrowed to those matching every word of `term`, in the shown fields only.

    A search must not reveal what the page does not show, so it looks at: organisations as the partner
    register's search does (name, name in its own language, city, region, description) or through the
    name of a contact person shown under them; networks by name and description (not the purpose).
    """
    words = plain_words(clean_term(term))
    if not words:
        return organisation_queryset, network_queryset
    named_contacts = shared_contacts().filter(_every_word(words, ("name",)))
    via_contacts = Affiliation.objects.filter(contact__in=named_contacts, organisation__in_directory=True)
    found = search_organisations(organisation_queryset, term).values("pk")
    organisation_queryset = organisation_queryset.filter(
        Q(pk__in=found) | Q(pk__in=via_contacts.values("organisation_id"))
    )
    return organisation_queryset, network_queryset.filter(_every_word(words, ("name", "description")))


def _every_word(words, fields) -> Q:
    """Every word is in some of the fields, in any case and with or without accents (both databases)."""
    condition = Q()
    for word in words:
        found = Q()
        for field in fields:
            found |= Q(**{f"{field}__iregex": letters_pattern(word)})
        condition &= found
    return condition


def contact_is_shared(contact: Contact | None) -> bool:
    """Whether the person may be named to local actors at all (as SHARED_CONTACT, for one loaded record)."""
    return contact is not None and contact.consent_to_share and contact.anonymised_at is None


def share(records) -> list[SharedOrganisation | SharedNetwork]:
    """The shared view of each Organisation and Network in `records`, in order; records not in the directory
    are left out. One query in all, for the contact persons of every record."""
    records = list(records)
    for record in records:
        if not isinstance(record, (Organisation, Network)):
            raise TypeError(f"share() shows organisations and networks, not {type(record).__name__}")
    records = [record for record in records if record.in_directory]
    organisation_ids = {record.pk for record in records if isinstance(record, Organisation)}
    for record in records:
        if isinstance(record, Network) and record.organisation_id and record.organisation.in_directory:
            organisation_ids.add(record.organisation_id)
    contacts = _contacts_by_organisation(organisation_ids)
    return [
        _organisation(record, contacts) if isinstance(record, Organisation) else _network(record, contacts)
        for record in records
    ]


def share_one(record) -> SharedOrganisation | SharedNetwork | None:
    """share() for one record: None when it is not in the directory."""
    shared = share([record])
    return shared[0] if shared else None


def target_label(request) -> str:
    """What an introduction request was about, as its requester may still see it today.

    A contact person who since withdrew the consent, or a partner taken out of the directory, is no
    longer named. Needs the targets loaded (select_related) to cost no query.
    """
    parts = []
    if request.target_contact_id:
        contact = request.target_contact
        parts.append(contact.name if contact_is_shared(contact) else _("en kontaktperson som inte längre visas"))
    target = request.target_organisation or request.target_network
    if target is not None:
        parts.append(target.name if target.in_directory else _("en post som inte längre finns i katalogen"))
    elif not parts:
        parts.append(_("en post som inte längre finns i katalogen"))
    return ", ".join(parts)


def _organisation(organisation: Organisation, contacts) -> SharedOrganisation:
    return SharedOrganisation(
        pk=organisation.pk,
        name=organisation.name,
        native_name=organisation.native_name,
        country_code=organisation.country.code or "",
        country_name=str(organisation.country.name) if organisation.country else "",
        kind=organisation.kind,
        kind_label=str(organisation.get_kind_display()),
        region=organisation.region,
        city=organisation.city,
        website=organisation.website,
        description=organisation.description,
        contacts=tuple(contacts.get(organisation.pk, ())),
    )


def _network(network: Network, contacts) -> SharedNetwork:
    organisation = network.organisation if network.organisation_id else None
    return SharedNetwork(
        pk=network.pk,
        name=network.name,
        description=network.description,
        website=network.website,
        member_since=network.member_since,
        member_until=network.member_until,
        is_active=network.is_active,
        organisation=_organisation(organisation, contacts) if organisation and organisation.in_directory else None,
    )


def _shown_fields(shared_fields) -> set[str]:
    """The contact's chosen fields that may be shared at all; anything malformed shares nothing."""
    if not isinstance(shared_fields, list):
        return set()
    return {name for name in shared_fields if isinstance(name, str)} & set(Contact.SHAREABLE_FIELDS)


def _contacts_by_organisation(organisation_ids) -> dict[int, list[SharedContact]]:
    """{organisation pk: its shared contact persons, by name}, each with all their organisations in the directory."""
    if not organisation_ids:
        return {}
    shown = Affiliation.objects.filter(
        organisation__in_directory=True, **{f"contact__{name}": value for name, value in _SHARED_CONTACT.items()}
    )
    # Only the columns that may be shown leave the database: notes and the rest are never even read.
    rows = (
        shown.filter(contact__in=shown.filter(organisation__in=organisation_ids).values("contact_id"))
        .order_by("contact__name", "contact_id", "organisation__name", "pk")
        .values(
            "contact_id",
            "contact__name",
            "contact__title",
            "contact__languages",
            "contact__email",
            "contact__phone",
            "contact__shared_fields",
            "organisation_id",
            "organisation__name",
            "role",
        )
    )
    by_contact: dict[int, dict] = {}
    for row in rows:
        entry = by_contact.setdefault(row["contact_id"], {"row": row, "affiliations": []})
        entry["affiliations"].append(SharedAffiliation(row["organisation_id"], row["organisation__name"], row["role"]))
    by_organisation: dict[int, list[SharedContact]] = defaultdict(list)
    for contact_id, entry in by_contact.items():
        row = entry["row"]
        fields = _shown_fields(row["contact__shared_fields"])
        contact = SharedContact(
            pk=contact_id,
            name=row["contact__name"],
            affiliations=tuple(entry["affiliations"]),
            **{name: row[f"contact__{name}"] for name in Contact.SHAREABLE_FIELDS if name in fields},
        )
        for affiliation in contact.affiliations:
            if affiliation.organisation_pk in organisation_ids:
                by_organisation[affiliation.organisation_pk].append(contact)
    return by_organisation
