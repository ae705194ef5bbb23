"""GDPR for contact persons: consent to be shown to local actors, retention, anonymisation.

The consent rules are used by the contact actions in partners.actions; anonymise_contact() is an action
of its own (the coordinator's, or the system's when the retention time has passed). The register
extract lives in partners.register_extract.
"""

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from utblick.core import history
from utblick.core.history import actor_name
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.partners.models import Contact, Interaction, LegalBasis

# Fields a form, an import or the API may set about the legal basis and the consent (besides the personal data).
CONSENT_FIELDS = ("legal_basis", "consent_to_share", "consent_date", "consent_method", "shared_fields")

# What replaces personal data in the history once a contact is anonymised.
ANONYMISED = "[anonymiserad]"
RETENTION_REASON = gettext_noop("Gallringsfristen har passerat")
REASON_MAX_LENGTH = 2000
# Shorter values (a phone number "12", a name "Bo") would replace innocent text all over the history.
MIN_TERM_LENGTH = 3

ANONYMISED_MESSAGE = gettext_lazy(
    "Kontaktpersonen är anonymiserad och kan inte ändras. Posten finns kvar för arkivet, utan personuppgifter."
)
DATE_MESSAGE = gettext_lazy("Ange när samtycket lämnades som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.")

# The history labels (see actions.contact_snapshot) whose values are the person's own data.
PERSONAL_LABELS = (
    gettext_noop("Namn"),
    gettext_noop("Titel"),
    gettext_noop("Språk"),
    gettext_noop("E-post"),
    gettext_noop("Telefon"),
    gettext_noop("Anteckningar"),
    gettext_noop("Hur samtycket lämnades"),
)
# Of those, the ones that name the person wherever they are written, e.g. in a meeting's list of participants.
IDENTIFYING_LABELS = (gettext_noop("Namn"), gettext_noop("E-post"), gettext_noop("Telefon"))


@dataclass(frozen=True)
class PersonalDataHolder:
    """Records of another app that may hold a contact person's data, e.g. the directory's introduction requests.

    Such an app registers one in its AppConfig.ready(), so that the partners app need not import it:
    `extract(contact)` gives its rows for the register extract (a titled table), and `scrub(contact, text)`
    takes the person's data out of its records when the contact is anonymised (`text` replaces the
    person's name, email and phone in a string).
    """

    title: str
    columns: tuple[str, ...]
    extract: Callable[[Contact], list[list[str]]]
    scrub: Callable[[Contact, Callable[[str], str]], None]


HOLDERS: dict[str, PersonalDataHolder] = {}


def register_holder(key: str, holder: PersonalDataHolder) -> None:
    HOLDERS[key] = holder


def shareable_choices() -> list[tuple[str, str]]:
    """(field, label) of the fields a contact may choose to show to local actors, e.g. ("email", "E-post")."""
    return [(name, str(Contact._meta.get_field(name).verbose_name).capitalize()) for name in Contact.SHAREABLE_FIELDS]


def shared_labels(contact: Contact) -> list[str]:
    labels = dict(shareable_choices())
    return [labels[name] for name in contact.shared_fields if name in labels]


# ---- Consent ----------------------------------------------------------------------------------------


def clean_consent_fields(fields: dict) -> dict:
    """The consent fields of `fields`, stripped and typed; anything unusable is left for validate_consent()."""
    cleaned = {}
    if "legal_basis" in fields:
        cleaned["legal_basis"] = fields["legal_basis"] or LegalBasis.ALLMANT_INTRESSE
    if "consent_to_share" in fields:
        cleaned["consent_to_share"] = bool(fields["consent_to_share"])
    if "consent_method" in fields:
        cleaned["consent_method"] = (fields["consent_method"] or "").strip()
    if "consent_date" in fields:
        cleaned["consent_date"] = _parse_date(fields["consent_date"])
    if "shared_fields" in fields:
        value = fields["shared_fields"] or []
        if isinstance(value, list | tuple):
            try:
                value = list(dict.fromkeys(value))
            except TypeError:  # something unhashable: validate_consent() refuses it
                value = list(value)
        cleaned["shared_fields"] = value
    return cleaned


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if value is None or isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({"consent_date": str(DATE_MESSAGE)}) from None


