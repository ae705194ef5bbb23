"""Draws the annual report's charts (content.Chart) as inline SVG for the web page and PDF, and PNG for DOCX.

Imports matplotlib, which costs about half a second: nothing may import this module at Django start-up;
the renderers import it inside a function (annual.render_common.draw_chart).

Only matplotlib's object API (Figure + an Agg/SVG canvas) is used, never pyplot, which keeps global
figure state and is not thread-safe. The few settings matplotlib only reads from rcParams (the SVG
backend's fonttype and hash salt) are applied with rc_context under a lock, so a drawing never sees
another thread's settings and the process-wide defaults stay untouched.

SVG text stays text (svg.fonttype "none"): the numbers and labels can be found with the browser's search
and selected, the file is several times smaller than with glyph paths, and the PDF renderer has DejaVu
Sans (fonts-dejavu-core) to draw it with. The price is that a browser without DejaVu Sans draws the text in
its own sans-serif font, a little wider or narrower; the layout leaves room for that.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import matplotlib
import numpy as np
from django.utils.translation import gettext as _
from django_countries import countries as country_names
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.transforms import Bbox

from utblick.reports.annual import geography
from utblick.reports.annual.content import Chart, Row, Table
from utblick.reports.annual.content import Figure as ReportFigure
from utblick.reports.annual.render_common import format_cell, format_number

PNG_DPI = 170
WIDTH = 16 / 2.54  # inches: the 16 cm the DOCX and PDF give a chart, so the text keeps its point size
LABEL_MAX = 40  # characters of a bar label before it is cut with "…"

TEXT = "#1a1a1a"  # 17:1 on white
MUTED = "#595959"  # 7:1 on white, for axes titles and notes
# Okabe–Ito blue, vermillion and green: told apart with every common colour-vision deficiency, and each
# at least 3:1 against white (WCAG 1.4.11 for graphics).
SERIES = ("#0072B2", "#D55E00", "#009E73")
# ColorBrewer YlGnBu without its palest step, which is too close to the grey of countries without a value;
# sequential and colour-blind safe.
PALETTE = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
# Which palette steps n classes use: as far apart as possible, one class a middle-dark step.
_SPREAD = {1: (3,), 2: (1, 4), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}
NO_VALUE = "#dddddd"
BORDER = "#ffffff"
WORLD = (-180, 180, -60, 85)  # lon/lat: Antarctica cut off, the whole inhabited world kept
EUROPE = (-25, 45, 34, 72)  # Iceland to the Urals' foot, Cyprus to the North Cape

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "svg.fonttype": "none",
    "svg.hashsalt": "utblick",  # ids of clip paths are hashes: a fixed salt keeps two drawings identical
    "axes.unicode_minus": True,
}
_LOCK = threading.Lock()


@dataclass
class Drawing:
    """A drawn chart: `svg` to inline in HTML, `png` (drawn on first use) for DOCX."""

    key: str
    svg: str
    _draw_figure: Callable[[], Figure] = field(repr=False, compare=False)
    _png: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def png(self) -> bytes:
        if self._png is None:
            with _LOCK, matplotlib.rc_context(_RC):
                figure = self._draw_figure()
                buffer = io.BytesIO()
                FigureCanvasAgg(figure)
                figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
            self._png = buffer.getvalue()
        return self._png


def draw(chart: Chart, report_tables: dict[str, Table]) -> Drawing:
    """The chart as SVG (drawn now) and PNG (drawn when asked for)."""
    table = report_tables.get(chart.table_key)
    draw_figure = functools.partial(_figure, chart, table)
    with _LOCK, matplotlib.rc_context(_RC):
        figure = draw_figure()
        buffer = io.StringIO()
        FigureCanvasSVG(figure)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return Drawing(key=chart.key, svg=_inline_svg(buffer.getvalue(), chart), _draw_figure=draw_figure)


def _figure(chart: Chart, table: Table | None) -> Figure:
    if chart.kind == "map":
        values = {code.upper(): value for code, value in chart.values.items() if value}
        if values:
            heading = table.columns[chart.column] if table and chart.column < len(table.columns) else ""
            return _map(values, legend_title=heading)
        return _empty()
    if chart.kind in ("bar", "grouped_bar"):
        columns = list(chart.columns) if chart.kind == "grouped_bar" else [chart.column]
        if table is None or not table.rows:
            return _empty()
        return _bars(table, columns)
    raise ValueError(f"Unknown chart kind {chart.kind!r}")


def truncate(label: str, limit: int = LABEL_MAX) -> str:
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _empty() -> Figure:
    figure = Figure(figsize=(WIDTH, 1.0), facecolor="white")
    figure.text(0.5, 0.5, _("Inga uppgifter"), ha="center", va="center", fontsize=12, color=MUTED)
    return figure


def _bars(table: Table, columns: list[int]) -> Figure:
    """Horizontal bars, one group per row and one bar per column, the value written at the bar's end."""
    labels = [truncate(row.label) for row in table.rows]
    series = [[_cell(row, column) for row in table.rows] for column in columns]
    numbers = [float(cell.value) for cells in series for cell in cells if cell is not None]
    if not numbers:
        return _empty()
    count = len(columns)
    per_row = 0.27 + 0.18 * (count - 1)
    legend = 0.35 if count > 1 else 0.0
    figure = Figure(figsize=(WIDTH, 0.35 + legend + per_row * len(labels)), facecolor="white", layout="constrained")
    axes = figure.add_subplot()
    bar_height = 0.7 / count
    positions = np.arange(len(labels))
    highest = max(max(numbers), 0)
    lowest = min(min(numbers), 0)
    span = (highest - lowest) or 1
    for index, cells in enumerate(series):
        # The first column's bar on top within each group, in the legend's order.
        offsets = positions - 0.35 + bar_height * (index + 0.5)
        drawn = [float(cell.value) if cell is not None else 0.0 for cell in cells]
        name = table.columns[columns[index]] if columns[index] < len(table.columns) else ""
        axes.barh(offsets, drawn, height=bar_height, color=SERIES[index % len(SERIES)], label=name)
        for offset, cell, end in zip(offsets, cells, drawn, strict=True):
            if cell is None:
                continue
            axes.text(
                end + span * 0.01 if end >= 0 else end - span * 0.01,
                offset,
                format_cell(cell, money=table.money),  # as the table beside the chart writes it
                va="center",
                ha="left" if end >= 0 else "right",
                fontsize=8,
            )
    # Room after the longest bar for its value written in full.
    axes.set_xlim(lowest - (span * 0.3 if lowest < 0 else 0), highest + span * 0.3)
    axes.set_ylim(len(labels) - 0.5, -0.5)  # the table's first row on top
    axes.set_yticks(positions, labels=labels)
    axes.tick_params(axis="y", length=0)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(MUTED)
    if lowest < 0:  # the zero line separates the labels from the bars instead
        axes.spines["left"].set_visible(False)
        axes.axvline(0, color=MUTED, linewidth=0.8)
    if count > 1:
        figure.legend(loc="outside upper left", ncols=count, frameon=False, handlelength=1.2)
    return figure


