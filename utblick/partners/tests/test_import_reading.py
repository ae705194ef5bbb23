"""Reading import files as municipalities keep them: Excel or CSV, Swedish or English headers, any encoding."""

import pytest

from utblick.partners.importing import check_file
from utblick.partners.importing.headers import country_code, kind_value, match_headers
from utblick.partners.importing.reading import UnreadableFile, decode, delimiter_of, read_table
from utblick.partners.tests.import_files import HEADERS, RÖROS, TARTU, csv_file, xlsx, zip_bomb

pytestmark = pytest.mark.django_db


def organisations(plan):
    return {item.fields["name"]: item.fields for item in plan.organisations}


def test_an_excel_file_with_swedish_headers_is_read(personas):
    plan = check_file(xlsx([HEADERS, TARTU, RÖROS]), "partner.xlsx")
    assert plan.problems == []
    assert organisations(plan)["Tartu linn"]["country"] == "EE"
    assert organisations(plan)["Røros kommune"]["city"] == "Røros"
    assert [c.fields["name"] for c in plan.contacts] == ["Mari Tamm", "Ingrid Haugen"]


def test_english_headers_are_understood():
    table = read_table(
        csv_file([["Name", "Country", "City", "Website", "Contact person", "Email", "Phone"]] * 1 + [["x"]])
    )
    mapping = match_headers(table.headers)
    assert mapping.problems == []
    assert set(mapping.index) == {"name", "country", "city", "website", "contact_name", "email", "phone"}


@pytest.mark.parametrize(
    "header, key",
    [
        ("Organisationsnamn", "name"),
        ("NAMN", "name"),
        ("  organisation ", "name"),
        ("Stad", "city"),
        ("Län", "region"),
        ("Lan", "region"),
        ("Hemsida", "website"),
        ("URL", "website"),
        ("Webb", "website"),
        ("Epost", "email"),
        ("E-POST", "email"),
        ("e post", "email"),
        ("Mejl", "email"),
        ("Tel", "phone"),
        ("Befattning", "title"),
        ("Kontakt", "contact_name"),
        ("namn på eget SPRÅK", "native_name"),
        ("Kind", "kind"),
    ],
)
def test_headers_are_matched_ignoring_case_spaces_and_accents_with_synonyms(header, key):
    assert match_headers([header, "Land" if key != "country" else "Namn"]).index.get(key) == 0


def test_a_missing_required_column_is_reported_once_with_what_to_do():
    mapping = match_headers(["Organisation", "Ort"])
    assert mapping.problems == ["Kolumnen ”Land” saknas. Lägg till den i rubrikraden (den kan också heta ”Country”)."]


def test_a_missing_column_stops_the_file_with_one_message_not_one_per_row(personas):
    plan = check_file(csv_file([["Organisation", "Ort"], ["Tartu linn", "Tartu"], ["Røros kommune", "Røros"]]))
    assert [(p.row, p.message) for p in plan.problems] == [
        (1, "Kolumnen ”Land” saknas. Lägg till den i rubrikraden (den kan också heta ”Country”).")
    ]


def test_two_columns_meaning_the_same_are_refused_with_a_suggestion():
    mapping = match_headers(["Organisation", "Namn", "Land"])
    assert "Kolumnerna ”Organisation” och ”Namn” betyder båda ”Organisation”" in mapping.problems[0]
    assert "”Kontaktperson”" in mapping.problems[0]


def test_contact_details_without_a_contact_name_column_are_refused():
    mapping = match_headers(["Organisation", "Land", "E-post"])
    assert mapping.problems == [
        "Filen har kontaktuppgifter (E-post) men ingen kolumn med kontaktpersonens namn. "
        "Lägg till kolumnen ”Kontaktperson”."
    ]


def test_columns_nobody_reads_are_listed(personas):
    plan = check_file(csv_file([["Organisation", "Land", "Kundnummer"], ["Tartu linn", "EE", "17"]]))
    assert plan.unused_columns == ["Kundnummer"]
    assert plan.is_valid


@pytest.mark.parametrize(
    "value, code",
    [
        ("Norge", "NO"),
        ("Norway", "NO"),
        ("norge", "NO"),
        ("NO", "NO"),
        ("no", "NO"),
        ("NOR", "NO"),
        ("Österrike", "AT"),
        ("Osterrike", "AT"),
        ("Austria", "AT"),
        ("Storbritannien", "GB"),
        ("United Kingdom", "GB"),
        ("England", "GB"),
        ("Tyskland", "DE"),
        ("DEU", "DE"),
        ("Åland", "AX"),
        ("Färöarna", "FO"),
        ("Island", "IS"),
        ("USA", "US"),
    ],
)
def test_countries_are_read_in_swedish_english_and_as_iso_codes(value, code):
    assert country_code(value) == code


@pytest.mark.parametrize("value", ["Narnia", "XX", "Nor ge land", ""])
def test_something_that_is_no_country_is_not_guessed(value):
    assert country_code(value) is None


@pytest.mark.parametrize(
    "value, kind",
    [
        ("Kommun", "kommun"),
        ("kommune", "kommun"),
        ("Municipality", "kommun"),
        ("Universitet eller högskola", "universitet"),
        ("Högskola", "universitet"),
        ("Företag", "foretag"),
        ("EU-organ", "eu_organ"),
        ("", "annan"),
    ],
)
def test_kinds_are_read_in_swedish_and_english(value, kind):
    assert kind_value(value) == kind


