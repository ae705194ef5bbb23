"""The priority assessment: which prioritised areas an engagement meets, and why (R-12, R-13)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from utblick.engagements import actions
from utblick.engagements.suggestions import suggested_justifications
from utblick.engagements.views.access import get_changeable_engagement
from utblick.policy.models import PriorityCriterion


class CriterionForm(forms.Form):
    met = forms.BooleanField(label=_("Uppfylls"), required=False)
    justification = forms.CharField(
        label=_("Motivering"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("met") and not (data.get("justification") or "").strip():
            self.add_error("justification", _("Motivera varför engagemanget uppfyller kriteriet, eller avmarkera det."))
        return data


def assess(request, pk):
    engagement = get_changeable_engagement(request, pk)
    criteria = list(PriorityCriterion.objects.filter(is_active=True))
    existing = {a.criterion_id: a.justification for a in engagement.assessments.all()}
    suggestions = suggested_justifications(engagement)
    rows = []
    for criterion in criteria:
        suggestion = suggestions.get(criterion.suggestion, "") if criterion.suggestion else ""
        initial = {
            "met": criterion.pk in existing or bool(suggestion and not existing),
            "justification": existing.get(criterion.pk) or suggestion,
        }
        form = CriterionForm(request.POST or None, prefix=f"c{criterion.pk}", initial=initial)
        rows.append({"criterion": criterion, "form": form, "suggestion": suggestion})
    if request.method == "POST" and all(row["form"].is_valid() for row in rows):
        justifications = {
            row["criterion"]: row["form"].cleaned_data["justification"] if row["form"].cleaned_data["met"] else ""
            for row in rows
        }
        try:
            actions.set_assessment(engagement, by=request.user, justifications=justifications)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Prioriteringsbedömningen är sparad."))
            return redirect("engagements:detail", pk=pk)
    has_errors = request.method == "POST" and any(row["form"].errors for row in rows)
    return render(
        request, "engagements/assessment.html", {"engagement": engagement, "rows": rows, "has_errors": has_errors}
    )
