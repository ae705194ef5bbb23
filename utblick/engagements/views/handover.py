"""Pages for handovers to Kommunstyrelsen (R-25): propose (an engagement or a partner relation), the list, the
detail page with the coordinator's answer, and the sections on the engagement and partner pages."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.core.permissions import allows, can, ensure_role
from utblick.engagements import handover_actions as actions
from utblick.engagements import handover_rules as rules
from utblick.engagements.handover_forms import (
    AcceptForm,
    DeclineForm,
    HandoverForm,
    KnowledgeFormSet,
    RelationHandoverForm,
)
from utblick.engagements.models_handover import Handover, HandoverKnowledge
from utblick.engagements.views.access import get_changeable_engagement
from utblick.organisation.models import OrgUnit
from utblick.partners.models import Contact, Organisation

KNOWLEDGE_PREFIX = "kunskap"


def _add_errors(form, exc: ValidationError) -> None:
    """An action's Swedish sentences go next to the fields they concern; the knowledge rows' above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.error_dict.items():
        if field == "knowledge":
            form.add_error(
                None, [_("Kunskapen om relationen: %(error)s") % {"error": m} for e in errors for m in e.messages]
            )
        else:
            form.add_error(field if field in form.fields else None, errors)


def _valid(request, form, formset) -> bool:
    """Both forms valid, and at least one knowledge row: that sentence shows even when other fields are wrong."""
    if request.method != "POST":
        return False
    valid = form.is_valid() & formset.is_valid()
    if formset.is_valid() and not formset.rows():
        form.add_error(None, rules.NO_KNOWLEDGE())
        valid = False
    return valid


def _propose_page(request, *, form, formset, title, subject, back_url, refusal=""):
    return render(
        request,
        "engagements/handover_form.html",
        {
            "form": form,
            "formset": formset,
            "title": title,
            "subject": subject,
            "back_url": back_url,
            "refusal": refusal,
        },
    )