def test_a_windows_1252_file_with_aao_is_read(personas):
    rows = [
        ["Organisation", "Land", "Ort"],
        ["Östersunds kommun", "Sverige", "Östersund"],
        ["Åre kommun", "Sverige", "Järpen"],
    ]
    plan = check_file(csv_file(rows, encoding="cp1252"), "partner.csv")
    assert plan.problems == []
    assert organisations(plan)["Östersunds kommun"]["city"] == "Östersund"
    assert organisations(plan)["Åre kommun"]["city"] == "Järpen"


def test_utf8_with_and_without_byte_order_mark_is_read():
    rows = [["Organisation", "Land"], ["Røros kommune", "Norge"]]
    for data in (csv_file(rows), csv_file(rows, bom=True)):
        table = read_table(data, "a.csv")
        assert table.headers == ["Organisation", "Land"]  # no BOM glued to the first header
        assert table.rows == [(2, ["Røros kommune", "Norge"])]


def test_a_comma_separated_file_is_read_like_a_semicolon_separated_one():
    rows = [["Organisation", "Land", "Beskrivning"], ["Tartu linn", "EE", "Vänort; sedan 1990, med skolutbyte"]]
    for delimiter in (",", ";"):
        table = read_table(csv_file(rows, delimiter=delimiter))
        assert table.rows == [(2, ["Tartu linn", "EE", "Vänort; sedan 1990, med skolutbyte"])]


def test_the_delimiter_is_counted_in_the_header_line_outside_quotes():
    assert delimiter_of('"Namn, organisation";Land;Ort\nx;y;z') == ";"
    assert delimiter_of('Organisation,Land,Ort\n"a;b",c,d') == ","
    assert delimiter_of("Organisation\nTartu") == ";"


def test_cp1252_is_used_only_when_the_bytes_are_not_utf8():
    assert decode("Åre".encode()) == "Åre"
    assert decode("Åre".encode("cp1252")) == "Åre"


def test_row_numbers_are_those_the_spreadsheet_shows_empty_rows_included():
    table = read_table(xlsx([HEADERS, TARTU, [None] * 3, RÖROS]), "a.xlsx")
    assert [number for number, _values in table.rows] == [2, 4]


def test_numbers_in_excel_cells_are_read_as_text_without_decimals():
    table = read_table(xlsx([["Organisation", "Land", "Telefon"], ["Tartu linn", "EE", 3727361111]]), "a.xlsx")
    assert table.rows[0][1][2] == "3727361111"


def test_a_broken_excel_file_is_refused_with_a_message(personas):
    broken = xlsx([HEADERS, TARTU])[:2000]
    plan = check_file(broken, "partner.xlsx")
    assert [p.message for p in plan.problems] == [
        "Filen kunde inte läsas som en Excel-fil (.xlsx). Öppna den i Excel, spara den igen som .xlsx och försök igen."
    ]


def test_a_zip_that_is_no_workbook_is_refused(personas):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hej")
    plan = check_file(buffer.getvalue(), "partner.xlsx")
    assert "kunde inte läsas som en Excel-fil" in plan.problems[0].message


def test_an_old_xls_file_is_refused_with_what_to_do(personas):
    plan = check_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "partner.xls")
    assert "Spara den som Excel-arbetsbok (.xlsx) eller CSV" in plan.problems[0].message


def test_a_zip_bomb_disguised_as_excel_is_refused_before_it_is_unpacked(personas):
    import tracemalloc

    bomb = zip_bomb()
    assert len(bomb) < 1_000_000  # ~0.3 MB on disk, 300 MB unpacked
    tracemalloc.start()
    plan = check_file(bomb, "partner.xlsx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "packas upp till mycket mer data än ett vanligt kalkylark" in plan.problems[0].message
    assert peak < 20_000_000


def test_a_highly_compressed_member_is_refused_even_below_the_total_limit():
    with pytest.raises(UnreadableFile, match="packas upp till mycket mer data"):
        read_table(zip_bomb(member_size=50 * 1024 * 1024), "partner.xlsx")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Filen är tom."),
        (b"   \r\n", "Filen är tom."),
        (b"Organisation;Land\r\n", "Filen har bara en rubrikrad."),
        (b"Organisation;Land\r\nTartu\x00;EE\r\n", "binära data"),
        (b'Organisation;Land\r\n"Tartu;' + b"x" * 200_000 + b"\r\n", "kunde inte läsas"),
    ],
)
def test_empty_binary_and_broken_csv_files_are_refused_with_a_message(content, message):
    with pytest.raises(UnreadableFile, match=message):
        read_table(content, "a.csv")


def test_a_file_with_too_many_rows_is_refused(settings, monkeypatch):
    from utblick.partners.importing import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    with pytest.raises(UnreadableFile, match="fler än 3 rader"):
        read_table(csv_file([["Organisation", "Land"]] + [[f"Org {i}", "NO"] for i in range(4)]))


def test_a_sheet_that_declares_a_million_empty_rows_is_read_quickly():
    import time

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Organisation", "Land"])
    sheet.append(["Tartu linn", "EE"])
    sheet.cell(row=1_000_000, column=1, value="Röros")
    sheet.cell(row=1_000_000, column=2, value="NO")
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.monotonic()
    table = read_table(buffer.getvalue(), "a.xlsx")
    assert [number for number, _ in table.rows] == [2, 1_000_000]
    assert time.monotonic() - started < 10


def test_a_huge_cell_is_refused_with_its_row():
    content = csv_file([["Organisation", "Land"], ["Tartu linn", "EE"], ["x" * 100_000, "EE"]])
    with pytest.raises(UnreadableFile, match="Rad 3 har en cell med mer än 10000 tecken"):
        read_table(content, "a.csv")
