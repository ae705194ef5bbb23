"""Registering a new engagement and editing one."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from utblick.core.editing import add_errors
from utblick.core.errors import ConcurrentEdit
from utblick.core.permissions import ensure_role
from utblick.engagements import actions
from utblick.engagements.forms import EngagementForm, ParticipationFormSet
from utblick.engagements.models import Participation
from utblick.engagements.views.access import get_changeable_engagement
from utblick.partners.views import NEW_PARTNER_PARAM


def create(request):
    ensure_role(request.user, "engagement", "change")
    return _edit(request, engagement=None)


def update(request, pk):
    return _edit(request, engagement=get_changeable_engagement(request, pk))


def _edit(request, engagement):
    data = request.POST if request.method == "POST" else None
    # The form works on its own copy: validating it changes the instance, and the action must see the
    # saved values to record what changed.
    form = EngagementForm(data, instance=copy.copy(engagement), user=request.user)
    initial = (
        [{"organisation": p.organisation_id, "role": p.role} for p in engagement.participations.all()]
        if engagement
        else []
    )
    new_partner = request.GET.get(NEW_PARTNER_PARAM, "")
    if new_partner.isdigit():  # back from registering a partner organisation: offer it in the first free row
        initial.append({"organisation": int(new_partner), "role": Participation.Role.PARTNER})
    partners = ParticipationFormSet(data, prefix="partners", initial=initial)
    if data is not None and form.is_valid() and partners.is_valid():
        cleaned = form.cleaned_data
        relations = {
            "objectives": cleaned["objectives"],
            "areas": cleaned["areas"],
            "participations": partners.participations(),
            "countries": cleaned["countries"],
        }
        try:
            if engagement is None:
                engagement = actions.create_engagement(by=request.user, fields=cleaned, **relations)
                messages.success(request, _("Engagemanget ”%(title)s” är registrerat.") % {"title": engagement.title})
            else:
                actions.update_engagement(
                    engagement,
                    by=request.user,
                    expected_version=cleaned.get("version") or 0,
                    fields=cleaned,
                    **relations,
                )
                messages.success(request, _("Ändringarna är sparade."))
            return redirect("engagements:detail", pk=engagement.pk)
        except ConcurrentEdit as exc:
            form.add_error(None, exc)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request,
        "engagements/form.html",
        {"form": form, "partners": partners, "engagement": engagement if engagement and engagement.pk else None},
    )
