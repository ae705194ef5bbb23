"""Reading recorded real-world feeds and pages, and hostile bodies, into items (or a clear Swedish error)."""

import datetime
import time
import tracemalloc

import pytest

from utblick.monitoring.fetching.parsing import ParseError, decode, parse, parse_date, read
from utblick.monitoring.models import Source
from utblick.monitoring.tests.fetchserver import feed

FEED = Source(name="Flöde", url="https://exempel.se/feed", kind=Source.Kind.FEED)
PAGE = Source(
    name="Tillväxtverket",
    url="https://tillvaxtverket.se/nyheter.html",
    kind=Source.Kind.PAGE,
    item_selector="li.news-item",
    title_selector=".news-title",
    link_selector=".news-title a",
    date_selector=".date",
)
UTC = datetime.UTC


def test_a_wordpress_rss_feed_gives_its_items_with_full_content_and_swedish_text():
    parsed = read(feed("wordpress.rss"), "application/rss+xml; charset=UTF-8", "https://exempel.se/feed/", FEED)
    assert parsed.format == "rss"
    first, second, third = parsed.items
    assert first.title == "Ny utlysning: småprojekt inom hållbar turism – sök senast 15 januari"
    assert first.link == "https://www.interreg-sverige-norge.com/ny-utlysning-smaprojekt-hallbar-turism/"
    assert first.guid == "https://www.interreg-sverige-norge.com/?p=12345"
    assert "<strong>småprojekt inom hållbar turism</strong>" in first.summary_html  # content:encoded wins
    assert first.published_at == datetime.datetime(2026, 11, 25, 9, 12, 44, tzinfo=UTC)
    assert first.language == "sv-SE"
    assert second.title == "Välkommen till informationsmöte i Östersund och Trondheim"
    assert third.summary_html.startswith("<p>Övervakningskommittén")  # description when there is no content


def test_an_eu_atom_feed_gives_entries_with_absolute_links_and_languages():
    url = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/feed/calls.atom"
    parsed = read(feed("eu.atom"), "application/atom+xml", url, FEED)
    assert parsed.format == "atom"
    first, second, third = parsed.items
    assert first.title == "ERASMUS-EDU-2027-PI-ALL-INNO: Partnerships for Innovation Alliances"
    assert first.link == (
        "https://ec.europa.eu/info/funding-tenders/opportunities/portal/feed/screen/opportunities/topic-details/"
        "ERASMUS-EDU-2027-PI-ALL-INNO"
    )
    assert first.guid == "urn:eu:funding:call:ERASMUS-EDU-2027-PI-ALL-INNO"
    assert "<p>Deadline: 4 March 2027." in first.summary_html
    assert first.language == "en"
    assert second.language == "sv"
    assert "<strong>andra</strong>" in second.summary_html  # xhtml content
    assert second.published_at == datetime.datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert "&lt;tags&gt;" in third.summary_html  # a text construct stays text


def test_a_json_feed_gives_its_items():
    parsed = read(feed("feed.json"), "application/feed+json", "https://eu.regionjh.se/feed.json", FEED)
    assert parsed.format == "json"
    first, second = parsed.items
    assert first.title == "Workshop: så söker du Horisont Europa"
    assert first.language == "sv"
    assert second.link == "https://eu.regionjh.se/nyheter/2026/erasmus-ackreditering"
    assert "&lt;b&gt;Inte fetstil&lt;/b&gt;" in second.summary_html
    assert second.language == "sv-SE"
    assert second.published_at == datetime.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_a_news_page_is_read_with_the_sources_css_selectors():
    parsed = read(feed("news.html"), "text/html; charset=utf-8", "https://tillvaxtverket.se/nyheter.html", PAGE)
    assert parsed.format == "html"
    titles = [item.title for item in parsed.items]
    assert titles == [
        "Ny utlysning i regionalfonden för Mellersta Norrland",
        "Fonden för en rättvis omställning: beslut om stöd",
        "Seminarium om landsbygdsutveckling",
    ]
    links = [item.link for item in parsed.items]
    assert links == [
        "https://tillvaxtverket.se/nyheter/2026-11-26-regionalfonden-utlysning.html",
        "https://tillvaxtverket.se/nyheter/2026-11-19-jtf.html",
        "https://tillvaxtverket.se/nyheter/2026-11-02-seminarium.html",
    ]
    dates = [item.published_at.strftime("%Y-%m-%d %H:%M") for item in parsed.items]
    assert dates == ["2026-11-26 00:00", "2026-11-19 10:15", "2026-11-02 00:00"]
    assert parsed.items[0].language == "sv"


