"""Writing news (R-26): the coordinator drafts, publishes and archives news for everyone or for chosen units.

Publishing notifies the audience (Kind.NEWS). The feed token for the intranet is renewed here too.
"""

import html

import nh3
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.core.roles import INTERNAL_ROLES
from utblick.knowledge.models import Article, ArticleState, Category, NewsFeedToken
from utblick.notifications.actions import coordinators, notify
from utblick.notifications.kinds import Kind
from utblick.organisation.models import OrgUnit

FIELDS = ("title", "text", "category", "link", "for_everyone", "engagement", "monitoring_item")


def plain_text(markup: str) -> str:
    """Sanitised HTML (a monitoring item's summary) as plain text with paragraphs kept as blank lines."""
    for tag in ("</p>", "<br>", "<br/>", "<br />", "</li>"):
        markup = markup.replace(tag, tag + "\n\n" if tag != "</li>" else tag + "\n")
    text = html.unescape(nh3.clean(markup, tags=set()))
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def initial_from(*, engagement=None, item=None) -> dict:
    """A news draft prefilled from an engagement's results or a monitoring item's title, summary and link."""
    if engagement is not None:
        return {
            "title": engagement.title,
            "text": engagement.results or engagement.summary,
            "category": Category.INTERNATIONAL,
            "engagement": engagement,
        }
    if item is not None:
        return {
            "title": item.title[:200],
            "text": plain_text(item.summary),
            "link": item.link,
            "category": Category.CALL if "utlys" in item.title.lower() else Category.INTERNATIONAL,
            "monitoring_item": item,
        }
    return {}


def _clean(fields: dict) -> tuple[dict, list]:
    cleaned = {name: fields.get(name) for name in FIELDS}
    for name in ("title", "text", "link"):
        cleaned[name] = str(cleaned[name] or "").strip()
    cleaned["for_everyone"] = bool(cleaned["for_everyone"])
    units = list(fields.get("units") or [])
    errors = {}
    if not cleaned["title"]:
        errors["title"] = _("Ge nyheten en rubrik.")
    elif len(cleaned["title"]) > 200:
        errors["title"] = _("Korta rubriken till högst 200 tecken.")
    if not cleaned["text"]:
        errors["text"] = _("Skriv nyhetens text.")
    if cleaned["category"] not in Category.values:
        errors["category"] = _("Välj en kategori: internationella frågor, utlysningar eller evenemang.")
    if cleaned["link"]:
        try:
            URLValidator(schemes=["http", "https"])(cleaned["link"])
        except ValidationError:
            errors["link"] = _("Skriv en fullständig webbadress som börjar med https://.")
    if not cleaned["for_everyone"] and not units:
        errors["units"] = _("Välj minst en enhet som nyheten ska gå till, eller välj att den går till alla.")
    if errors:
        raise ValidationError(errors)
    if cleaned["for_everyone"]:
        units = []
    return cleaned, units


def _snapshot(article: Article, units) -> dict[str, str]:
    return {
        _("Rubrik"): article.title,
        _("Text"): article.text,
        _("Kategori"): article.get_category_display(),
        _("Länk"): article.link,
        _("Mottagare"): _("Alla") if article.for_everyone else ", ".join(sorted(u.name for u in units)),
        _("Läge"): article.get_state_display(),
    }


def audience(article: Article) -> list:
    """The accounts the news reaches: every internal account, or those of the chosen units and the units below."""
    users = get_user_model().objects.filter(is_active=True, memberships__role__in=INTERNAL_ROLES)
    if not article.for_everyone:
        unit_ids = OrgUnit.with_descendants(article.units.values_list("pk", flat=True))
        users = users.filter(memberships__unit_id__in=unit_ids)
    return list(users.distinct()) + list(coordinators())


def _publish(article: Article, *, by) -> None:
    article.state = ArticleState.PUBLISHED
    article.published_at = article.published_at or timezone.now()
    article.archived_at = None


def _notify(article: Article, *, by) -> None:
    notify(
        audience(article),
        kind=Kind.NEWS,
        title=gettext_lazy("Nyhet: %(title)s"),
        params={"title": article.title},
        url=reverse("knowledge:news_detail", args=[article.pk]),
        key=f"news:{article.pk}",
        by=by,
    )


def save_article(article: Article | None = None, *, by, fields: dict, publish: bool = False) -> Article:
    """Write a news draft (or change one), and publish it now if asked: then its audience is notified."""
    ensure_role(by, "news_admin", "change")
    cleaned, units = _clean(fields)
    created = article is None
    if created:
        article = Article(created_by=by)
        before = {}
    else:
        before = _snapshot(article, article.units.all())
    was_published = article.state == ArticleState.PUBLISHED
    for name, value in cleaned.items():
        setattr(article, name, value)
    if publish:
        _publish(article, by=by)
    with transaction.atomic():
        article.save()
        article.units.set(units)
        history.record(
            article,
            by=by,
            action=Change.Action.CREATED if created else Change.Action.UPDATED,
            changes=history.diff(before, _snapshot(article, units)),
        )
        if article.state == ArticleState.PUBLISHED and not was_published:
            _notify(article, by=by)
    return article


def publish_article(article: Article, *, by) -> Article:
    """Publish a draft (or an archived article again) and notify its audience."""
    ensure_role(by, "news_admin", "change")
    if article.state == ArticleState.PUBLISHED:
        return article
    with transaction.atomic():
        _publish(article, by=by)
        article.save()
        history.record(
            article,
            by=by,
            action=Change.Action.STATUS,
            changes=[{"field": _("Läge"), "before": "", "after": article.get_state_display()}],
        )
        _notify(article, by=by)
    return article


def archive_article(article: Article, *, by) -> Article:
    """Take the article off the news pages and the feeds; it stays in the archive (Archives Act)."""
    ensure_role(by, "news_admin", "change")
    if article.state == ArticleState.ARCHIVED:
        return article
    before = article.get_state_display()
    with transaction.atomic():
        article.state = ArticleState.ARCHIVED
        article.archived_at = timezone.now()
        article.save()
        history.record(
            article,
            by=by,
            action=Change.Action.ARCHIVED,
            changes=[{"field": _("Läge"), "before": before, "after": article.get_state_display()}],
        )
    return article


def current_feed_token() -> NewsFeedToken | None:
    return NewsFeedToken.objects.order_by("-created_at", "-pk").first()


def renew_feed_token(*, by) -> NewsFeedToken:
    """A new secret for the feed URLs; the old URLs stop working at once."""
    ensure_role(by, "news_admin", "change")
    with transaction.atomic():
        NewsFeedToken.objects.all().delete()
        token = NewsFeedToken.objects.create(created_by=by)
        history.record(token, by=by, action=Change.Action.CREATED, reason=_("Ny adress till nyhetsflödet."))
    return token
