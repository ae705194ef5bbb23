"""A checked plan -> organisations and contact persons in the register, through the actions, all or nothing.

Everything is written in one transaction by partners.actions (create_organisations_bulk,
create_contacts_bulk: the checks and history rows of create_organisation / create_contact, with a few
inserts for a whole file; update_contact), so each record gets its history row; if any write fails,
nothing stays. Existing organisations and contacts are linked, never changed, except that a linked contact
gets the file's organisation added to its organisations.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.partners.actions import create_contacts_bulk, create_organisations_bulk, update_contact
from utblick.partners.importing.validation import IN_CHUNK, ContactItem, OrganisationItem, Plan
from utblick.partners.models import Affiliation

NEW = "new"


class ImportFailed(Exception):
    """Writing stopped and nothing was saved; the message says why, in Swedish."""


@dataclass
class Summary:
    """What an import did (kept in PartnerImport.summary)."""

    organisations_created: int = 0
    organisations_linked: int = 0
    contacts_created: int = 0
    contacts_linked: int = 0
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def missing_decisions(plan: Plan, decisions: dict[str, str]) -> list[OrganisationItem | ContactItem]:
    """The likely duplicates without a valid choice: 'new', or the id of one of the offered records."""
    return [item for item in plan.decisions if choice_of(item, decisions) is None]


def choice_of(item, decisions: dict[str, str]):
    """NEW, an offered existing record, or None when the choice is missing or not one of those offered."""
    value = str(decisions.get(item.key, ""))
    if value == NEW:
        return NEW
    for match in item.matches:
        if str(match.record.pk) == value:
            return match.record
    return None


def write_plan(plan: Plan, *, by, decisions: dict[str, str], undecided: str = "refuse") -> Summary:
    """Write the plan. `undecided`: "refuse" (every likely duplicate needs a choice), "skip" or "create"."""
    if not plan.is_valid:
        raise ImportFailed(_("Filen innehåller fel. Rätta dem och försök igen; ingenting har sparats."))
    if undecided == "refuse" and missing_decisions(plan, decisions):
        raise ImportFailed(_("Välj för varje möjlig dubblett om den befintliga ska användas eller en ny skapas."))
    summary = Summary()
    try:
        with transaction.atomic():
            organisations = _write_organisations(plan, by, decisions, undecided, summary)
            _write_contacts(plan, by, decisions, undecided, summary, organisations)
    except ValidationError as error:
        raise ImportFailed(
            _(
                "Importen avbröts och ingenting har sparats: %(reason)s Registret kan ha ändrats sedan "
                "förhandsvisningen; granska den igen."
            )
            % {"reason": " ".join(error.messages)}
        ) from error
    return summary


def _resolve(item, decisions, undecided):
    if item.existing is not None:
        return item.existing
    if not item.matches:
        return NEW
    choice = choice_of(item, decisions)
    if choice is None:
        return NEW if undecided == "create" else None
    return choice


def _write_organisations(plan, by, decisions, undecided, summary) -> dict[int, object]:
    written, new = {}, []
    for item in plan.organisations:
        choice = _resolve(item, decisions, undecided)
        if choice is None:
            summary.skipped.append(
                _("%(name)s (rad %(rows)s) liknar en befintlig organisation och importerades inte.")
                % {"name": item.fields["name"], "rows": _rows(item)}
            )
        elif choice == NEW:
            new.append(item)
        else:
            written[item.index] = choice
            summary.organisations_linked += 1
    created = create_organisations_bulk(by=by, items=[item.fields for item in new])
    written.update((item.index, organisation) for item, organisation in zip(new, created, strict=True))
    summary.organisations_created += len(created)
    return written


def _write_contacts(plan, by, decisions, undecided, summary, organisations) -> None:
    new, linked = [], []
    for item in plan.contacts:
        links = [(organisations[o.index], role) for o, role in item.affiliations if o.index in organisations]
        choice = _resolve(item, decisions, undecided) if links else None
        if choice is None:
            summary.skipped.append(
                _("Kontaktpersonen %(name)s (rad %(rows)s) importerades inte.")
                % {"name": item.fields["name"], "rows": _rows(item)}
            )
        elif choice == NEW:
            new.append((item.fields, links))
        else:
            linked.append((choice, links))
    create_contacts_bulk(by=by, items=new)
    summary.contacts_created += len(new)
    _link_contacts(by, linked)
    summary.contacts_linked += len(linked)


def _link_contacts(by, linked: list[tuple]) -> None:
    """Add the file's organisations to existing contacts that lack them (their organisations read in one go)."""
    current = _affiliations_of([contact.pk for contact, _links in linked])
    for contact, links in linked:
        known = {organisation.pk for organisation, _role in current[contact.pk]}
        added = [(organisation, role) for organisation, role in links if organisation.pk not in known]
        if added:
            # Several rows of the file may link one person: the next one starts from what this one left.
            current[contact.pk] = current[contact.pk] + added
            update_contact(
                contact, by=by, fields={}, affiliations=current[contact.pk], reason=_("Kopplad vid import av partner.")
            )


def _affiliations_of(contact_ids: list[int]) -> dict[int, list[tuple]]:
    found = {pk: [] for pk in contact_ids}
    ids = sorted(found)
    for start in range(0, len(ids), IN_CHUNK):
        links = Affiliation.objects.filter(contact__in=ids[start : start + IN_CHUNK]).select_related("organisation")
        for link in links:
            found[link.contact_id].append((link.organisation, link.role))
    return found


def _rows(item) -> str:
    return ", ".join(str(row) for row in item.rows)