def test_a_page_source_with_a_bad_or_empty_selector_gets_a_clear_error():
    broken = Source(name="x", url="https://x.se/", kind=Source.Kind.PAGE, item_selector="li[[")
    with pytest.raises(ParseError, match="inte ett giltigt CSS-urval"):
        parse(feed("news.html"), "text/html", "https://x.se/", broken)
    nothing = Source(name="x", url="https://x.se/", kind=Source.Kind.PAGE, item_selector=".finns-inte")
    with pytest.raises(ParseError, match="hittade inga poster"):
        parse(feed("news.html"), "text/html", "https://x.se/", nothing)


def test_an_rss_1_0_rdf_feed_gives_its_items():
    parsed = read(feed("rdf.rdf"), "application/rdf+xml", "https://www.regeringen.se/rss", FEED)
    assert parsed.format == "rss"
    first, second = parsed.items
    assert first.title == "Ny strategi för att riva gränshinder i Norden"
    assert first.guid == "https://www.regeringen.se/pressmeddelanden/2026/11/ny-strategi-for-granshinder/"
    assert first.language == "sv"
    assert first.published_at == datetime.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert second.published_at.date() == datetime.date(2026, 11, 18)


def test_an_rss_0_91_feed_in_latin_1_with_netscapes_doctype_is_read():
    items = parse(feed("rss091.xml"), "text/xml", "https://www.herjedalen.se/rss", FEED)
    assert [item.title for item in items] == ["Byte till vinterdäck på kommunens fordon", "Fjällsäkerhet i Funäsdalen"]
    assert items[0].summary_html == "Kommunens fordon byter till vinterdäck."
    assert items[0].language == "sv"


def test_an_html_error_page_from_a_feed_source_says_it_is_a_web_page():
    with pytest.raises(ParseError) as error:
        parse(feed("error.html"), "text/html; charset=utf-8", "https://exempel.se/feed", FEED)
    assert error.value.message.startswith("Adressen gav en webbsida, inte ett flöde")


def test_malformed_xml_gives_a_swedish_error_with_the_line():
    with pytest.raises(ParseError) as error:
        parse(feed("malformed.xml"), "application/rss+xml", "https://exempel.se/feed", FEED)
    assert "inte giltig XML" in error.value.message
    assert "rad 3" in error.value.message


def test_a_billion_laughs_entity_bomb_is_refused_quickly_without_expanding_it():
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ParseError) as error:
            parse(feed("billion_laughs.xml"), "application/rss+xml", "https://exempel.se/feed", FEED)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "XML-entiteter" in error.value.message
    assert time.monotonic() - started < 1
    assert peak < 5 * 1024 * 1024  # expanded, it would be about 3 GB


def test_an_external_entity_is_refused():
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>'
    )
    with pytest.raises(ParseError, match="XML-entiteter"):
        parse(body, "application/rss+xml", "https://exempel.se/feed", FEED)


RSS_TEMPLATE = '<rss version="2.0"><channel><item><title>{}</title><guid>1</guid></item></channel></rss>'
TITLE = "Ansökan för förskolor – “Gröna skolgårdar” i Härjedalen"


def test_a_windows_1252_feed_with_its_declaration_is_read():
    body = ('<?xml version="1.0" encoding="windows-1252"?>' + RSS_TEMPLATE.format(TITLE)).encode("cp1252")
    assert parse(body, "text/xml", "https://x.se/", FEED)[0].title == TITLE


def test_windows_1252_bytes_without_any_declared_charset_fall_back_to_windows_1252():
    body = RSS_TEMPLATE.format(TITLE).encode("cp1252")
    assert parse(body, "application/rss+xml", "https://x.se/", FEED)[0].title == TITLE


def test_a_wrong_http_charset_does_not_break_the_feed():
    latin = RSS_TEMPLATE.format("Välkommen till Åre").encode("cp1252")
    assert parse(latin, "text/xml; charset=utf-8", "https://x.se/", FEED)[0].title == "Välkommen till Åre"
    utf8 = RSS_TEMPLATE.format("Välkommen till Åre").encode("utf-8")
    assert parse(utf8, "text/xml; charset=x-no-such-charset", "https://x.se/", FEED)[0].title == "Välkommen till Åre"


def test_a_wrong_xml_declaration_does_not_crash():
    body = ('<?xml version="1.0" encoding="utf-8"?>' + RSS_TEMPLATE.format("Fjällvärlden")).encode("cp1252")
    assert parse(body, "", "https://x.se/", FEED)[0].title == "Fjällvärlden"