def consent_state(contact: Contact) -> tuple:
    """What the consent says; when it changes, the acting user becomes the one who recorded it."""
    shared = contact.shared_fields
    return (contact.consent_to_share, contact.consent_date, contact.consent_method, _copy(shared))


def _copy(value):
    return list(value) if isinstance(value, list) else value


def _valid_shared(shared) -> bool:
    return isinstance(shared, list) and all(isinstance(n, str) and n in Contact.SHAREABLE_FIELDS for n in shared)


def settle_consent(contact: Contact, *, by, before: tuple) -> None:
    """Without consent nothing is shared and no consent is kept; a new or changed consent is recorded by `by`."""
    if not contact.consent_to_share:
        contact.consent_date = None
        contact.consent_method = ""
        contact.consent_recorded_by = None
        contact.shared_fields = []
        return
    shared = contact.shared_fields
    if _valid_shared(shared):  # otherwise validate_consent() refuses it
        contact.shared_fields = [name for name in Contact.SHAREABLE_FIELDS if name in shared]
    if consent_state(contact) != before:
        contact.consent_recorded_by = by


def validate_consent(contact: Contact) -> dict[str, str]:
    """{field: Swedish sentence} for each problem with the legal basis and the consent."""
    errors = {}
    if contact.legal_basis not in LegalBasis.values:
        errors["legal_basis"] = _("Välj en rättslig grund ur listan.")
    if not _valid_shared(contact.shared_fields):
        errors["shared_fields"] = _("Bara %(fields)s kan visas för lokala aktörer. Välj bland dem.") % {
            "fields": ", ".join(label.lower() for _name, label in shareable_choices())
        }
    method_limit = Contact._meta.get_field("consent_method").max_length
    if len(contact.consent_method) > method_limit:
        errors["consent_method"] = _("Beskrivningen av hur samtycket lämnades får vara högst %(max)d tecken.") % {
            "max": method_limit
        }
    if contact.consent_to_share:
        if not contact.consent_date:
            errors["consent_date"] = _("Ange när personen samtyckte, som ÅÅÅÅ-MM-DD.")
        elif contact.consent_date > timezone.localdate():
            errors["consent_date"] = _("Samtycket kan inte ha lämnats i framtiden. Ange dagen då personen samtyckte.")
        if not contact.consent_method and "consent_method" not in errors:
            errors["consent_method"] = _(
                "Ange hur personen samtyckte, till exempel ”muntligt vid mötet i Røros” eller ”e-post 2026-03-02”."
            )
    return errors


def consent_snapshot(contact: Contact) -> dict[str, str]:
    """{history label: shown value} of the legal basis and the consent; these are not secret and are logged."""
    recorder = contact.consent_recorded_by
    return {
        _("Rättslig grund"): str(contact.get_legal_basis_display()),
        _("Samtycker till att visas för lokala aktörer"): str(_("Ja") if contact.consent_to_share else _("Nej")),
        _("Samtycke lämnat"): contact.consent_date.isoformat() if contact.consent_date else "",
        _("Hur samtycket lämnades"): contact.consent_method,
        _("Samtycket registrerat av"): actor_name(recorder) if recorder else "",
        _("Uppgifter som visas för lokala aktörer"): ", ".join(shared_labels(contact)),
    }


def ensure_not_anonymised(contact: Contact) -> None:
    if contact.anonymised_at is not None:
        raise ValidationError(str(ANONYMISED_MESSAGE))


# ---- Retention --------------------------------------------------------------------------------------


def retention_days() -> int:
    """Days without any activity after which a contact's personal data go; 0 turns retention off."""
    return max(settings.PARTNERS_CONTACT_RETENTION_DAYS, 0)


