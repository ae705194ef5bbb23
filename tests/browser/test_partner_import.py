"""The partner import in a real browser: Sara uploads files, decides on a duplicate, reads an error report and
imports; every page on the way has zero axe violations (WCAG 2.1 A/AA)."""

import pytest

from tests.browser.axe import axe_violations, describe_violations
from utblick.partners.tests.import_files import HEADERS, TARTU, csv_file, xlsx

pytestmark = pytest.mark.browser


def _upload(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    page.goto("/partner/import/")
    page.get_by_label("Fil att importera").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Förhandsgranska").click()


def test_sara_imports_a_file_with_a_likely_duplicate(site, page, login, assert_accessible, tmp_path):
    from utblick.partners.models import Contact, Organisation

    login(site.users["sara"])
    page.goto("/partner/")
    page.get_by_role("link", name="Importera").click()
    assert_accessible(page, "importsidan")

    roros_like = ["Roros kommun", "NO", "Røros", "Kommun", "Ola Nordmann", "Lärare", "", "ola@roros.example", ""]
    _upload(page, tmp_path, "partner.xlsx", xlsx([HEADERS, TARTU, roros_like]))
    assert page.get_by_role("heading", name="Möjliga dubbletter").is_visible()
    assert page.get_by_text("1 organisation finns redan och kopplas till.").is_visible()  # Tartu linn
    assert_accessible(page, "förhandsvisning med en möjlig dubblett")

    with page.expect_navigation():
        page.get_by_role("button", name="Importera").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "förhandsvisning där ett val saknas")
    assert Organisation.objects.count() == 3  # the site's three; nothing imported yet

    page.get_by_label("Använd befintlig: Røros kommune, Norge", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Importera").click()
    assert page.get_by_text("Importen är klar.").is_visible()
    assert page.get_by_text("Filen importerades").is_visible()
    assert_accessible(page, "importen är klar")
    assert Organisation.objects.count() == 3
    assert Contact.objects.get(name="Mari Tamm").organisations.get().name == "Tartu linn"
    assert Contact.objects.get(name="Ola Nordmann").organisations.get() == site.partner


def test_while_a_large_file_is_checked_the_page_shows_the_progress_and_loads_the_preview_when_done(
    site, page, login, assert_accessible, tmp_path, monkeypatch, settings
):
    from playwright.sync_api import expect

    from utblick.partners.importing import jobs
    from utblick.partners.models import PartnerImport

    monkeypatch.setattr(jobs, "INLINE_MAX_BYTES", -1)  # handled as a large file: by a task
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    login(site.users["sara"])
    _upload(page, tmp_path, "partner.xlsx", xlsx([HEADERS, TARTU]))
    status = page.get_by_role("status")
    assert status.inner_text() == "Filen kontrolleras: 0 % klart."
    assert page.get_by_role("link", name="Uppdatera sidan").is_visible()
    assert_accessible(page, "kontrollen pågår")

    stored = PartnerImport.objects.get()
    jobs._Progress(stored.pk)(0.4)
    expect(status).to_have_text("Filen kontrolleras: 40 % klart.", timeout=10_000)
    jobs.run_check(stored.pk)  # what the worker does
    expect(page.get_by_text("1 organisation finns redan och kopplas till.")).to_be_visible(timeout=10_000)
    assert page.get_by_role("button", name="Importera").is_visible()


def test_a_file_with_errors_shows_a_report_that_passes_axe(site, page, login, assert_accessible, tmp_path):
    login(site.users["sara"])
    rows = [["Organisation", "Land", "E-post", "Kontaktperson"], ["Narnia stad", "Narnia", "inte-en-adress", "Aslan"]]
    _upload(page, tmp_path, "fel.csv", csv_file(rows, encoding="cp1252"))
    report = page.get_by_role("table", name="Vad som ska rättas")
    assert "Landet ”Narnia” känns inte igen." in report.inner_text()
    assert page.get_by_role("button", name="Importera").count() == 0
    assert_accessible(page, "felrapporten")


def test_the_upload_form_with_errors_passes_axe(site, page, login, assert_accessible):
    login(site.users["sara"])
    page.goto("/partner/import/")
    with page.expect_navigation():
        page.get_by_role("button", name="Förhandsgranska").click()
    assert page.get_by_text("Välj en fil att importera.").first.is_visible()
    assert_accessible(page, "importsidan med fel")


def test_export_links_and_the_vcard_link_are_on_the_pages_and_pass_axe(site, page, login):
    login(site.users["lisa"])
    problems = []
    for path in ("/partner/", "/partner/kontakter/", f"/partner/kontakter/{site.contact.pk}/"):
        page.goto(path)
        violations = axe_violations(page)
        if violations:
            problems.append(f"{path}:\n{describe_violations(violations)}")
    assert not problems, "\n".join(problems)
    page.goto(f"/partner/kontakter/{site.contact.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Spara i adressboken (vCard)").click()
    assert download.value.suggested_filename == "ingrid-haugen.vcf"
