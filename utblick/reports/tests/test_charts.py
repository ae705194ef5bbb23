"""The annual report's charts: readable bars with Swedish numbers, a map shading exactly the partner countries,
accessible inline SVG, a PNG for DOCX, and the same drawing every time."""

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from PIL import Image

from utblick.reports.annual import charts
from utblick.reports.annual.content import Chart, Figure, Row, Table

NBSP = "\u00a0"
SVG = "{http://www.w3.org/2000/svg}"
PALETTE = {colour.lower() for colour in charts.PALETTE}


def table(rows, *, key="by_objective", columns=("Engagemang",), money=False):
    return Table(
        key=key,
        title="Engagemang per mål",
        label_heading="Mål",
        columns=list(columns),
        rows=[Row(label, [None if v is None else Figure(v) for v in values]) for label, values in rows],
        money=money,
    )


OBJECTIVES = table(
    [
        ("Hållbar utveckling i Östersjöregionen", [1234567]),
        ("Kultur och idrott för unga", [42]),
        ("Ökad kompetens i förvaltningen", [7]),
    ]
)
BAR = Chart(
    key="by_objective_chart",
    kind="bar",
    title="Engagemang per mål i policyn",
    description="Stapeldiagram över antalet engagemang per mål; siffrorna finns i tabellen.",
    table_key="by_objective",
)
PARTNERS = table([], key="partners_by_country", columns=("Organisationer", "varav nya"))
MAP_VALUES = {"SE": 12, "NO": 3, "FI": 4, "FR": 1, "DE": 7, "KE": 2, "JP": 1, "MT": 2}
MAP = Chart(
    key="partner_map",
    kind="map",
    title="Samarbetspartnernas länder",
    description="Karta där länder med samarbetspartner är färgade efter antal organisationer.",
    table_key="partners_by_country",
    values=MAP_VALUES,
)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    return ["".join(element.itertext()) for element in parse(svg).iter(f"{SVG}text")]


def fills(svg: str) -> list[str]:
    return re.findall(r"fill: (#[0-9a-f]{6})", svg)


def test_a_bar_chart_of_three_rows_has_three_bars_with_their_labels_and_values_as_text():
    svg = charts.draw(BAR, {"by_objective": OBJECTIVES}).svg
    assert fills(svg).count(charts.SERIES[0].lower()) == 3
    words = texts(svg)
    assert "Hållbar utveckling i Östersjöregionen" in words
    assert "Ökad kompetens i förvaltningen" in words
    assert f"1{NBSP}234{NBSP}567" in words
    assert "42" in words and "7" in words


def test_a_long_label_is_cut_with_an_ellipsis_after_about_forty_characters():
    long = "Internationellt samarbete kring klimatanpassning av kommunala verksamheter"
    svg = charts.draw(BAR, {"by_objective": table([(long, [3])])}).svg
    label = next(text for text in texts(svg) if text.startswith("Internationellt"))
    assert label.endswith("…") and len(label) <= charts.LABEL_MAX
    assert long not in svg


def test_money_is_written_in_kronor_with_swedish_thousands():
    economy = table([("Resor", [Decimal(250000)]), ("Löner", [Decimal(1500)])], key="by_source", money=True)
    chart = Chart(key="income", kind="bar", title="Intäkter", description="Intäkter.", table_key="by_source")
    words = texts(charts.draw(chart, {"by_source": economy}).svg)
    assert f"250{NBSP}000{NBSP}kr" in words
    assert f"1{NBSP}500{NBSP}kr" in words


def test_a_grouped_bar_chart_has_one_bar_per_series_and_a_legend():
    costs = table(
        [("Resor", [Decimal(900), Decimal(1200)]), ("Konsulter", [Decimal(300), None])],
        key="by_category",
        columns=("Budget", "Utfall 2025", "Utfall 2024"),
        money=True,
    )
    chart = Chart(
        key="costs_chart",
        kind="grouped_bar",
        title="Kostnader",
        description="Kostnader i år och förra året.",
        table_key="by_category",
        columns=(0, 1),
    )
    svg = charts.draw(chart, {"by_category": costs}).svg
    words = texts(svg)
    assert "Budget" in words and "Utfall 2025" in words  # the legend
    assert "Utfall 2024" not in words
    colours = fills(svg)
    assert colours.count(charts.SERIES[0].lower()) == 2 + 1  # two bars and the legend's swatch
    assert colours.count(charts.SERIES[1].lower()) == 2 + 1  # the empty cell draws an empty bar, no value
    assert f"1{NBSP}200{NBSP}kr" in words


def shading(svg: str, key: str) -> tuple[set[str], set[str]]:
    """The world map's countries (by the id of their <g>) filled with a palette colour, and those in grey."""
    shaded, grey = set(), set()
    for group in parse(svg).iter(f"{SVG}g"):
        match = re.fullmatch(rf"chart-{key}-([A-Z]{{2}})", group.get("id", ""))
        if not match:
            continue
        style = group.find(f"{SVG}path").get("style")
        colour = re.search(r"fill: (#[0-9a-f]{6})", style).group(1)
        assert colour in PALETTE or colour == charts.NO_VALUE
        (shaded if colour in PALETTE else grey).add(match.group(1))
    return shaded, grey


