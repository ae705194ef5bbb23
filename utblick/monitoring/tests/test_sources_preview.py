"""Previewing a source before saving: the form's values are fetched from a real HTTP server on 127.0.0.1 and the
first items (or the Swedish error) are shown, and nothing is saved."""

import http.server
import threading

import pytest

from utblick.monitoring.models import Source
from utblick.monitoring.tests.sources_helpers import make_source

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Interreg Aurora</title><link>https://www.interregaurora.eu/</link>
{items}
</channel></rss>"""
RSS_ITEM = """<item><title>Utlysning {n} öppnar</title><link>https://www.interregaurora.eu/utlysning-{n}/</link>
<guid>aurora-{n}</guid><pubDate>Mon, 0{day} Sep 2026 10:00:00 +0000</pubDate><description>Text {n}</description></item>"""
PAGE = """<!doctype html><html lang="sv"><head><title>Nyheter</title></head><body><ul>
<li class="news"><h3><a href="/nyheter/erasmus-2027">Erasmus+ 2027: ansökan öppnar</a></h3><time datetime="2026-11-02">2 nov</time></li>
<li class="news"><h3><a href="/nyheter/seminarium">Informationsseminarium i Östersund</a></h3></li>
</ul></body></html>"""

ROUTES = {
    "/feed.xml": (
        "application/rss+xml",
        RSS.format(items="\n".join(RSS_ITEM.format(n=n, day=n % 9 + 1) for n in range(1, 13))),
    ),
    "/nyheter.html": ("text/html; charset=utf-8", PAGE),
    "/trasig.xml": ("application/rss+xml", "<rss><channel><item><title>Inte klar"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path not in ROUTES:
            self.send_error(404)
            return
        content_type, body = ROUTES[self.path]
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server(settings):
    """A server on 127.0.0.1 (never elsewhere), listed in MONITORING_ALLOWED_PRIVATE_HOSTS for the test."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    settings.MONITORING_ALLOWED_PRIVATE_HOSTS = [f"{host}:{port}"]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def preview(client, **fields):
    data = {"name": "Provkälla", "kind": "feed", "interval_minutes": "60", "is_active": "on", "preview": "1"}
    data.update(fields)
    return client.post("/bevakning/kallor/ny/", data)


def test_previewing_a_feed_shows_its_first_ten_items_and_saves_nothing(client_for, units, feed_server):
    response = preview(client_for("sara"), url=f"{feed_server}/feed.xml")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Förhandsgranskning" in page and "Inget är sparat ännu." in page
    assert "Källan gav 12 poster. Här är de första 10." in page
    assert "Utlysning 1 öppnar" in page and "Utlysning 10 öppnar" in page
    assert "Utlysning 11 öppnar" not in page
    assert "https://www.interregaurora.eu/utlysning-1/" in page
    assert not Source.objects.exists()
    # The form keeps what was typed, so "Spara" saves it.
    assert f'value="{feed_server}/feed.xml"' in page


def test_previewing_a_page_uses_the_forms_selectors(client_for, units, feed_server):
    response = preview(
        client_for("sara"),
        url=f"{feed_server}/nyheter.html",
        kind="page",
        item_selector="li.news",
        title_selector="h3",
        link_selector="a",
        date_selector="time",
    )
    page = response.content.decode()
    assert "Erasmus+ 2027: ansökan öppnar" in page
    assert "Informationsseminarium i Östersund" in page
    assert f"{feed_server}/nyheter/erasmus-2027" in page
    assert "2026-11-02" in page
    assert not Source.objects.exists()


def test_a_broken_feed_shows_the_swedish_error_in_the_preview(client_for, units, feed_server):
    page = preview(client_for("sara"), url=f"{feed_server}/trasig.xml").content.decode()
    assert 'role="alert"' in page
    assert not Source.objects.exists()


def test_a_missing_page_shows_the_error_in_the_preview(client_for, units, feed_server):
    response = preview(client_for("sara"), url=f"{feed_server}/finns-inte.xml")
    preview_result = response.context["preview"]
    assert preview_result["error"] and not preview_result["items"]
    assert "404" in preview_result["error"]


def test_a_loopback_address_not_listed_is_refused_in_the_preview(client_for, units, settings):
    settings.MONITORING_ALLOWED_PRIVATE_HOSTS = []
    response = preview(client_for("sara"), url="http://127.0.0.1:9/feed.xml")
    assert response.context["preview"]["error"]
    assert "MONITORING_ALLOWED_PRIVATE_HOSTS" in response.context["preview"]["error"]


def test_no_preview_runs_while_the_address_or_selectors_are_wrong(client_for, units, feed_server):
    response = preview(client_for("sara"), url=f"{feed_server}/nyheter.html", kind="page", item_selector="li[")
    assert response.context["preview"] is None
    assert "inte en giltig CSS-väljare" in response.content.decode()


def test_an_address_already_used_can_still_be_previewed_when_editing_another(client_for, units, feed_server):
    make_source(name="Aurora", url=f"{feed_server}/feed.xml")
    page = preview(client_for("sara"), url=f"{feed_server}/feed.xml").content.decode()
    assert "Källan finns redan: Aurora." in page
    assert "Utlysning 1 öppnar" in page
    assert Source.objects.count() == 1


def test_the_saved_source_is_what_was_previewed(client_for, units, feed_server):
    client = client_for("sara")
    preview(client, url=f"{feed_server}/feed.xml")
    data = {
        "name": "Provkälla",
        "url": f"{feed_server}/feed.xml",
        "kind": "feed",
        "interval_minutes": "60",
        "save": "1",
    }
    assert client.post("/bevakning/kallor/ny/", data).status_code == 302
    assert Source.objects.get().url == f"{feed_server}/feed.xml"
