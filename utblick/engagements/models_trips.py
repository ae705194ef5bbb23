"""Trips abroad that belong to an engagement (R-62): travellers, costs, the decision, the report, and gifts.

A trip has no permission of its own: whoever may see or change its engagement may see or change the trip.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from utblick.organisation.models import Person

AMOUNT_MAX = Decimal("9999999999.99")  # max_digits=12, decimal_places=2


class TripQuerySet(models.QuerySet):
    def for_list(self):
        """The trips with their travellers and cost totals, in a fixed number of queries."""
        return (
            self.annotate(
                total_estimated=Sum("costs__estimated_amount"),
                total_actual=Sum("costs__actual_amount"),
            )
            .prefetch_related(models.Prefetch("travellers", queryset=Person.objects.order_by("name")))
            .order_by("start_date", "pk")
        )

    def lacking_decision(self, today, days: int = 30):
        """Trips that leave within `days` days (or have left) without a registered decision."""
        import datetime

        return self.filter(decision__isnull=True, start_date__lte=today + datetime.timedelta(days=days))


class Trip(models.Model):
    """A trip abroad within an engagement."""

    engagement = models.ForeignKey(
        "engagements.Engagement", verbose_name=_("engagemang"), on_delete=models.CASCADE, related_name="trips"
    )
    destination = models.CharField(_("resmål"), max_length=200, help_text=_("Ort eller region, t.ex. Røros."))
    country = CountryField(_("land"))
    start_date = models.DateField(_("avresa"))
    end_date = models.DateField(_("hemkomst"))
    travellers = models.ManyToManyField(Person, verbose_name=_("resenärer"), blank=True, related_name="trips")
    purpose = models.TextField(_("syfte med resan"), max_length=5000)
    programme = models.TextField(_("program"), max_length=20000, blank=True)
    decision = models.ForeignKey(
        "engagements.Decision",
        verbose_name=_("beslut om resan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trips",
        help_text=_("Beslutet som godkände resan, bland engagemangets registrerade beslut."),
    )
    achieved = models.TextField(_("vad resan gav"), max_length=10000, blank=True)
    dissemination = models.TextField(_("hur erfarenheterna sprids"), max_length=10000, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TripQuerySet.as_manager()

    class Meta:
        verbose_name = _("resa")
        verbose_name_plural = _("resor")
        ordering = ["start_date", "pk"]
        indexes = [models.Index(fields=["start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="trip_end_after_start",
                violation_error_message=_("Hemkomsten kan inte ligga före avresan."),
            ),
        ]

    def __str__(self):
        return f"{self.destination} {self.start_date:%Y-%m-%d}"


class CostKind(models.TextChoices):
    TRAVEL = "travel", _("Resor")
    LODGING = "lodging", _("Logi")
    FEES = "fees", _("Avgifter")
    OTHER = "other", _("Övrigt")


class TripCost(models.Model):
    """An estimated (and later actual) cost of a trip, for one traveller or shared, in SEK."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="costs")
    traveller = models.ForeignKey(
        Person,
        verbose_name=_("resenär"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Lämna tomt för en gemensam kostnad."),
    )
    kind = models.CharField(_("slag"), max_length=20, choices=CostKind.choices)
    estimated_amount = models.DecimalField(
        _("beräknat belopp (kr)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    actual_amount = models.DecimalField(
        _("verkligt belopp (kr)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("resekostnad")
        verbose_name_plural = _("resekostnader")
        ordering = ["traveller__name", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_amount__gte=0) & (Q(actual_amount__isnull=True) | Q(actual_amount__gte=0)),
                name="trip_cost_not_negative",
                violation_error_message=_("Beloppet kan inte vara negativt."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.estimated_amount} kr"


class GiftDirection(models.TextChoices):
    GIVEN = "given", _("Gåva vi gav")
    RECEIVED = "received", _("Gåva vi tog emot")


class Gift(models.Model):
    """A gift given or received on a trip or a visit, recorded for the public's insight (R-62)."""

    trip = models.ForeignKey(Trip, null=True, blank=True, on_delete=models.CASCADE, related_name="gifts")
    # Gifts given or received when guests visit Härjedalen (issue 6); a gift belongs to a trip or to a visit.
    visit = models.ForeignKey(
        "engagements.Visit", null=True, blank=True, on_delete=models.CASCADE, related_name="gifts"
    )
    direction = models.CharField(_("gåvans riktning"), max_length=20, choices=GiftDirection.choices)
    what = models.CharField(_("vad"), max_length=300)
    value = models.DecimalField(
        _("uppskattat värde (kr)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    counterpart = models.CharField(_("från eller till vem"), max_length=300)
    date = models.DateField(_("datum"))
    note = models.TextField(_("anteckning"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("gåva")
        verbose_name_plural = _("gåvor")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="gift_value_not_negative",
                violation_error_message=_("Värdet kan inte vara negativt."),
            ),
            models.CheckConstraint(
                condition=Q(trip__isnull=False, visit__isnull=True) | Q(trip__isnull=True, visit__isnull=False),
                name="gift_on_trip_or_visit",
                violation_error_message=_("En gåva hör till antingen en resa eller ett besök."),
            ),
        ]

    def __str__(self):
        return f"{self.what} ({self.get_direction_display()})"
