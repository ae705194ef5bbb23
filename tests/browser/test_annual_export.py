"""Downloading the annual report in a real browser: Hans starts an export, the status page follows it while a
worker makes the file, says "Klar" in its status region and shows the download link; the form and the status
page (waiting and done) have zero axe violations (WCAG 2.1 A/AA)."""

import pytest

pytestmark = pytest.mark.browser


def test_hans_follows_an_export_until_the_file_downloads(site, page, login, assert_accessible, settings):
    from playwright.sync_api import expect

    from utblick.reports.annual import export as exports
    from utblick.reports.models import ReportExport

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    login(site.users["hans"])
    page.goto("/uppfoljning/arsrapport/export/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ladda ned årsrapporten"
    assert_accessible(page, "formuläret för årsrapporten som fil")

    page.get_by_label("År").fill("2025")
    page.get_by_label("Enhet").select_option(label="Hela kommunen")
    page.get_by_label("Excel (XLSX)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa filen").click()

    status = page.get_by_role("status")
    assert status.inner_text() == "I kö: rapporten börjar snart skapas."
    assert page.get_by_label("Förlopp").is_visible()
    download = page.get_by_role("link", name="Ladda ned internationellt-arbete-2025-hela-kommunen.xlsx")
    assert not download.is_visible()
    assert page.get_by_role("link", name="Uppdatera").is_visible()
    assert_accessible(page, "statussidan medan filen väntar")

    exports.run_export(ReportExport.objects.get().pk)  # what the worker does
    expect(status).to_have_text("Klar. Filen kan laddas ned.", timeout=10_000)
    expect(download).to_be_visible()
    expect(page.get_by_role("link", name="Uppdatera")).to_be_hidden()
    assert page.evaluate("document.getElementById('export-progress').value") == 100
    assert_accessible(page, "statussidan när filen är klar")

    with page.expect_download() as downloading:
        download.click()
    assert downloading.value.suggested_filename == "internationellt-arbete-2025-hela-kommunen.xlsx"


def test_a_finished_pdf_export_shows_klar_at_once_without_javascript_polling(site, page, login, assert_accessible):
    login(site.users["hans"])
    page.goto("/uppfoljning/arsrapport/export/")
    page.get_by_label("PDF").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa filen").click()
    assert page.get_by_role("status").inner_text() == "Klar. Filen kan laddas ned."
    link = page.get_by_role("link", name="Ladda ned internationellt-arbete-2025-hela-kommunen.pdf")
    assert link.is_visible()
    assert_accessible(page, "statussidan för en färdig PDF")
