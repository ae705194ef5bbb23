"""What an annual report holds (R-52), independent of how it is shown: a web page, DOCX, PDF or XLSX.

The builder (annual.figures) fills these; the renderers only lay them out. Every number is a Figure that
knows which engagements stand behind it (`trace`), so the web page can link it to exactly those.
Money is in whole Swedish kronor (Decimal, rounded half up); counts are ints.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Trace:
    """The engagements behind a figure: `dimension`/`value` filter the report's engagements (annual.trace)."""

    dimension: str
    value: str = ""
    year: int | None = None  # another year than the report's (the comparison with the previous year)


@dataclass(frozen=True)
class Figure:
    value: int | Decimal
    trace: Trace | None = None

    @property
    def is_money(self) -> bool:
        return isinstance(self.value, Decimal)


@dataclass
class Row:
    label: str
    cells: list[Figure | None]  # None: no value in this cell (shown empty)


@dataclass
class Table:
    """A table of numbers; the first column holds the row labels, `columns` are the headings after it."""

    key: str  # stable, for anchors and sheet names: "partners_by_country"
    title: str
    label_heading: str  # heading of the label column: "Land"
    columns: list[str]
    rows: list[Row]
    total: Row | None = None
    money: bool = False  # the cells are kronor
    note: str = ""  # a sentence under the table (what is counted)


@dataclass
class Chart:
    """What to draw; annual.charts draws it (SVG for the web and PDF, PNG for DOCX).

    kind "bar": one bar per row of `table`, the values of column `column` (horizontal bars, labels readable).
    kind "grouped_bar": one group per row of `table`, one bar per column in `columns`.
    kind "map": the countries (ISO 3166-1 alpha-2 codes as row keys in `values`) shaded by value.
    A chart never stands alone: its table is in the same section (CONVENTIONS: charts come with the numbers).
    """

    key: str
    kind: str
    title: str
    description: str  # alt text: what the chart shows, in one sentence
    table_key: str
    column: int = 0
    columns: tuple[int, ...] = ()
    values: dict[str, int] = field(default_factory=dict)  # only for "map"


@dataclass
class Section:
    key: str  # "partners", "scope", "direction", "economy"
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


@dataclass
class AnnualReport:
    year: int
    unit_id: int | None  # None: the whole municipality
    unit_name: str  # "Hela kommunen" or the unit's name
    municipality: str
    generated_at: datetime.datetime
    summary: list[str]  # the ready-to-paste text, one paragraph per item
    sections: list[Section]
    secret_count: int  # secret engagements counted in the figures, never named in any output

    @property
    def title(self) -> str:
        return _("Internationellt arbete %(year)s – %(unit)s") % {"year": self.year, "unit": self.unit_name}

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    def tables(self):
        for section in self.sections:
            yield from section.tables


def kronor(value: Decimal) -> Decimal:
    """Whole kronor, rounded half up, as the report shows money."""
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
