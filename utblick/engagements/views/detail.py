"""The engagement page (the account the policy asks for), its history, status moves and archiving."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.core.history import history_of
from utblick.core.permissions import allows, can
from utblick.engagements import actions
from utblick.engagements.forms import ArchiveForm, MoveForm
from utblick.engagements.models import Status
from utblick.engagements.rules import possible_moves, requirements_missing
from utblick.engagements.views.access import get_changeable_engagement, get_engagement
from utblick.engagements.views.approvals import section_context as approval_section
from utblick.engagements.views.handover import engagement_section as handover_section
from utblick.finance.summary import economy_of


def detail(request, pk):
    engagement = get_engagement(request, pk)
    can_change = allows(request.user, "change", engagement)
    moves = (
        [
            {
                "to": to,
                "label": Status(to).label,
                "missing": [] if to == Status.CANCELLED else requirements_missing(engagement, to),
            }
            for to in possible_moves(engagement)
        ]
        if can_change
        else []
    )
    context = {
        "engagement": engagement,
        "can_change": can_change,
        "moves": moves,
        "participations": engagement.participations.select_related("organisation"),
        "assessments": engagement.assessments.select_related("criterion"),
        "decisions": engagement.decisions.all(),
        "objectives": engagement.objectives.all(),
        "areas": engagement.areas.all(),
        "countries": engagement.countries.all(),
        # Meetings, calls and visits with the partners about this engagement, newest first.
        "show_interactions": can(request.user, "view", "partner"),
        "interactions": engagement.interactions.select_related("organisation").order_by("-date", "-pk"),
        "economy": economy_of(engagement),  # one query, whatever the number of budget lines
        **approval_section(request.user, engagement, can_change),  # "Officiell kontakt"
        "handover": handover_section(request.user, engagement, can_change=can_change),
    }
    return render(request, "engagements/detail.html", context)


@require_POST
def move(request, pk):
    engagement = get_changeable_engagement(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj en giltig status."))
        return redirect("engagements:detail", pk=pk)
    try:
        actions.move_engagement(
            engagement, form.cleaned_data["to"], by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Engagemanget har nu status ”%(status)s”.") % {"status": engagement.get_status_display()}
        )
    return redirect("engagements:detail", pk=pk)


def history(request, pk):
    engagement = get_engagement(request, pk)
    return render(request, "engagements/history.html", {"engagement": engagement, "changes": history_of(engagement)})


@require_POST
def archive(request, pk):
    engagement = get_changeable_engagement(request, pk)
    form = ArchiveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    actions.archive_engagement(engagement, by=request.user, reason=reason)
    messages.success(request, _("Engagemanget är arkiverat. Det finns kvar och hittas med filtret ”Visa arkiverade”."))
    return redirect("engagements:detail", pk=pk)


@require_POST
def restore(request, pk):
    engagement = get_changeable_engagement(request, pk)
    actions.restore_engagement(engagement, by=request.user)
    messages.success(request, _("Engagemanget är återställt från arkivet."))
    return redirect("engagements:detail", pk=pk)
