"""The economy page of an engagement and its budget-line forms. Writes go through finance.actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from utblick.core.editing import add_errors
from utblick.core.permissions import allows
from utblick.engagements.views.access import get_changeable_engagement, get_engagement
from utblick.finance import actions
from utblick.finance.forms import BudgetLineForm, RemoveLineForm
from utblick.finance.summary import economy_of


@require_http_methods(["GET", "POST"])
def economy(request, pk):
    """GET: the economy per year. POST: add a line (the form is at the bottom of the same page)."""
    if request.method == "POST":
        engagement = get_changeable_engagement(request, pk)
        form = BudgetLineForm(request.POST)
        if form.is_valid():
            try:
                line = actions.add_budget_line(engagement, by=request.user, fields=form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Budgetraden %(line)s är tillagd.") % {"line": line})
                return redirect("finance:economy", pk=pk)
        status = 200
    else:
        engagement = get_engagement(request, pk)
        form = BudgetLineForm(initial={"direction": "cost", "currency": "SEK"})
        status = 200
    can_change = allows(request.user, "change", engagement)
    context = {"engagement": engagement, "economy": economy_of(engagement), "can_change": can_change, "form": form}
    return render(request, "finance/economy.html", context, status=status)


def _line(request, pk, line_pk):
    engagement = get_changeable_engagement(request, pk)
    line = get_object_or_404(engagement.budget_lines.select_related("funding_source"), pk=line_pk)
    line.engagement = engagement  # the one already fetched, so the action does not fetch it again
    return engagement, line


@require_http_methods(["GET", "POST"])
def edit_line(request, pk, line_pk):
    engagement, line = _line(request, pk, line_pk)
    if request.method == "POST":
        form = BudgetLineForm(request.POST, line=line)
        if form.is_valid():
            try:
                actions.update_budget_line(line, by=request.user, fields=form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
                line.refresh_from_db()
            else:
                messages.success(request, _("Ändringarna i budgetraden %(line)s är sparade.") % {"line": line})
                return redirect("finance:economy", pk=pk)
    else:
        form = BudgetLineForm(initial=BudgetLineForm.initial_for(line), line=line)
    return render(request, "finance/line_form.html", {"engagement": engagement, "line": line, "form": form})


@require_http_methods(["GET", "POST"])
def remove_line(request, pk, line_pk):
    engagement, line = _line(request, pk, line_pk)
    form = RemoveLineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        shown = str(line)
        actions.remove_budget_line(line, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("Budgetraden %(line)s är borttagen. Historiken visar vad den innehöll.") % {"line": shown}
        )
        return redirect("finance:economy", pk=pk)
    return render(request, "finance/line_remove.html", {"engagement": engagement, "line": line, "form": form})
