"""The municipality's shared knowledge (R-26, R-61): lessons learned from finished engagements, and news.

An engagement's lesson has no permission of its own: whoever may see the engagement may read its lesson. News
reach their audience: everyone, or the staff of chosen units (and the units below them) plus the coordinator.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from utblick.core.permissions import RestrictedQuerySet, Scope, access_for
from utblick.core.roles import INTERNAL_ROLES
from utblick.organisation.models import OrgUnit
from utblick.partners.models import Organisation


class LessonQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """The lessons of the engagements the user may see (or change): a secret engagement's lesson stays secret."""
        from utblick.engagements.models import Engagement

        if not access_for(user).roles and not access_for(user).superuser:
            return self.none()
        return self.filter(engagement__in=Engagement.objects.restrict(user, action).values("pk"))


class Lesson(models.Model):
    """What others can learn from a finished engagement: what worked, what did not, and advice."""

    engagement = models.OneToOneField(
        "engagements.Engagement", verbose_name=_("engagemang"), on_delete=models.CASCADE, related_name="lesson"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    worked = models.TextField(_("vad som fungerade"), max_length=10000)
    did_not_work = models.TextField(_("vad som inte fungerade"), max_length=10000, blank=True)
    advice = models.TextField(_("råd till andra"), max_length=10000, blank=True)
    partners = models.ManyToManyField(Organisation, verbose_name=_("partner"), blank=True, related_name="lessons")
    # Title, the three texts and the partners' names in lower case, kept by the actions: what the search reads.
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("skriven"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skriven av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("erfarenhet")
        verbose_name_plural = _("erfarenheter")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(models.F("updated_at").desc(), models.F("id").desc(), name="lesson_recent_idx")]

    def __str__(self):
        return self.title


class LessonCountry(models.Model):
    """A country a lesson concerns: taken from the engagement when the lesson is written, editable."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("land"))

    class Meta:
        verbose_name = _("land")
        verbose_name_plural = _("länder")
        constraints = [models.UniqueConstraint(fields=["lesson", "country"], name="unique_lesson_country")]
        indexes = [models.Index(fields=["country"])]

    def __str__(self):
        return str(self.country.name)


class Category(models.TextChoices):
    INTERNATIONAL = "international", _("Internationella frågor")
    CALL = "call", _("Utlysningar")
    EVENT = "event", _("Evenemang")


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publicerad")
    ARCHIVED = "archived", _("Arkiverad")


class ArticleQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view"):
        """What the user may read: the coordinator every article (drafts too); others the published news they
        are in the audience of (everyone, or one of the chosen units or a unit above their own)."""
        access = access_for(user)
        if access.scope("news_admin", "change") is Scope.ALL:
            return self
        if action != "view" or access.scope("knowledge", "view") is Scope.NONE:
            return self.none()
        audience = Article.units.through.objects.filter(
            article_id=models.OuterRef("pk"), orgunit_id__in=audience_units(user)
        )
        return self.filter(state=ArticleState.PUBLISHED).filter(Q(for_everyone=True) | Q(models.Exists(audience)))

    def published(self):
        return self.filter(state=ArticleState.PUBLISHED)


def audience_units(user) -> set[int]:
    """The user's own units and every unit above them: news to any of these reach the user."""
    from utblick.organisation.models import Membership

    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_utblick_news_units", None)
    if cached is not None:
        return cached
    own = set(Membership.objects.filter(user=user, role__in=INTERNAL_ROLES).values_list("unit_id", flat=True))
    if not own:
        return set()
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    found: set[int] = set()
    for pk in own:
        while pk is not None and pk not in found:
            found.add(pk)
            pk = parents.get(pk)
    user._utblick_news_units = found  # once per request, like the user's access
    return found


class Article(models.Model):
    """A piece of news from the coordinator: international matters, a call for funding or an event."""

    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("text"), max_length=20000, help_text=_("Vanlig text. En tom rad mellan stycken."))
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    link = models.URLField(_("länk"), max_length=2000, blank=True, help_text=_("Läs mer på en annan webbplats."))
    for_everyone = models.BooleanField(
        _("till alla"), default=True, help_text=_("Annars bara till de valda enheterna och enheterna under dem.")
    )
    units = models.ManyToManyField(OrgUnit, verbose_name=_("enheter"), blank=True, related_name="news")
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagemang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )
    monitoring_item = models.ForeignKey(
        "monitoring.Item",
        verbose_name=_("bevakningspost"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )
    state = models.CharField(_("läge"), max_length=20, choices=ArticleState.choices, default=ArticleState.DRAFT)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    archived_at = models.DateTimeField(_("arkiverad"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArticleQuerySet.as_manager()
    permission_kind = "knowledge"

    class Meta:
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index("state", models.F("published_at").desc(), models.F("id").desc(), name="news_recent_idx")
        ]

    def __str__(self):
        return self.title

    def get_category_display(self) -> str:
        return str(Category(self.category).label) if self.category in Category.values else self.category

    def get_state_display(self) -> str:
        return str(ArticleState(self.state).label) if self.state in ArticleState.values else self.state


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class NewsFeedToken(models.Model):
    """The secret in the URL of the news feeds that the intranet reads without logging in; renewing replaces it."""

    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("nyckel till nyhetsflödet")
        verbose_name_plural = _("nycklar till nyhetsflödet")

    def __str__(self):
        return str(_("Nyckel skapad %(date)s")) % {"date": f"{self.created_at:%Y-%m-%d}"}


from utblick.knowledge.models_advice import AdviceMessage, AdviceRequest, FaqEntry  # noqa: E402,F401
