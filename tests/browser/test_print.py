"""The engagement page prints cleanly on A4: the account only, without the site's navigation."""

import re

import pytest

pytestmark = pytest.mark.browser


def display(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).display")


def test_engagement_page_prints_on_a4_without_header_and_navigation(site, page, login):
    login(site.users["hans"])
    page.goto(f"/engagemang/{site.open_engagement.pk}/")
    assert display(page, ".site-header") != "none"

    page.emulate_media(media="print")
    for selector in (".site-header", ".site-footer", ".skip-link", "main .actions"):
        assert display(page, selector) == "none", f"{selector} ska inte skrivas ut."
    assert page.get_by_role("heading", level=1).inner_text() == "Skolutbyte med Røros"
    for heading in ("Syfte", "Koppling till policyn"):
        assert page.get_by_role("heading", name=heading).is_visible()

    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    media_boxes = re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert media_boxes, "PDF:en saknar sidstorlek."
    for width, height in media_boxes:  # A4 is 210 x 297 mm = about 595 x 842 points
        assert round(float(width)) in range(594, 597) and round(float(height)) in range(841, 844)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 1 <= pages <= 3, f"Engagemangssidan blev {pages} A4-sidor."
