"""Rows of a file -> a plan of organisations and contact persons, or a report of what to fix (nothing written).

Every row is checked with the actions' own rules (partners.actions.check_organisation / check_contact).
Rows of one organisation (same name and country) become one organisation; a contact person on rows of
several organisations (same name and email) becomes one person with several organisations. Only a file
without problems is compared with the register: an exact match (same name, same country) is linked, a
likely duplicate (partners.duplicates) waits for a decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django_countries import countries

from utblick.partners.actions import check_contact, check_organisation
from utblick.partners.duplicates import Match, normalise_name
from utblick.partners.duplicates_bulk import find_contact_duplicates_bulk, find_organisation_duplicates_bulk
from utblick.partners.importing.headers import (
    BY_KEY,
    CONTACT_KEYS,
    ORGANISATION_KEYS,
    HeaderMap,
    country_code,
    kind_names,
    kind_value,
    match_headers,
)
from utblick.partners.importing.reading import Table
from utblick.partners.models import Contact, Organisation

IN_CHUNK = 500  # values per IN (...) list: SQLite limits the parameters of one query
CONTACT_FIELD_KEYS = ("name", "title", "languages", "email", "phone", "notes")  # as the actions call them


@dataclass(frozen=True)
class Problem:
    """Something to fix: the row as the spreadsheet numbers it (None: the file as a whole), the column, what to do."""

    row: int | None
    column: str
    message: str


@dataclass(eq=False)
class OrganisationItem:
    index: int
    fields: dict
    rows: list[int]
    existing: Organisation | None = None  # same name in the same country: linked, never created twice
    matches: list[Match] = field(default_factory=list)  # likely duplicates: the user decides
    contacts: list[ContactItem] = field(default_factory=list)
    given_kind: bool = False  # whether a row said the kind, or it is the default "annan"

    @property
    def key(self) -> str:
        return f"o{self.index}"

    @property
    def needs_decision(self) -> bool:
        return self.existing is None and bool(self.matches)

    @property
    def country_name(self) -> str:
        return str(countries.name(self.fields["country"]))


@dataclass(eq=False)
class ContactItem:
    index: int
    fields: dict
    rows: list[int]
    affiliations: list[tuple[OrganisationItem, str]] = field(default_factory=list)
    existing: Contact | None = None  # same name and same email: linked
    matches: list[Match] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"c{self.index}"

    @property
    def needs_decision(self) -> bool:
        return self.existing is None and bool(self.matches)


@dataclass
class Plan:
    """What an import would do, or the problems that stop it."""

    rows: int = 0
    organisations: list[OrganisationItem] = field(default_factory=list)
    contacts: list[ContactItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unused_columns: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def decisions(self) -> list[OrganisationItem | ContactItem]:
        return [item for item in (*self.organisations, *self.contacts) if item.needs_decision]


# How much of a check's time each part takes, roughly (for the progress shown while a large file is checked).
READ, ROWS = 0.1, 0.6


def build_plan(table: Table, *, compare=True, progress=None) -> Plan:
    """Check every row; when all are fine (and `compare`), find what already exists in the register."""
    progress = progress or (lambda done: None)
    progress(READ)
    headers = match_headers(table.headers)
    plan = Plan(rows=len(table.rows), unused_columns=headers.unused)
    if headers.problems:
        plan.problems = [Problem(table.header_row, "", message) for message in headers.problems]
        return plan
    _Checker(headers, plan).check(table.rows, lambda done: progress(READ + (ROWS - READ) * done))
    # Row by row, and within a row in the order of the file's columns (a whole-row problem first).
    position = {headers.header_of[key]: index for key, index in headers.index.items()}
    plan.problems.sort(key=lambda p: (p.row or 0, position.get(p.column, -1)))
    progress(ROWS)
    if plan.is_valid and compare:
        compare_with_register(plan, lambda done: progress(ROWS + (1 - ROWS) * done))
    return plan


class _Checker:
    """Walks the rows once, collecting organisations, contacts and problems into the plan."""

    def __init__(self, headers: HeaderMap, plan: Plan):
        self.headers = headers
        self.plan = plan
        self.seen_rows: dict[tuple, int] = {}
        self.organisations: dict[tuple[str, str], OrganisationItem] = {}
        self.contacts: dict[tuple, ContactItem] = {}
        # Rows of one organisation repeat its cells: each distinct set of values is checked once.
        self.checked_organisations: dict[tuple, list[tuple[str, str]]] = {}

    def column(self, key: str) -> str:
        return self.headers.header_of.get(key) or str(BY_KEY[key].header)

    def problem(self, row: int, key: str, message: str) -> None:
        self.plan.problems.append(Problem(row, self.column(key) if key else "", str(message)))

    def check(self, rows, progress) -> None:
        for done, (number, values) in enumerate(rows):
            if done % 500 == 0:
                progress(done / len(rows))
            cells = {
                key: (values[position] if position < len(values) else "")
                for key, position in self.headers.index.items()
            }
            if not any(cells.values()):
                continue  # a row with text only in columns the import does not use
            copy_of = self.seen_rows.setdefault(tuple(v.casefold() for v in cells.values()), number)
            if copy_of != number:
                self.problem(number, "", _("Raden är likadan som rad %(row)d. Ta bort den ena.") % {"row": copy_of})
                continue
            organisation = self.organisation(number, cells)
            contact_given = any(cells.get(key) for key in CONTACT_KEYS)
            if contact_given:
                self.contact(number, cells, organisation)

    # ---- Organisations ------------------------------------------------------------------------------------

    def organisation(self, number: int, cells: dict) -> OrganisationItem | None:
        fields = {key: cells.get(key, "") for key in ORGANISATION_KEYS}
        code = country_code(fields["country"])
        if not fields["country"]:
            self.problem(number, "country", _("Fyll i landet, till exempel Norge, Norway eller NO."))
        elif code is None:
            self.problem(
                number,
                "country",
                _(
                    "Landet ”%(value)s” känns inte igen. Skriv landets namn på svenska eller engelska "
                    "(till exempel Norge eller Norway) eller landskoden (NO eller NOR)."
                )
                % {"value": fields["country"]},
            )
        kind = kind_value(fields["kind"])
        if kind is None:
            self.problem(
                number,
                "kind",
                _("Typen ”%(value)s” känns inte igen. Skriv en av: %(kinds)s, eller lämna cellen tom.")
                % {"value": fields["kind"], "kinds": kind_names()},
            )
        given_kind = bool(fields["kind"])
        website = fields["website"]
        if website and "://" not in website and "." in website and " " not in website:
            fields["website"] = f"https://{website}"  # as the form does: "www.tartu.ee" means https://www.tartu.ee
        # Country and kind were reported above; a stand-in lets the other columns be checked in the same round.
        fields.update(country=code or "SE", kind=kind or Organisation.Kind.ANNAN)
        seen = tuple(fields.items())
        errors = self.checked_organisations.get(seen)
        if errors is None:
            errors = self.checked_organisations[seen] = self.errors_of(check_organisation, fields)
        for key, message in errors:
            if key not in ("country", "kind"):
                self.problem(number, key, message)
        if errors or not (code and kind):
            return None
        key = (fields["name"].casefold(), code)
        item = self.organisations.get(key)
        if item is None:
            item = OrganisationItem(len(self.plan.organisations), fields, [number], given_kind=given_kind)
            self.organisations[key] = item
            self.plan.organisations.append(item)
            return item
        item.rows.append(number)
        if not given_kind:
            del fields["kind"]
        elif not item.given_kind:
            item.fields["kind"], item.given_kind = fields["kind"], True
        self.merge(number, item, fields)
        return item

    @staticmethod
    def errors_of(check, fields: dict, *args, keys=None) -> list[tuple[str, str]]:
        """Run an action's check: [(column key, message)], empty when the values pass."""
        try:
            check(fields, *args)
        except ValidationError as error:
            by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            found = []
            for name, messages in by_field.items():
                key = (keys or {}).get(name, name)
                found.extend((key if key in BY_KEY else "", message) for message in messages)
            return found
        return []

    def merge(self, number: int, item, fields: dict) -> None:
        """Fill the organisation's (or contact's) empty fields from a later row; report values that differ."""
        for name, value in fields.items():
            if not value:
                continue
            earlier = item.fields.get(name, "")
            if not earlier:
                item.fields[name] = value
            elif str(earlier).casefold() != str(value).casefold():
                self.problem(
                    number,
                    name,
                    _(
                        "Värdet skiljer sig från rad %(row)d (”%(earlier)s”) för samma %(what)s. Skriv samma värde "
                        "på alla rader, eller lämna cellen tom på de andra raderna."
                    )
                    % {
                        "row": item.rows[0],
                        "earlier": earlier,
                        "what": _("kontaktperson") if isinstance(item, ContactItem) else _("organisation"),
                    },
                )

    # ---- Contact persons --------------------------------------------------------------------------------

    def contact(self, number: int, cells: dict, organisation: OrganisationItem | None) -> None:
        fields = {
            "name": cells.get("contact_name", ""),
            **{key: cells.get(key, "") for key in CONTACT_FIELD_KEYS if key != "name"},
        }
        role = cells.get("role", "")
        if not fields["name"]:
            given = [self.column(k) for k in CONTACT_KEYS if k != "contact_name" and cells.get(k)]
            self.problem(
                number,
                "contact_name",
                _("Fyll i kontaktpersonens namn, eller töm cellerna med kontaktuppgifter (%(columns)s).")
                % {"columns": ", ".join(given)},
            )
            return
        errors = self.errors_of(check_contact, fields, role, keys={"name": "contact_name", "organisations": "role"})
        for key, message in errors:
            self.problem(number, key, message)
        if errors or organisation is None:
            return
        email = fields["email"].strip().casefold()
        key = (normalise_name(fields["name"]), email or organisation.index)
        item = self.contacts.get(key)
        if item is None:
            item = ContactItem(len(self.plan.contacts), fields, [number], [(organisation, role.strip())])
            self.contacts[key] = item
            self.plan.contacts.append(item)
            organisation.contacts.append(item)
            return
        if any(linked is organisation for linked, _role in item.affiliations):
            self.problem(
                number,
                "contact_name",
                _("Kontaktpersonen ”%(name)s” står redan på rad %(row)d för samma organisation. Ta bort den ena raden.")
                % {"name": fields["name"], "row": item.rows[0]},
            )
            return
        item.rows.append(number)
        item.affiliations.append((organisation, role.strip()))
        organisation.contacts.append(item)
        self.merge(number, item, {k: v for k, v in fields.items() if k != "name"})


