"""The förvaltningschef's approval of official contacts (R-24): asking, answering, withdrawing, and the list of
requests waiting for the förvaltningschef.

Asking and withdrawing follow the engagement's change permission (404 when it cannot be seen, 403 when it
cannot be changed); answering is for the förvaltningschef of the engagement's area only (403 for others).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from utblick.core.editing import add_errors
from utblick.core.permissions import access_for
from utblick.core.roles import Role
from utblick.engagements import approval_actions as actions
from utblick.engagements.models import Engagement
from utblick.engagements.models_handover import ContactApproval
from utblick.engagements.views.access import get_changeable_engagement, get_engagement

State = ContactApproval.State
TOO_LONG = gettext_lazy("Texten får vara högst 5 000 tecken. Korta den och försök igen.")


class RequestForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Meddelande till förvaltningschefen"),
        required=False,
        max_length=actions.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Frivilligt. T.ex. vad kontakten gäller och när beslutet behövs."),
        error_messages={"max_length": TOO_LONG},
    )


class AnswerForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Kommentar"),
        required=False,
        max_length=actions.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Frivillig när du godkänner. Skriv skälet när du inte godkänner."),
        error_messages={"max_length": TOO_LONG},
    )


def _approval(engagement, approval_pk: int) -> ContactApproval:
    approval = get_object_or_404(
        engagement.approvals.select_related("requested_by", "answered_by", "unit"), pk=approval_pk
    )
    approval.engagement = engagement  # already fetched with its permission checked
    return approval


def section_context(user, engagement, can_change: bool) -> dict:
    """What the engagement page's "Officiell kontakt" section shows; a constant number of queries."""
    approvals = list(engagement.approvals.select_related("requested_by", "unit"))
    if not engagement.is_official_contact and not approvals:
        return {"official": None}
    valid = actions.valid_approval(engagement, approvals)
    open_request = next((a for a in approvals if a.state == State.REQUESTED), None)
    approvers = actions.approvers_of(engagement) if engagement.is_official_contact else []
    refusal = actions.why_no_request(engagement, approvals, approvers)
    return {
        "official": {
            "valid": valid,
            "open": open_request,
            "open_is_stale": open_request is not None and open_request.unit_id != engagement.owner_unit_id,
            # Approved once, but for a unit the engagement no longer belongs to.
            "moved": valid is None and any(a.state == State.APPROVED for a in approvals),
            "approvers": approvers,
            "answers": [a for a in approvals if a is not open_request],
            "can_request": can_change and refusal is None,
            "can_withdraw": can_change and open_request is not None,
            "can_answer": open_request is not None and actions.is_approver(user, engagement),
        }
    }


def request_approval(request, pk):
    engagement = get_changeable_engagement(request, pk)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_approval(engagement, by=request.user, message=form.cleaned_data["message"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Begäran om godkännande är skickad till förvaltningschefen."))
            return redirect("engagements:detail", pk=pk)
    approvers = actions.approvers_of(engagement)
    refusal = actions.why_no_request(engagement, list(engagement.approvals.all()), approvers)
    return render(
        request,
        "engagements/approval_request.html",
        {"engagement": engagement, "form": form, "approvers": approvers, "refusal": refusal},
    )


def answer(request, pk, approval):
    engagement = get_engagement(request, pk)
    approval = _approval(engagement, approval)
    if not actions.is_approver(request.user, engagement):
        raise PermissionDenied
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        choice, comment = request.POST.get("answer"), form.cleaned_data["comment"]
        try:
            if choice == "approve":
                actions.approve(approval, by=request.user, comment=comment)
                messages.success(request, _("Du har godkänt den officiella kontakten."))
            elif choice == "decline":
                actions.decline(approval, by=request.user, comment=comment)
                messages.success(request, _("Du har svarat att den officiella kontakten inte godkänns."))
            else:
                raise ValidationError(_("Välj ”Godkänn” eller ”Godkänn inte”."))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("engagements:detail", pk=pk)
    context = {
        "engagement": engagement,
        "approval": approval,
        "form": form,
        "participations": engagement.participations.select_related("organisation"),
        "earlier": engagement.approvals.exclude(pk=approval.pk).select_related("unit"),
    }
    return render(request, "engagements/approval_answer.html", context)


@require_POST
def withdraw(request, pk, approval):
    engagement = get_changeable_engagement(request, pk)
    approval = _approval(engagement, approval)
    try:
        actions.withdraw_request(approval, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Begäran om godkännande är återkallad."))
    return redirect("engagements:detail", pk=pk)


def waiting(request):
    """Requests waiting for the förvaltningschef's answer; the coordinator sees every open request."""
    user = request.user
    access = access_for(user)
    sees_all = access.superuser or Role.SAMORDNARE in access.roles
    approves = Role.FORVALTNINGSCHEF in access.roles
    if not sees_all and not approves:
        raise PermissionDenied
    related = ("engagement__owner_unit", "requested_by", "unit")
    visible = Engagement.objects.restrict(user, "view")
    mine = list(actions.waiting_for(user).select_related(*related).order_by("requested_at", "pk"))
    others = []
    if sees_all:
        others = list(
            ContactApproval.objects.filter(state=State.REQUESTED, engagement__in=visible.values("pk"))
            .exclude(pk__in=[a.pk for a in mine])
            .select_related(*related)
            .order_by("requested_at", "pk")
        )
    answered = list(
        ContactApproval.objects.filter(answered_by=user, engagement__in=visible.values("pk"))
        .select_related("engagement", "unit")
        .order_by("-answered_at", "-pk")[:20]
    )
    return render(
        request,
        "engagements/approval_list.html",
        {"mine": mine, "others": others, "sees_all": sees_all, "approves": approves, "answered": answered},
    )


def waiting_count(user) -> int | None:
    """For the start page: how many requests wait for the user's answer; None unless the user approves."""
    if Role.FORVALTNINGSCHEF not in access_for(user).roles:
        return None
    return actions.waiting_for(user).count()