def _cell(row: Row, column: int) -> ReportFigure | None:
    return row.cells[column] if column < len(row.cells) else None


@functools.cache
def _country_paths() -> dict[str, tuple[Path, tuple[float, float, float, float]]]:
    """{code: (compound path of all its polygons, (lon0, lon1, lat0, lat1))}, built once per process."""
    paths = {}
    for code, country in sorted(geography.countries().items()):
        if code == "AQ":  # below the map's southern edge
            continue
        vertices, codes = [], []
        for polygon in country["polygons"]:
            for ring in polygon:
                vertices.extend(ring)
                codes.extend([Path.MOVETO] + [Path.LINETO] * (len(ring) - 2) + [Path.CLOSEPOLY])
        array = np.asarray(vertices, dtype=float)
        bounds = (array[:, 0].min(), array[:, 0].max(), array[:, 1].min(), array[:, 1].max())
        paths[code] = (Path(array, np.asarray(codes, dtype=np.uint8), readonly=True), bounds)
    return paths


def value_classes(values: list[int]) -> list[tuple[int, int]]:
    """Up to five (low, high) classes that together hold every distinct value, each class non-empty."""
    distinct = sorted(set(values))
    chunks = np.array_split(np.asarray(distinct), min(len(PALETTE), len(distinct)))
    return [(int(chunk[0]), int(chunk[-1])) for chunk in chunks]


