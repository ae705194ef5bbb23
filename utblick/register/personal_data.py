"""What introduction requests hold about a contact person: for the register extract and for anonymisation."""

from django.utils.translation import gettext_lazy as _

from utblick.partners.gdpr import PersonalDataHolder
from utblick.register.models import IntroductionRequest


def _about(contact):
    return IntroductionRequest.objects.filter(target_contact=contact).order_by("created_at", "pk")


def extract(contact) -> list[list[str]]:
    """The requests to be introduced to the person: when, from which organisation, the message and the answer."""
    return [
        [
            request.created_at.date().isoformat(),
            request.requester_organisation,
            str(request.get_status_display()),
            request.message,
            request.answer,
        ]
        for request in _about(contact)
    ]


def scrub(contact, text) -> None:
    """Take the person's name, email and phone out of the messages and answers of requests about them."""
    for request in _about(contact):
        message, answer = text(request.message), text(request.answer)
        if (message, answer) != (request.message, request.answer):
            request.message, request.answer = message, answer
            request.save(update_fields=["message", "answer"])


HOLDER = PersonalDataHolder(
    title=_("Intresseanmälningar om personen"),
    columns=(_("Skickad"), _("Från organisation"), _("Status"), _("Meddelande"), _("Svar")),
    extract=extract,
    scrub=scrub,
)
