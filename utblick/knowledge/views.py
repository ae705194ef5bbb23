"""Lessons learned (R-61) and news (R-26): search, read, write; the news feeds are in feeds.py.

Lessons follow their engagement's permission (404 when the engagement is hidden from the user). News pages are
for every internal role, each seeing only the news they are in the audience of; writing news is the coordinator's.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.core.editing import submit
from utblick.core.paging import CappedPaginator
from utblick.core.permissions import can, ensure_role
from utblick.engagements.models import Engagement
from utblick.engagements.views.access import get_engagement
from utblick.knowledge import lessons_actions, news_actions, queries
from utblick.knowledge.feeds import absolute
from utblick.knowledge.forms import ArticleForm, LessonForm, LessonSearchForm
from utblick.knowledge.models import Article, Lesson
from utblick.monitoring.models import Item


def _nav(request, current: str) -> dict:
    return {"knowledge_current": current, "news_admin": can(request.user, "change", "news_admin")}


# Lessons learned


def lessons(request):
    ensure_role(request.user, "knowledge", "view")
    form = LessonSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = queries.search_lessons(
        request.user,
        q=filters.get("q") or "",
        country=filters.get("country") or "",
        partner=filters.get("partner"),
        area=filters.get("area"),
        objective=filters.get("objective"),
    )
    page = CappedPaginator(queries.for_list(found), settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/lessons.html",
        {"form": form, "page": page, "searched": bool(request.GET), **_nav(request, "lessons")},
    )


def lessons_to_write(request):
    ensure_role(request.user, "knowledge", "view")
    page = Paginator(queries.lessons_to_write(request.user), settings.UTBLICK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "knowledge/lessons_to_write.html", {"page": page, **_nav(request, "to_write")})


def lesson_detail(request, pk):
    ensure_role(request.user, "knowledge", "view")
    lesson = get_object_or_404(queries.for_list(Lesson.objects.restrict(request.user, "view")), pk=pk)
    return render(
        request,
        "knowledge/lesson_detail.html",
        {
            "lesson": lesson,
            "may_write": lessons_actions.may_write_lesson(request.user, lesson.engagement),
            **_nav(request, "lessons"),
        },
    )


def lesson_write(request, engagement):
    engagement = get_engagement(request, engagement)
    if not lessons_actions.may_write_lesson(request.user, engagement):
        raise PermissionDenied
    lesson = Lesson.objects.filter(engagement=engagement).first()
    form = LessonForm(request.POST or None, initial=lessons_actions.lesson_initial(engagement, lesson))
    holder = {}

    def save(data):
        holder["lesson"] = lessons_actions.write_lesson(engagement, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Erfarenheterna är sparade. Tack – nu kan andra lära av dem."))
        return redirect("knowledge:lesson_detail", pk=holder["lesson"].pk)
    return render(
        request,
        "knowledge/lesson_form.html",
        {"engagement": engagement, "lesson": lesson, "form": form, **_nav(request, "lessons")},
    )


# News


def news(request):
    ensure_role(request.user, "knowledge", "view")
    page = Paginator(queries.readable_news(request.user), settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "knowledge/news.html", {"page": page, **_nav(request, "news")})


def news_detail(request, pk):
    ensure_role(request.user, "knowledge", "view")
    article = get_object_or_404(Article.objects.restrict(request.user, "view").prefetch_related("units"), pk=pk)
    engagement = None
    if article.engagement_id:
        engagement = Engagement.objects.restrict(request.user, "view").filter(pk=article.engagement_id).first()
    paragraphs = [p.strip() for p in article.text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return render(
        request,
        "knowledge/news_detail.html",
        {"article": article, "engagement": engagement, "paragraphs": paragraphs, **_nav(request, "news")},
    )


def news_admin(request):
    ensure_role(request.user, "news_admin", "change")
    articles = Article.objects.restrict(request.user, "view").order_by("state", "-updated_at", "-pk")
    page = Paginator(articles, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    token = news_actions.current_feed_token()
    feeds = None
    if token is not None:
        feeds = {
            "rss": absolute(reverse("knowledge:news_rss", args=[token.token])),
            "atom": absolute(reverse("knowledge:news_atom", args=[token.token])),
        }
    return render(
        request, "knowledge/news_admin.html", {"page": page, "feeds": feeds, "token": token, **_nav(request, "admin")}
    )


def _article_fields(data) -> dict:
    """The form's data as the action takes it: objects for the engagement and the monitoring item."""
    fields = dict(data)
    fields["for_everyone"] = data["audience"] == "all"
    fields["engagement"] = (
        Engagement.objects.filter(pk=data.get("engagement")).first() if data.get("engagement") else None
    )
    fields["monitoring_item"] = (
        Item.objects.filter(pk=data.get("monitoring_item")).first() if data.get("monitoring_item") else None
    )
    return fields


