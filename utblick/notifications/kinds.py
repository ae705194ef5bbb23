"""What a notification can be about. Each user chooses per kind whether it also comes by email."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    HANDOVER = "handover", _("Överlämningar till Kommunstyrelsen")
    APPROVAL = "approval", _("Godkännanden av officiella kontakter")
    TRIP_DECISION = "trip_decision", _("Resor som saknar beslut")
    ENGAGEMENT_CHANGE = "engagement_change", _("Ändringar i engagemang jag ansvarar för")
    LESSONS = "lessons", _("Erfarenheter att skriva")
    NEWS = "news", _("Nyheter från samordnaren")
    ADVICE = "advice", _("Frågor till samordnaren")


# Whether a kind comes by email when the user has not chosen: what needs an answer does; what is for
# information comes in the app only.
EMAIL_BY_DEFAULT = {
    Kind.HANDOVER: True,
    Kind.APPROVAL: True,
    Kind.TRIP_DECISION: True,
    Kind.ENGAGEMENT_CHANGE: False,
    Kind.LESSONS: True,
    Kind.NEWS: False,
    Kind.ADVICE: True,
}

DESCRIPTIONS = {
    Kind.HANDOVER: _("Förslag om att lämna över ett engagemang eller en partnerrelation, och svaren på dem."),
    Kind.APPROVAL: _("När ett engagemang behöver ditt godkännande som förvaltningschef, och när det har besvarats."),
    Kind.TRIP_DECISION: _("Resor i dina engagemang som snart avgår eller har avgått utan beslut."),
    Kind.ENGAGEMENT_CHANGE: _(
        "När någon annan ändrar ett engagemang där du är ansvarig förtroendevald eller tjänsteman."
    ),
    Kind.LESSONS: _("När ett engagemang du ansvarar för är avslutat och andra kan lära av det."),
    Kind.NEWS: _("Nyheter om internationella frågor, utlysningar och evenemang."),
    Kind.ADVICE: _("Frågor till samordnaren och svaren på dem."),
}
