"""The direction section (inriktning): the year's work by policy objective, area, priority criterion and place."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django_countries import countries

from utblick.engagements.models import EngagementCountry
from utblick.partners.geography import EUROPEAN_COUNTRIES
from utblick.policy.models import Area, Objective, PriorityCriterion
from utblick.reports.annual.content import Chart, Row, Section, Table
from utblick.reports.annual.selection import Selection
from utblick.reports.annual.tables import Facts, count, count_row


def _policy_table(
    selection: Selection, model, relation: str, key: str, title: str, heading: str, *, with_code: bool = True
) -> Table:
    """Every item in use (and any retired one still counted) with its number of engagements: one query.

    An engagement counts once per item it is linked to, so the rows may add up to more than the engagements.
    """
    work = selection.work()
    items = (
        model.objects.annotate(n=Count(relation, filter=Q(**{f"{relation}__in": work}), distinct=True))
        .filter(Q(is_active=True) | Q(n__gt=0))
        .order_by("order", "code")
    )
    dimension = key.removeprefix("by_")
    return Table(
        key=key,
        title=title,
        label_heading=heading,
        columns=[_("Engagemang")],
        rows=[
            count_row(f"{item.code} {item.name}" if with_code else item.name, item.n, dimension, item.pk)
            for item in items
        ],
        note=_("Ett engagemang som hör till flera räknas på varje rad, så raderna kan summera till mer än totalen."),
    )


def direction_section(selection: Selection, facts: Facts) -> Section:
    objectives = _policy_table(
        selection, Objective, "engagements", "by_objective", _("Engagemang per mål i policyn"), _("Mål")
    )
    areas = _policy_table(
        selection, Area, "engagements", "by_area", _("Engagemang per område"), _("Område"), with_code=False
    )
    # Priority criteria are reached through the assessments, whose engagement is the one counted.
    criteria = _policy_table(
        selection,
        PriorityCriterion,
        "assessments__engagement",
        "by_criterion",
        _("Engagemang per prioriterat område"),
        _("Prioriterat område"),
    )
    counted = [row for row in objectives.rows if row.cells[0].value]
    if counted:
        top = max(counted, key=lambda row: row.cells[0].value)
        facts.top_objective = (top.label, top.cells[0].value)

    places = list(
        EngagementCountry.objects.filter(engagement__in=selection.work()).values_list("engagement", "country")
    )
    by_country: dict[str, set[int]] = {}
    for engagement, code in places:
        by_country.setdefault(code, set()).add(engagement)
    europe = {engagement for engagement, code in places if code in EUROPEAN_COUNTRIES}
    elsewhere = {engagement for engagement, code in places if code not in EUROPEAN_COUNTRIES}
    without = facts.work - len({engagement for engagement, _code in places})
    facts.europe, facts.outside_europe = len(europe), len(elsewhere)
    regions = Table(
        key="by_region",
        title=_("Engagemang i Europa och i övriga världen"),
        label_heading=_("Region"),
        columns=[_("Engagemang")],
        rows=[
            count_row(_("Europa"), len(europe), "region", "europe"),
            count_row(_("Övriga världen"), len(elsewhere), "region", "other"),
            count_row(_("Inget land angivet"), without, "region", "none"),
        ],
        note=_("Ett engagemang med länder både i och utanför Europa räknas på båda raderna."),
    )
    ordered = sorted(by_country.items(), key=lambda item: (-len(item[1]), countries.name(item[0]) or ""))
    country_table = Table(
        key="by_country",
        title=_("Engagemang per land"),
        label_heading=_("Land"),
        columns=[_("Engagemang")],
        rows=[
            Row(countries.name(code) or code, [count(len(engagements), "country", code)])
            for code, engagements in ordered
        ],
        note=_("Engagemang som var beslutade, pågående eller avslutade under året, per land de berör."),
    )
    chart = Chart(
        key="by_objective_chart",
        kind="bar",
        title=_("Engagemang per mål i policyn"),
        description=_("Stapeldiagram över antalet engagemang per mål i policyn; siffrorna finns i tabellen."),
        table_key=objectives.key,
    )
    return Section(
        key="direction",
        title=_("Inriktning"),
        intro=_("Vilka av policyns mål och områden arbetet bidrog till, och var i världen det bedrevs."),
        tables=[objectives, areas, criteria, regions, country_table],
        charts=[chart] if objectives.rows else [],
    )