def _form_initial(request, article: Article | None) -> dict:
    if article is not None:
        return {
            "title": article.title,
            "text": article.text,
            "category": article.category,
            "link": article.link,
            "audience": "all" if article.for_everyone else "units",
            "units": list(article.units.all()),
            "engagement": article.engagement_id,
            "monitoring_item": article.monitoring_item_id,
        }
    engagement = item = None
    if request.GET.get("engagemang", "").isdigit():
        engagement = get_object_or_404(Engagement.objects.restrict(request.user, "view"), pk=request.GET["engagemang"])
    if request.GET.get("bevakning", "").isdigit():
        item = get_object_or_404(Item.objects.restrict(request.user, "view"), pk=request.GET["bevakning"])
    initial = news_actions.initial_from(engagement=engagement, item=item)
    for name in ("engagement", "monitoring_item"):
        if initial.get(name) is not None:
            initial[name] = initial[name].pk
    return {"audience": "all", **initial}


def news_edit(request, pk=None):
    ensure_role(request.user, "news_admin", "change")
    article = get_object_or_404(Article.objects.all(), pk=pk) if pk is not None else None
    form = ArticleForm(request.POST or None, initial=_form_initial(request, article))
    holder = {}

    def save(data):
        publish = "publish" in request.POST
        holder["article"] = news_actions.save_article(
            article, by=request.user, fields=_article_fields(data), publish=publish
        )

    if request.method == "POST" and submit(form, save):
        saved = holder["article"]
        if saved.state == "published":
            messages.success(request, _("Nyheten är publicerad och mottagarna har fått ett meddelande."))
        else:
            messages.success(request, _("Nyheten är sparad som utkast. Publicera den när den är klar."))
        return redirect("knowledge:news_detail", pk=saved.pk)
    source_engagement = source_item = None
    engagement_pk = form["engagement"].value()
    item_pk = form["monitoring_item"].value()
    if engagement_pk and str(engagement_pk).isdigit():
        source_engagement = Engagement.objects.filter(pk=engagement_pk).first()
    if item_pk and str(item_pk).isdigit():
        source_item = Item.objects.filter(pk=item_pk).first()
    return render(
        request,
        "knowledge/news_form.html",
        {
            "article": article,
            "form": form,
            "title": _("Ändra nyheten") if article else _("Ny nyhet"),
            "source_engagement": source_engagement,
            "source_item": source_item,
            **_nav(request, "admin"),
        },
    )


@require_POST
def news_publish(request, pk):
    ensure_role(request.user, "news_admin", "change")
    article = get_object_or_404(Article.objects.all(), pk=pk)
    news_actions.publish_article(article, by=request.user)
    messages.success(request, _("Nyheten är publicerad och mottagarna har fått ett meddelande."))
    return redirect("knowledge:news_detail", pk=article.pk)


@require_POST
def news_archive(request, pk):
    ensure_role(request.user, "news_admin", "change")
    article = get_object_or_404(Article.objects.all(), pk=pk)
    news_actions.archive_article(article, by=request.user)
    messages.success(request, _("Nyheten är arkiverad. Den syns inte längre bland nyheterna eller i flödet."))
    return redirect("knowledge:news_admin")


@require_POST
def news_feed_renew(request):
    ensure_role(request.user, "news_admin", "change")
    news_actions.renew_feed_token(by=request.user)
    messages.success(request, _("Nyhetsflödet har fått en ny adress. Den gamla adressen fungerar inte längre."))
    return redirect("knowledge:news_admin")
