"""Coverage per unit for the coordinator (R-40 point 4): people per language and EU knowledge area in each unit
and the units above it, the gaps, a chart with a text alternative beside the table, no names, constant queries."""

from utblick.competence.coverage import chart_svg, coverage
from utblick.competence.tests.helpers import count_queries, make_employee, make_profile


def _row(data, code):
    return next(row for row in data.rows if row.unit.code == code)


def test_coverage_counts_people_per_unit_and_in_the_units_above(units, hans, karin, fredrik):
    make_profile(hans, languages=[("no", "C1"), ("en", "B2")], eu=["Interreg"], willing=True)
    make_profile(fredrik, languages=[("no", "A2")], visible=False)  # hidden parts still count as numbers
    make_profile(karin, languages=[("de", "B1")], eu=["Erasmus+"])
    data = coverage()
    codes = [code for code, _name, _total in data.languages]
    assert codes[0] == "no" and set(codes) == {"no", "en", "de"}
    buf, kultur = _row(data, "buf"), _row(data, "kultur")
    assert buf.people == 2 and buf.languages[codes.index("no")] == 2 and buf.willing == 1
    assert kultur.languages[codes.index("no")] == 0 and kultur.languages[codes.index("de")] == 1
    area_names = [a.name for a, _count in data.areas]
    assert buf.eu[area_names.index("Interreg")] == 1 and "Erasmus+" in buf.eu_gaps
    parent = units["buf"].parent
    while parent is not None:  # the committee and Kommunstyrelsen above count Hans and Fredrik too
        assert _row(data, parent.code).languages[codes.index("no")] >= 2
        parent = parent.parent


def test_a_unit_without_profiles_is_a_gap(units, hans):
    make_profile(hans, languages=[("no", "C1")])
    data = coverage()
    sof = _row(data, "sof")
    assert sof.people == 0 and sof.no_language and len(sof.eu_gaps) == len(data.areas)


def test_the_chart_is_svg_with_a_title_and_the_numbers_as_text(units, hans):
    make_profile(hans, languages=[("no", "C1")], eu=["Interreg"])
    svg = chart_svg(coverage())
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "norska 1" in svg and "Interreg 1" in svg


def test_the_coverage_page_names_nobody(client_for, hans):
    make_profile(hans, languages=[("no", "C1")], eu=["Interreg"])
    content = client_for("sara").get("/kompetens/tackning/").content.decode()
    assert "Språk per enhet" in content and "Luckor" in content and "<svg" in content
    assert "Hans" not in content.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_coverage_page_uses_the_same_number_of_queries_for_more_profiles(client_for, units):
    client = client_for("sara")
    for number in range(3):
        make_profile(make_employee(f"a{number}", units["buf"]), languages=[("no", "B2")], eu=["Interreg"])
    few = count_queries(client, "/kompetens/tackning/")
    for number in range(3, 12):
        make_profile(make_employee(f"a{number}", units["kultur"]), languages=[("no", "B2")], eu=["Interreg"])
    assert count_queries(client, "/kompetens/tackning/") == few
