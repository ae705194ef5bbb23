"""Pages for contact persons at partner organisations: list, detail, add and edit. Writes go through partners.actions."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.editing import add_errors
from utblick.core.history import history_of
from utblick.core.permissions import can, ensure_role
from utblick.partners import gdpr
from utblick.partners.actions import create_contact, update_contact
from utblick.partners.forms import AffiliationFormSet, ContactForm
from utblick.partners.models import Affiliation, Contact
from utblick.partners.search import search_contacts


class ContactSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Sök på namn, titel, e-post eller organisation"),
        required=False,
        max_length=200,
        error_messages={"max_length": gettext_lazy("Skriv ett kortare sökord, högst %(limit_value)d tecken.")},
    )


def _with_organisations(queryset):
    return queryset.prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation"))
    )


def searched_contacts(user, params):
    """(search form, query, the contacts the user may see that match it): the list page and its export."""
    contacts = Contact.objects.restrict(user, "view")
    form = ContactSearchForm(params)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        contacts = search_contacts(contacts, query)  # the header's search box finds the same contacts
    return form, query, contacts


@require_GET
def contact_list(request):
    ensure_role(request.user, "partner", "view")
    form, query, contacts = searched_contacts(request.user, request.GET)
    page = Paginator(_with_organisations(contacts.order_by("name", "pk")), settings.UTBLICK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partners/contact_list.html",
        {"form": form, "page": page, "query": query, "can_change": can(request.user, "change", "partner")},
    )


@require_GET
def contact_detail(request, pk):
    ensure_role(request.user, "partner", "view")
    contact = get_object_or_404(_with_organisations(Contact.objects.restrict(request.user, "view")), pk=pk)
    return render(
        request,
        "partners/contact_detail.html",
        {
            "contact": contact,
            "known_by": contact.known_by.select_related("unit"),
            "history": history_of(contact)[:50],
            "can_change": can(request.user, "change", "partner"),
            "gdpr": gdpr.facts(contact),
            "can_administer": can(request.user, "change", "partner_admin"),
        },
    )


@require_http_methods(["GET", "POST"])
def contact_create(request):
    ensure_role(request.user, "partner", "change")
    return _edit(request, contact=None)


@require_http_methods(["GET", "POST"])
def contact_update(request, pk):
    ensure_role(request.user, "partner", "change")
    contact = get_object_or_404(Contact.objects.restrict(request.user, "change"), pk=pk)
    return _edit(request, contact=contact)


def _edit(request, contact):
    data = request.POST if request.method == "POST" else None
    if contact is None:
        form = ContactForm(data)
        initial = []
        organisation = request.GET.get("organisation", "")
        if organisation.isdigit():  # "add a contact" from an organisation's page
            initial.append({"organisation": int(organisation)})
    else:
        form = ContactForm(data, initial=ContactForm.initial_for(contact))
        initial = [{"organisation": a.organisation_id, "role": a.role} for a in contact.affiliations.all()]
    organisations = AffiliationFormSet(data, prefix="organisations", initial=initial)
    if data is not None and form.is_valid() and organisations.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "known_by"}
        links = {"affiliations": organisations.affiliations(), "known_by": list(form.cleaned_data["known_by"])}
        try:
            if contact is None:
                contact = create_contact(by=request.user, fields=fields, **links)
                messages.success(request, _("%(name)s har lagts till som kontaktperson.") % {"name": contact.name})
            else:
                update_contact(contact, by=request.user, fields=fields, **links)
                messages.success(request, _("Ändringarna i %(name)s har sparats.") % {"name": contact.name})
            return redirect("partners:contact_detail", pk=contact.pk)
        except ValidationError as error:
            add_errors(form, error)
            if contact is not None:  # the failed save changed the instance in memory
                contact.refresh_from_db()
    return render(
        request, "partners/contact_form.html", {"form": form, "organisations": organisations, "contact": contact}
    )
