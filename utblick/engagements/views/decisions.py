"""Recording a formal decision about an engagement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from utblick.engagements import actions
from utblick.engagements.forms import DecisionForm
from utblick.engagements.views.access import get_changeable_engagement


def add(request, pk):
    engagement = get_changeable_engagement(request, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_decision(engagement, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Beslutet är registrerat."))
            return redirect("engagements:detail", pk=pk)
    return render(request, "engagements/decision_form.html", {"engagement": engagement, "form": form})
