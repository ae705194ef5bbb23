"""Merging two records of the same organisation or person (the partners issue, point 5): the coordinator's task.

Everything that points at the removed record — affiliations, interactions, networks, participations in
engagements, who knows the person, history rows, and any link a later model adds — moves to the kept one.
The relations are found through the model's meta data, so a new foreign key is moved without a change here.
Where a link exists on both (the same person at the same organisation, the same engagement) the kept
record's link stays. Empty fields of the kept record are filled from the removed one. The removed record is
then deleted, and one history row on the kept record says what was merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ForeignObjectRel, UniqueConstraint
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.partners.models import Affiliation, Contact, Organisation

# Fields taken from the removed record when the kept one has them empty, in the order the history lists them.
ORGANISATION_FILL = ("native_name", "region", "city", "website", "description")
CONTACT_FILL = ("title", "languages", "email", "phone", "notes")
# A consent belongs to the person, so it follows them as a whole (never half of it) into an unconsented record.
CONSENT_FIELDS = ("consent_to_share", "consent_date", "consent_method", "consent_recorded_by", "shared_fields")
# What the history and the confirmation page show of each record.
ORGANISATION_SHOWN = ("name", "native_name", "country", "kind", "region", "city", "website", "description")
CONTACT_SHOWN = ("name", "title", "languages", "email", "phone", "notes", "legal_basis", "consent_to_share")
# What a link means seen from the merged record, where the model's own name would read oddly.
LABELS = {
    ("partners.Affiliation", "organisation"): gettext_lazy("Kontaktpersoner"),
    ("partners.Affiliation", "contact"): gettext_lazy("Organisationer"),
    ("engagements.Participation", "organisation"): gettext_lazy("Engagemang"),
    ("partners.Interaction", "organisation"): gettext_lazy("Kontakttillfällen"),
    ("partners.Network", "organisation"): gettext_lazy("Nätverk"),
}


@dataclass(frozen=True)
class Link:
    """One kind of row that points at a record: the model holding it and its foreign key."""

    model: type[models.Model]
    field: models.ForeignKey

    @property
    def label(self) -> str:
        named = LABELS.get((self.model._meta.label, self.field.name))
        if named:
            return str(named)
        owner = self.model._meta.auto_created
        if owner:  # the table behind a many-to-many field: name it after the field or its owner
            m2m = next(f for f in owner._meta.local_many_to_many if f.remote_field.through is self.model)
            if self.field.name == m2m.m2m_field_name():
                return str(m2m.verbose_name).capitalize()
            return str(owner._meta.verbose_name_plural).capitalize()
        return str(self.model._meta.verbose_name_plural).capitalize()

    def rows(self, record):
        return self.model._default_manager.filter(**{self.field.name: record.pk})

    def unique_sets(self) -> list[tuple[str, ...]]:
        """The other fields that, together with this foreign key, must be unique (empty tuple: the key alone)."""
        opts = self.model._meta
        sets = [tuple(names) for names in opts.unique_together]
        sets += [
            tuple(c.fields)
            for c in opts.constraints
            if isinstance(c, UniqueConstraint) and c.fields and c.condition is None and not c.expressions
        ]
        if self.field.unique:
            sets.append((self.field.name,))
        names = {self.field.name, self.field.attname}
        return [tuple(n for n in s if n not in names) for s in sets if names & set(s)]


def links_to(model) -> list[Link]:
    """Every foreign key pointing at `model`, also the hidden ones behind many-to-many fields."""
    links = []
    for rel in model._meta.get_fields(include_hidden=True):
        if isinstance(rel, ForeignObjectRel) and not rel.many_to_many and rel.field.concrete:
            links.append(Link(rel.related_model, rel.field))
    return sorted(links, key=lambda link: link.label)


def link_counts(record) -> list[tuple[str, int]]:
    """[(label, number of rows)] of what points at the record, history rows last; kinds without rows left out."""
    counts = [(link.label, link.rows(record).count()) for link in links_to(type(record))]
    counts.append((_("Historikrader"), history.history_of(record).count()))
    return [(label, n) for label, n in counts if n]


def _move(link: Link, keep, remove) -> int:
    """Point the removed record's rows at the kept one; rows the kept record already has are dropped."""
    rows = link.rows(remove)
    for others in link.unique_sets():
        kept_values = set(link.rows(keep).values_list(*others)) if others else set()
        if not others and link.rows(keep).exists():
            kept_values = {()}
        clashing = [pk for pk, *values in rows.values_list("pk", *others) if tuple(values) in kept_values]
        if clashing:
            if link.model is Affiliation:
                _keep_a_role(keep, remove, link.field.name, clashing)
            link.model._default_manager.filter(pk__in=clashing).delete()
    return rows.update(**{link.field.name: keep.pk})


def _keep_a_role(keep, remove, field_name: str, clashing) -> None:
    """The same person at the same organisation twice: the kept link takes the other's role if it has none."""
    other = "organisation" if field_name == "contact" else "contact"
    for affiliation in Affiliation.objects.filter(pk__in=clashing).exclude(role=""):
        Affiliation.objects.filter(**{field_name: keep.pk, other: getattr(affiliation, f"{other}_id")}, role="").update(
            role=affiliation.role
        )


def _is_empty(value) -> bool:
    return value in (None, "", [], {})


