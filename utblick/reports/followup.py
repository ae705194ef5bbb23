"""The yearly follow-up (R-51): which engagements active in a year still lack actual figures, results or dissemination.

One definition serves the follow-up page and the reminder emails:

- the engagements: ongoing, finished or followed up, active in the year, not archived;
- "actuals": an ongoing or finished engagement has no budget line for the year, or a line of the year without
  an actual amount (a followed-up engagement had its economy checked when it got there);
- "results" and "dissemination": the policy's gaps (engagements.models.gap_conditions), so the dashboard and
  this page agree: results once an engagement is finished or past its end date, dissemination once finished.

Everything comes from one SQL query, whatever the number of engagements.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from utblick.engagements.models import Engagement, Status, gap_conditions
from utblick.finance.models import BudgetLine

# What may be missing, in the order the page and the emails show it.
MISSING = ("actuals", "results", "dissemination")
MISSING_LABELS = {
    "actuals": _("Utfall"),
    "results": _("Resultat"),
    "dissemination": _("Spridning"),
}
MISSING_TEXTS = {
    "actuals": _("utfall för året saknas"),
    "results": _("resultatet är inte beskrivet"),
    "dissemination": _("spridningen inom kommunen är inte beskriven"),
}
FOLLOWED_STATES = (Status.ONGOING, Status.FINISHED, Status.FOLLOWED_UP)


def default_year(today: datetime.date) -> int:
    """The year followed up unless another is chosen: the one that just ended."""
    return today.year - 1


def missing_conditions(year: int, today: datetime.date) -> dict[str, Q]:
    """For each item of MISSING, the condition an engagement meets when it lacks that item for `year`."""
    lines = BudgetLine.objects.filter(engagement=OuterRef("pk"), year=year)
    gaps = gap_conditions(today)
    return {
        "actuals": Q(status__in=[Status.ONGOING, Status.FINISHED])
        & (~Q(Exists(lines)) | Q(Exists(lines.filter(actual_amount__isnull=True)))),
        "results": gaps["results"],
        "dissemination": gaps["dissemination"],
    }


def lacking_followup(queryset, year: int, today: datetime.date):
    """The engagements of `queryset` that the year's follow-up must chase, each with `lacks_<item>` booleans."""
    conditions = missing_conditions(year, today)
    return (
        queryset.filter(status__in=FOLLOWED_STATES)
        .active_in_year(year)
        .not_archived()
        .annotate(
            **{f"lacks_{name}": ExpressionWrapper(conditions[name], output_field=BooleanField()) for name in MISSING}
        )
        .filter(Q(lacks_actuals=True) | Q(lacks_results=True) | Q(lacks_dissemination=True))
        .select_related("owner_unit", "responsible_officer")
        .order_by("owner_unit__name", "title", "pk")
    )


def missing_of(engagement) -> list[str]:
    """The keys of MISSING the (annotated) engagement lacks."""
    return [name for name in MISSING if getattr(engagement, f"lacks_{name}")]


@dataclass
class UnitGroup:
    """One unit's engagements that lack something, with how many lack each item."""

    unit_id: int
    unit_name: str
    engagements: list[Engagement] = field(default_factory=list)

    def count(self, name: str) -> int:
        return sum(1 for engagement in self.engagements if getattr(engagement, f"lacks_{name}"))

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [(name, self.count(name)) for name in MISSING]


def followup_groups(user, year: int, today: datetime.date, unit_ids=None) -> list[UnitGroup]:
    """Per unit (by name), the engagements the user may view that lack something for `year`."""
    queryset = Engagement.objects.restrict(user, "view")
    if unit_ids is not None:
        queryset = queryset.filter(owner_unit__in=unit_ids)
    groups: dict[int, UnitGroup] = {}
    for engagement in lacking_followup(queryset, year, today):
        engagement.missing = [MISSING_TEXTS[name] for name in missing_of(engagement)]
        group = groups.setdefault(
            engagement.owner_unit_id, UnitGroup(engagement.owner_unit_id, engagement.owner_unit.name)
        )
        group.engagements.append(engagement)
    return sorted(groups.values(), key=lambda group: group.unit_name.lower())
