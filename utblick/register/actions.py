"""Every write to introduction requests goes through these functions: permission, validation, transaction,
history, and the emails sent once the change is committed."""

import logging
import re
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.core.roles import Role
from utblick.partners.models import Network, Organisation
from utblick.register import directory
from utblick.register.models import MESSAGE_MAX_LENGTH, IntroductionRequest

logger = logging.getLogger(__name__)

# Seconds to wait for the mail server: a slow one must not hold the page the user is waiting for.
MAIL_TIMEOUT = 10
PHONE = re.compile(r"^[0-9+()\-/. ]*$")
ORGANISATION_MAX_LENGTH = IntroductionRequest._meta.get_field("requester_organisation").max_length
PHONE_MAX_LENGTH = IntroductionRequest._meta.get_field("requester_phone").max_length


def send_introduction_request(
    *, by, target, message, requester_organisation, requester_phone="", contact=None, site_url=""
) -> IntroductionRequest:
    """Ask the coordinator for an introduction to an organisation or network in the directory, or to one of
    its contact persons; every coordinator with an email address gets an email once it is saved.

    `site_url` ("https://utblick.kommun.se") makes the link in the email absolute; without it the link is a path.
    """
    ensure_role(by, "directory", "view")
    target = _in_directory(target)
    contact = _shared_contact(target, contact)
    fields = _clean_request_fields(message, requester_organisation, requester_phone)
    targets = {
        "target_organisation": target if isinstance(target, Organisation) else None,
        "target_network": target if isinstance(target, Network) else None,
        "target_contact": contact,
    }
    with transaction.atomic():
        # One request at a time per account, so that a double click is caught by the check below.
        get_user_model().objects.select_for_update().get(pk=by.pk)
        same = IntroductionRequest.objects.filter(
            requester=by, status=IntroductionRequest.Status.NY, message=fields["message"], **targets
        )
        if same.exists():
            raise ValidationError(
                _(
                    "Du har redan skickat precis den här intresseanmälan och den väntar på svar. "
                    "Du hittar den under ”Mina förfrågningar”."
                )
            )
        request = IntroductionRequest.objects.create(requester=by, **targets, **fields)
        history.record(
            request,
            by=by,
            action=Change.Action.CREATED,
            changes=[
                {"field": _("Gäller"), "before": "", "after": coordinator_label(request)},
                {"field": _("Status"), "before": "", "after": str(request.get_status_display())},
            ],
        )
        transaction.on_commit(lambda: _mail_coordinators(request.pk, site_url))
    return request


def handle_introduction_request(request: IntroductionRequest, *, by, answer, site_url="") -> IntroductionRequest:
    """The coordinator answers a request and marks it handled; the requester gets the answer by email."""
    ensure_role(by, "directory", "change")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Skriv ett svar till den som frågade, till exempel vem du har kontaktat.")})
    if len(answer) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"answer": _("Svaret får vara högst %(max)d tecken. Korta av det.") % {"max": MESSAGE_MAX_LENGTH}}
        )
    with transaction.atomic():
        locked = IntroductionRequest.objects.select_for_update().get(pk=request.pk)
        if not locked.is_new:
            raise ValidationError(
                _("Förfrågan är redan hanterad, %(date)s. Svaret står på sidan.")
                % {"date": timezone.localtime(locked.handled_at).strftime("%Y-%m-%d %H:%M")}
            )
        before = str(locked.get_status_display())
        locked.status = IntroductionRequest.Status.HANTERAD
        locked.handled_by = by
        locked.handled_at = timezone.now()
        locked.answer = answer
        locked.save(update_fields=["status", "handled_by", "handled_at", "answer"])
        history.record(
            locked,
            by=by,
            action=Change.Action.STATUS,
            changes=[
                {"field": _("Status"), "before": before, "after": str(locked.get_status_display())},
                {"field": _("Svar"), "before": "", "after": answer},
            ],
        )
        transaction.on_commit(lambda: _mail_answer(locked.pk, site_url))
    request.refresh_from_db()
    return request


def coordinator_label(request: IntroductionRequest) -> str:
    """What the request is about, with every name (for the coordinator, who sees the whole register)."""
    parts = [request.target_contact.name] if request.target_contact_id else []
    target = request.target_organisation or request.target_network
    if target is not None:
        parts.append(target.name if request.target_organisation_id else _("%(name)s (nätverk)") % {"name": target.name})
    return ", ".join(parts) or _("en post som inte längre finns i registret")