def test_the_map_shades_exactly_the_partner_countries_and_leaves_the_others_grey():
    svg = charts.draw(MAP, {"partners_by_country": PARTNERS}).svg
    shaded, grey = shading(svg, "partner_map")
    assert shaded == {"SE", "NO", "FI", "FR", "DE", "KE", "JP"}  # Malta is too small for the map
    assert len(grey) > 150


def test_the_map_has_a_europe_frame_with_the_nordic_countries_and_a_legend_of_the_classes():
    svg = charts.draw(MAP, {"partners_by_country": PARTNERS}).svg
    ids = {group.get("id") for group in parse(svg).iter(f"{SVG}g")}
    assert {"chart-partner_map-SE-europa", "chart-partner_map-NO-europa", "chart-partner_map-FI-europa"} <= ids
    assert "chart-partner_map-JP-europa" not in ids
    words = texts(svg)
    assert {"Världen", "Europa", "Organisationer", "Inget värde", "12"} <= set(words)


def test_countries_too_small_for_the_map_are_named_under_it():
    svg = charts.draw(MAP, {"partners_by_country": PARTNERS}).svg
    assert any("Malta (2)" in text for text in texts(svg))


def test_each_shaded_country_names_itself_and_its_value_when_pointed_at():
    svg = charts.draw(MAP, {"partners_by_country": PARTNERS}).svg
    root = parse(svg)
    kenya = next(group for group in root.iter(f"{SVG}g") if group.get("id") == "chart-partner_map-KE")
    assert kenya.find(f"{SVG}title").text == "Kenya: 2"
    germany = next(group for group in root.iter(f"{SVG}g") if group.get("id") == "chart-partner_map-DE-europa")
    assert germany.find(f"{SVG}title").text == "Tyskland: 7"


def test_negative_amounts_are_drawn_left_of_zero_with_a_minus_sign():
    result = table([("Resor", [Decimal(-2500)]), ("Löner", [Decimal(1000)])], key="by_source", money=True)
    chart = Chart(key="result", kind="bar", title="Resultat", description="Resultat.", table_key="by_source")
    words = texts(charts.draw(chart, {"by_source": result}).svg)
    assert f"\u22122{NBSP}500{NBSP}kr" in words


def test_a_map_with_a_single_partner_country_shades_only_that_country():
    chart = Chart(key="one", kind="map", title="Karta", description="Karta.", table_key="x", values={"ke": 1})
    svg = charts.draw(chart, {}).svg
    shaded, _grey = shading(svg, "one")
    assert shaded == {"KE"}
    assert "Kenya: 1" in svg


def test_value_classes_hold_every_value_in_at_most_five_classes():
    assert charts.value_classes([1, 1, 2]) == [(1, 1), (2, 2)]
    classes = charts.value_classes([1, 2, 3, 4, 5, 8, 13, 40, 41, 100])
    assert len(classes) == 5
    assert classes[0][0] == 1 and classes[-1][1] == 100
    assert all(low <= high for low, high in classes)


def test_the_svg_is_an_accessible_element_to_inline_in_a_page():
    svg = charts.draw(BAR, {"by_objective": OBJECTIVES}).svg
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    root = parse(svg)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Engagemang per mål i policyn"
    assert desc.text == BAR.description
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert "Date" not in svg and "Matplotlib v" not in svg


def test_two_charts_on_one_page_share_no_id_and_their_styles_stay_inside_them():
    page = charts.draw(BAR, {"by_objective": OBJECTIVES}).svg + charts.draw(MAP, {}).svg
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for reference in re.findall(r"url\(#([^)]+)\)", page):
        assert reference in ids
    assert "<style" in page and not re.search(r">\s*\*\s*\{", page)


def test_the_same_chart_drawn_twice_gives_the_same_svg():
    assert charts.draw(MAP, {}).svg == charts.draw(MAP, {}).svg
    assert charts.draw(BAR, {"by_objective": OBJECTIVES}).svg == charts.draw(BAR, {"by_objective": OBJECTIVES}).svg


@pytest.mark.parametrize("chart", [BAR, MAP], ids=["bar", "map"])
def test_the_png_for_docx_is_a_valid_image_at_print_resolution(chart):
    png = charts.draw(chart, {"by_objective": OBJECTIVES}).png
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert abs(image.width - charts.WIDTH * charts.PNG_DPI) <= 1  # 16 cm at 170 dpi
    assert image.height > 0


@pytest.mark.parametrize(
    ("chart", "tables"),
    [
        (BAR, {"by_objective": table([])}),
        (BAR, {"by_objective": table([("Kultur", [None])])}),
        (BAR, {}),
        (Chart(key="empty_map", kind="map", title="Karta", description="Karta.", table_key="x"), {}),
    ],
    ids=["no rows", "no values", "no table", "map without values"],
)
def test_a_chart_without_data_says_inga_uppgifter(chart, tables):
    drawing = charts.draw(chart, tables)
    assert texts(drawing.svg) == ["Inga uppgifter"]
    assert Image.open(io.BytesIO(drawing.png)).format == "PNG"


def test_matplotlib_is_not_loaded_when_django_starts():
    code = (
        "import sys, django; django.setup(); import utblick.urls; "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "print('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        cwd=str(__import__("django").conf.settings.BASE_DIR),
    )
    assert result.stdout.strip() == "False"
