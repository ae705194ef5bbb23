"""Omvärldsbevakning (R-22, R-70, P7): sources that are fetched, the items they bring, rules that sort them to
the units and policy goals they concern, and the municipality's triage of each item.

A Source is fetched on its own interval by a background task (monitoring.fetching); its fetch state lives on
the row so that a worker killed mid-fetch loses nothing: the next run sees `next_fetch_at` passed and fetches
again. Items are stored once per source (by guid, else link, else a hash of their content).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from utblick.core.permissions import RestrictedQuerySet
from utblick.organisation.models import OrgUnit
from utblick.policy.models import Area, Objective, PriorityCriterion

URL_MAX = 2000


class Source(models.Model):
    """Somewhere the municipality watches: a feed (RSS, Atom, JSON Feed) or a web page without one."""

    class Kind(models.TextChoices):
        FEED = "feed", _("Flöde (RSS, Atom eller JSON Feed)")
        PAGE = "page", _("Webbsida utan flöde")

    name = models.CharField(_("namn"), max_length=200)
    url = models.URLField(_("adress"), max_length=URL_MAX, unique=True)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.FEED)
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    # A page without a feed: CSS selectors for each item and, inside it, its title, link and date.
    item_selector = models.CharField(_("urval för en post"), max_length=300, blank=True)
    title_selector = models.CharField(_("urval för rubrik"), max_length=300, blank=True)
    link_selector = models.CharField(_("urval för länk"), max_length=300, blank=True)
    date_selector = models.CharField(_("urval för datum"), max_length=300, blank=True)
    interval_minutes = models.PositiveIntegerField(
        _("hämtas var (minuter)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(7 * 24 * 60)]
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    # Fetch state, written only by monitoring.fetching.
    detected_format = models.CharField(_("format"), max_length=20, blank=True)  # rss, atom, json, html
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_fetch_at = models.DateTimeField(_("nästa hämtning"), null=True, blank=True)
    last_fetched_at = models.DateTimeField(_("senast hämtad"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("senast lyckad hämtning"), null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)
    consecutive_failures = models.PositiveIntegerField(_("misslyckade hämtningar i rad"), default=0)
    failing_since = models.DateTimeField(_("fel sedan"), null=True, blank=True)

    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "monitoring_admin"

    class Meta:
        verbose_name = _("källa")
        verbose_name_plural = _("källor")
        ordering = ["name"]
        indexes = [models.Index(fields=["is_active", "next_fetch_at"], name="monitoring_source_due")]

    def __str__(self):
        return self.name


class Item(models.Model):
    """One piece of news or one call from a source, stored once, with the municipality's triage of it."""

    class State(models.TextChoices):
        NEW = "new", _("Ny")
        RELEVANT = "relevant", _("Relevant")
        NOT_RELEVANT = "not_relevant", _("Ej relevant")
        SHARED = "shared", _("Delad")

    source = models.ForeignKey(Source, verbose_name=_("källa"), on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(_("id i källan"), max_length=URL_MAX, blank=True)
    link = models.URLField(_("länk"), max_length=URL_MAX, blank=True)
    title = models.CharField(_("rubrik"), max_length=1000)
    summary = models.TextField(_("sammanfattning"), blank=True)  # sanitised HTML (nh3), safe to show
    text = models.TextField(blank=True, editable=False)  # title and summary as plain text, for search and rules
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    language = models.CharField(_("språk"), max_length=20, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)  # sha256 of title + link + summary
    fetched_at = models.DateTimeField(_("hämtad"), auto_now_add=True)

    # Sorted by the rules (monitoring.rules); kept apart from the triage so re-applying rules never undoes it.
    units = models.ManyToManyField(OrgUnit, verbose_name=_("enheter"), blank=True, related_name="monitoring_items")
    objectives = models.ManyToManyField(Objective, verbose_name=_("mål"), blank=True, related_name="monitoring_items")
    areas = models.ManyToManyField(Area, verbose_name=_("områden"), blank=True, related_name="monitoring_items")
    criteria = models.ManyToManyField(
        PriorityCriterion, verbose_name=_("prioriterade områden"), blank=True, related_name="monitoring_items"
    )

    # Triage: one state per item for the municipality.
    state = models.CharField(_("bedömning"), max_length=20, choices=State.choices, default=State.NEW)
    comment = models.TextField(_("kommentar"), max_length=5000, blank=True)
    assigned_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("tilldelad enhet"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagemang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_items",
    )
    triaged_at = models.DateTimeField(_("bedömd"), null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "monitoring"
    # Triage "within one's units": the units the rules sorted the item to (a many-to-many: restrict() may
    # return an item once per matching unit, so callers add .distinct()).
    permission_unit_field = "units"
    permission_secret_field = None
    permission_person_fields = ()

    class Meta:
        verbose_name = _("bevakningspost")
        verbose_name_plural = _("bevakningsposter")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "-published_at"], name="monitoring_item_state"),
            models.Index(fields=["-published_at", "-id"], name="monitoring_item_recent"),
            models.Index(fields=["source", "link"], name="monitoring_item_link"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid"], condition=~Q(guid=""), name="monitoring_item_unique_guid"
            ),
            models.UniqueConstraint(fields=["source", "content_hash"], name="monitoring_item_unique_hash"),
        ]

    def __str__(self):
        return self.title


