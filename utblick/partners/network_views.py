"""Pages for the municipality's memberships in networks: list, detail, add and edit. Writes go through partners.actions."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.editing import add_errors
from utblick.core.history import history_of
from utblick.core.permissions import can, ensure_role
from utblick.partners.actions import create_network, update_network
from utblick.partners.forms import NetworkForm
from utblick.partners.models import Network
from utblick.partners.search import search_networks


class NetworkFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Sök på namn, beskrivning eller syfte"),
        required=False,
        max_length=200,
        error_messages={"max_length": gettext_lazy("Skriv ett kortare sökord, högst %(limit_value)d tecken.")},
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Visa"),
        required=False,
        choices=[
            ("", gettext_lazy("Alla medlemskap")),
            ("active", gettext_lazy("Pågående medlemskap")),
            ("ended", gettext_lazy("Avslutade medlemskap")),
        ],
        error_messages={"invalid_choice": gettext_lazy("Välj pågående, avslutade eller alla medlemskap.")},
    )


@require_GET
def network_list(request):
    ensure_role(request.user, "partner", "view")
    networks = Network.objects.restrict(request.user, "view")
    form = NetworkFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        networks = search_networks(networks, query)  # the header's search box finds the same networks
    today = timezone.localdate()
    if status == "active":
        networks = networks.filter(Q(member_until__isnull=True) | Q(member_until__gte=today))
    elif status == "ended":
        networks = networks.filter(member_until__lt=today)
    networks = networks.select_related("representative", "organisation").order_by("name", "pk")
    page = Paginator(networks, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/network_list.html",
        {"form": form, "page": page, "status": status, "can_change": can(request.user, "change", "partner")},
    )


@require_GET
def network_detail(request, pk):
    ensure_role(request.user, "partner", "view")
    network = get_object_or_404(
        Network.objects.restrict(request.user, "view").select_related("organisation", "representative__unit"), pk=pk
    )
    return render(
        request,
        "partners/network_detail.html",
        {
            "network": network,
            "objectives": network.objectives.all(),
            "history": history_of(network)[:50],
            "can_change": can(request.user, "change", "partner"),
        },
    )


@require_http_methods(["GET", "POST"])
def network_create(request):
    ensure_role(request.user, "partner", "change")
    return _edit(request, network=None)


@require_http_methods(["GET", "POST"])
def network_update(request, pk):
    ensure_role(request.user, "partner", "change")
    network = get_object_or_404(Network.objects.restrict(request.user, "change"), pk=pk)
    return _edit(request, network=network)


def _edit(request, network):
    data = request.POST if request.method == "POST" else None
    form = NetworkForm(data) if network is None else NetworkForm(data, initial=NetworkForm.initial_for(network))
    if data is not None and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "objectives"}
        objectives = list(form.cleaned_data["objectives"])
        try:
            if network is None:
                network = create_network(by=request.user, fields=fields, objectives=objectives)
                messages.success(request, _("%(name)s har lagts till bland nätverken.") % {"name": network.name})
            else:
                update_network(network, by=request.user, fields=fields, objectives=objectives)
                messages.success(request, _("Ändringarna i %(name)s har sparats.") % {"name": network.name})
            return redirect("partners:network_detail", pk=network.pk)
        except ValidationError as error:
            add_errors(form, error)
            if network is not None:  # the failed save changed the instance in memory
                network.refresh_from_db()
    return render(request, "partners/network_form.html", {"form": form, "network": network})
