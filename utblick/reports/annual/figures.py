"""Build an annual report (R-52) for a year, for the whole municipality or one unit with the units below it.

The sections run a fixed number of grouped queries each, so the time grows with the data but the number
of queries does not. Secret engagements are counted in every figure and named nowhere (annual.economy).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.engagements.models import Engagement
from utblick.organisation.models import OrgUnit
from utblick.policy.models import Policy
from utblick.reports.annual.content import AnnualReport
from utblick.reports.annual.direction import direction_section
from utblick.reports.annual.economy import economy_section
from utblick.reports.annual.partners import partners_section
from utblick.reports.annual.scope import scope_section
from utblick.reports.annual.selection import Selection
from utblick.reports.annual.summary import summary_paragraphs
from utblick.reports.annual.tables import Facts

SECTION_ORDER = ("partners", "scope", "direction", "economy")
FIRST_YEAR = 2000  # no international work in Utblick is older; a typo such as 205 is caught


def year_problem(year: int) -> str:
    """Why a year cannot have a report (a Swedish sentence), or "" when it can: from FIRST_YEAR to this year."""
    last = timezone.localdate().year
    if FIRST_YEAR <= year <= last:
        return ""
    return _("Året måste vara mellan %(first)d och %(last)d. Ange ett år med fyra siffror, t.ex. %(last)d.") % {
        "first": FIRST_YEAR,
        "last": last,
    }


def whole_municipality() -> str:
    return _("Hela kommunen")


def municipality_name() -> str:
    policy = Policy.objects.order_by("pk").first()
    return policy.municipality if policy else _("Kommunen")


def build_report(year: int, unit: OrgUnit | None = None, *, user=None, progress=None) -> AnnualReport:
    """`user` is who asks (None: the system); the figures are the same for everyone, only lists differ.

    `progress(done: float)` is told how far the building has come, between 0 and 1, after each section.
    """
    selection = Selection(year, unit)
    facts = Facts()
    # Built in this order (the scope finds the number of engagements the direction needs) ...
    builders = (scope_section, partners_section, direction_section, economy_section)
    sections = []
    for done, build in enumerate(builders, start=1):
        sections.append(build(selection, facts))
        if progress:
            progress(done / len(builders))
    # ... and shown in the policy's order: partners, scope, direction, economic outcome.
    sections.sort(key=lambda section: SECTION_ORDER.index(section.key))
    municipality = municipality_name()
    secret = Engagement.objects.filter(
        Q(pk__in=selection.engagements()) | Q(pk__in=selection.lines().values("engagement")), is_secret=True
    ).count()
    return AnnualReport(
        year=year,
        unit_id=unit.pk if unit else None,
        unit_name=unit.name if unit else whole_municipality(),
        municipality=municipality,
        generated_at=timezone.now(),
        summary=summary_paragraphs(facts, year, unit.name if unit else municipality),
        sections=sections,
        secret_count=secret,
    )
