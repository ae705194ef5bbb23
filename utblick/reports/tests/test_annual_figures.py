"""Every figure of the annual report, checked against a year of work built by hand (annual_data.py)."""

from decimal import Decimal

import pytest

from utblick.reports.annual.figures import build_report
from utblick.reports.annual.selection import Selection
from utblick.reports.tests import annual_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(make_engagement, units, personas):
    return annual_data.build(make_engagement, units, personas)


@pytest.fixture
def report(data):
    return build_report(2025)


def values(table) -> dict:
    """{row label: [cell values]} with the total row under "Totalt"."""
    rows = {row.label: [cell.value if cell else None for cell in row.cells] for row in table.rows}
    if table.total:
        rows["Totalt"] = [cell.value if cell else None for cell in table.total.cells]
    return rows


def table(report, section, key):
    return values(report.section(section).table(key))


def kr(*amounts):
    return [Decimal(amount) for amount in amounts]


def test_sections_come_in_the_policys_order(report):
    assert [section.key for section in report.sections] == ["partners", "scope", "direction", "economy"]
    assert report.unit_name == "Hela kommunen"
    assert report.municipality == "Härjedalens kommun"


def test_partners_are_counted_by_country_with_new_and_established(report):
    assert table(report, "partners", "partners_by_country") == {
        "Norge": [2, 1, 1],  # Røros since 2023 and established; Trondheim new
        "Kenya": [1, 1, 0],  # Nairobi: the idea does not count, the visit in 2025 makes it new
        "Tyskland": [1, 1, 0],
        "Totalt": [4, 3, 1],
    }
    chart = report.section("partners").charts[0]
    assert chart.kind == "map" and chart.values == {"NO": 2, "DE": 1, "KE": 1}


def test_scope_counts_kinds_and_states_of_the_years_engagements(report):
    assert table(report, "scope", "engagements_by_kind") == {
        "Projekt": [1, 1, 0, 0, 0, 2],
        "Samarbete/partnerskap": [0, 0, 1, 0, 0, 1],
        "Vänort": [0, 0, 0, 0, 1, 1],
        "Besök till kommunen": [0, 0, 1, 0, 0, 1],
        "Resa": [0, 0, 0, 1, 0, 1],
        "Totalt": [1, 1, 2, 1, 1, 6],
    }
    assert report.section("scope").table("engagements_by_kind").columns == [
        "Idé",
        "Beslutad",
        "Pågående",
        "Avslutad",
        "Avbruten",
        "Totalt",
    ]


def test_scope_summary_counts_work_new_trips_visits_and_people(report):
    assert table(report, "scope", "scope_summary") == {
        "Engagemang som var beslutade, pågående eller avslutade": [4],
        "varav nya under året": [3],
        "Resor": [1],
        "Besök till kommunen": [1],
        "Konferenser": [0],
        "Idéer och förslag under beredning": [1],
        "Personer med ansvar för engagemangen": [3],  # Per, Hans (twice) and Karin
    }


def test_direction_by_objective_area_criterion_region_and_country(report):
    objectives = table(report, "direction", "by_objective")
    assert objectives["M1 Tillväxt och näringslivsutveckling"] == [1]
    assert objectives["M3 Nya kunskaper och erfarenheter för den kommunala verksamheten"] == [3]
    assert [row for row, counts in objectives.items() if counts == [1] and row.startswith("M5")]
    assert sum(counts[0] for counts in objectives.values()) == 5  # E3 counts under two objectives
    assert table(report, "direction", "by_area")["Skola"] == [1]
    criteria = table(report, "direction", "by_criterion")
    assert [counts for label, counts in criteria.items() if label.startswith("P2")] == [[1]]
    assert table(report, "direction", "by_region") == {"Europa": [3], "Övriga världen": [1], "Inget land angivet": [0]}
    assert table(report, "direction", "by_country") == {"Norge": [2], "Kenya": [1], "Tyskland": [1]}


def test_economy_sums_convert_currencies_and_compare_with_the_previous_year(report):
    assert table(report, "economy", "economy_summary") == {
        "Kostnader": kr(35900, 21380, 15000),
        "Intäkter och bidrag": kr(18728, 17583, 0),
        "varav extern finansiering": kr(15728, 14583, 0),
        "Nettokostnad för kommunen": kr(20172, 6798, 15000),
    }
    assert "1 budgetrader för 2025 saknar registrerat utfall" in report.section("economy").table("economy_summary").note


def test_economy_per_unit_source_and_category(report):
    assert table(report, "economy", "economy_by_unit") == {
        "Barn, utbildning och fritid": kr(15500, 14583, 918, 15000),
        "Kultur och fritid": kr(5880, 0, 5880, 0),
    }
    assert table(report, "economy", "economy_by_source") == {
        "Egen budget": kr(3000, 3000, 0),
        "Erasmus+": kr(10000, 10000, 0),
        "Interreg Sverige-Norge": kr(5728, 4583, 0),
    }
    assert table(report, "economy", "costs_by_category") == {
        "Resor": kr(10000, 14500, 15000),
        "Arbetstid": kr(4900, 5880, 0),
        "Köpta tjänster": kr(20000, 0, 0),
        "Övrigt": kr(1000, 1000, 0),
    }