class Rule(models.Model):
    """Keywords that tag matching items with units, policy goals, areas and priority criteria (or exclude them)."""

    class Mode(models.TextChoices):
        INCLUDE = "include", _("Tagga poster som matchar")
        EXCLUDE = "exclude", _("Uteslut poster som matchar")

    class Fields(models.TextChoices):
        ALL = "all", _("Rubrik och text")
        TITLE = "title", _("Bara rubrik")

    name = models.CharField(_("namn"), max_length=200)
    terms = models.TextField(
        _("ord och fraser"), max_length=5000, blank=True, help_text=_("Ett ord eller en fras per rad.")
    )
    pattern = models.CharField(_("reguljärt uttryck"), max_length=500, blank=True)
    mode = models.CharField(_("gör"), max_length=10, choices=Mode.choices, default=Mode.INCLUDE)
    fields = models.CharField(_("söker i"), max_length=10, choices=Fields.choices, default=Fields.ALL)
    sources = models.ManyToManyField(Source, verbose_name=_("bara källorna"), blank=True, related_name="rules")
    units = models.ManyToManyField(OrgUnit, verbose_name=_("enheter"), blank=True, related_name="+")
    objectives = models.ManyToManyField(Objective, verbose_name=_("mål"), blank=True, related_name="+")
    areas = models.ManyToManyField(Area, verbose_name=_("områden"), blank=True, related_name="+")
    criteria = models.ManyToManyField(
        PriorityCriterion, verbose_name=_("prioriterade områden"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "monitoring_admin"

    class Meta:
        verbose_name = _("regel")
        verbose_name_plural = _("regler")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Subscription(models.Model):
    """What one user wants to hear about by email (units, goals, sources, keywords), and how often."""

    class Frequency(models.TextChoices):
        INSTANT = "instant", _("Direkt (efter varje hämtning)")
        DAILY = "daily", _("En gång om dagen")
        WEEKLY = "weekly", _("En gång i veckan")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="monitoring_subscriptions",
    )
    name = models.CharField(_("namn"), max_length=200, blank=True)
    units = models.ManyToManyField(OrgUnit, verbose_name=_("enheter"), blank=True, related_name="+")
    objectives = models.ManyToManyField(Objective, verbose_name=_("mål"), blank=True, related_name="+")
    sources = models.ManyToManyField(Source, verbose_name=_("källor"), blank=True, related_name="subscriptions")
    keywords = models.TextField(_("sökord"), max_length=2000, blank=True, help_text=_("Ett ord eller en fras per rad."))
    frequency = models.CharField(_("hur ofta"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    is_active = models.BooleanField(_("aktiv"), default=True)
    # Items fetched after this were not yet emailed; None: never sent (the first digest looks 7 days back).
    last_sent_at = models.DateTimeField(_("senast skickad"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("prenumeration")
        verbose_name_plural = _("prenumerationer")
        ordering = ["user", "name", "pk"]
        indexes = [models.Index(fields=["frequency", "is_active"], name="monitoring_subscription_due")]

    def __str__(self):
        return self.name or str(_("Prenumeration %(number)s")) % {"number": self.pk}

    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]
