"""Utblick works with the keyboard alone: skip link, visible focus, and registering an engagement."""

import re

import pytest

pytestmark = pytest.mark.browser

ACTIVE = "document.activeElement"


def active(page, expression: str):
    """Evaluate `expression` on the focused element (`el`)."""
    return page.evaluate(f"(() => {{ const el = {ACTIVE}; return {expression}; }})()")


def tab_to(page, predicate: str, *, limit: int = 200) -> None:
    """Press Tab until the focused element satisfies the JavaScript `predicate` on `el`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, predicate):
            return
    raise AssertionError(f"Fokus nådde aldrig ett element där {predicate} efter {limit} tryck på Tab.")


def has_visible_focus(page) -> bool:
    style = active(page, "(s => ({style: s.outlineStyle, width: s.outlineWidth}))(getComputedStyle(el))")
    return style["style"] != "none" and style["width"] not in ("0px", "")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(site, page, login):
    login(site.users["hans"])
    page.goto("/")
    page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('skip-link')")
    assert active(page, "el.textContent.trim()") == "Hoppa till innehållet"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "Hopplänken syns inte när den har fokus."
    assert has_visible_focus(page)
    page.keyboard.press("Enter")
    assert active(page, "el.id") == "main"
    # The next Tab continues inside main, not back in the header.
    page.keyboard.press("Tab")
    assert active(page, "!!el.closest('main')")


def test_focus_is_visible_on_a_link_reached_by_keyboard(site, page, login):
    login(site.users["lisa"])
    page.goto("/")
    tab_to(page, "el.tagName === 'A' && el.closest('nav')")
    assert has_visible_focus(page), "En länk med tangentbordsfokus ska ha en synlig fokusram."
    tab_to(page, "el.tagName === 'BUTTON'")  # the log-out button in the header
    assert has_visible_focus(page)


def test_hans_registers_an_engagement_with_the_keyboard_only(site, page, login):
    login(site.users["hans"])
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip link: straight to the content
    tab_to(page, "el.tagName === 'A' && el.textContent.trim() === 'Nytt engagemang'")
    assert has_visible_focus(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/engagemang/nytt/")

    tab_to(page, "el.name === 'title'")
    page.keyboard.type("Lärarutbyte med Tartu")

    tab_to(page, "el.name === 'kind'")
    page.keyboard.press("ArrowDown")
    assert active(page, "el.value") != "", "Piltangenten valde ingen typ."

    tab_to(page, "el.name === 'owner_unit'")
    page.keyboard.press("ArrowDown")
    assert active(page, "el.value") != "", "Piltangenten valde ingen enhet."
    unit_name = active(page, "el.options[el.selectedIndex].textContent.trim()")

    tab_to(page, "el.name === 'purpose'")
    page.keyboard.type("Lärare i Härjedalen och Tartu delar sina metoder för språkundervisning.")
    tab_to(page, "el.name === 'unit_goal'")
    page.keyboard.type("Ökad måluppfyllelse i moderna språk.")

    tab_to(page, "el.name === 'objectives'")
    page.keyboard.press("Space")
    assert active(page, "el.checked"), "Mellanslag kryssade inte i målet."
    objective = active(page, "el.labels[0].textContent.trim()")

    tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit' && !!el.closest('main')")
    assert active(page, "el.textContent.trim()") == "Registrera engagemang"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert re.search(r"/engagemang/\d+/$", page.url), f"Hamnade på {page.url}, inte på engagemangets sida."
    assert page.get_by_role("heading", level=1).inner_text() == "Lärarutbyte med Tartu"
    assert "Engagemanget ”Lärarutbyte med Tartu” är registrerat." in page.locator(".messages").inner_text()
    main = page.locator("main").inner_text()
    assert unit_name in main
    assert objective.split()[0] in main  # the objective's code is shown on the page