def _class_label(low: int, high: int) -> str:
    return format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"


def _map(values: dict[str, int], *, legend_title: str) -> Figure:
    """The world in plain lon/lat, with Europe beside it at a larger scale; countries shaded by class."""
    classes = value_classes(list(values.values()))
    colours = [PALETTE[index] for index in _SPREAD[len(classes)]]

    def colour(value):
        index = next(i for i, (low, high) in enumerate(classes) if low <= value <= high)
        return colours[index]

    paths = _country_paths()
    missing = sorted(code for code in values if code not in paths)
    # Sizes in inches. World: the left 62 % of the width, aspect 1 in degrees (plate carrée). Europe: the
    # rest, degrees of longitude shortened by cos(53°) so the shapes look as they do on a globe.
    stretch = 1 / np.cos(np.radians(53))
    margin = 0.02  # the frames' lines are drawn half outside their axes
    world_width = 0.62 * WIDTH
    world_height = world_width * (WORLD[3] - WORLD[2]) / (WORLD[1] - WORLD[0])
    europe_width = WIDTH - world_width - 0.2 - 2 * margin
    europe_height = europe_width * (EUROPE[3] - EUROPE[2]) * stretch / (EUROPE[1] - EUROPE[0])
    top, legend_height, note_height = 0.25, 0.8, 0.22 if missing else 0.05
    height = top + max(europe_height, world_height + legend_height) + note_height
    figure = Figure(figsize=(WIDTH, height), facecolor="white")
    world = figure.add_axes(
        (margin / WIDTH, 1 - (top + world_height) / height, world_width / WIDTH, world_height / height)
    )
    europe = figure.add_axes(
        (
            1 - (europe_width + margin) / WIDTH,
            1 - (top + europe_height) / height,
            europe_width / WIDTH,
            europe_height / height,
        )
    )
    world_bottom = 1 - (top + world_height) / height

    for axes, frame, suffix, title in (
        (world, WORLD, "", _("Världen")),
        (europe, EUROPE, "-europa", _("Europa")),
    ):
        lon0, lon1, lat0, lat1 = frame
        for code, (path, (x0, x1, y0, y1)) in paths.items():
            if x1 < lon0 or x0 > lon1 or y1 < lat0 or y0 > lat1:
                continue  # outside this frame: not written into the SVG at all
            if axes is europe and not (lon0 <= x0 and x1 <= lon1 and lat0 <= y0 and y1 <= lat1):
                # Only the part inside the frame (and a degree more): Russia and Greenland would otherwise
                # write their whole outline into the SVG a second time.
                path = path.clip_to_bbox(Bbox([[lon0 - 1, lat0 - 1], [lon1 + 1, lat1 + 1]]))
                if not len(path.vertices):
                    continue
            value = values.get(code)
            patch = PathPatch(
                path,
                facecolor=colour(value) if value is not None else NO_VALUE,
                edgecolor=BORDER,
                linewidth=0.3 if axes is world else 0.4,
            )
            patch.set_gid(code + suffix)
            axes.add_patch(patch)
        axes.set_xlim(lon0, lon1)
        axes.set_ylim(lat0, lat1)
        axes.set_aspect(1 if axes is world else stretch)
        axes.set_xticks([])
        axes.set_yticks([])
        for spine in axes.spines.values():
            spine.set_color(MUTED)
            spine.set_linewidth(0.6)
        axes.set_title(title, loc="left", fontsize=9, color=MUTED, pad=3)

    # Where the Europe map is, on the world map.
    world.add_patch(
        Rectangle(
            (EUROPE[0], EUROPE[2]),
            EUROPE[1] - EUROPE[0],
            EUROPE[3] - EUROPE[2],
            fill=False,
            edgecolor=TEXT,
            linewidth=0.7,
            linestyle="--",
        )
    )

    handles = [
        Patch(facecolor=c, edgecolor=MUTED, linewidth=0.3, label=_class_label(*k))
        for c, k in zip(colours, classes, strict=True)
    ]
    handles.append(Patch(facecolor=NO_VALUE, edgecolor=MUTED, linewidth=0.3, label=_("Inget värde")))
    figure.legend(
        handles=handles,
        title=legend_title or None,
        loc="upper left",
        bbox_to_anchor=(0.0, world_bottom - 0.02),
        ncols=3,
        frameon=False,
        fontsize=8,
        title_fontsize=8,
        alignment="left",
        handlelength=1.2,
        columnspacing=1.2,
    )
    if missing:
        names = ", ".join(f"{country_names.name(code) or code} ({format_number(values[code])})" for code in missing)
        figure.text(
            0.0,
            0.01,
            truncate(_("För små för kartan: %(countries)s") % {"countries": names}, 110),
            fontsize=7,
            color=MUTED,
            va="bottom",
        )
    return figure