def propose_engagement(request, pk):
    """A unit proposes that one of its engagements goes to Kommunstyrelsen."""
    engagement = get_changeable_engagement(request, pk)
    contacts = Contact.objects.filter(organisations__participations__engagement=engagement).distinct()
    form = HandoverForm(request.POST or None)
    formset = KnowledgeFormSet(request.POST or None, prefix=KNOWLEDGE_PREFIX, contacts=contacts)
    refusal = rules.engagement_refusal(engagement)
    if _valid(request, form, formset):
        try:
            handover = actions.propose_engagement_handover(
                engagement, by=request.user, fields=form.cleaned_data, knowledge=formset.rows()
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Förslaget om överlämning är skickat till samordnaren."))
            return redirect("engagements:handover_detail", handover=handover.pk)
    return _propose_page(
        request,
        form=form,
        formset=formset,
        title=_("Föreslå överlämning till Kommunstyrelsen"),
        subject=engagement.title,
        back_url=reverse("engagements:detail", args=[engagement.pk]),
        refusal=refusal,
    )


def propose_relation(request, organisation):
    """A unit proposes that its relation with a partner organisation goes to Kommunstyrelsen."""
    ensure_role(request.user, "engagement", "change")
    organisation = get_object_or_404(Organisation.objects.restrict(request.user, "view"), pk=organisation)
    if not rules.may_propose_relation(request.user):
        raise PermissionDenied
    engagements = list(rules.relation_engagements(organisation, request.user))
    units = list(rules.proposable_units(request.user))
    form = RelationHandoverForm(request.POST or None, units=units, engagements=engagements)
    contacts = Contact.objects.filter(organisations=organisation).distinct()
    formset = KnowledgeFormSet(request.POST or None, prefix=KNOWLEDGE_PREFIX, contacts=contacts)
    if _valid(request, form, formset):
        data = dict(form.cleaned_data)
        try:
            handover = actions.propose_relation_handover(
                organisation,
                by=request.user,
                from_unit=data.pop("from_unit"),
                included=data.pop("included_engagements"),
                fields=data,
                knowledge=formset.rows(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Förslaget om överlämning är skickat till samordnaren."))
            return redirect("engagements:handover_detail", handover=handover.pk)
    refusal = ""
    if organisation.relation_unit_id and organisation.relation_unit_id in rules.receiving_ids():
        refusal = _("Relationen med %(name)s ägs redan av Kommunstyrelsen och behöver inte lämnas över.") % {
            "name": organisation.name
        }
    return _propose_page(
        request,
        form=form,
        formset=formset,
        title=_("Föreslå överlämning av relationen till Kommunstyrelsen"),
        subject=organisation.name,
        back_url=reverse("partners:detail", args=[organisation.pk]),
        refusal=refusal,
    )


def _listed(queryset):
    return queryset.select_related(
        "engagement", "organisation", "from_unit", "to_unit", "proposed_by", "answered_by"
    ).order_by("-proposed_at", "-pk")


def handover_list(request):
    """Open proposals first, then those answered; the coordinator sees all, others their units' proposals."""
    ensure_role(request.user, "engagement", "view")
    visible = rules.visible_handovers(request.user)
    open_ = list(_listed(visible.filter(state=Handover.State.PROPOSED)))
    answered = Paginator(_listed(visible.exclude(state=Handover.State.PROPOSED)), settings.UTBLICK_PAGE_SIZE)
    page = answered.get_page(request.GET.get("page"))
    return render(
        request,
        "engagements/handover_list.html",
        {"open": open_, "page": page, "is_coordinator": rules.is_coordinator(request.user)},
    )


def _handover(request, pk: int) -> Handover:
    return get_object_or_404(
        rules.viewable_handovers(request.user).select_related(
            "engagement__owner_unit",
            "engagement__responsible_officer",
            "engagement__responsible_politician",
            "organisation",
            "from_unit",
            "to_unit",
            "proposed_by",
            "answered_by",
        ),
        pk=pk,
    )


def _detail_page(request, handover, *, accept_form=None, decline_form=None, status=200):
    coordinator = rules.is_coordinator(request.user) and handover.state == Handover.State.PROPOSED
    units = rules.receiving_units()
    if coordinator and accept_form is None:
        default = units.filter(kind=OrgUnit.Kind.KOMMUNSTYRELSE).order_by("pk").first()
        accept_form = AcceptForm(units=units, initial={"to_unit": default.pk if default else None})
    if coordinator and decline_form is None:
        decline_form = DeclineForm()
    return render(
        request,
        "engagements/handover_detail.html",
        {
            "handover": handover,
            "knowledge": handover.knowledge.select_related("person", "contact"),
            "included": handover.included_engagements.select_related("owner_unit").order_by("title", "pk")
            if handover.organisation_id
            else [],
            "accept_form": accept_form if coordinator else None,
            "decline_form": decline_form if coordinator else None,
            "may_withdraw": rules.may_withdraw(request.user, handover),
            "may_see_engagement": bool(handover.engagement_id) and allows(request.user, "view", handover.engagement),
        },
        status=status,
    )


def _refused(request, handover, exc):
    for message in exc.messages:
        messages.error(request, message)
    return redirect("engagements:handover_detail", handover=handover.pk)


def handover_detail(request, handover):
    return _detail_page(request, _handover(request, handover))


@require_POST
def accept(request, handover):
    """Only a coordinator accepts: anyone else is refused here and again in the action."""
    handover = _handover(request, handover)
    rules.ensure_coordinator(request.user)
    form = AcceptForm(request.POST, units=rules.receiving_units())
    if form.is_valid():
        try:
            actions.accept_handover(
                handover,
                by=request.user,
                to_unit=form.cleaned_data["to_unit"],
                officer=form.cleaned_data["officer"],
                politician=form.cleaned_data["politician"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # answered meanwhile: say so on the fresh page
                return _refused(request, handover, exc)
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Överlämningen är mottagen. %(unit)s är nu ansvarig.") % {"unit": handover.to_unit.name},
            )
            return redirect("engagements:handover_detail", handover=handover.pk)
    handover.refresh_from_db()
    return _detail_page(request, handover, accept_form=form)


@require_POST
def decline(request, handover):
    handover = _handover(request, handover)
    rules.ensure_coordinator(request.user)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            actions.decline_handover(handover, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                return _refused(request, handover, exc)
            _add_errors(form, exc)
        else:
            messages.success(request, _("Förslaget är avböjt. Enheten har fått besked med ditt skäl."))
            return redirect("engagements:handover_detail", handover=handover.pk)
    handover.refresh_from_db()
    return _detail_page(request, handover, decline_form=form)


@require_POST
def withdraw(request, handover):
    handover = _handover(request, handover)
    try:
        actions.withdraw_handover(handover, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Förslaget är återkallat."))
    return redirect("engagements:handover_detail", handover=handover.pk)


# Sections on other pages


def engagement_section(user, engagement, *, can_change: bool) -> dict:
    """The engagement page's handover section: open proposal, earlier handovers, knowledge holders and notes.

    A fixed number of queries whatever the number of handovers or knowledge rows.
    """
    handovers = list(
        Handover.objects.filter(Q(engagement=engagement) | Q(included_engagements=engagement))
        .select_related("to_unit", "from_unit", "organisation")
        .distinct()
        .order_by("-proposed_at", "-pk")
    )
    open_handover = next((h for h in handovers if h.state == Handover.State.PROPOSED), None)
    accepted = [h.pk for h in handovers if h.state == Handover.State.ACCEPTED]
    notes = list(
        HandoverKnowledge.objects.filter(handover__in=accepted).select_related("person", "contact").order_by("pk")
        if accepted
        else []
    )
    # A relation's handover may concern other engagements too: its page opens only for those who may see it.
    openable = set(
        rules.viewable_handovers(user).filter(pk__in=[h.pk for h in handovers]).values_list("pk", flat=True)
        if handovers
        else []
    )
    for h in handovers:
        h.openable = h.pk in openable
    holders = list(engagement.knowledge_holders.all())
    noted = {row.person_id for row in notes}
    refusal = ""
    if can_change:
        refusal = rules.engagement_refusal(engagement, open_exists=open_handover is not None)
    return {
        "open": open_handover,
        "earlier": [h for h in handovers if h is not open_handover],
        "notes": notes,
        "holders_without_note": [p for p in holders if p.pk not in noted],
        "has_holders": bool(holders or notes),
        "can_propose": can_change and not refusal,
        "refusal": refusal if can_change and open_handover is None else "",
    }


def relation_context(user, organisation) -> dict:
    """For the partner page: who is responsible for the relation, the knowledge from its handovers, the proposal link."""
    handovers = list(
        rules.visible_handovers(user)
        .filter(organisation=organisation)
        .select_related("from_unit", "to_unit")
        .order_by("-proposed_at", "-pk")
    )
    accepted = [h.pk for h in handovers if h.state == Handover.State.ACCEPTED]
    knowledge = list(
        HandoverKnowledge.objects.filter(handover__in=accepted).select_related("person", "contact").order_by("pk")
        if accepted
        else []
    )
    already = organisation.relation_unit_id is not None and organisation.relation_unit_id in rules.receiving_ids()
    return {
        "relation_handovers": handovers,
        "relation_knowledge": knowledge,
        "may_propose_handover": rules.may_propose_relation(user)
        and can(user, "change", "engagement")
        and not already
        and not any(h.state == Handover.State.PROPOSED for h in handovers),
    }
