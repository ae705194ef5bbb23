"""The economic outcome section (ekonomiskt utfall): costs, external funding and net cost, against the year before.

Every line is converted to kronor with its own stored rate and rounded to öre (finance.models.sek), exactly as
the engagement's economy page does, so a report's figures for one engagement equal that page's totals. The
lines of both years are read in one query and added up here; the report shows whole kronor.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from utblick.engagements.models import Engagement
from utblick.finance.models import CostCategory, Direction, FundingSource, sek
from utblick.organisation.models import OrgUnit
from utblick.reports.annual.content import Chart, Figure, Row, Section, Table, Trace, kronor
from utblick.reports.annual.selection import Selection
from utblick.reports.annual.tables import Facts

LARGEST = 10  # engagements in the table of the year's largest costs
ZERO = Decimal(0)


class Sums:
    """Planned and actual kronor per key and year: sums[(what, key, year)] -> Decimal."""

    def __init__(self):
        self.planned: dict[tuple, Decimal] = defaultdict(Decimal)
        self.actual: dict[tuple, Decimal] = defaultdict(Decimal)

    def add(self, keys, year, planned, actual):
        for key in keys:
            self.planned[(*key, year)] += planned
            self.actual[(*key, year)] += actual


def _add_up(selection: Selection):
    years = [selection.year, selection.year - 1]
    sums, missing, seen_years = Sums(), 0, set()
    rows = selection.lines(years).values_list(
        "year",
        "engagement",
        "engagement__owner_unit",
        "direction",
        "cost_category",
        "funding_source",
        "funding_source__kind",
        "planned_amount",
        "actual_amount",
        "exchange_rate",
    )
    for year, engagement, unit, direction, category, source, source_kind, planned, actual, rate in rows.iterator(
        chunk_size=5000
    ):
        seen_years.add(year)
        planned_sek, actual_sek = sek(planned, rate), sek(actual, rate) or ZERO
        if year == selection.year and actual is None:
            missing += 1
        if direction == Direction.COST:
            keys = [("cost", ""), ("cost_unit", unit), ("category", category), ("cost_engagement", engagement)]
        else:
            keys = [("income", ""), ("source", source)]
            if source_kind != FundingSource.Kind.OWN_BUDGET:
                keys += [("external", ""), ("external_unit", unit), ("external_engagement", engagement)]
        sums.add(keys, year, planned_sek, actual_sek)
    return sums, missing, seen_years


def money(value: Decimal, dimension: str, key: object = "", year: int | None = None) -> Figure:
    """An amount in whole kronor and the engagements behind it (no link for nothing)."""
    rounded = kronor(value)
    return Figure(rounded, Trace(dimension, str(key), year) if rounded else None)


def economy_section(selection: Selection, facts: Facts) -> Section:
    year, previous = selection.year, selection.year - 1
    sums, missing, seen_years = _add_up(selection)
    planned, actual = sums.planned, sums.actual
    facts.has_money, facts.has_money_previous = year in seen_years, previous in seen_years

    def net(kind: str, key, of_year: int, source=actual) -> Decimal:
        cost_key, external_key = ("cost", "external") if kind == "" else (f"cost_{kind}", f"external_{kind}")
        return source[(cost_key, key, of_year)] - source[(external_key, key, of_year)]

    facts.cost, facts.external = actual[("cost", "", year)], actual[("external", "", year)]
    facts.net, facts.net_previous = net("", "", year), net("", "", previous)

    def budget_columns(what: str, key, dimension: str, trace_key="") -> list[Figure]:
        return [
            money(planned[(what, key, year)], dimension, trace_key),
            money(actual[(what, key, year)], dimension, trace_key),
            money(actual[(what, key, previous)], dimension, trace_key, previous),
        ]

    budget_headings = [
        _("Budget %(year)s") % {"year": year},
        _("Utfall %(year)s") % {"year": year},
        _("Utfall %(year)s") % {"year": previous},
    ]
    summary = Table(
        key="economy_summary",
        title=_("Ekonomiskt utfall"),
        label_heading=_("Post"),
        columns=budget_headings,
        money=True,
        rows=[
            Row(_("Kostnader"), budget_columns("cost", "", "money_cost")),
            Row(_("Intäkter och bidrag"), budget_columns("income", "", "money_income")),
            Row(_("varav extern finansiering"), budget_columns("external", "", "money_external")),
            Row(
                _("Nettokostnad för kommunen"),
                [
                    money(net("", "", year, planned), "money"),
                    money(net("", "", year), "money"),
                    money(net("", "", previous), "money", "", previous),
                ],
            ),
        ],
        note=_(
            "Nettokostnad = kostnader − extern finansiering (intäkter från andra källor än kommunens egen budget). "
            "Belopp i andra valutor är omräknade till kronor med den kurs som står på varje rad."
        )
        + (
            " "
            + _("%(count)s budgetrader för %(year)s saknar registrerat utfall och räknas som 0 i utfallet.")
            % {"count": missing, "year": year}
            if missing
            else ""
        ),
    )

    units = _names(OrgUnit, {key[1] for key in actual if key[0] == "cost_unit" or key[0] == "external_unit"})
    by_unit = Table(
        key="economy_by_unit",
        title=_("Utfall per enhet"),
        label_heading=_("Enhet"),
        columns=[
            _("Kostnader %(year)s") % {"year": year},
            _("Extern finansiering %(year)s") % {"year": year},
            _("Nettokostnad %(year)s") % {"year": year},
            _("Nettokostnad %(year)s") % {"year": previous},
        ],
        money=True,
        rows=[
            Row(
                name,
                [
                    money(actual[("cost_unit", pk, year)], "money_unit", pk),
                    money(actual[("external_unit", pk, year)], "money_unit", pk),
                    money(net("unit", pk, year), "money_unit", pk),
                    money(net("unit", pk, previous), "money_unit", pk, previous),
                ],
            )
            for pk, name in units
        ],
        note=_("Utfall i kronor per ansvarig enhet för engagemanget."),
    )

    sources = _names(FundingSource, {key[1] for key in planned if key[0] == "source"})
    by_source = Table(
        key="economy_by_source",
        title=_("Intäkter per finansieringskälla"),
        label_heading=_("Finansieringskälla"),
        columns=budget_headings,
        money=True,
        rows=[Row(name, budget_columns("source", pk, "money_source", pk)) for pk, name in sources],
    )
    by_category = Table(
        key="costs_by_category",
        title=_("Kostnader per kostnadsslag"),
        label_heading=_("Kostnadsslag"),
        columns=budget_headings,
        money=True,
        rows=[
            Row(str(category.label), budget_columns("category", category.value, "money_category", category.value))
            for category in CostCategory
            if planned[("category", category.value, year)]
            or planned[("category", category.value, previous)]
            or actual[("category", category.value, year)]
            or actual[("category", category.value, previous)]
        ],
    )
    tables = [summary, by_unit, by_source, by_category, _largest(actual, year)]
    charts = []
    if by_category.rows:
        charts.append(
            Chart(
                key="costs_by_category_chart",
                kind="grouped_bar",
                title=_("Kostnader per kostnadsslag, utfall %(year)s och %(previous)s")
                % {"year": year, "previous": previous},
                description=_(
                    "Stapeldiagram som jämför årets och förra årets kostnader per kostnadsslag; siffrorna finns i tabellen."
                ),
                table_key=by_category.key,
                columns=(1, 2),
            )
        )
    if by_source.rows:
        charts.append(
            Chart(
                key="economy_by_source_chart",
                kind="bar",
                title=_("Intäkter per finansieringskälla, utfall %(year)s") % {"year": year},
                description=_("Stapeldiagram över årets intäkter per finansieringskälla; siffrorna finns i tabellen."),
                table_key=by_source.key,
                column=1,
            )
        )
    return Section(
        key="economy",
        title=_("Ekonomiskt utfall"),
        intro=_(
            "Vad det internationella arbetet kostade, hur mycket som finansierades externt och vad kommunen själv betalade."
        ),
        tables=tables,
        charts=charts,
    )


def _names(model, pks) -> list[tuple[int, str]]:
    """(pk, name) of the given records, by name: one query."""
    pks = {pk for pk in pks if pk is not None}
    return sorted(model.objects.filter(pk__in=pks).values_list("pk", "name"), key=lambda item: item[1].lower())


def _largest(actual, year: int) -> Table:
    """The year's largest costs by engagement; secret engagements are counted but never named."""
    costs = {key[1]: value for key, value in actual.items() if key[0] == "cost_engagement" and key[2] == year and value}
    top = sorted(costs, key=lambda pk: -costs[pk])[:LARGEST]
    engagements = (
        Engagement.objects.filter(pk__in=top)
        .select_related("owner_unit")
        .only("title", "is_secret", "owner_unit__name")
    )
    by_pk = {engagement.pk: engagement for engagement in engagements}
    rows = []
    for pk in top:
        engagement = by_pk[pk]
        title = _("Sekretessbelagt engagemang") if engagement.is_secret else engagement.title
        cost, external = costs[pk], actual[("external_engagement", pk, year)]
        rows.append(
            Row(
                f"{title} ({engagement.owner_unit.name})",
                [
                    money(cost, "engagement", pk),
                    money(external, "engagement", pk),
                    money(cost - external, "engagement", pk),
                ],
            )
        )
    return Table(
        key="largest_engagements",
        title=_("De största engagemangen efter kostnad %(year)s") % {"year": year},
        label_heading=_("Engagemang"),
        columns=[_("Kostnader"), _("Extern finansiering"), _("Nettokostnad")],
        rows=rows,
        money=True,
        note=_("Sekretessbelagda engagemang räknas med men namnges inte."),
    )