def with_last_activity(contacts):
    """Annotate `last_activity`: the later of the last edit (local date) and the last interaction's date."""
    last_interaction = (
        Interaction.objects.filter(contacts=models.OuterRef("pk")).order_by("-date", "-pk").values("date")[:1]
    )
    edited = TruncDate("updated_at")
    return contacts.annotate(
        last_activity=Greatest(
            edited, Coalesce(models.Subquery(last_interaction, output_field=models.DateField()), edited)
        )
    )


def earliest_anonymisation(last_activity: datetime.date | None) -> datetime.date | None:
    """The first day the personal data may be removed: the retention time after the last activity has passed."""
    days = retention_days()
    if not days or last_activity is None:
        return None
    return last_activity + datetime.timedelta(days=days + 1)


def contacts_due(on: datetime.date):
    """Contacts not yet anonymised whose retention time has passed on `on`, the longest passed first."""
    days = retention_days()
    if not days:
        return Contact.objects.none()
    cutoff = on - datetime.timedelta(days=days + 1)
    return (
        with_last_activity(Contact.objects.filter(anonymised_at__isnull=True))
        .filter(last_activity__lte=cutoff)
        .order_by("last_activity", "pk")
    )


def facts(contact: Contact) -> dict:
    """What the contact page says about the personal data: last activity, retention, the consent's recorder."""
    last_activity = with_last_activity(Contact.objects.filter(pk=contact.pk)).values_list("last_activity", flat=True)
    last = last_activity.first()
    anonymisation = None
    if contact.anonymised_at:  # the history row anonymise_contact() wrote right after setting the time
        anonymisation = history.history_of(contact).filter(at__gte=contact.anonymised_at).order_by("at", "pk").first()
    return {
        "anonymisation": anonymisation,
        "last_activity": last,
        "earliest_anonymisation": None if contact.anonymised_at else earliest_anonymisation(last),
        "retention_days": retention_days(),
        "shared_labels": shared_labels(contact),
        "recorded_by": actor_name(contact.consent_recorded_by) if contact.consent_recorded_by_id else "",
    }


# ---- Anonymisation ----------------------------------------------------------------------------------


def _labels_in_every_language(labels) -> set[str]:
    """A history row keeps its labels in the language of whoever made the change; match them all."""
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.update(_(label) for label in labels)
    return found


def _stored_forms(term: str) -> set[str]:
    """How `term` may look inside the stored JSON text: as is (PostgreSQL) or \\u-escaped (SQLite)."""
    forms = {term}
    for variant in (term, term.lower(), term.upper()):
        forms.add(json.dumps(variant)[1:-1])
        forms.add(json.dumps(variant, ensure_ascii=False)[1:-1])
    return forms


