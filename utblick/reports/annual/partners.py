"""The partners section (samarbetspartner): the organisations of the year's work by country, new and established."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django_countries import countries

from utblick.partners.models import Organisation, established_organisation_ids
from utblick.reports.annual.content import Chart, Row, Section, Table
from utblick.reports.annual.selection import Selection, earlier_partner_ids
from utblick.reports.annual.tables import Facts, count


def partners_section(selection: Selection, facts: Facts) -> Section:
    """One grouped query: per country, the organisations, how many are new this year and how many established."""
    grouped = (
        Organisation.objects.filter(pk__in=selection.partner_ids())
        .order_by()
        .values("country")
        .annotate(
            total=Count("pk"),
            new=Count("pk", filter=~Q(pk__in=earlier_partner_ids(selection.year))),
            established=Count("pk", filter=Q(marked_established=True) | Q(pk__in=established_organisation_ids())),
        )
    )
    by_country = sorted(grouped, key=lambda item: (-item["total"], countries.name(item["country"]) or ""))
    rows = [
        Row(
            countries.name(item["country"]) or item["country"],
            [
                count(item["total"], "partner_country", item["country"]),
                count(item["new"], "partner_new", item["country"]),
                count(item["established"], "partner_established", item["country"]),
            ],
        )
        for item in by_country
    ]
    totals = [sum(item[name] for item in by_country) for name in ("total", "new", "established")]
    facts.partners, facts.partners_new, facts.partners_established = totals
    facts.partner_countries = len(by_country)
    table = Table(
        key="partners_by_country",
        title=_("Samarbetspartner per land"),
        label_heading=_("Land"),
        columns=[_("Organisationer"), _("varav nya"), _("varav etablerade")],
        rows=rows,
        total=Row(
            _("Totalt"),
            [
                count(totals[0], "partner_country"),
                count(totals[1], "partner_new"),
                count(totals[2], "partner_established"),
            ],
        ),
        note=_(
            "Organisationer som deltar i engagemang som var beslutade, pågående eller avslutade under året. "
            "Ny: första året organisationen deltar i kommunens arbete. Etablerad: engagemang under minst två "
            "kalenderår, eller markerad som etablerad i partnerregistret."
        ),
    )
    chart = Chart(
        key="partner_map",
        kind="map",
        title=_("Samarbetspartnernas länder"),
        description=_(
            "Karta där länder med samarbetspartner är färgade efter antal organisationer; siffrorna finns i tabellen."
        ),
        table_key=table.key,
        values={item["country"]: item["total"] for item in by_country},
    )
    return Section(
        key="partners",
        title=_("Samarbetspartner"),
        intro=_("Vilka organisationer kommunen samarbetade med under året, och var de finns."),
        tables=[table],
        charts=[chart] if by_country else [],
    )
