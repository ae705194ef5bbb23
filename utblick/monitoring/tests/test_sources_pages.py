"""The coordinator's source pages: who may open them, the form's Swedish errors, saving with history,
deactivating instead of deleting, the detail page and a list whose query count does not grow with its rows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.matrix import ONLY_SARA, PERSONAS
from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.monitoring.models import Source
from utblick.monitoring.sources.actions import create_source, set_source_active, update_source
from utblick.monitoring.tests.sources_helpers import make_item, make_source

PAGES = [
    "/bevakning/kallor/",
    "/bevakning/kallor/ny/",
    "/bevakning/kallor/{pk}/",
    "/bevakning/kallor/{pk}/andra/",
    "/bevakning/kallor/halsa/",
    "/bevakning/kallor/opml/",
    "/bevakning/kallor/opml/import/",
]
POSTS = ["/bevakning/kallor/{pk}/aktiv/", "/bevakning/kallor/startlista/"]


def form_data(**overrides):
    data = {
        "name": "Interreg Aurora",
        "url": "https://www.interregaurora.eu/feed/",
        "kind": "feed",
        "interval_minutes": "60",
        "is_active": "on",
        "description": "",
        "save": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_coordinator_opens_the_source_pages(client_for, units, username, url):
    source = make_source()
    response = client_for(username).get(url.format(pk=source.pk))
    assert response.status_code == ONLY_SARA[username]
    if username is None:
        assert response["Location"].startswith("/konto/logga-in/")


@pytest.mark.parametrize("url", POSTS)
@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_coordinator_can_deactivate_a_source_or_load_the_starter_list(client_for, units, username, url):
    source = make_source()
    response = client_for(username).post(url.format(pk=source.pk), {"active": "0"})
    assert response.status_code == {**ONLY_SARA, "sara": 302}[username]
    source.refresh_from_db()
    acted = username == "sara"
    if "aktiv" in url:
        assert source.is_active is not acted
    else:
        assert (Source.objects.count() > 1) is acted


def test_an_unknown_source_is_404_for_the_coordinator(client_for, units):
    assert client_for("sara").get("/bevakning/kallor/999999/").status_code == 404


def test_sara_adds_a_feed_and_its_history_says_who(client_for, sara):
    response = client_for("sara").post("/bevakning/kallor/ny/", form_data())
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/bevakning/kallor/{source.pk}/"
    assert source.created_by == sara
    assert source.interval_minutes == 60
    (change,) = history_of(source)
    assert change.action == Change.Action.CREATED and change.actor == sara
    page = client_for("sara").get(response["Location"]).content.decode()
    assert "Interreg Aurora" in page and "Sara Samordnare" in page


def test_sara_adds_a_page_with_selectors(client_for, units):
    data = form_data(
        url="https://www.interreg-npa.eu/news/", kind="page", item_selector="article", title_selector="h3 a"
    )
    assert client_for("sara").post("/bevakning/kallor/ny/", data).status_code == 302
    source = Source.objects.get()
    assert (source.kind, source.item_selector, source.title_selector) == ("page", "article", "h3 a")


def test_a_feed_keeps_no_selectors(client_for, units):
    client_for("sara").post("/bevakning/kallor/ny/", form_data(item_selector="article", title_selector="h2"))
    assert Source.objects.get().item_selector == ""


BAD_INPUT = [
    ({"url": "ftp://example.org/feed"}, "url", "Adressen måste börja med http:// eller https://"),
    ({"url": "javascript:alert(1)"}, "url", "Adressen måste börja med http:// eller https://"),
    ({"url": "https://"}, "url", "ser inte ut som en webbadress"),
    ({"url": ""}, "url", "Fyll i källans adress"),
    ({"name": ""}, "name", "Fyll i fältet"),
    ({"kind": "podcast"}, "kind", "Välj om källan är ett flöde eller en webbsida"),
    ({"kind": "page"}, "item_selector", "behöver ett urval för en post"),
    ({"kind": "page", "item_selector": "article"}, "title_selector", "behöver ett urval för rubriken"),
    (
        {"kind": "page", "item_selector": "article[", "title_selector": "h2"},
        "item_selector",
        "inte en giltig CSS-väljare",
    ),
    (
        {"kind": "page", "item_selector": "li", "title_selector": "h2:::x"},
        "title_selector",
        "inte en giltig CSS-väljare",
    ),
    ({"kind": "page", "item_selector": "li", "title_selector": "h2", "date_selector": "}"}, "date_selector", "giltig"),
    ({"interval_minutes": "4"}, "interval_minutes", "minst 5"),
    ({"interval_minutes": "10081"}, "interval_minutes", "högst 10080"),
    ({"interval_minutes": "en timme"}, "interval_minutes", "som en siffra"),
    ({"interval_minutes": ""}, "interval_minutes", "hur ofta"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_the_form_says_in_swedish_what_is_wrong(client_for, units, overrides, field, message):
    response = client_for("sara").post("/bevakning/kallor/ny/", form_data(**overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert message in response.content.decode()
    assert not Source.objects.exists()


def test_a_duplicate_address_names_the_source_that_has_it(client_for, units):
    make_source(name="Aurora sedan tidigare", url="https://www.interregaurora.eu/feed/")
    response = client_for("sara").post("/bevakning/kallor/ny/", form_data())
    assert "Källan finns redan: Aurora sedan tidigare." in response.content.decode()
    assert Source.objects.count() == 1


def test_editing_keeps_its_own_address_and_records_the_change(client_for, sara):
    source = create_source(by=sara, fields={"name": "Aurora", "url": "https://www.interregaurora.eu/feed/"})
    response = client_for("sara").get(f"/bevakning/kallor/{source.pk}/andra/")
    assert 'value="https://www.interregaurora.eu/feed/"' in response.content.decode()
    response = client_for("sara").post(f"/bevakning/kallor/{source.pk}/andra/", form_data(interval_minutes="180"))
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.interval_minutes == 180
    latest = history_of(source).first()
    assert latest.action == Change.Action.UPDATED
    assert {"field": "Hämtas var (minuter)", "before": "60", "after": "180"} in latest.changes


def test_a_new_address_forgets_the_old_ones_etag_and_is_fetched_soon(sara):
    source = make_source(name="Aurora", url="https://www.interregaurora.eu/feed/")
    Source.objects.filter(pk=source.pk).update(etag='"v1"', last_modified="Mon, 02 Nov 2026 10:00:00 GMT")
    source.refresh_from_db()
    update_source(source, by=sara, fields={"url": "https://www.interregaurora.eu/nyheter/feed/"})
    source.refresh_from_db()
    assert (source.etag, source.last_modified, source.next_fetch_at) == ("", "", None)


def test_an_edit_that_takes_another_sources_address_is_refused(client_for, sara):
    make_source(name="Tillväxtverket", url="https://tillvaxtverket.se/rss")
    source = make_source(name="Aurora", url="https://www.interregaurora.eu/feed/")
    response = client_for("sara").post(
        f"/bevakning/kallor/{source.pk}/andra/", form_data(url="https://tillvaxtverket.se/rss")
    )
    assert "Källan finns redan: Tillväxtverket." in response.content.decode()
    source.refresh_from_db()
    assert source.url == "https://www.interregaurora.eu/feed/"


def test_a_source_with_items_is_deactivated_not_deleted_and_can_be_activated_again(client_for, sara):
    source = make_source(name="Aurora")
    make_item(source, title="Utlysning 9 öppnar")
    client = client_for("sara")
    response = client.post(f"/bevakning/kallor/{source.pk}/aktiv/", {"active": "0"}, follow=True)
    assert "Aurora är inaktiverad och hämtas inte längre. Posterna finns kvar." in response.content.decode()
    source.refresh_from_db()
    assert not source.is_active and source.items.count() == 1
    assert history_of(source).first().action == Change.Action.STATUS
    client.post(f"/bevakning/kallor/{source.pk}/aktiv/", {"active": "1"})
    source.refresh_from_db()
    assert source.is_active
    assert [c.reason for c in history_of(source)] == ["Källan aktiverades.", "Källan inaktiverades."]


def test_the_detail_page_shows_fetch_state_latest_items_and_history(client_for, sara):
    source = create_source(by=sara, fields={"name": "Aurora", "url": "https://www.interregaurora.eu/feed/"})
    Source.objects.filter(pk=source.pk).update(
        consecutive_failures=2, last_error="Servern svarade inte inom 30 sekunder."
    )
    make_item(source, title="Utlysning 9 öppnar")
    page = client_for("sara").get(f"/bevakning/kallor/{source.pk}/").content.decode()
    assert "Servern svarade inte inom 30 sekunder." in page
    assert "Utlysning 9 öppnar" in page
    assert "Källan har 1 post." in page
    assert "Skapad" in page


def test_actions_refuse_everyone_but_the_coordinator(hans, lisa):
    source = make_source()
    for user in (hans, lisa, None):
        with pytest.raises(PermissionDenied):
            create_source(by=user, fields={"name": "X", "url": "https://example.com/x"})
        with pytest.raises(PermissionDenied):
            update_source(source, by=user, fields={"name": "Y"})
        with pytest.raises(PermissionDenied):
            set_source_active(source, False, by=user)


def test_the_action_checks_what_the_form_checks(sara):
    with pytest.raises(ValidationError) as caught:
        create_source(by=sara, fields={"name": "X", "url": "file:///etc/passwd"})
    assert "http:// eller https://" in str(caught.value)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_source_list_needs_the_same_queries_for_3_and_20_sources(client_for, units):
    client = client_for("sara")
    for _ in range(3):
        make_source(last_error="Fel")
    few = count_queries(client, "/bevakning/kallor/")
    for _ in range(17):
        make_source()
    assert count_queries(client, "/bevakning/kallor/") == few


def test_the_list_shows_each_sources_state_and_offers_the_starter_list_only_when_empty(client_for, units):
    client = client_for("sara")
    page = client.get("/bevakning/kallor/").content.decode()
    assert "Lägg till startlistan" in page
    make_source(name="Aurora", consecutive_failures=3, last_error="Adressen gav 404 (sidan finns inte).")
    page = client.get("/bevakning/kallor/").content.decode()
    assert "Lägg till startlistan" not in page
    assert "Aurora" in page and "Adressen gav 404" in page
