"""Pages of "Fråga samordnaren" (R-26): asking, the conversation, the coordinator's list, and the FAQ.

Access: the external actor is refused (403). A request is found only by its asker and the coordinators, so anyone
else gets 404; the asker who tries the coordinator's answer (or the coordinator the asker's follow-up) gets 403.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.core.editing import submit
from utblick.core.history import history_of
from utblick.core.permissions import ensure_role
from utblick.core.search import words_of
from utblick.knowledge import advice_actions as actions
from utblick.knowledge.advice_forms import AdviceFilterForm, AdviceRequestForm, FaqForm, FaqSearchForm, MessageForm
from utblick.knowledge.models_advice import AdviceRequest, AdviceState, FaqCategory, FaqEntry


def _get_request(request, pk: int) -> AdviceRequest:
    ensure_role(request.user, "advice", "view")
    return get_object_or_404(
        AdviceRequest.objects.restrict(request.user, "view").select_related("asker", "engagement", "area"), pk=pk
    )


def _rank(field: str, values) -> Case:
    """An ordering by the position of the field's value in `values` (e.g. the choices' own order)."""
    return Case(*(When(**{field: v}, then=Value(i)) for i, v in enumerate(values)), output_field=IntegerField())


# Requests


def advice_list(request):
    """The asker's own requests; for the coordinator every request, those waiting longest first."""
    ensure_role(request.user, "advice", "view")
    coordinator = actions.is_coordinator(request.user)
    form = AdviceFilterForm(request.GET)
    requests = AdviceRequest.objects.restrict(request.user, "view")
    if form.is_valid() and form.cleaned_data["state"]:
        requests = requests.filter(state=form.cleaned_data["state"])
    requests = requests.select_related("asker").order_by(
        _rank("state", AdviceState.values),
        Case(When(state=AdviceState.OPEN, then="waiting_since")).asc(),
        "-last_activity_at",
        "-pk",
    )
    page = Paginator(requests, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/advice_list.html",
        {"page": page, "form": form, "coordinator": coordinator, "filtered": bool(request.GET.get("state"))},
    )


