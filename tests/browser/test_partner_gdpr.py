"""GDPR for contact persons in a real browser: consent in the form, the contact page's GDPR section, the register
extract download, the anonymisation confirmation and the retention list, each with zero axe violations."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


def test_hans_records_consent_in_the_contact_form(site, page, login, assert_accessible):
    login(site.users["hans"])
    page.goto(f"/partner/kontakter/{site.contact.pk}/redigera/")
    assert_accessible(page, "kontaktformuläret med GDPR-fälten")
    assert page.get_by_label("Rättslig grund").input_value() == "allmant_intresse"
    assert page.get_by_label("Datum för samtycket").input_value() == timezone.localdate().isoformat()

    page.get_by_label("Personen samtycker till att visas för lokala aktörer").check()
    page.get_by_label("Datum för samtycket").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara ändringarna").click()
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_consent_method_error").inner_text().startswith("Ange hur personen samtyckte")
    assert_accessible(page, "kontaktformuläret med fel i samtycket")

    page.get_by_label("Datum för samtycket").fill("2026-01-10")
    page.get_by_label("Hur samtycket lämnades").fill("muntligt vid mötet i Røros")
    page.get_by_label("E-post").nth(1).check()  # the shared field, after the email address itself
    with page.expect_navigation():
        page.get_by_role("button", name="Spara ändringarna").click()
    section = page.locator("section[aria-labelledby=gdpr-heading]")
    assert "Ja, lämnat 2026-01-10 (muntligt vid mötet i Røros)." in section.inner_text()
    assert "Namn och organisation, e-post" in section.inner_text()


def test_contact_page_gdpr_section_and_extract_download_for_sara(site, page, login, assert_accessible):
    login(site.users["sara"])
    page.goto(f"/partner/kontakter/{site.contact.pk}/")
    section = page.locator("section[aria-labelledby=gdpr-heading]")
    assert section.get_by_role("heading", name="Personuppgifter (GDPR)").is_visible()
    assert "Uppgift av allmänt intresse" in section.inner_text()
    assert "anonymiseras tidigast" in section.inner_text()
    assert_accessible(page, "kontaktpersonens sida med GDPR-avsnittet")
    with page.expect_download() as pdf:
        section.get_by_role("link", name="Registerutdrag (PDF)").click()
    with open(pdf.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    with page.expect_download() as data:
        section.get_by_role("link", name="Registerutdrag (JSON)").click()
    with open(data.value.path(), encoding="utf-8") as file:
        assert "Ingrid Haugen" in file.read()


def test_sara_anonymises_a_contact_after_the_confirmation(site, page, login, assert_accessible):
    login(site.users["sara"])
    page.goto(f"/partner/kontakter/{site.contact.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Anonymisera kontaktpersonen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Anonymisera Ingrid Haugen"
    assert_accessible(page, "bekräftelsesidan för anonymisering")
    with page.expect_navigation():
        page.get_by_role("button", name="Anonymisera kontaktpersonen").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "bekräftelsesidan utan skäl")

    page.get_by_label("Skäl till anonymiseringen").fill("Personen bad om det i e-post 2026-03-02.")
    with page.expect_navigation():
        page.get_by_role("button", name="Anonymisera kontaktpersonen").click()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == f"Anonymiserad kontaktperson #{site.contact.pk}"
    assert "Ingrid Haugen" not in page.content()
    assert_accessible(page, "en anonymiserad kontaktpersons sida")


def test_retention_list_for_the_coordinator(site, page, login, assert_accessible, settings):
    from utblick.partners.models import Contact

    settings.PARTNERS_CONTACT_RETENTION_DAYS = 30
    old = timezone.now() - datetime.timedelta(days=400)
    Contact.objects.filter(pk=site.contact.pk).update(updated_at=old)
    site.interaction.date = timezone.localdate() - datetime.timedelta(days=400)
    site.interaction.save(update_fields=["date"])
    login(site.users["sara"])
    page.goto("/partner/kontakter/gallring/")
    row = page.get_by_role("row").filter(has_text="Ingrid Haugen")
    assert "Fristen har passerat" in row.inner_text()
    assert_accessible(page, "listan över kontaktpersoner att gallra")
    with page.expect_navigation():
        row.get_by_role("link", name="Anonymisera Ingrid Haugen").click()
    assert page.url.endswith(f"/partner/kontakter/{site.contact.pk}/anonymisera/")

    settings.PARTNERS_CONTACT_RETENTION_DAYS = 0
    page.goto("/partner/kontakter/gallring/")
    assert "Gallringen är avstängd" in page.content()
    assert_accessible(page, "listan när gallringen är avstängd")
