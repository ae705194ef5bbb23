"""A checked plan -> organisations and contact persons in the register, through the actions, all or nothing.

Everything is written in one transaction by partners.actions (create_organisation, create_contact,
update_contact), so each record gets its history row; if any write fails, nothing stays. Existing
organisations and contacts are linked, never changed, except that a linked contact gets the file's
organisation added to its organisations.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.partners.actions import create_contact, create_organisation, update_contact
from utblick.partners.importing.validation import ContactItem, OrganisationItem, Plan

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
    written = {}
    for item in plan.organisations:
        choice = _resolve(item, decisions, undecided)
        if choice is None:
            summary.skipped.append(
                _("%(name)s (rad %(rows)s) liknar en befintlig organisation och importerades inte.")
                % {"name": item.fields["name"], "rows": _rows(item)}
            )
        elif choice == NEW:
            written[item.index] = create_organisation(by=by, fields=item.fields)
            summary.organisations_created += 1
        else:
            written[item.index] = choice
            summary.organisations_linked += 1
    return written


def _write_contacts(plan, by, decisions, undecided, summary, organisations) -> None:
    for item in plan.contacts:
        links = [(organisations[o.index], role) for o, role in item.affiliations if o.index in organisations]
        choice = _resolve(item, decisions, undecided) if links else None
        if choice is None:
            summary.skipped.append(
                _("Kontaktpersonen %(name)s (rad %(rows)s) importerades inte.")
                % {"name": item.fields["name"], "rows": _rows(item)}
            )
        elif choice == NEW:
            create_contact(by=by, fields=item.fields, affiliations=links)
            summary.contacts_created += 1
        else:
            current = [(a.organisation, a.role) for a in choice.affiliations.select_related("organisation")]
            known = {organisation.pk for organisation, _role in current}
            added = [(organisation, role) for organisation, role in links if organisation.pk not in known]
            if added:
                update_contact(
                    choice, by=by, fields={}, affiliations=current + added, reason=_("Kopplad vid import av partner.")
                )
            summary.contacts_linked += 1


def _rows(item) -> str:
    return ", ".join(str(row) for row in item.rows)
