"""The policy health dashboard (R-50): per unit, how many engagements have each gap, from one SQL query."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from utblick.engagements.models import GAPS, Engagement, Trip, gap_conditions

# What each gap means, for the column headings and the explanations under the table.
GAP_LABELS = {
    "decision": _("Beslut"),
    "responsible": _("Ansvarig"),
    "purpose": _("Syfte och mål"),
    "results": _("Resultat"),
    "dissemination": _("Spridning"),
    "economy": _("Ekonomisk uppföljning"),
}
GAP_EXPLANATIONS = {
    "decision": _("Engagemanget är bedömt, beslutat eller pågår, men inget beslut är registrerat."),
    "responsible": _("Engagemanget är inte avslutat och saknar ansvarig förtroendevald eller ansvarig tjänsteman."),
    "purpose": _("Syftet eller verksamhetsmålet som engagemanget stödjer är inte ifyllt."),
    "results": _("Engagemanget pågår efter sitt slutdatum eller är avslutat, men resultatet är inte beskrivet."),
    "dissemination": _("Engagemanget är avslutat, men det står inte hur resultatet sprids inom kommunen."),
    "economy": _("Engagemanget är avslutat, men har ingen budget eller rader utan registrerat utfall."),
}


@dataclass
class Row:
    """One unit's counts, in the order of GAPS."""

    unit_id: int | None
    unit_name: str
    counts: list[int] = field(default_factory=list)

    @property
    def cells(self):
        return list(zip(GAPS, self.counts, strict=True))


def visible_engagements(user, unit_ids=None):
    """The not-archived engagements the user may view, optionally only those owned by the given units."""
    queryset = Engagement.objects.restrict(user, "view").not_archived()
    if unit_ids is not None:
        queryset = queryset.filter(owner_unit__in=unit_ids)
    return queryset


def health_rows(user, today: datetime.date, unit_ids=None) -> tuple[list[Row], Row]:
    """(one row per unit with at least one engagement, the totals row), counted in a single grouped query."""
    conditions = gap_conditions(today)
    grouped = (
        visible_engagements(user, unit_ids)
        .order_by()
        .values("owner_unit", "owner_unit__name")
        .annotate(**{f"n_{gap}": Count("pk", filter=conditions[gap]) for gap in GAPS})
    )
    rows = sorted(
        (Row(item["owner_unit"], item["owner_unit__name"], [item[f"n_{gap}"] for gap in GAPS]) for item in grouped),
        key=lambda row: row.unit_name.lower(),
    )
    totals = Row(None, str(_("Totalt")), [sum(row.counts[i] for row in rows) for i in range(len(GAPS))])
    return rows, totals


def engagements_with_gap(user, today: datetime.date, gap: str, unit_id: int | None = None):
    """Exactly the engagements a dashboard count stands for: visible, not archived, with `gap`, in one unit or all."""
    queryset = visible_engagements(user, None if unit_id is None else [unit_id])
    return (
        queryset.filter(gap_conditions(today)[gap])
        .select_related("owner_unit")
        .order_by("owner_unit__name", "title", "pk")
    )


# Trips without a decision before departure: a small table of its own under the gaps.
TRIP_DECISION_DAYS = 30


def trips_lacking_decision(user, today: datetime.date, unit_ids=None):
    """Trips on visible, not archived engagements that leave within 30 days (or have left) without a decision."""
    engagements = visible_engagements(user, unit_ids)
    return Trip.objects.filter(engagement__in=engagements.values("pk")).lacking_decision(today, TRIP_DECISION_DAYS)


def trip_decision_rows(user, today: datetime.date, unit_ids=None) -> list[Row]:
    """One row per unit with at least one such trip, its count in `counts[0]`, from one grouped query."""
    grouped = (
        trips_lacking_decision(user, today, unit_ids)
        .order_by()
        .values("engagement__owner_unit", "engagement__owner_unit__name")
        .annotate(n=Count("pk"))
    )
    return sorted(
        (Row(item["engagement__owner_unit"], item["engagement__owner_unit__name"], [item["n"]]) for item in grouped),
        key=lambda row: row.unit_name.lower(),
    )
