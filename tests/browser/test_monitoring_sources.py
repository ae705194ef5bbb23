"""The coordinator's source pages in a real browser: the list, the form with a preview shown (fetched from a feed
server on 127.0.0.1), an error in the form, the health page with a flagged source, and the OPML import have no axe
violations; the preview shows the items and saving leads to the source's page."""

import datetime
import http.server
import threading

import pytest
from django.utils import timezone

from utblick.monitoring.models import Source

pytestmark = pytest.mark.browser

RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Aurora</title>
<item><title>Utlysning 9 öppnar i september</title><link>https://www.interregaurora.eu/call-9/</link>
<pubDate>Mon, 07 Sep 2026 10:00:00 +0000</pubDate></item>
<item><title>Småprojekt i Sápmi</title><link>https://www.interregaurora.eu/small/</link></item>
</channel></rss>""".encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(RSS)))
        self.end_headers()
        self.wfile.write(RSS)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_url(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    settings.MONITORING_ALLOWED_PRIVATE_HOSTS = [f"{host}:{port}"]
    yield f"http://{host}:{port}/feed.xml"
    server.shutdown()
    server.server_close()


@pytest.fixture
def sources(db):
    now = timezone.now()
    Source.objects.create(name="Tillväxtverket – utlysningar", url="https://tillvaxtverket.se/rss", last_success_at=now)
    Source.objects.create(
        name="Interreg NPA – nyheter",
        url="https://www.interreg-npa.eu/news/",
        kind="page",
        item_selector="article",
        title_selector="h3",
        consecutive_failures=50,
        failing_since=now - datetime.timedelta(days=9),
        last_error="Urvalet article hittade inga poster på webbsidan.",
    )


def test_the_source_pages_are_accessible_and_the_preview_shows_the_feed(
    page, personas, sources, login, assert_accessible, live_server, feed_url
):
    login(personas["sara"])
    base = live_server.url
    page.goto(f"{base}/bevakning/kallor/")
    assert page.locator("table caption").count() == 1
    assert "1 källa har inte fungerat på 7 dagar." in page.locator("#failing-notice").inner_text()
    assert_accessible(page, "källlistan")

    page.get_by_role("link", name="Ny källa").click()
    page.get_by_label("Namn").fill("Interreg Aurora – nyheter")
    page.get_by_label("Adress").fill(feed_url)
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state()
    preview = page.locator("#preview")
    assert "Utlysning 9 öppnar i september" in preview.inner_text()
    assert "Småprojekt i Sápmi" in preview.inner_text()
    assert_accessible(page, "formuläret med förhandsgranskning")

    page.get_by_label("Hämtas var (minuter)").fill("2")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert "minst 5" in page.locator(".error-summary").inner_text()
    assert_accessible(page, "formuläret med fel")

    page.get_by_label("Hämtas var (minuter)").fill("120")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Interreg Aurora – nyheter"
    assert_accessible(page, "källans sida")

    page.goto(f"{base}/bevakning/kallor/halsa/")
    assert "Har inte fungerat på 7 dagar" in page.locator("tr.flagged").inner_text()
    assert_accessible(page, "källornas hälsa")

    page.goto(f"{base}/bevakning/kallor/opml/import/")
    assert_accessible(page, "OPML-importen")


def test_the_empty_list_offers_the_starter_list(page, personas, login, assert_accessible, live_server):
    login(personas["sara"])
    page.goto(f"{live_server.url}/bevakning/kallor/")
    assert_accessible(page, "den tomma källlistan")
    page.get_by_role("button", name="Lägg till startlistan").click()
    page.wait_for_load_state()
    assert "Startlistan är inläst" in page.locator(".messages").inner_text()
    assert page.locator("tbody tr").count() == Source.objects.count() > 0
