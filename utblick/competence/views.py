"""The competence register's pages: search, one's own profile (edit, download, delete), a colleague's profile
(only the parts they show), coverage per unit and the EU knowledge list (the coordinator's).

Every internal role searches and keeps a profile; the external actor gets 403. A profile nobody may see is 404.
"""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.competence import actions
from utblick.competence import search as finding
from utblick.competence.coverage import chart_svg, coverage
from utblick.competence.forms import EuKnowledgeForm, ExperienceForm, LanguageForm, ProfileForm, SearchForm
from utblick.competence.languages import language_name
from utblick.competence.models import PARTS, CompetenceProfile, EuKnowledge, Visibility, display_name
from utblick.core.editing import submit
from utblick.core.history import history_of
from utblick.core.permissions import can, ensure_role

PAGE_SIZE = 20
MAX_WHY = 6


def search(request):
    ensure_role(request.user, "competence", "view")
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    query = finding.parse(text) if text else finding.ParsedQuery()
    page = None
    if query:
        hits = finding.find(request.user, query)
        page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
        finding.with_people(list(page.object_list))
        for hit in page.object_list:
            hit.more = max(0, len(hit.why) - MAX_WHY)
            hit.why = hit.why[:MAX_WHY]
    return render(
        request,
        "competence/search.html",
        {
            "form": form,
            "text": text,
            "understood": query.describe(),
            "page": page,
            "has_profile": CompetenceProfile.objects.filter(user=request.user).exists(),
            "can_admin": can(request.user, "view", "competence_admin"),
        },
    )


def _register_experience(profile, viewer) -> dict:
    """The engagements the person was responsible for and the trips they travelled on, among those the viewer may
    see: a secret engagement is not named to someone who may not see it."""
    from utblick.engagements.models import Engagement
    from utblick.engagements.models_trips import Trip

    person = getattr(profile.user, "person", None)
    if person is None:
        return {"engagements": [], "trips": []}
    visible = Engagement.objects.restrict(viewer, "view")
    engagements = (
        visible.filter(Q(responsible_officer=person) | Q(responsible_politician=person))
        .only("id", "title", "start_date", "end_date", "status")
        .distinct()
    )
    trips = (
        Trip.objects.filter(travellers=person, engagement__in=visible)
        .select_related("engagement")
        .only("pk", "destination", "country", "start_date", "end_date", "engagement__id", "engagement__title")
        .order_by("-start_date", "pk")
    )
    return {"engagements": list(engagements.order_by("-start_date", "pk")), "trips": list(trips)}


def _profile_context(profile, viewer) -> dict:
    own = profile.user_id == viewer.pk
    shows = {part: profile.shows(part, viewer) for part, _label in PARTS}
    context = {
        "profile": profile,
        "own": own,
        "name": display_name(profile.user),
        "person": getattr(profile.user, "person", None),
        "shows": shows,
        "nothing_shown": not any(shows.values()),
        "parts": [
            {"key": part, "label": label, "visible": getattr(profile, f"show_{part}") == Visibility.VISIBLE}
            for part, label in PARTS
        ],
        "languages": [
            {"name": language_name(s.language), "level": s.level, "skill": s} for s in profile.languages.all()
        ]
        if shows["languages"]
        else [],
        "eu": list(profile.eu_knowledge.order_by("name")) if shows["eu"] else [],
        "experiences": list(profile.experiences.all()) if shows["experience"] else [],
        "networks": list(profile.networks.restrict(viewer, "view").order_by("name", "pk")) if shows["networks"] else [],
        "other_networks": actions.other_network_lines(profile) if shows["networks"] else [],
        "network_pages": can(viewer, "view", "partner"),
        "register": _register_experience(profile, viewer) if shows["engagements"] else None,
    }
    context["languages"].sort(key=lambda row: row["name"])
    return context


def mine(request):
    ensure_role(request.user, "competence", "change")
    profile = actions.profile_of(request.user)
    if profile is None:
        return render(request, "competence/mine_empty.html", {})
    context = _profile_context(profile, request.user)
    context["language_form"] = LanguageForm()
    return render(request, "competence/profile.html", context)


@require_POST
def start(request):
    """Make the employee's (empty, private) profile and take them to it."""
    ensure_role(request.user, "competence", "change")
    actions.profile_of(request.user, create=True)
    messages.success(request, _("Din kompetensprofil är skapad. Inget i den syns för andra förrän du väljer det."))
    return redirect("competence:mine")


def _own_profile(request) -> CompetenceProfile:
    ensure_role(request.user, "competence", "change")
    profile = actions.profile_of(request.user)
    if profile is None:
        raise Http404
    return profile


