"""Omvärldsbevakning in a real browser: the item list, an item with its triage form, and the rule list and form
with a preview have no axe violations; Hans triages an item of his unit and Sara previews a rule."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def items(units):
    from utblick.monitoring.models import Item, Rule, Source

    source = Source.objects.create(name="Interreg Aurora", url="http://127.0.0.1:9/aurora.xml")
    item = Item.objects.create(
        source=source,
        title="Ny utlysning: Interreg Aurora för skolor",
        summary="<p>Utlysningen gäller <strong>skolsamarbete</strong> över gränsen.</p>",
        text="Ny utlysning: Interreg Aurora för skolor\nUtlysningen gäller skolsamarbete över gränsen.",
        link="https://www.interregaurora.eu/",
        content_hash="b1",
    )
    item.units.set([units["buf"]])
    Item.objects.create(source=source, title="Kulturarv i Sápmi", text="Kulturarv i Sápmi", content_hash="b2")
    rule = Rule.objects.create(name="Interreg", terms="interreg\naurora")
    rule.units.set([units["buf"]])
    return item


def test_hans_reads_and_triages_an_item(page, personas, login, assert_accessible, live_server, items):
    login(personas["hans"])
    page.goto(f"{live_server.url}/bevakning/")
    assert page.get_by_role("link", name="Ny utlysning: Interreg Aurora för skolor").is_visible()
    assert_accessible(page, "bevakningslistan")
    page.get_by_role("link", name="Ny utlysning: Interreg Aurora för skolor").click()
    page.wait_for_load_state()
    assert_accessible(page, "en bevakningspost med bedömning")
    page.get_by_label("Bedömning").select_option("relevant")
    page.get_by_label("Kommentar").fill("Passar skolutbytet med Røros.")
    page.get_by_role("button", name="Spara bedömningen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Bedömningen är sparad.").is_visible()
    assert page.get_by_text("Passar skolutbytet med Røros.").first.is_visible()
    assert_accessible(page, "posten efter bedömningen")
    page.get_by_role("link", name="Starta ett engagemangsförslag").click()
    page.wait_for_load_state()
    assert page.get_by_label("Titel").input_value() == "Ny utlysning: Interreg Aurora för skolor"
    assert "Enligt bevakningsposten" in page.get_by_label("Syfte").input_value()


def test_lisa_reads_an_item_without_a_triage_form(page, personas, login, assert_accessible, live_server, items):
    login(personas["lisa"])
    page.goto(f"{live_server.url}/bevakning/{items.pk}/")
    assert page.get_by_role("heading", name="Ny utlysning: Interreg Aurora för skolor").is_visible()
    assert page.get_by_role("button", name="Spara bedömningen").count() == 0
    assert_accessible(page, "en bevakningspost för läsare")


def test_sara_previews_a_rule_before_saving(page, personas, login, assert_accessible, live_server, items):
    login(personas["sara"])
    page.goto(f"{live_server.url}/bevakning/regler/")
    assert_accessible(page, "reglerna")
    page.get_by_role("link", name="Ny regel").click()
    page.wait_for_load_state()
    assert_accessible(page, "ny regel")
    page.get_by_label("Namn").fill("Kultur")
    page.get_by_label("Ord och fraser").fill("kulturarv")
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state()
    assert page.get_by_text("Regeln matchar 1 sparad post.").is_visible()
    assert_accessible(page, "förhandsgranskningen")
    page.get_by_label("Reguljärt uttryck").fill("(a+)+")
    page.get_by_role("button", name="Spara regeln").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "regel med fel")