# ---- The register ---------------------------------------------------------------------------------------------


def compare_with_register(plan: Plan, progress=lambda done: None) -> None:
    """Link exact matches and collect likely duplicates for a decision (reads only).

    Exact matches are found for the whole file in a few queries; likely duplicates of the rest too
    (partners.duplicates_bulk: the same answers as partners.duplicates gives row by row), and not at all
    when the register has no records of that kind (then nothing can match).
    """
    _link_existing_organisations(plan.organisations)
    if Organisation.objects.exists():
        wanted = {
            item.index: {key: item.fields[key] for key in ("name", "website", "country")}
            for item in plan.organisations
            if item.existing is None
        }
        found = find_organisation_duplicates_bulk(wanted)
        for item in plan.organisations:
            item.matches = found.get(item.index, [])
    progress(0.3)
    _link_existing_contacts(plan.contacts)
    if Contact.objects.filter(anonymised_at__isnull=True).exists():
        wanted = {
            item.index: {key: item.fields[key] for key in ("name", "email")}
            for item in plan.contacts
            if item.existing is None
        }
        found = find_contact_duplicates_bulk(wanted)
        for item in plan.contacts:
            item.matches = found.get(item.index, [])


def _link_existing_organisations(items: list[OrganisationItem]) -> None:
    """Same name (any case) in the same country: the rule create_organisation refuses a second one by."""
    codes = {item.fields["country"] for item in items}
    exact = {}
    for pk, name, country in Organisation.objects.filter(country__in=codes).values_list("pk", "name", "country"):
        exact.setdefault((name.strip().casefold(), country), pk)
    wanted = {item.index: exact.get((item.fields["name"].casefold(), item.fields["country"])) for item in items}
    found = Organisation.objects.in_bulk([pk for pk in wanted.values() if pk])
    for item in items:
        if wanted[item.index]:
            item.existing = found[wanted[item.index]]


def _link_existing_contacts(items: list[ContactItem]) -> None:
    """Same email (any case) and the same name (partners.duplicates.normalise_name): the same person."""
    by_email = {item.fields["email"].casefold(): item for item in items if item.fields["email"]}
    emails = sorted(by_email)
    people = Contact.objects.filter(anonymised_at__isnull=True).annotate(lower_email=Lower("email"))
    for start in range(0, len(emails), IN_CHUNK):
        for contact in people.filter(lower_email__in=emails[start : start + IN_CHUNK]).order_by("pk"):
            item = by_email.get(contact.email.casefold())
            if item and item.existing is None and normalise_name(contact.name) == normalise_name(item.fields["name"]):
                item.existing = contact
