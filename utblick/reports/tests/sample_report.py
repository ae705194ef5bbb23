"""A hand-made annual report for the renderers' tests: all four sections, a map and a bar chart, money and
counts, Swedish characters, a label that looks like HTML, one that looks like a formula and a 300-character one.

`stand_in_draw` draws a chart the way annual.charts does (an inline SVG and a PNG), for when the tests must not
depend on how the real charts look.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from utblick.reports.annual.content import AnnualReport, Chart, Figure, Row, Section, Table

SCRIPT_LABEL = "<script>alert(1)</script>"
FORMULA_LABEL = '=HYPERLINK("http://evil.example","klicka")'
LONG_LABEL = "Långt namn på en partner i Östersjöregionen " * 7  # 301 characters, cut below
LONG_LABEL = LONG_LABEL[:300]
BIG_MONEY = Decimal(1234567)


def _row(label: str, *values) -> Row:
    return Row(label=label, cells=[None if value is None else Figure(value) for value in values])


def sample_report(*, unit_id: int | None = None, unit_name: str = "Hela kommunen", secret_count: int = 2):
    """An AnnualReport for 2025 with known numbers (see the tests for which)."""
    partners = Section(
        key="partners",
        title="Partner och länder",
        intro="Vilka länder och organisationer kommunen samarbetar med.",
        tables=[
            Table(
                key="partners_by_country",
                title="Partner per land",
                label_heading="Land",
                columns=["Engagemang", "Partner"],
                rows=[
                    _row("Norge", 7, 12),
                    _row("Åland", 3, 4),
                    _row("Österrike", 2, None),
                    _row(SCRIPT_LABEL, 1, 1),
                    _row(FORMULA_LABEL, 1, 1),
                    _row(LONG_LABEL, 1, 1),
                ],
                total=_row("Totalt", 15, 19),
                note="Ett engagemang med partner i flera länder räknas en gång per land.",
            )
        ],
        charts=[
            Chart(
                key="partner_map",
                kind="map",
                title="Partnerländer",
                description="Kartan visar att de flesta partner finns i Norge.",
                table_key="partners_by_country",
                values={"NO": 12, "AX": 4, "AT": 0},
            )
        ],
    )
    scope = Section(
        key="scope",
        title="Omfattning",
        intro="Hur många engagemang som pågick under året, per förvaltning.",
        tables=[
            Table(
                key="engagements_by_unit",
                title="Engagemang per förvaltning och typ av engagemang under året",  # longer than 31 characters
                label_heading="Förvaltning",
                columns=["Pågående", "Avslutade"],
                rows=[_row("Barn, utbildning och fritid", 9, 3), _row("Kultur och fritid", 4, 1)],
                total=_row("Totalt", 13, 4),
            )
        ],
        charts=[
            Chart(
                key="engagements_bar",
                kind="bar",
                title="Pågående engagemang per förvaltning",
                description="Stapeldiagrammet visar att Barn, utbildning och fritid har flest pågående engagemang.",
                table_key="engagements_by_unit",
                column=0,
            )
        ],
    )
    direction = Section(
        key="direction",
        title="Inriktning",
        intro="Vilka mål i den internationella policyn engagemangen bidrar till.",
        tables=[
            Table(
                key="objectives",
                title="Engagemang per mål: [M1–M3]?",  # characters a sheet name cannot hold
                label_heading="Mål",
                columns=["Engagemang"],
                rows=[_row("M1 Stärkt välfärd", 5), _row("M3 Språk och lärande", 11)],
            )
        ],
    )
    economy = Section(
        key="economy",
        title="Ekonomi",
        intro="Budget och utfall i kronor.",
        tables=[
            Table(
                key="economy_by_unit",
                title="Budget och utfall",
                label_heading="Förvaltning",
                columns=["Budget", "Utfall"],
                rows=[
                    _row("Barn, utbildning och fritid", BIG_MONEY, Decimal(987654)),
                    _row("Kultur och fritid", Decimal(25000), Decimal(0)),
                ],
                total=_row("Totalt", Decimal(1259567), Decimal(987654)),
                money=True,
                note="Belopp i hela kronor; utländsk valuta är omräknad till kronor.",
            ),
            Table(
                key="economy_by_source",
                title="Budget och utfall",  # the same title again: sheet names must still be unique
                label_heading="Finansiär",
                columns=["Budget"],
                rows=[_row("Erasmus+", Decimal(800000)), _row("Egen budget", Decimal(459567))],
                money=True,
            ),
        ],
    )
    return AnnualReport(
        year=2025,
        unit_id=unit_id,
        unit_name=unit_name,
        municipality="Härjedalens kommun",
        generated_at=datetime.datetime(2026, 2, 3, 10, 15, tzinfo=datetime.UTC),
        summary=[
            "Under 2025 arbetade kommunen med 15 engagemang i 3 länder.",
            "Flest partner finns i Norge; samarbetet med Åland och Österrike växer.",
        ],
        sections=[partners, scope, direction, economy],
        secret_count=secret_count,
    )


@dataclass
class StandInDrawing:
    svg: str
    png: bytes


def stand_in_draw(chart: Chart, tables: dict[str, Table]) -> StandInDrawing:
    """What annual.charts.draw returns, without drawing anything real: a grey box."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), (200, 200, 200)).save(buffer, format="PNG")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 400" role="img">'
        f'<rect width="800" height="400" fill="#ccc"/><text x="20" y="40">{chart.key}</text></svg>'
    )
    return StandInDrawing(svg=svg, png=buffer.getvalue())
