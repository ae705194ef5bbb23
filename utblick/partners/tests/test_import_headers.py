"""The import reads the template's headers in every language of the interface, not only the listed synonyms."""

from io import BytesIO

from django.test import Client
from openpyxl import load_workbook

from utblick.partners.importing.headers import COLUMNS, match_headers


def test_a_template_downloaded_in_english_has_english_headers_that_the_import_understands(sara):
    client = Client()
    client.force_login(sara)
    client.cookies["django_language"] = "en"
    response = client.get("/partner/import/mall.xlsx", HTTP_ACCEPT_LANGUAGE="en")
    headers = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))[0]
    assert "Organisation" not in headers or "Country" in headers  # English headers, not the Swedish ones
    matched = match_headers([str(h) for h in headers])
    assert matched.problems == [] and matched.unused == []
    assert set(matched.index) == {column.key for column in COLUMNS}