class _Scrubber:
    """Replaces the person's name, email and phone in any text or JSON value, ignoring case."""

    def __init__(self, terms):
        self.terms = sorted({t for t in terms if len(t) >= MIN_TERM_LENGTH}, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(t) for t in self.terms), re.IGNORECASE) if self.terms else None

    def text(self, value):
        if self.pattern is None or not isinstance(value, str):
            return value
        return self.pattern.sub(ANONYMISED, value)

    def json(self, value):
        if isinstance(value, dict):
            return {key: self.json(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.json(item) for item in value]
        return self.text(value)

    def rows_mentioning(self):
        """History rows whose values, title or reason may mention the person (checked exactly in Python)."""
        if not self.terms:
            return Change.objects.none()
        # The database narrows the rows with LIKE; on SQLite the JSON text holds non-ASCII letters as \u
        # escapes, so each term is searched in its stored forms. Python then replaces ignoring case.
        condition = models.Q()
        for term in self.terms:
            condition |= models.Q(object_repr__icontains=term) | models.Q(reason__icontains=term)
            for form in _stored_forms(term):
                condition |= models.Q(changes__icontains=form)
        return Change.objects.filter(condition)


def _former_identifiers(own_changes) -> set[str]:
    """Every name, email and phone the contact ever had: older records may mention the person by them."""
    labels = _labels_in_every_language(IDENTIFYING_LABELS)
    found = set()
    for change in own_changes:
        for item in change.changes:
            if isinstance(item, dict) and item.get("field") in labels:
                found.update(v for v in (item.get("before"), item.get("after")) if isinstance(v, str) and v)
    return found


def _scrub_own_change(change: Change, scrubber: _Scrubber, personal: set[str], new_repr: str) -> None:
    items = []
    for item in change.changes:
        if isinstance(item, dict) and item.get("field") in personal:
            item = {**item, **{side: ANONYMISED for side in ("before", "after") if item.get(side)}}
        items.append(scrubber.json(item))
    change.changes = items
    change.object_repr = new_repr
    change.reason = scrubber.text(change.reason)


def _scrub_interactions(contact: Contact, scrubber: _Scrubber, *, by) -> None:
    """Take the person's name, email and phone out of the subject and notes of the meetings they took part in."""
    subject_limit = Interaction._meta.get_field("subject").max_length
    for interaction in contact.interactions.all():
        subject = scrubber.text(interaction.subject)[:subject_limit]
        notes = scrubber.text(interaction.notes)
        if (subject, notes) != (interaction.subject, interaction.notes):
            interaction.subject, interaction.notes = subject, notes
            interaction.save(update_fields=["subject", "notes"])
            history.record(
                interaction,
                by=by,
                action=Change.Action.UPDATED,
                reason=_("Personuppgifter om en anonymiserad kontaktperson togs bort ur ämnet och anteckningarna."),
            )


def _clean_reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Ange varför kontaktpersonen anonymiseras, till exempel ”Personen har begärt det”.")}
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Skälet får vara högst %(max)d tecken. Korta av det.") % {"max": REASON_MAX_LENGTH}}
        )
    return reason


def anonymise_contact(contact: Contact, *, by, reason: str) -> Contact:
    """Remove a contact person's personal data from the record and the history; the record stays for the archive.

    `by` is the coordinator, or None when the system does it because the retention time has passed.
    """
    if by is not None:
        ensure_role(by, "partner_admin", "change")
    reason = _clean_reason(reason)
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        ensure_not_anonymised(locked)
        own = list(history.history_of(locked))
        scrubber = _Scrubber([locked.name, locked.email, locked.phone, *_former_identifiers(own)])
        _scrub_interactions(locked, scrubber, by=by)
        for holder in HOLDERS.values():
            holder.scrub(locked, scrubber.text)

        locked.name = _("Anonymiserad kontaktperson #%(pk)d") % {"pk": locked.pk}
        for name in ("title", "languages", "email", "phone", "notes", "consent_method"):
            setattr(locked, name, "")
        locked.consent_to_share = False
        locked.consent_date = None
        locked.consent_recorded_by = None
        locked.shared_fields = []
        locked.anonymised_at = timezone.now()
        locked.save()
        locked.known_by.clear()

        contact_type = ContentType.objects.get_for_model(Contact)
        personal = _labels_in_every_language(PERSONAL_LABELS)
        for change in own:
            _scrub_own_change(change, scrubber, personal, str(locked))
        others = []
        for change in scrubber.rows_mentioning().exclude(content_type=contact_type, object_id=locked.pk):
            scrubbed = (scrubber.json(change.changes), scrubber.text(change.object_repr), scrubber.text(change.reason))
            if scrubbed != (change.changes, change.object_repr, change.reason):
                change.changes, change.object_repr, change.reason = scrubbed
                others.append(change)
        Change.objects.bulk_update(own + others, ["changes", "object_repr", "reason"], batch_size=500)

        history.record(
            locked,
            by=by,
            action=Change.Action.UPDATED,
            changes=[{"field": _("Personuppgifter"), "before": "", "after": _("Anonymiserade")}],
            reason=scrubber.text(reason),
        )
    contact.refresh_from_db()
    return contact
