"""The directory shared with local actors (R-31): networks, organisations and consenting contact persons.

Pages render only what directory.share() returns, never the partner records themselves. Every role that
may view the directory sees the same pages (internal users see what the local actors see).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_countries import countries

from utblick.core.editing import add_errors
from utblick.core.permissions import can, ensure_role
from utblick.partners.filters import swedish_sort_key
from utblick.partners.models import Contact
from utblick.register import directory
from utblick.register.actions import send_introduction_request
from utblick.register.directory import SharedNetwork, SharedOrganisation
from utblick.register.forms import DirectoryFilterForm, IntroductionRequestForm
from utblick.register.queries import own_requests


@require_GET
def directory_list(request):
    ensure_role(request.user, "directory", "view")
    form = DirectoryFilterForm(request.GET, countries=_countries_in_directory())
    filters = form.values()
    organisations, networks = directory.search(directory.organisations(), directory.networks(), filters["q"])
    if filters["country"]:
        organisations = organisations.filter(country=filters["country"])
        networks = networks.filter(organisation__in_directory=True, organisation__country=filters["country"])
    if filters["kind"]:
        organisations = organisations.filter(kind=filters["kind"])
        networks = networks.filter(organisation__in_directory=True, organisation__kind=filters["kind"])
    page = Paginator(organisations.order_by(Lower("name"), "pk"), settings.UTBLICK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # The networks are few: all of them on the first page, above the organisations.
    shown = directory.share([*(networks if page.number == 1 else ()), *page.object_list])
    return render(
        request,
        "register/directory.html",
        {
            "form": form,
            "filtered": any(filters.values()),
            "page": page,
            "organisations": [item for item in shown if isinstance(item, SharedOrganisation)],
            "networks": [item for item in shown if isinstance(item, SharedNetwork)],
            "can_handle": can(request.user, "change", "directory"),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_detail(request, pk):
    ensure_role(request.user, "directory", "view")
    organisation = get_object_or_404(directory.organisations(), pk=pk)
    shared, *networks = directory.share([organisation, *directory.networks().filter(organisation=organisation)])
    partner_url = reverse("partners:detail", kwargs={"pk": pk}) if can(request.user, "view", "partner") else ""
    return _detail_page(
        request,
        organisation,
        shared,
        "register/organisation_detail.html",
        {"networks": networks, "partner_url": partner_url},
    )


@require_http_methods(["GET", "POST"])
def network_detail(request, pk):
    ensure_role(request.user, "directory", "view")
    network = get_object_or_404(directory.networks(), pk=pk)
    shared = directory.share_one(network)
    partner_url = reverse("partners:network_detail", kwargs={"pk": pk}) if can(request.user, "view", "partner") else ""
    return _detail_page(request, network, shared, "register/network_detail.html", {"partner_url": partner_url})


def _detail_page(request, record, shared, template, context):
    """A directory page with the form "Be om en introduktion"; a sent request leads to the user's own list."""
    if request.method == "POST":
        form = IntroductionRequestForm(request.POST, shared=shared)
        if form.is_valid():
            data = form.cleaned_data
            try:
                send_introduction_request(
                    by=request.user,
                    target=record,
                    contact=Contact.objects.get(pk=data["contact"]) if data.get("contact") else None,
                    message=data["message"],
                    requester_organisation=data["requester_organisation"],
                    requester_phone=data["requester_phone"],
                    site_url=request.build_absolute_uri("/"),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                if request.user.email:
                    thanks = _(
                        "Tack! Din intresseanmälan är skickad till kommunens internationella samordnare. "
                        "Svaret kommer med e-post och visas här."
                    )
                else:
                    thanks = _(
                        "Tack! Din intresseanmälan är skickad till kommunens internationella samordnare. "
                        "Svaret visas här."
                    )
                messages.success(request, thanks)
                return redirect("register:my_requests")
    else:
        last = own_requests(request.user).values("requester_organisation", "requester_phone").first()
        form = IntroductionRequestForm(shared=shared, initial=last or {})
    return render(request, template, {**context, "item": shared, "form": form})


def _countries_in_directory() -> list[tuple[str, str]]:
    """[(code, name)] of the countries of the organisations in the directory, by their names in the user's language."""
    codes = set(directory.organisations().order_by().values_list("country", flat=True).distinct())
    return sorted(((code, str(countries.name(code))) for code in codes), key=lambda item: swedish_sort_key(item[1]))