def advice_create(request):
    """Ask the coordinator for advice."""
    ensure_role(request.user, "advice", "view")
    form = AdviceRequestForm(request.POST or None, user=request.user)
    holder = {}

    def save(data):
        holder["advice"] = actions.ask(by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(
            request, _("Din fråga är skickad till samordnaren. Du får en avisering när den har besvarats.")
        )
        return redirect("knowledge:advice_detail", pk=holder["advice"].pk)
    return render(request, "knowledge/advice_form.html", {"form": form})


def _answer_form(data=None, **kwargs):
    return MessageForm(
        data, label=_("Ditt svar"), required_message=_("Skriv ditt svar till den som frågade."), **kwargs
    )


def _follow_up_form(data=None, **kwargs):
    return MessageForm(
        data, label=_("Din följdfråga"), required_message=_("Skriv din följdfråga till samordnaren."), **kwargs
    )


def _detail(request, advice: AdviceRequest, *, answer_form=None, follow_up_form=None):
    coordinator = actions.is_coordinator(request.user)
    is_asker = advice.asker_id == request.user.pk
    thread = list(advice.messages.all())
    seen = {"seen": thread[-1].pk if thread else 0}
    faq = FaqEntry.objects.filter(request=advice).first()
    if coordinator and answer_form is None:
        answer_form = _answer_form(initial=seen, prefix="answer")
    if is_asker and follow_up_form is None:
        follow_up_form = _follow_up_form(initial=seen, prefix="follow")
    return render(
        request,
        "knowledge/advice_detail.html",
        {
            "advice": advice,
            "thread": thread,
            "coordinator": coordinator,
            "is_asker": is_asker,
            "answer_form": answer_form if coordinator else None,
            "follow_up_form": follow_up_form if is_asker else None,
            "can_close": advice.state != AdviceState.CLOSED,
            "can_publish": coordinator and any(m.from_coordinator for m in thread),
            "faq": faq,
            "history": history_of(advice) if coordinator else None,
        },
    )


def advice_detail(request, pk):
    """One request and its conversation, with the forms its reader may use."""
    return _detail(request, _get_request(request, pk))


@require_POST
def advice_answer(request, pk):
    advice = _get_request(request, pk)
    ensure_role(request.user, "advice", "change")
    form = _answer_form(request.POST, prefix="answer")
    holder = {}

    def save(data):
        holder["crossed"] = actions.answer(advice, by=request.user, text=data["text"], seen=data.get("seen"))[1]

    if not submit(form, save):
        return _detail(request, advice, answer_form=form)
    messages.success(request, _("Svaret är skickat till den som frågade."))
    if holder["crossed"]:
        messages.warning(
            request,
            _("Någon annan skrev i samtalet medan du skrev ditt svar. Båda är sparade; läs igenom samtalet nedan."),
        )
    return redirect("knowledge:advice_detail", pk=advice.pk)


@require_POST
def advice_follow_up(request, pk):
    advice = _get_request(request, pk)
    if advice.asker_id != request.user.pk:
        raise PermissionDenied
    form = _follow_up_form(request.POST, prefix="follow")

    def save(data):
        actions.follow_up(advice, by=request.user, text=data["text"])

    if not submit(form, save):
        return _detail(request, advice, follow_up_form=form)
    messages.success(request, _("Följdfrågan är skickad. Frågan väntar nu på svar från samordnaren igen."))
    return redirect("knowledge:advice_detail", pk=advice.pk)


@require_POST
def advice_close(request, pk):
    advice = _get_request(request, pk)
    try:
        actions.close(advice, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Frågan är avslutad. Skriv en följdfråga om du vill öppna den igen."))
    return redirect("knowledge:advice_detail", pk=advice.pk)


# The FAQ


def faq_publish(request, pk):
    """The coordinator writes the FAQ entry from an answered request (or edits it) and publishes it."""
    advice = _get_request(request, pk)
    ensure_role(request.user, "advice", "change")
    entry = FaqEntry.objects.filter(request=advice).first()
    if entry is not None:
        initial = {
            "question": entry.question,
            "answer": entry.answer,
            "category": entry.category,
            "area": entry.area_id,
        }
    else:
        last = advice.messages.filter(from_coordinator=True).order_by("-created_at", "-pk").first()
        initial = {"question": advice.question, "answer": last.text if last else "", "area": advice.area_id}
    form = FaqForm(request.POST or None, initial=initial)
    holder = {}

    def save(data):
        holder["entry"] = actions.publish_faq(advice, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Frågan är publicerad bland de vanliga frågorna."))
        return redirect("knowledge:faq_detail", pk=holder["entry"].pk)
    return render(request, "knowledge/faq_form.html", {"form": form, "advice": advice, "entry": entry})


@require_POST
def faq_unpublish(request, pk):
    ensure_role(request.user, "advice", "view")
    entry = get_object_or_404(FaqEntry.objects.restrict(request.user, "view"), pk=pk)
    ensure_role(request.user, "advice", "change")
    try:
        actions.unpublish_faq(entry, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Frågan är avpublicerad. Du kan publicera den igen från den ursprungliga frågan."))
    return redirect("knowledge:faq_detail", pk=entry.pk)


def faq_list(request):
    """The published FAQ entries by category, with free-text search over question and answer."""
    ensure_role(request.user, "advice", "view")
    form = FaqSearchForm(request.GET)
    entries = FaqEntry.objects.filter(is_published=True).select_related("area")
    valid = form.is_valid()
    if valid:
        for word in words_of(form.cleaned_data["q"].lower()):
            entries = entries.filter(search_text__contains=word)
        if form.cleaned_data["category"]:
            entries = entries.filter(category=form.cleaned_data["category"])
    else:
        entries = entries.none()
    entries = entries.order_by(_rank("category", FaqCategory.values), "-published_at", "-pk")
    page = Paginator(entries, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/faq_list.html",
        {
            "form": form,
            "page": page,
            "valid": valid,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "coordinator": actions.is_coordinator(request.user),
        },
    )


def faq_detail(request, pk):
    ensure_role(request.user, "advice", "view")
    entry = get_object_or_404(FaqEntry.objects.restrict(request.user, "view").select_related("area"), pk=pk)
    coordinator = actions.is_coordinator(request.user)
    return render(
        request,
        "knowledge/faq_detail.html",
        {"entry": entry, "coordinator": coordinator, "history": history_of(entry) if coordinator else None},
    )