def coordinator_emails() -> list[str]:
    """The addresses of every active account with the coordinator's role."""
    users = get_user_model().objects.filter(is_active=True, memberships__role=Role.SAMORDNARE).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _in_directory(target):
    """The target as stored now, if it is an organisation or network in the directory."""
    queries = {Organisation: directory.organisations, Network: directory.networks}
    query = queries.get(type(target))
    found = query().filter(pk=target.pk).first() if query and target is not None else None
    if found is None:
        raise ValidationError(
            _("Det du vill bli introducerad till finns inte i katalogen. Välj en organisation eller ett nätverk där.")
        )
    return found


def _shared_contact(target, contact):
    """The contact person, if the directory shows them under the target."""
    if contact is None:
        return None
    shown = {shared.pk for shared in directory.share_one(target).contacts}
    if contact.pk not in shown:
        raise ValidationError({"contact": _("Kontaktpersonen visas inte i katalogen. Välj en person ur listan.")})
    return contact


def _one_line(value) -> str:
    return " ".join(str(value or "").split())


def _clean_request_fields(message, organisation, phone) -> dict:
    errors = {}
    message = str(message or "").strip()
    organisation = _one_line(organisation)
    phone = _one_line(phone)
    if not message:
        errors["message"] = _(
            "Skriv vad du vill ha hjälp med, till exempel vem du vill komma i kontakt med och varför."
        )
    elif len(message) > MESSAGE_MAX_LENGTH:
        errors["message"] = _("Meddelandet får vara högst %(max)d tecken (nu %(length)d). Korta av det.") % {
            "max": MESSAGE_MAX_LENGTH,
            "length": len(message),
        }
    if not organisation:
        errors["requester_organisation"] = _("Ange vilken organisation, förening eller skola du företräder.")
    elif len(organisation) > ORGANISATION_MAX_LENGTH:
        errors["requester_organisation"] = _("Organisationens namn får vara högst %(max)d tecken. Korta av det.") % {
            "max": ORGANISATION_MAX_LENGTH
        }
    if len(phone) > PHONE_MAX_LENGTH:
        errors["requester_phone"] = _("Telefonnumret får vara högst %(max)d tecken.") % {"max": PHONE_MAX_LENGTH}
    elif not PHONE.match(phone):
        errors["requester_phone"] = _("Skriv telefonnumret med siffror, till exempel 070-123 45 67.")
    if errors:
        raise ValidationError(errors)
    return {"message": message, "requester_organisation": organisation, "requester_phone": phone}


def _link(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}{path}"


def _mail_coordinators(request_pk: int, site_url: str) -> None:
    request = IntroductionRequest.objects.select_related(
        "requester", "target_organisation", "target_network", "target_contact"
    ).get(pk=request_pk)
    recipients = coordinator_emails()
    if not recipients:
        logger.warning("Intresseanmälan %s: ingen samordnare har en e-postadress; ingen fick e-post.", request_pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Ny intresseanmälan från %(organisation)s") % {"organisation": request.requester_organisation}
        body = render_to_string(
            "register/email/new_request.txt",
            {
                "request": request,
                "target": coordinator_label(request),
                "link": _link(site_url, reverse("register:request_detail", kwargs={"pk": request.pk})),
            },
        )
    _send([(_one_line(subject), body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients], request_pk)


def _mail_answer(request_pk: int, site_url: str) -> None:
    request = IntroductionRequest.objects.select_related(
        "requester", "target_organisation", "target_network", "target_contact"
    ).get(pk=request_pk)
    requester = request.requester
    if requester is None or not requester.is_active or not requester.email:
        logger.info("Intresseanmälan %s: den som frågade har ingen e-postadress; svaret finns i Utblick.", request_pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Svar på din intresseanmälan till kommunen")
        body = render_to_string(
            "register/email/answer.txt",
            {
                "request": request,
                "target": directory.target_label(request),
                "link": _link(site_url, reverse("register:my_requests")),
            },
        )
    _send([(subject, body, settings.DEFAULT_FROM_EMAIL, [requester.email])], request_pk)


def _send(messages, request_pk: int) -> None:
    """Send after the commit; a mail server that is down is logged, the request itself is saved and shown."""
    try:
        send_mass_mail(messages, connection=get_connection(timeout=MAIL_TIMEOUT))
    except (OSError, smtplib.SMTPException):
        logger.exception("Intresseanmälan %s: e-posten kunde inte skickas.", request_pk)