def test_a_missing_charset_means_utf_8():
    body = RSS_TEMPLATE.format(TITLE).encode("utf-8")
    assert parse(body, "text/xml", "https://x.se/", FEED)[0].title == TITLE
    assert decode("åäö".encode(), "") == "åäö"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", "tomt svar"),
        (b"   \n", "tomt svar"),
        (b'{"version": "1"}', "inte ett JSON Feed"),
        (b"{not json", "JSON men går inte att läsa"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "inte ett RSS- eller Atom-flöde"),
        (b"Just text", "varken är ett flöde eller en webbsida"),
        (b"<rss version='2.0'></rss>", "saknar en <channel>"),
    ],
)
def test_bodies_that_are_not_feeds_get_a_swedish_error(body, words):
    with pytest.raises(ParseError) as error:
        parse(body, "", "https://x.se/", FEED)
    assert words in error.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, 24 Nov 2026 10:00:00 +0100", "2026-11-24 09:00"),
        ("2026-11-24T10:00:00Z", "2026-11-24 10:00"),
        ("2026-11-24T10:00:00.123+01:00", "2026-11-24 09:00"),
        ("2026-11-24", "2026-11-23 23:00"),  # midnight in Stockholm
        ("24 november 2026", "2026-11-23 23:00"),
        ("Publicerad 3 maj 2026 kl. 14.30", "2026-05-03 12:30"),
        ("24.11.2026", "2026-11-23 23:00"),
        ("24 okt. 2026", "2026-10-23 22:00"),
    ],
)
def test_dates_in_common_swedish_iso_and_rfc_formats_are_read(text, expected):
    assert parse_date(text).astimezone(UTC).strftime("%Y-%m-%d %H:%M") == expected


@pytest.mark.parametrize("text", ["", "igår", "31 februari 2026", "2026-13-45"])
def test_unreadable_dates_are_none(text):
    assert parse_date(text) is None


def test_html_named_entities_in_a_feed_are_read_as_their_characters():
    with_doctype = feed("rss091.xml").replace(
        b"<title>Fj\xe4lls\xe4kerhet", b"<title>Caf&eacute;&nbsp;och fj\xe4lls\xe4kerhet"
    )
    items = parse(with_doctype, "text/xml", "https://x.se/", FEED)
    assert items[1].title == "Café och fjällsäkerhet i Funäsdalen"
    without = RSS_TEMPLATE.format("R&eacute;sum&eacute; &amp; s&aring;nt &unknown;").encode()
    with pytest.raises(ParseError, match="inte giltig XML"):  # an entity no one defines is still an error
        parse(without, "", "https://x.se/", FEED)
    assert parse(without.replace(b" &unknown;", b""), "", "https://x.se/", FEED)[0].title == "Résumé & sånt"


def test_a_feed_served_as_text_html_is_still_read_as_a_feed():
    items = parse(feed("wordpress.rss"), "text/html; charset=utf-8", "https://x.se/feed", FEED)
    assert len(items) == 3
    items = parse(feed("rss091.xml"), "text/html", "https://x.se/feed", FEED)
    assert len(items) == 2


def test_an_xhtml_page_from_a_feed_source_says_it_is_a_web_page():
    xhtml = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        b"<p>Inte ett fl\xc3\xb6de</p></body></html>"
    )
    with pytest.raises(ParseError, match="^Adressen gav en webbsida, inte ett flöde"):
        parse(xhtml, "application/xml", "https://x.se/feed", FEED)


def test_a_permalink_guid_is_the_link_of_an_item_without_one():
    body = (
        b'<rss version="2.0"><channel>'
        b"<item><title>A</title><guid>https://x.se/a</guid></item>"
        b'<item><title>B</title><guid isPermaLink="false">https://x.se/b</guid></item>'
        b"</channel></rss>"
    )
    first, second = parse(body, "", "https://x.se/feed", FEED)
    assert first.link == "https://x.se/a"
    assert second.link == ""


def test_a_full_feed_at_the_default_size_cap_parses_within_the_memory_bar(settings):
    item = (
        "<item><title>Utlysning {i} – “hållbar turism” &amp; mer</title><link>https://x.se/{i}</link>"
        "<guid>g{i}</guid><description>&lt;p&gt;" + "Text om fjäll och gränsregionen. " * 20 + "&lt;/p&gt;"
        "</description><pubDate>Wed, 25 Nov 2026 09:12:44 +0000</pubDate></item>"
    )
    parts = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>']
    size, i = 0, 0
    while size < settings.MONITORING_MAX_BYTES - 2000:
        parts.append(item.format(i=i))
        size += len(parts[-1].encode())
        i += 1
    body = ("".join(parts) + "</channel></rss>").encode()
    tracemalloc.start()
    try:
        items = parse(body, "application/rss+xml", "https://x.se/", FEED)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(items) == 2000  # MAX_ITEMS: the rest of a huge feed is not kept
    assert items[0].title == "Utlysning 0 – “hållbar turism” & mer"
    # The bar is 250 MB for a whole round; one source is fetched and parsed at a time.
    assert peak < 150 * 1024 * 1024
