"""What the three file renderers (DOCX, PDF, XLSX) share: how numbers are written and how charts are drawn."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utblick.reports.annual.content import AnnualReport, Chart, Figure

NBSP = "\u00a0"


def format_number(value: int | Decimal) -> str:
    """A whole number the Swedish way: 1 234 567 (non-breaking spaces, so it never wraps inside)."""
    return f"{int(value):,}".replace(",", NBSP).replace("-", "\u2212")


def format_cell(figure: Figure | None, *, money: bool = False) -> str:
    """A table cell as text: empty for no value, kronor as "1 234 567 kr"."""
    if figure is None:
        return ""
    text = format_number(figure.value)
    return f"{text}{NBSP}kr" if money or figure.is_money else text


def draw_chart(chart: Chart, tables: dict):
    """The chart drawn by annual.charts (imported here, so the renderers load without it)."""
    from utblick.reports.annual.charts import draw

    return draw(chart, tables)


def draw_all(report: AnnualReport) -> dict:
    """Every chart of the report drawn once: {chart.key: Drawing with .svg and .png}."""
    tables = {table.key: table for table in report.tables()}
    return {chart.key: draw_chart(chart, tables) for section in report.sections for chart in section.charts}


def created_line(report: AnnualReport) -> str:
    when = timezone.localtime(report.generated_at) if timezone.is_aware(report.generated_at) else report.generated_at
    return _("Skapad %(date)s ur Utblick") % {"date": when.date().isoformat()}


def secret_sentence(report: AnnualReport) -> str:
    """Said when secret engagements are in the figures: they count, but are never named."""
    if not report.secret_count:
        return ""
    # The same sentence as the report page's (reports/annual.html), so it is translated once.
    return ngettext(
        "%(counter)s sekretessbelagt engagemang räknas i siffrorna men namnges inte.",
        "%(counter)s sekretessbelagda engagemang räknas i siffrorna men namnges inte.",
        report.secret_count,
    ) % {"counter": report.secret_count}


def figure_caption(number: int, chart: Chart) -> str:
    return _("Figur %(number)d. %(title)s") % {"number": number, "title": chart.title}


def table_rows(table) -> list[dict]:
    """The table's rows as text, the total last: [{"label", "cells": [str], "total": bool}]."""
    rows = [(row, False) for row in table.rows] + ([(table.total, True)] if table.total else [])
    return [
        {
            "label": row.label,
            "cells": [format_cell(figure, money=table.money) for figure in row.cells],
            "total": total,
        }
        for row, total in rows
    ]
