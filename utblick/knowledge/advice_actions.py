"""Writing advice requests ("Fråga samordnaren", R-26) and the FAQ made from them.

Every internal role asks; the asker follows up and closes; the coordinator answers, closes and publishes an
answered question as a FAQ entry. Each message is its own row, written while the request is locked, so two
coordinators answering at once both keep their answer and the state ends as the last one left it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_role, has_role
from utblick.core.roles import Role
from utblick.knowledge.models_advice import (
    FAQ_ANSWER_MAX,
    FAQ_QUESTION_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    AdviceMessage,
    AdviceRequest,
    AdviceState,
    FaqCategory,
    FaqEntry,
)
from utblick.notifications.actions import coordinators, notify
from utblick.notifications.kinds import Kind


def _text(value) -> str:
    return str(value or "").strip()


def _check_text(value, field: str, errors: dict, *, maximum: int, missing: str) -> str:
    text = _text(value)
    if not text:
        errors[field] = missing
    elif len(text) > maximum:
        errors[field] = _("Texten får vara högst %(max)d tecken, nu är den %(length)d. Korta av den.") % {
            "max": maximum,
            "length": len(text),
        }
    return text


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def is_coordinator(user) -> bool:
    """Whether the user answers advice requests (a coordinator, or IT's superuser)."""
    return has_role(user, Role.SAMORDNARE)


def _url(request: AdviceRequest) -> str:
    return reverse("knowledge:advice_detail", kwargs={"pk": request.pk})


def request_snapshot(request: AdviceRequest) -> dict[str, str]:
    return {
        _("Ämne"): request.subject,
        _("Fråga"): request.question,
        _("Engagemang"): request.engagement.title if request.engagement_id else "",
        _("Område"): request.area.name if request.area_id else "",
        _("Land"): str(request.country.name) if request.country else "",
        _("Läge"): str(request.get_state_display()),
    }


def _clean_request(by, fields: dict) -> dict:
    from utblick.engagements.models import Engagement

    errors: dict[str, str] = {}
    subject = _check_text(
        fields.get("subject"),
        "subject",
        errors,
        maximum=SUBJECT_MAX,
        missing=_("Skriv ett kort ämne för frågan, till exempel ”Bidrag till elevutbyte”."),
    )
    question = _check_text(
        fields.get("question"),
        "question",
        errors,
        maximum=TEXT_MAX,
        missing=_("Skriv din fråga till samordnaren."),
    )
    engagement = fields.get("engagement")
    if engagement is not None and not Engagement.objects.restrict(by, "view").filter(pk=engagement.pk).exists():
        errors["engagement"] = _("Välj ett engagemang som du har tillgång till, eller lämna fältet tomt.")
    area = fields.get("area")
    if area is not None and not area.is_active:
        errors["area"] = _("Området används inte längre. Välj ett annat område eller lämna fältet tomt.")
    country = _text(fields.get("country")).upper()
    if country and country not in countries:
        errors["country"] = _("Välj ett land i listan, eller lämna fältet tomt.")
    if errors:
        raise ValidationError(errors)
    return {"subject": subject, "question": question, "engagement": engagement, "area": area, "country": country}


def ask(*, by, fields: dict) -> AdviceRequest:
    """Ask the coordinator for advice; every coordinator is told, in the app and by email as they chose."""
    ensure_role(by, "advice", "view")
    cleaned = _clean_request(by, fields)
    now = timezone.now()
    request = AdviceRequest(asker=by, waiting_since=now, last_activity_at=now, **cleaned)
    with transaction.atomic():
        request.save()
        history.record(
            request,
            by=by,
            action=Change.Action.CREATED,
            changes=history.diff({}, request_snapshot(request)),
        )
        notify(
            coordinators(),
            kind=Kind.ADVICE,
            title=gettext_lazy("Ny fråga till samordnaren: %(subject)s"),
            text=gettext_lazy("%(name)s frågar:\n\n%(question)s"),
            params={"subject": request.subject, "name": display_name(by), "question": request.question},
            url=_url(request),
            by=by,
        )
    return request


def _lock(request: AdviceRequest) -> AdviceRequest:
    return AdviceRequest.objects.select_for_update().select_related("asker").get(pk=request.pk)


def _add_message(locked: AdviceRequest, *, by, text: str, from_coordinator: bool, state: str) -> AdviceMessage:
    """Write one message and move the locked request to `state`, with a history row for both."""
    now = timezone.now()
    before = str(locked.get_state_display())
    message = AdviceMessage.objects.create(
        request=locked, author=by, author_name=display_name(by), from_coordinator=from_coordinator, text=text
    )
    locked.state = state
    locked.last_activity_at = now
    fields = ["state", "last_activity_at"]
    if state == AdviceState.OPEN:
        locked.waiting_since = now
        fields.append("waiting_since")
    locked.save(update_fields=fields)
    label = _("Svar") if from_coordinator else _("Följdfråga")
    changes = [{"field": label, "before": "", "after": text}]
    after = str(locked.get_state_display())
    if after != before:
        changes.append({"field": _("Läge"), "before": before, "after": after})
    history.record(locked, by=by, action=Change.Action.UPDATED, changes=changes)
    return message


def answer(request: AdviceRequest, *, by, text: str, seen: int | None = None) -> tuple[AdviceMessage, bool]:
    """The coordinator answers; the asker is told. Returns the message and whether someone else wrote in the
    conversation after the message `seen` (the last one the coordinator had on screen)."""
    ensure_role(by, "advice", "change")
    errors: dict[str, str] = {}
    text = _check_text(text, "text", errors, maximum=TEXT_MAX, missing=_("Skriv ditt svar till den som frågade."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(request)
        crossed = seen is not None and locked.messages.filter(pk__gt=seen).exclude(author=by).exists()
        message = _add_message(locked, by=by, text=text, from_coordinator=True, state=AdviceState.ANSWERED)
        notify(
            [locked.asker],
            kind=Kind.ADVICE,
            title=gettext_lazy("Samordnaren har svarat på din fråga: %(subject)s"),
            text=gettext_lazy("%(name)s svarar:\n\n%(text)s"),
            params={"subject": locked.subject, "name": display_name(by), "text": text},
            url=_url(locked),
            by=by,
        )
    return message, crossed


def follow_up(request: AdviceRequest, *, by, text: str) -> AdviceMessage:
    """The asker adds a follow-up question; the request is open again and the coordinators are told."""
    if request.asker_id != by.pk:
        raise PermissionDenied
    errors: dict[str, str] = {}
    text = _check_text(text, "text", errors, maximum=TEXT_MAX, missing=_("Skriv din följdfråga till samordnaren."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(request)
        message = _add_message(locked, by=by, text=text, from_coordinator=False, state=AdviceState.OPEN)
        notify(
            coordinators(),
            kind=Kind.ADVICE,
            title=gettext_lazy("Följdfråga till samordnaren: %(subject)s"),
            text=gettext_lazy("%(name)s skriver:\n\n%(text)s"),
            params={"subject": locked.subject, "name": display_name(by), "text": text},
            url=_url(locked),
            by=by,
        )
    return message


def close(request: AdviceRequest, *, by) -> AdviceRequest:
    """The asker or a coordinator closes the request; a later follow-up from the asker opens it again."""
    coordinator = is_coordinator(by)
    if request.asker_id != by.pk and not coordinator:
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(request)
        if locked.state == AdviceState.CLOSED:
            raise ValidationError(_("Frågan är redan avslutad. Skriv en följdfråga om du vill öppna den igen."))
        before = str(locked.get_state_display())
        locked.state = AdviceState.CLOSED
        locked.last_activity_at = timezone.now()
        locked.save(update_fields=["state", "last_activity_at"])
        history.record(
            locked,
            by=by,
            action=Change.Action.STATUS,
            changes=[{"field": _("Läge"), "before": before, "after": str(locked.get_state_display())}],
        )
        if locked.asker_id != by.pk:
            notify(
                [locked.asker],
                kind=Kind.ADVICE,
                title=gettext_lazy("Din fråga till samordnaren är avslutad: %(subject)s"),
                params={"subject": locked.subject},
                url=_url(locked),
                by=by,
            )
    return locked


# The FAQ


def faq_snapshot(entry: FaqEntry) -> dict[str, str]:
    return {
        _("Fråga"): entry.question,
        _("Svar"): entry.answer,
        _("Kategori"): str(entry.get_category_display()) if entry.category else "",
        _("Område"): entry.area.name if entry.area_id else "",
        _("Publicerad"): _("Ja") if entry.is_published else _("Nej"),
    }


def _clean_faq(fields: dict) -> dict:
    errors: dict[str, str] = {}
    question = _check_text(
        fields.get("question"),
        "question",
        errors,
        maximum=FAQ_QUESTION_MAX,
        missing=_("Skriv frågan som den ska stå bland de vanliga frågorna, utan namn och andra personuppgifter."),
    )
    answer_text = _check_text(
        fields.get("answer"),
        "answer",
        errors,
        maximum=FAQ_ANSWER_MAX,
        missing=_("Skriv svaret som det ska stå bland de vanliga frågorna."),
    )
    category = fields.get("category") or ""
    if category not in FaqCategory.values:
        errors["category"] = _("Välj en kategori för frågan.")
    area = fields.get("area")
    if area is not None and not area.is_active:
        errors["area"] = _("Området används inte längre. Välj ett annat område eller lämna fältet tomt.")
    if errors:
        raise ValidationError(errors)
    return {"question": question, "answer": answer_text, "category": category, "area": area}


def publish_faq(request: AdviceRequest, *, by, fields: dict) -> FaqEntry:
    """Publish an answered request as a FAQ entry (or save the edited entry and publish it again).

    The coordinator writes the question and the answer anew, so the entry carries no personal details; the
    asker is told once that their question became a FAQ entry, never named in it.
    """
    ensure_role(by, "advice", "change")
    cleaned = _clean_faq(fields)
    with transaction.atomic():
        locked = _lock(request)
        if not locked.messages.filter(from_coordinator=True).exists():
            raise ValidationError(
                _("Frågan har inte fått något svar ännu. Svara på frågan först, publicera den sedan som vanlig fråga.")
            )
        entry = FaqEntry.objects.select_for_update().filter(request=locked).first()
        created = entry is None
        if created:
            entry = FaqEntry(request=locked, is_published=False)
        before = {} if created else faq_snapshot(entry)
        for name, value in cleaned.items():
            setattr(entry, name, value)
        if not entry.is_published:
            entry.is_published = True
            entry.published_at = timezone.now()
        entry.search_text = f"{entry.question}\n{entry.answer}".lower()
        entry.save()
        changes = history.diff(before, faq_snapshot(entry))
        if created or changes:
            history.record(
                entry, by=by, action=Change.Action.CREATED if created else Change.Action.UPDATED, changes=changes
            )
        notify(
            [locked.asker],
            kind=Kind.ADVICE,
            title=gettext_lazy("Din fråga finns nu bland de vanliga frågorna: %(subject)s"),
            text=gettext_lazy(
                "Samordnaren har publicerat din fråga och svaret bland de vanliga frågorna, utan ditt namn, "
                "så att fler kan ha nytta av dem."
            ),
            params={"subject": locked.subject},
            url=reverse("knowledge:faq_detail", kwargs={"pk": entry.pk}),
            key=f"advice-faq-{locked.pk}",
            by=by,
        )
    return entry


def unpublish_faq(entry: FaqEntry, *, by) -> FaqEntry:
    """Take a FAQ entry off the FAQ page; the coordinator can publish it again from the request."""
    ensure_role(by, "advice", "change")
    with transaction.atomic():
        locked = FaqEntry.objects.select_for_update().get(pk=entry.pk)
        if not locked.is_published:
            raise ValidationError(_("Den vanliga frågan är redan avpublicerad."))
        before = faq_snapshot(locked)
        locked.is_published = False
        locked.save(update_fields=["is_published", "updated_at"])
        history.record(locked, by=by, action=Change.Action.STATUS, changes=history.diff(before, faq_snapshot(locked)))
    return locked
