"""Pages of the partner register: list, detail, add and edit. Writes go through partners.actions."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.editing import add_errors
from utblick.core.history import history_of
from utblick.core.permissions import Scope, access_for, can, ensure_role
from utblick.engagements.models import Engagement, Participation
from utblick.engagements.views.handover import relation_context as handover_relation_context
from utblick.partners.actions import DuplicateOrganisation, create_organisation, update_organisation
from utblick.partners.filters import OrganisationFilter
from utblick.partners.forms import OrganisationForm
from utblick.partners.models import Affiliation, Contact, Interaction, Organisation, engagement_years

NEXT_PARAM = "next"
# Added to `next` after a create, so the page the user came from can pick the new organisation.
NEW_PARTNER_PARAM = "ny_partner"


def _visible_engagements(user):
    """The engagements the user may see, or None when that is all of them (a cheaper query)."""
    if access_for(user).scope("engagement", "view") is Scope.ALL:
        return None
    return Engagement.objects.restrict(user, "view").values("pk")


def with_engagement_counts(queryset, user):
    """Annotate how many engagements each organisation takes part in, counting only those the user may see.

    An aggregate: a paginator's COUNT over it would group every row, so the list page counts per page instead.
    """
    visible = _visible_engagements(user)
    if visible is None:
        return queryset.annotate(engagement_count=Count("participations", distinct=True))
    return queryset.annotate(
        engagement_count=Count("participations", filter=Q(participations__engagement__in=visible), distinct=True)
    )


def filtered_organisations(user, params) -> OrganisationFilter:
    """The list's filters over the organisations the user may see, each marked established or not."""
    organisations = Organisation.objects.restrict(user, "view").with_established(_visible_engagements(user))
    return OrganisationFilter(params, queryset=organisations)


def _count_engagements(organisations: list[Organisation], user) -> None:
    """Set `engagement_count` on one page of organisations, in one query."""
    counts = dict(
        with_engagement_counts(Organisation.objects.filter(pk__in=[o.pk for o in organisations]), user)
        .order_by()
        .values_list("pk", "engagement_count")
    )
    for organisation in organisations:
        organisation.engagement_count = counts.get(organisation.pk, 0)


@require_GET
def organisation_list(request):
    ensure_role(request.user, "partner", "view")
    filterset = filtered_organisations(request.user, request.GET)
    page = Paginator(filterset.qs, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    _count_engagements(page.object_list, request.user)
    return render(
        request,
        "partners/list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "sort": filterset.current_sort,
            "can_change": can(request.user, "change", "partner"),
            "can_import": can(request.user, "change", "partner_admin"),
        },
    )


@require_GET
def organisation_detail(request, pk):
    organisation = get_object_or_404(
        Organisation.objects.restrict(request.user, "view").with_established(_visible_engagements(request.user)),
        pk=pk,
    )
    participations = list(
        Participation.objects.filter(
            organisation=organisation, engagement__in=Engagement.objects.restrict(request.user, "view")
        )
        .select_related("engagement", "engagement__owner_unit")
        .order_by("-engagement__start_date", "-engagement__pk")
    )
    return render(
        request,
        "partners/detail.html",
        {
            "organisation": organisation,
            "participations": participations,
            "established_years": engagement_years(p.engagement for p in participations),
            "affiliations": Affiliation.objects.filter(
                organisation=organisation, contact__in=Contact.objects.restrict(request.user, "view")
            )
            .select_related("contact")
            .order_by("contact__name", "pk"),
            # Only web addresses become links, even for rows written past the actions (admin, imports).
            # The latest interactions the user may see; the list page has the rest.
            "interactions": Interaction.visible_to(request.user)
            .filter(organisation=organisation)
            .select_related("engagement")
            .order_by("-date", "-pk")[:10],
            "website_is_link": organisation.website.lower().startswith(("http://", "https://")),
            "history": history_of(organisation)[:50],
            "can_change": can(request.user, "change", "partner"),
            # Handover of the relation to Kommunstyrelsen: who is responsible, who knows whom.
            **handover_relation_context(request.user, organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request):
    ensure_role(request.user, "partner", "change")
    next_url = _safe_next(request)
    duplicate = None
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            try:
                organisation = create_organisation(by=request.user, fields=form.cleaned_data)
            except DuplicateOrganisation as error:
                duplicate = error.existing
                add_errors(form, error)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s har lagts till i partnerregistret.") % {"name": organisation.name}
                )
                if next_url:
                    return redirect(_add_param(next_url, NEW_PARTNER_PARAM, organisation.pk))
                return redirect("partners:detail", pk=organisation.pk)
    else:
        form = OrganisationForm()
    return _render_form(request, form, organisation=None, next_url=next_url, duplicate=duplicate)


@require_http_methods(["GET", "POST"])
def organisation_update(request, pk):
    ensure_role(request.user, "partner", "change")
    organisation = get_object_or_404(Organisation.objects.restrict(request.user, "change"), pk=pk)
    next_url = _safe_next(request)
    duplicate = None
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            try:
                update_organisation(organisation, by=request.user, fields=form.cleaned_data)
            except DuplicateOrganisation as error:
                duplicate = error.existing
                add_errors(form, error)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Ändringarna i %(name)s har sparats.") % {"name": organisation.name})
                return redirect(next_url or organisation_url(organisation))
            # The failed save changed the instance in memory; show the stored name in the heading.
            organisation.refresh_from_db()
    else:
        form = OrganisationForm(initial=OrganisationForm.initial_for(organisation))
    return _render_form(request, form, organisation=organisation, next_url=next_url, duplicate=duplicate)


def organisation_url(organisation: Organisation) -> str:
    return reverse("partners:detail", kwargs={"pk": organisation.pk})


def _render_form(request, form, *, organisation, next_url, duplicate):
    return render(
        request,
        "partners/form.html",
        {
            "form": form,
            "organisation": organisation,
            "next_url": next_url,
            "duplicate": duplicate,
            "cancel_url": next_url or (organisation_url(organisation) if organisation else None),
        },
    )


def _safe_next(request) -> str:
    """The page to return to after saving, only when it is on this site (no open redirects)."""
    url = request.POST.get(NEXT_PARAM) or request.GET.get(NEXT_PARAM) or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _add_param(url: str, name: str, value) -> str:
    parts = urlsplit(url)
    query = f"{parts.query}&{urlencode({name: value})}" if parts.query else urlencode({name: value})
    return urlunsplit(parts._replace(query=query))
