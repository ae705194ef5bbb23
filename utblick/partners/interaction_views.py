"""Pages for the log of interactions with partner organisations: list, detail, add and edit.

Writes go through partners.actions. Every query goes through Interaction.visible_to, so an interaction
linked to an engagement the user may not see (a secret one of another unit) is neither listed nor found.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.editing import add_errors
from utblick.core.history import history_of
from utblick.core.permissions import can, ensure_role
from utblick.partners.actions import create_interaction, update_interaction
from utblick.partners.forms import InteractionFilterForm, InteractionForm
from utblick.partners.models import Interaction


@require_GET
def interaction_list(request):
    ensure_role(request.user, "partner", "view")
    interactions = Interaction.visible_to(request.user)
    form = InteractionFilterForm(request.GET)
    organisation = None
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        if organisation is not None:
            interactions = interactions.filter(organisation=organisation)
        if form.cleaned_data["kind"]:
            interactions = interactions.filter(kind=form.cleaned_data["kind"])
    interactions = interactions.select_related("organisation", "engagement").order_by("-date", "-pk")
    page = Paginator(interactions, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/interaction_list.html",
        {
            "form": form,
            "page": page,
            "organisation": organisation,
            "filtered": bool(request.GET.get("organisation") or request.GET.get("kind")),
            "can_change": can(request.user, "change", "partner"),
        },
    )


@require_GET
def interaction_detail(request, pk):
    ensure_role(request.user, "partner", "view")
    interaction = get_object_or_404(
        Interaction.visible_to(request.user).select_related("organisation", "engagement", "created_by"), pk=pk
    )
    return render(
        request,
        "partners/interaction_detail.html",
        {
            "interaction": interaction,
            "contacts": interaction.contacts.all(),
            "participants": interaction.participants.select_related("unit"),
            "history": history_of(interaction)[:50],
            "can_change": can(request.user, "change", "partner"),
        },
    )


@require_http_methods(["GET", "POST"])
def interaction_create(request):
    ensure_role(request.user, "partner", "change")
    return _edit(request, interaction=None)


@require_http_methods(["GET", "POST"])
def interaction_update(request, pk):
    ensure_role(request.user, "partner", "change")
    interaction = get_object_or_404(Interaction.visible_to(request.user, "change"), pk=pk)
    return _edit(request, interaction=interaction)


def _edit(request, interaction):
    data = request.POST if request.method == "POST" else None
    if interaction is None:
        # "Register a contact" from an organisation's or an engagement's page fills that in; the form's
        # choices only hold what the user may pick, so another id is simply not preselected.
        initial = {
            name: int(request.GET[name])
            for name in ("organisation", "engagement")
            if request.GET.get(name, "").isdigit()
        }
        form = InteractionForm(data, user=request.user, initial=initial)
    else:
        form = InteractionForm(
            data,
            user=request.user,
            current_engagement_id=interaction.engagement_id,
            initial=InteractionForm.initial_for(interaction),
        )
    if data is not None and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("contacts", "participants")}
        people = {
            "contacts": list(form.cleaned_data["contacts"]),
            "participants": list(form.cleaned_data["participants"]),
        }
        try:
            if interaction is None:
                interaction = create_interaction(by=request.user, fields=fields, **people)
                messages.success(request, _("Kontakten ”%(subject)s” har sparats.") % {"subject": interaction.subject})
            else:
                update_interaction(interaction, by=request.user, fields=fields, **people)
                messages.success(
                    request, _("Ändringarna i ”%(subject)s” har sparats.") % {"subject": interaction.subject}
                )
            return redirect("partners:interaction_detail", pk=interaction.pk)
        except ValidationError as error:
            add_errors(form, error)
            if interaction is not None:  # the failed save changed the instance in memory
                interaction.refresh_from_db()
    return render(request, "partners/interaction_form.html", {"form": form, "interaction": interaction})