def _fill_empty(keep, remove, names) -> list[str]:
    """Copy the removed record's values into the kept record's empty fields; returns the names filled."""
    filled = []
    for name in names:
        if _is_empty(getattr(keep, name)) and not _is_empty(getattr(remove, name)):
            setattr(keep, name, getattr(remove, name))
            filled.append(name)
    return filled


def _lock_both(model, keep, remove, by):
    """Fetch both records again, locked and through restrict; a clear message when either is gone."""
    if keep.pk == remove.pk:
        raise ValidationError(_("En post kan inte slås ihop med sig själv. Välj en annan post som dubblett."))
    found = {
        r.pk: r for r in model.objects.restrict(by, "change").select_for_update().filter(pk__in=[keep.pk, remove.pk])
    }
    if remove.pk not in found:
        raise ValidationError(
            _(
                "”%(name)s” finns inte längre. Den kan redan ha slagits ihop med en annan post eller tagits bort. "
                "Ladda om sidan och välj en dubblett som finns kvar."
            )
            % {"name": remove.name}
        )
    if keep.pk not in found:
        raise ValidationError(
            _("”%(name)s” finns inte längre. Den kan redan ha slagits ihop med en annan post.") % {"name": keep.name}
        )
    return found[keep.pk], found[remove.pk]


def _merge(model, keep, remove, *, by, fill, shown, extra_fill=None):
    """Move everything from `remove` to `keep`, fill keep's empty fields, delete remove, record it; all or nothing."""
    ensure_role(by, "partner_admin", "change")
    with transaction.atomic():
        keep, remove = _lock_both(model, keep, remove, by)
        if getattr(keep, "anonymised_at", None) or getattr(remove, "anonymised_at", None):
            raise ValidationError(
                _(
                    "En anonymiserad kontaktperson kan inte slås ihop. Välj två kontaktpersoner som inte är anonymiserade."
                )
            )
        moved = [(link.label, _move(link, keep, remove)) for link in links_to(model)]
        content_type = ContentType.objects.get_for_model(model)
        moved.append(
            (
                _("Historikrader"),
                Change.objects.filter(content_type=content_type, object_id=remove.pk).update(object_id=keep.pk),
            )
        )
        filled = _fill_empty(keep, remove, fill) + (extra_fill(keep, remove) if extra_fill else [])
        keep.save()
        changes, reason = _what_was_merged(keep, remove, shown=shown, filled=filled, moved=moved)
        remove.delete()
        history.record(keep, by=by, action=Change.Action.UPDATED, changes=changes, reason=reason)
    return keep


def _what_was_merged(keep, remove, *, shown, filled, moved) -> tuple[list[dict[str, str]], str]:
    """The merge's history row: the removed record's values beside the kept record's, what was filled, moved."""
    removed_values = history.field_values(remove, shown)
    kept_values = history.field_values(keep, shown)
    removed_name = _("%(name)s (nr %(pk)s)") % {"name": remove, "pk": remove.pk}
    labels = ", ".join(str(type(keep)._meta.get_field(name).verbose_name).capitalize() for name in filled)
    moved_text = "; ".join(f"{label}: {n}" for label, n in moved if n)
    changes = [{"field": _("Sammanslagen med dubbletten"), "before": removed_name, "after": str(keep)}]
    changes += [
        {"field": label, "before": value, "after": kept_values[label]}
        for label, value in removed_values.items()
        if value and label in kept_values
    ]
    if labels:
        changes.append({"field": _("Ifyllt från dubbletten"), "before": "", "after": labels})
    if moved_text:
        changes.append({"field": _("Flyttat från dubbletten"), "before": "", "after": moved_text})
    reason = _("Sammanslagen med dubbletten %(name)s, som togs bort.") % {"name": removed_name}
    if labels:
        reason += " " + _("Tomma uppgifter fylldes i från dubbletten: %(fields)s.") % {"fields": labels}
    return changes, reason


def _fill_organisation_extras(keep: Organisation, remove: Organisation) -> list[str]:
    filled = []
    if keep.kind == Organisation.Kind.ANNAN and remove.kind != Organisation.Kind.ANNAN:
        keep.kind = remove.kind
        filled.append("kind")
    if remove.marked_established and not keep.marked_established:
        keep.marked_established = True
        filled.append("marked_established")
    return filled


def _fill_consent(keep: Contact, remove: Contact) -> list[str]:
    if keep.consent_to_share or keep.consent_date or not (remove.consent_to_share or remove.consent_date):
        return []
    for name in CONSENT_FIELDS:
        setattr(keep, name, getattr(remove, name))
    return ["consent_to_share", "consent_date"]


def merge_organisations(keep: Organisation, remove: Organisation, *, by) -> Organisation:
    """Merge a duplicate organisation into the one kept: every link and history row moves, then it is deleted."""
    return _merge(
        Organisation,
        keep,
        remove,
        by=by,
        fill=ORGANISATION_FILL,
        shown=ORGANISATION_SHOWN,
        extra_fill=_fill_organisation_extras,
    )


def merge_contacts(keep: Contact, remove: Contact, *, by) -> Contact:
    """Merge a duplicate contact person into the one kept: organisations, interactions, history and more move."""
    return _merge(Contact, keep, remove, by=by, fill=CONTACT_FILL, shown=CONTACT_SHOWN, extra_fill=_fill_consent)