def test_largest_engagements_never_name_a_secret_one(report):
    largest = table(report, "economy", "largest_engagements")
    assert largest == {
        "Skolutbyte med Røros (Barn, utbildning och fritid)": kr(12000, 4583, 7418),
        "Kulturresa Trondheim (Kultur och fritid)": kr(5880, 0, 5880),
        "Sekretessbelagt engagemang (Barn, utbildning och fritid)": kr(2500, 10000, -7500),
        "Gammalt nätverk (Barn, utbildning och fritid)": kr(1000, 0, 1000),
    }
    assert report.secret_count == 1
    every_text = " ".join(
        [*report.summary] + [row.label for t in report.tables() for row in t.rows] + [t.note for t in report.tables()]
    )
    assert "Hemligt" not in every_text and "Arkiverat" not in every_text


def test_summary_text_states_the_main_figures(report):
    assert report.summary == [
        "Under 2025 bedrev Härjedalens kommun 4 internationella engagemang som var beslutade, pågående eller "
        "avslutade, varav 3 nya. Dessutom fanns 1 idé eller förslag under beredning.",
        "Arbetet skedde tillsammans med 4 samarbetspartner i 3 länder, varav 3 nya och 1 etablerade. "
        "3 engagemang gällde Europa och 1 övriga världen. Flest engagemang, 3, bidrog till målet "
        "”M3 Nya kunskaper och erfarenheter för den kommunala verksamheten”.",
        "Kostnaderna för det internationella arbetet uppgick till 21\xa0380 kronor, varav 14\xa0583 kronor "
        "finansierades externt. Nettokostnaden för kommunen blev 6\xa0798 kronor, jämfört med 15\xa0000 kronor år 2024.",
    ]


def test_a_units_report_counts_its_own_and_its_sub_units_engagements(data, units):
    report = build_report(2025, units["buf"])
    assert report.unit_name == "Barn, utbildning och fritid"
    assert table(report, "scope", "scope_summary")["Engagemang som var beslutade, pågående eller avslutade"] == [2]
    assert table(report, "economy", "economy_summary")["Kostnader"] == kr(31000, 15500, 15000)
    assert table(report, "partners", "partners_by_country")["Totalt"] == [2, 1, 1]
    assert report.summary[0].startswith("Under 2025 bedrev Barn, utbildning och fritid 2 internationella")


def test_a_year_without_work_or_money_says_so(data):
    report = build_report(2019)
    assert report.summary == [
        "Under 2019 bedrev Härjedalens kommun 0 internationella engagemang som var beslutade, pågående eller avslutade.",
        "Inga ekonomiska uppgifter är registrerade för 2019.",
    ]
    assert table(report, "partners", "partners_by_country") == {"Totalt": [0, 0, 0]}


ENGAGEMENT_COUNTS = {
    "scope": ["engagements_by_kind"],
    "direction": ["by_objective", "by_area", "by_criterion", "by_region", "by_country"],
}


def test_every_count_of_engagements_lists_exactly_as_many_engagements(report):
    selection = Selection(2025)
    checked = 0
    for section, keys in ENGAGEMENT_COUNTS.items():
        for key in keys:
            t = report.section(section).table(key)
            for row in [*t.rows, *([t.total] if t.total else [])]:
                for cell in row.cells:
                    if cell.trace:
                        assert selection.behind(cell.trace).count() == cell.value, (key, row.label)
                        checked += 1
    assert checked > 20


def titles_behind(report, section, key, label, column=0):
    row = next(row for row in report.section(section).table(key).rows if row.label == label)
    return sorted(Selection(2025).behind(row.cells[column].trace).values_list("title", flat=True))


def test_partner_and_money_figures_trace_to_the_engagements_behind_them(report):
    assert titles_behind(report, "partners", "partners_by_country", "Norge") == [
        "Kulturresa Trondheim",
        "Skolutbyte med Røros",
    ]
    assert titles_behind(report, "partners", "partners_by_country", "Norge", 1) == ["Kulturresa Trondheim"]
    assert titles_behind(report, "partners", "partners_by_country", "Norge", 2) == ["Skolutbyte med Røros"]
    assert titles_behind(report, "economy", "economy_by_source", "Erasmus+") == ["Hemligt projekt Berlin"]
    assert titles_behind(report, "economy", "economy_summary", "Kostnader", 2) == [
        "Gammalt nätverk",
        "Skolutbyte med Røros",
    ]
    assert titles_behind(report, "scope", "scope_summary", "Personer med ansvar för engagemangen") == [
        "Hemligt projekt Berlin",
        "Kulturresa Trondheim",
        "Skolutbyte med Røros",
    ]


def file_texts(report) -> dict[str, str]:
    """The text of the report as each file format writes it."""
    import io

    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from utblick.reports.annual.export import export

    document = Document(io.BytesIO(export(report, "docx")))
    docx_text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(export(report, "pdf"))).pages)
    workbook = load_workbook(io.BytesIO(export(report, "xlsx")))
    xlsx_text = "\n".join(
        str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
    )
    return {"docx": docx_text, "pdf": pdf_text, "xlsx": xlsx_text}


def test_the_files_count_a_secret_engagement_but_never_name_it(report):
    for fmt, text in file_texts(report).items():
        assert "Hemligt projekt Berlin" not in text, fmt
        assert "Sekretessbelagt engagemang" in text, fmt
        assert "Skolutbyte med Røros" in text, fmt
