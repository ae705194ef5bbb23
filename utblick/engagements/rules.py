"""The policy's rules for an engagement's life: which steps exist and what each one requires."""

from django.utils.translation import gettext as _

from utblick.engagements.approval_actions import approval_missing
from utblick.engagements.models import Engagement, Status

# The steps forward; "Avbruten" can be reached from any state before "Avslutad" (work done is not cancelled).
NEXT = {
    Status.IDEA: (Status.ASSESSED,),
    Status.ASSESSED: (Status.DECIDED,),
    Status.DECIDED: (Status.ONGOING,),
    Status.ONGOING: (Status.FINISHED,),
    Status.FINISHED: (Status.FOLLOWED_UP,),
    Status.FOLLOWED_UP: (),
    Status.CANCELLED: (),
}
FINAL = (Status.FOLLOWED_UP, Status.CANCELLED)
CANCELLABLE = (Status.IDEA, Status.ASSESSED, Status.DECIDED, Status.ONGOING)


def possible_moves(engagement: Engagement) -> list[str]:
    if engagement.status in FINAL:
        return []
    return [*NEXT[engagement.status], *([Status.CANCELLED] if engagement.status in CANCELLABLE else [])]


def requirements_missing(engagement: Engagement, to: str, *, reason: str = "") -> list[str]:
    """What must be done before the engagement may move to `to`, as Swedish sentences (empty when ready)."""
    if to not in possible_moves(engagement):
        return [
            _("Ett engagemang med status ”%(from)s” kan inte flyttas till ”%(to)s”.")
            % {"from": engagement.get_status_display(), "to": Status(to).label}
        ]
    missing = []
    if to == Status.ASSESSED and not engagement.assessments.exists():
        missing.append(
            _(
                "Gör prioriteringsbedömningen: ange minst ett prioriterat område som engagemanget uppfyller, med motivering."
            )
        )
    if to == Status.DECIDED:
        if not engagement.decisions.exists():
            missing.append(_("Registrera beslutet: beslutande organ, beslutsdatum och diarienummer."))
        if not engagement.responsible_politician_id:
            missing.append(_("Ange ansvarig förtroendevald."))
        if not engagement.responsible_officer_id:
            missing.append(_("Ange ansvarig tjänsteman."))
        missing.extend(approval_missing(engagement))  # an official contact needs its förvaltningschef
    if to == Status.FINISHED:
        if not engagement.results.strip():
            missing.append(_("Beskriv resultatet av engagemanget."))
        if not engagement.dissemination.strip():
            missing.append(_("Beskriv hur resultatet sprids inom kommunen."))
    if to == Status.FOLLOWED_UP:
        amounts = list(engagement.budget_lines.values_list("actual_amount", flat=True))
        if not amounts:
            missing.append(
                _(
                    "Registrera engagemangets ekonomi – budget och utfall – på sidan Ekonomi innan engagemanget kan "
                    "markeras som uppföljt."
                )
            )
        elif any(amount is None for amount in amounts):
            missing.append(
                _(
                    "Registrera utfallet för alla budgetrader på sidan Ekonomi innan engagemanget kan markeras som uppföljt."
                )
            )
    if to == Status.CANCELLED and not reason.strip():
        missing.append(_("Ange skälet till att engagemanget avbryts."))
    return missing