_SLUG = re.compile(r"[^A-Za-z0-9_-]+")
_DECIMALS = re.compile(r"(-?\d+)\.(\d{2,})")


def _one_decimal(match: re.Match) -> str:
    text = f"{float(match.group(0)):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _inline_svg(document: str, chart: Chart) -> str:
    """Matplotlib's SVG file made into an element to put inside an HTML page, several on one page.

    Every id gets the chart's prefix (two charts would otherwise share ids such as "axes_1"), the
    stylesheet is scoped to this <svg> (matplotlib's "*{…}" would reach every SVG on the page), and the
    title and description are added for screen readers.
    """
    prefix = f"chart-{_SLUG.sub('-', chart.key)}"
    svg = document[document.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    svg = svg.replace("*{", f"#{prefix} *{{", 1)
    # A browser without DejaVu Sans would fall back to its default font, often a serif one.
    svg = svg.replace("font-family: 'DejaVu Sans'", "font-family: 'DejaVu Sans', sans-serif")
    # Coordinates to a tenth of a point (1/720 inch) instead of six decimals, and "L" dropped where it
    # repeats (SVG continues a move or line with more pairs as lines): the map's SVG halves in size.
    svg = re.sub(r' d="[^"]*"', lambda m: _DECIMALS.sub(_one_decimal, m.group(0)).replace(" \nL ", " "), svg)
    if chart.kind == "map":
        svg = _country_tooltips(svg, prefix, {code.upper(): value for code, value in chart.values.items()})
    head_end = svg.index(">") + 1
    head = svg[:head_end].replace(
        "<svg ",
        f'<svg id="{prefix}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" class="chart" ',
        1,
    )
    labels = f'\n <title id="{prefix}-title">{_escape(chart.title)}</title>\n <desc id="{prefix}-desc">{_escape(chart.description)}</desc>'
    return head + labels + svg[head_end:].rstrip() + "\n"


def _country_tooltips(svg: str, prefix: str, values: dict[str, int]) -> str:
    """A <title> on each shaded country, shown when the mouse rests on it: "Kenya: 2"."""

    def add_title(match: re.Match) -> str:
        code = match.group(2)
        name = country_names.name(code) or code
        return f"{match.group(1)}<title>{_escape(name)}: {format_number(values[code])}</title>"

    codes = "|".join(re.escape(code) for code in sorted(values))
    if not codes:
        return svg
    return re.sub(rf'(<g id="{prefix}-({codes})(?:-europa)?">)', add_title, svg)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