def edit(request):
    profile = _own_profile(request)
    form = ProfileForm(request.POST or None, profile=profile, initial=ProfileForm.initial_for(profile))

    def save(data):
        actions.update_profile(
            profile, by=request.user, fields=data, eu_knowledge=data["eu_knowledge"], networks=data["networks"]
        )

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Din profil är sparad."))
        return redirect("competence:mine")
    return render(
        request, "competence/form.html", {"form": form, "title": _("Ändra din profil"), "submit": _("Spara profilen")}
    )


def language(request):
    profile = _own_profile(request)
    form = LanguageForm(request.POST or None)

    def save(data):
        actions.set_language(profile, by=request.user, language=data["language"], level=data["level"])

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Språket är sparat."))
        return redirect("competence:mine")
    return render(
        request, "competence/form.html", {"form": form, "title": _("Lägg till ett språk"), "submit": _("Spara språket")}
    )


@require_POST
def remove_language(request, skill):
    profile = _own_profile(request)
    item = get_object_or_404(profile.languages, pk=skill)
    item.profile = profile
    actions.remove_language(item, by=request.user)
    messages.success(request, _("Språket är borttaget från din profil."))
    return redirect("competence:mine")


def experience(request, item=None):
    profile = _own_profile(request)
    entry = get_object_or_404(profile.experiences, pk=item) if item is not None else None
    form = ExperienceForm(request.POST or None, initial=ExperienceForm.initial_for(entry) if entry else None)

    def save(data):
        actions.save_experience(profile, entry, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Erfarenheten är sparad."))
        return redirect("competence:mine")
    title = _("Ny internationell erfarenhet") if entry is None else _("Ändra erfarenheten")
    return render(request, "competence/form.html", {"form": form, "title": title, "submit": _("Spara erfarenheten")})


@require_POST
def remove_experience(request, item):
    profile = _own_profile(request)
    entry = get_object_or_404(profile.experiences, pk=item)
    entry.profile = profile
    actions.remove_experience(entry, by=request.user)
    messages.success(request, _("Erfarenheten är borttagen från din profil."))
    return redirect("competence:mine")


def download(request):
    profile = _own_profile(request)
    data = actions.export_profile(profile, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="kompetensprofil.json"'
    return response


def delete(request):
    profile = _own_profile(request)
    if request.method == "POST":
        actions.delete_profile(profile, by=request.user)
        messages.success(request, _("Din kompetensprofil och allt i den är raderat."))
        return redirect("competence:index")
    return render(request, "competence/delete.html", {"profile": profile})


def colleague(request, user):
    ensure_role(request.user, "competence", "view")
    profile = get_object_or_404(
        CompetenceProfile.objects.restrict(request.user, "view").select_related("user", "user__person__unit"),
        user_id=user,
        user__is_active=True,
    )
    if profile.user_id == request.user.pk:
        return redirect("competence:mine")
    return render(request, "competence/profile.html", _profile_context(profile, request.user))


# The coordinator's pages


def coverage_page(request):
    ensure_role(request.user, "competence_admin", "view")
    data = coverage()
    return render(request, "competence/coverage.html", {"data": data, "chart": chart_svg(data)})


def eu_list(request):
    ensure_role(request.user, "competence_admin", "view")
    return render(
        request, "competence/eu_list.html", {"areas": list(EuKnowledge.objects.order_by("-is_active", "name"))}
    )


def eu_edit(request, area=None):
    ensure_role(request.user, "competence_admin", "change")
    entry = get_object_or_404(EuKnowledge, pk=area) if area is not None else None
    initial = {"name": entry.name, "aliases": entry.aliases} if entry else None
    form = EuKnowledgeForm(request.POST or None, initial=initial)

    def save(data):
        actions.save_eu_knowledge(entry, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Området är sparat i listan."))
        return redirect("competence:eu_list")
    return render(
        request,
        "core/edit_page.html",
        {
            "form": form,
            "title": _("Nytt EU-kunskapsområde") if entry is None else _("Ändra EU-kunskapsområdet"),
            "back_url": reverse("competence:eu_list"),
            "back_label": _("Tillbaka till listan över EU-kunskap"),
            "history": list(history_of(entry)) if entry else [],
        },
    )


@require_POST
def eu_active(request, area):
    ensure_role(request.user, "competence_admin", "change")
    entry = get_object_or_404(EuKnowledge, pk=area)
    active = request.POST.get("active") == "1"
    actions.set_eu_knowledge_active(entry, by=request.user, active=active)
    messages.success(request, _("Området är aktivt igen.") if active else _("Området är inaktiverat."))
    return redirect("competence:eu_list")
