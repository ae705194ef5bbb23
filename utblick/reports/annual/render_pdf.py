"""The annual report as a PDF, from a standalone print template (reports/annual_print.html) through WeasyPrint.

Nothing is fetched while rendering: the CSS is in the template, the charts are inline SVG, and the URL fetcher
refuses every URL but data: URLs (a chart may embed a small image that way).
"""

from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.utils import translation

from utblick.reports.annual.content import AnnualReport
from utblick.reports.annual.render_common import (
    created_line,
    draw_all,
    figure_caption,
    secret_sentence,
    table_rows,
)

# SVG presentation properties (fill, stroke, text-anchor ...) in the charts' style attributes: WeasyPrint's CSS
# parser does not know them and says so once per shape, while its SVG renderer applies them all the same.
SVG_PROPERTIES = ("fill", "stroke", "text-anchor", "clip-path", "font-", "opacity", "dominant-baseline")


class _QuietAboutSvgStyles(logging.Filter):
    def filter(self, record):
        if str(record.msg).startswith("Ignored `") and record.args and record.args[-1] == "unknown property":
            return not str(record.args[0]).startswith(SVG_PROPERTIES)
        return True


_quiet = _QuietAboutSvgStyles()


def data_only_url_fetcher():
    """A WeasyPrint URL fetcher that fetches only data: URLs: no network, no files."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def print_html(report: AnnualReport, drawings: dict | None = None) -> str:
    """The HTML the PDF is made from (escaped like every template: labels are text, never markup)."""
    if drawings is None:
        drawings = draw_all(report)
    figure_number = table_number = 0
    sections = []
    for section in report.sections:
        figures = []
        for chart in section.charts:
            figure_number += 1
            figures.append(
                {
                    "caption": figure_caption(figure_number, chart),
                    "description": chart.description,
                    "svg": drawings[chart.key].svg,
                }
            )
        tables = []
        for table in section.tables:
            table_number += 1
            tables.append({"number": table_number, "table": table, "rows": table_rows(table)})
        sections.append({"section": section, "figures": figures, "tables": tables})
    return render_to_string(
        "reports/annual_print.html",
        {
            "report": report,
            "sections": sections,
            "created": created_line(report),
            "secret": secret_sentence(report),
            "language": translation.get_language() or "sv",
        },
    )


def render_pdf(report: AnnualReport, drawings: dict | None = None) -> bytes:
    """The report as PDF bytes (A4, DejaVu Sans, "Sida n av N" in the footer, tagged for screen readers)."""
    from weasyprint import HTML

    html = print_html(report, drawings)
    logging.getLogger("weasyprint").addFilter(_quiet)  # the same object each time: added once
    # Tagged (headings, tables, figures with their alt text), so a screen reader can read the published file.
    return HTML(string=html, url_fetcher=data_only_url_fetcher()).write_pdf(pdf_tags=True)
