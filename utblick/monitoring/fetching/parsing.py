"""Turning a fetched body into ParsedItems: RSS 0.9x/1.0 (RDF)/2.0, Atom, JSON Feed, or a web page read with
the source's CSS selectors.

XML goes through defusedxml: entity declarations (the billion-laughs bomb, external entities) are refused
with a clear error instead of being expanded. A DOCTYPE without entities is accepted, since RSS 0.91 feeds
still carry Netscape's. Text is decoded by the XML declaration, else the HTTP charset, else UTF-8, with
Windows-1252 as the fallback for bytes that are not valid in the declared encoding: a wrong or missing
charset never crashes a fetch.
"""

from __future__ import annotations

import codecs
import datetime
import email.utils
import html
import json
import re
from dataclasses import dataclass
from html.entities import name2codepoint
from urllib.parse import urljoin
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XMLParseError

import nh3
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.monitoring.fetching.http import FetchError

MAX_ITEMS = 2000  # a feed with more is cut: nobody triages thousands of items from one fetch
MAX_SUMMARY_CHARS = 50_000

NS_CONTENT = "http://purl.org/rss/1.0/modules/content/"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_XML = "http://www.w3.org/XML/1998/namespace"


class ParseError(FetchError):
    """The body could not be read as a feed or page; `message` says why in Swedish."""


@dataclass
class ParsedItem:
    """One item as the source gave it (summary_html still unsanitised: storing cleans it)."""

    guid: str
    link: str
    title: str
    summary_html: str
    published_at: datetime.datetime | None
    language: str = ""


@dataclass
class Parsed:
    """The items and the format they were read as (rss, atom, json, html)."""

    format: str
    items: list[ParsedItem]


# --- encoding ----------------------------------------------------------------------------------------------

XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"'][^>]*\?>")
XML_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
HTML_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)


def _known(encoding: str) -> str | None:
    try:
        return codecs.lookup(encoding).name
    except (LookupError, TypeError):
        return None


def decode(body: bytes, content_type: str = "", *, html_meta: bool = False) -> str:
    """Bytes to text: declared encoding, then HTTP charset, then UTF-8, with Windows-1252 as the fallback."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    candidates = []
    declared = XML_DECLARATION.match(body[:500])
    if declared:
        candidates.append(declared.group(1).decode("ascii"))
    elif html_meta:
        meta = HTML_META_CHARSET.search(body[:4096])
        if meta:
            candidates.append(meta.group(1).decode("ascii"))
    charset = CHARSET.search(content_type or "")
    if charset:
        candidates.append(charset.group(1))
    candidates.append("utf-8")
    for candidate in candidates:
        name = _known(candidate)
        if name is None:
            continue
        if name in ("latin-1", "iso8859-1", "ascii"):
            name = "cp1252"  # what servers mean by it (WHATWG): curly quotes and dashes live in 0x80-0x9f
        try:
            return body.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("cp1252", errors="replace")


# --- dates ---------------------------------------------------------------------------------------------------

SWEDISH_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "maj": 5,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
ISO_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b(?:\D{0,6}(\d{1,2})[:.](\d{2}))?")
WORD_DATE = re.compile(
    r"\b(\d{1,2})\.?\s+([A-Za-zåäöÅÄÖ]{3,})\.?\s+(\d{4})\b(?:\D{0,6}(\d{1,2})[:.](\d{2}))?", re.IGNORECASE
)


def _aware(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value


def _build(year, month, day, hour=None, minute=None, second=None) -> datetime.datetime | None:
    try:
        return datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None


def parse_date(value: str | None) -> datetime.datetime | None:
    """RFC 822 (RSS), ISO 8601 (Atom, JSON Feed, <time datetime>) and Swedish page dates, made aware."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
        if parsed is not None:
            return _aware(parsed)
    except (TypeError, ValueError, IndexError):
        pass
    match = ISO_DATE.search(value)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        built = _build(year, month, day, hour, minute, second)
        if built is not None:
            if zone:
                zone = "+00:00" if zone == "Z" else zone
                sign = 1 if zone[0] == "+" else -1
                digits = zone[1:].replace(":", "")
                offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
                return built.replace(tzinfo=datetime.timezone(sign * offset))
            return _aware(built)
    match = WORD_DATE.search(value)
    if match:
        day, month_word, year, hour, minute = match.groups()
        month = SWEDISH_MONTHS.get(month_word[:3].lower())
        if month:
            built = _build(year, month, day, hour, minute)
            if built is not None:
                return _aware(built)
    match = NUMERIC_DATE.search(value)
    if match:
        day, month, year, hour, minute = match.groups()
        built = _build(year, month, day, hour, minute)
        if built is not None:
            return _aware(built)
    return None


# --- helpers -------------------------------------------------------------------------------------------------


def plain(text: str) -> str:
    """Markup-free text (titles come with entities and sometimes tags)."""
    if not text:
        return ""
    return " ".join(html.unescape(nh3.clean(text, tags=set())).split())


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _child(element: Element, name: str, namespace: str | None = None) -> Element | None:
    for child in element:
        if _local(child.tag) == name and (namespace is None or _ns(child.tag) == namespace):
            return child
    return None


def _text(element: Element | None) -> str:
    if element is None:
        return ""
    return "".join(element.itertext()).strip()


def _child_text(element: Element, name: str, namespace: str | None = None) -> str:
    return _text(_child(element, name, namespace))


def _absolute(base: str, link: str) -> str:
    link = (link or "").strip()
    if not link:
        return ""
    absolute = urljoin(base, link)
    return absolute if absolute.lower().startswith(("http://", "https://")) else ""


# --- XML feeds -----------------------------------------------------------------------------------------------


NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}


def _numeric_entity(match: re.Match) -> str:
    name = match.group(1)
    if name in XML_ENTITIES or name not in name2codepoint:
        return match.group(0)
    return f"&#{name2codepoint[name]};"


def _parse_xml(text: str) -> Element:
    text = XML_DECLARATION_TEXT.sub("", text, count=1)
    # Feeds (RSS 0.91 above all) use HTML's named entities (&nbsp;, &eacute;) that XML does not define. Each
    # becomes the one character it names, as a numeric reference: nothing is expanded beyond that.
    text = NAMED_ENTITY.sub(_numeric_entity, text)
    try:
        return safe_fromstring(text.encode("utf-8"), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ParseError(
            _(
                "Flödet innehåller egna XML-entiteter (en DTD med ENTITY), som Utblick av säkerhetsskäl inte tolkar. "
                "Be den som publicerar flödet att ta bort dem, eller använd en annan adress."
            )
        ) from None
    except XMLParseError as error:
        line = getattr(error, "position", (0, 0))[0]
        raise ParseError(
            _(
                "Flödet är inte giltig XML (fel på rad %(line)s) och kunde inte läsas. Försök igen senare; kvarstår "
                "felet, kontakta den som publicerar flödet."
            )
            % {"line": line}
        ) from None


def _rss_items(channel: Element, items: list[Element], base: str, language: str) -> list[ParsedItem]:
    parsed = []
    for item in items[:MAX_ITEMS]:
        link = _absolute(base, _child_text(item, "link"))
        guid_element = _child(item, "guid")
        guid = _text(guid_element) or item.get(f"{{{NS_RDF}}}about", "")
        if not link and guid_element is not None and guid_element.get("isPermaLink", "true").lower() != "false":
            link = _absolute(base, guid)  # RSS 2.0: a guid that is a permalink is the item's address
        content = _child_text(item, "encoded", NS_CONTENT)
        description = _child_text(item, "description")
        date = (
            _child_text(item, "pubDate")
            or _child_text(item, "date", NS_DC)
            or _child_text(item, "published")
            or _child_text(item, "updated")
        )
        parsed.append(
            ParsedItem(
                guid=guid.strip(),
                link=link,
                title=plain(_child_text(item, "title")),
                summary_html=(content or description)[:MAX_SUMMARY_CHARS],
                published_at=parse_date(date),
                language=(_child_text(item, "language", NS_DC) or language)[:20],
            )
        )
    return parsed


def _parse_rss(root: Element, base: str) -> list[ParsedItem]:
    channel = _child(root, "channel")
    if channel is None:
        raise ParseError(_("Flödet saknar en <channel> och kunde inte läsas. Kontrollera adressen."))
    language = _child_text(channel, "language") or _child_text(channel, "language", NS_DC)
    return _rss_items(channel, [child for child in channel if _local(child.tag) == "item"], base, language)


def _parse_rdf(root: Element, base: str) -> list[ParsedItem]:
    channel = _child(root, "channel")
    language = ""
    if channel is not None:
        language = _child_text(channel, "language", NS_DC) or _child_text(channel, "language")
    items = [child for child in root if _local(child.tag) == "item"]
    return _rss_items(channel if channel is not None else root, items, base, language)


def _atom_text(element: Element | None) -> str:
    """An Atom text construct as HTML: type text is escaped, html is kept, xhtml is serialised."""
    if element is None:
        return ""
    kind = element.get("type", "text")
    if kind == "xhtml":
        from xml.etree.ElementTree import tostring

        return "".join(
            tostring(child, encoding="unicode", method="html").replace("html:", "") for child in element
        ).strip()
    text = _text(element)
    return text if kind == "html" else html.escape(text)


def _parse_atom(root: Element, base: str) -> list[ParsedItem]:
    feed_language = root.get(f"{{{NS_XML}}}lang", "")
    base = urljoin(base, root.get(f"{{{NS_XML}}}base", ""))
    parsed = []
    for entry in [child for child in root if _local(child.tag) == "entry"][:MAX_ITEMS]:
        entry_base = urljoin(base, entry.get(f"{{{NS_XML}}}base", ""))
        link = ""
        for candidate in entry:
            if _local(candidate.tag) == "link" and candidate.get("rel", "alternate") == "alternate":
                link = _absolute(entry_base, candidate.get("href", ""))
                if link:
                    break
        title_element = _child(entry, "title")
        title = plain(_atom_text(title_element)) if title_element is not None else ""
        summary = _atom_text(_child(entry, "summary")) or _atom_text(_child(entry, "content"))
        parsed.append(
            ParsedItem(
                guid=_child_text(entry, "id"),
                link=link,
                title=title,
                summary_html=summary[:MAX_SUMMARY_CHARS],
                published_at=parse_date(_child_text(entry, "published") or _child_text(entry, "updated")),
                language=(entry.get(f"{{{NS_XML}}}lang", "") or feed_language)[:20],
            )
        )
    return parsed


# --- JSON Feed -----------------------------------------------------------------------------------------------


def _parse_json(text: str, base: str) -> list[ParsedItem]:
    try:
        data = json.loads(text)
    except ValueError:
        raise ParseError(
            _("Flödet ser ut som JSON men går inte att läsa. Kontrollera adressen, eller försök igen senare.")
        ) from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise ParseError(
            _("Adressen gav JSON, men inte ett JSON Feed-flöde. Kontrollera att adressen går till källans flöde.")
        )
    feed_language = str(data.get("language") or "")
    items = data.get("items") if isinstance(data.get("items"), list) else []
    parsed = []
    for item in items[:MAX_ITEMS]:
        if not isinstance(item, dict):
            continue
        content = item.get("content_html") or ""
        if not content and item.get("content_text"):
            content = "<p>" + html.escape(str(item["content_text"])) + "</p>"
        summary = str(item.get("summary") or "")
        parsed.append(
            ParsedItem(
                guid=str(item.get("id") or ""),
                link=_absolute(base, str(item.get("url") or item.get("external_url") or "")),
                title=plain(str(item.get("title") or "")),
                summary_html=str(content or html.escape(summary))[:MAX_SUMMARY_CHARS],
                published_at=parse_date(str(item.get("date_published") or item.get("date_modified") or "")),
                language=str(item.get("language") or feed_language)[:20],
            )
        )
    return parsed


# --- web pages -----------------------------------------------------------------------------------------------


def _parse_page(body: bytes, content_type: str, base: str, source) -> list[ParsedItem]:
    import lxml.html
    from cssselect import SelectorError
    from lxml.etree import ParserError

    if not source.item_selector:
        raise ParseError(
            _("Källan är en webbsida men saknar urval för en post. Ange ett CSS-urval, t.ex. article eller .nyhet.")
        )
    text = decode(body, content_type, html_meta=True)
    text = XML_DECLARATION_TEXT.sub("", text, count=1)
    try:
        document = lxml.html.fromstring(text)
    except (ParserError, ValueError):
        raise ParseError(_("Webbsidan är tom eller går inte att läsa. Kontrollera adressen.")) from None
    document.make_links_absolute(base, resolve_base_href=True)
    language = document.get("lang", "") or ""

    def select(element, selector, what):
        try:
            return element.cssselect(selector)
        except (SelectorError, SyntaxError, ValueError):
            raise ParseError(
                _(
                    "Urvalet för %(what)s (%(selector)s) är inte ett giltigt CSS-urval. Rätta det i källans inställningar."
                )
                % {"what": what, "selector": selector}
            ) from None

    parsed = []
    for element in select(document, source.item_selector, _("en post"))[:MAX_ITEMS]:
        title_element = element
        if source.title_selector:
            found = select(element, source.title_selector, _("rubrik"))
            title_element = found[0] if found else None
        title = " ".join(title_element.text_content().split()) if title_element is not None else ""
        link = ""
        if source.link_selector:
            found = select(element, source.link_selector, _("länk"))
            anchors = found
        else:
            anchors = [element] if element.tag == "a" else element.cssselect("a[href]")
        for anchor in anchors:
            href = anchor.get("href") or next((a.get("href") for a in anchor.cssselect("a[href]")), "")
            link = _absolute(base, href or "")
            if link:
                break
        published_at = None
        if source.date_selector:
            found = select(element, source.date_selector, _("datum"))
            if found:
                published_at = parse_date(found[0].get("datetime") or found[0].text_content())
        else:
            found = element.cssselect("time")
            if found:
                published_at = parse_date(found[0].get("datetime") or found[0].text_content())
        if not title and not link:
            continue
        parsed.append(
            ParsedItem(
                guid="",
                link=link,
                title=title,
                summary_html="",
                published_at=published_at,
                language=language[:20],
            )
        )
    if not parsed:
        raise ParseError(
            _(
                "Urvalet %(selector)s hittade inga poster på webbsidan. Kontrollera urvalen mot sidan, till exempel "
                "med förhandsvisningen."
            )
            % {"selector": source.item_selector}
        )
    return parsed


# --- detection -----------------------------------------------------------------------------------------------

XML_PROLOGUE = r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*\?>\s*)*"
HTML_START = re.compile(XML_PROLOGUE + r"(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE | re.DOTALL)
# A feed's root, possibly after a DOCTYPE without an internal subset (RSS 0.91's).
FEED_START = re.compile(
    XML_PROLOGUE + r"(?:<!doctype\s+\w+[^>\[]*>\s*)?<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE | re.DOTALL
)


def _page_or_error(body: bytes, content_type: str, url: str, source) -> Parsed:
    from utblick.monitoring.models import Source

    if source.kind == Source.Kind.FEED:
        raise ParseError(
            _(
                "Adressen gav en webbsida, inte ett flöde. Kontrollera adressen (den kan ha flyttats eller visa en "
                "felsida), eller välj typen Webbsida utan flöde och ange urval."
            )
        )
    return Parsed("html", _parse_page(body, content_type, url, source))


def parse(body: bytes, content_type: str, url: str, source) -> list[ParsedItem]:
    """The items of a fetched body (see read()). Raises ParseError with a Swedish sentence when it cannot."""
    return read(body, content_type, url, source).items


def read(body: bytes, content_type: str, url: str, source) -> Parsed:
    """Detect the format and read the items. Raises ParseError with a Swedish sentence when it cannot."""
    if not body.strip():
        raise ParseError(_("Adressen gav ett tomt svar. Kontrollera adressen, eller försök igen senare."))
    text = decode(body, content_type)
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    mime = (content_type or "").split(";")[0].strip().lower()
    if head.startswith(("{", "[")) or mime in ("application/feed+json", "application/json"):
        return Parsed("json", _parse_json(text, url))
    # A feed served as text/html (a common misconfiguration) is still a feed; a page is a page even as XHTML.
    looks_html = not FEED_START.match(head) and (
        bool(HTML_START.match(head))
        or (mime in ("text/html", "application/xhtml+xml") and not head.startswith("<?xml"))
    )
    if looks_html:
        return _page_or_error(body, content_type, url, source)
    if head.startswith("<"):
        root = _parse_xml(text)
        kind = _local(root.tag).lower()
        if kind == "rss":
            return Parsed("rss", _parse_rss(root, url))
        if kind == "rdf":
            return Parsed("rss", _parse_rdf(root, url))
        if kind == "feed":
            return Parsed("atom", _parse_atom(root, url))
        if kind == "html":
            return _page_or_error(body, content_type, url, source)
        raise ParseError(
            _("Adressen gav XML, men inte ett RSS- eller Atom-flöde (rotelementet är %(tag)s). Kontrollera adressen.")
            % {"tag": _local(root.tag)}
        )
    raise ParseError(
        _(
            "Adressen gav något som varken är ett flöde eller en webbsida. Kontrollera att adressen går till källans flöde."
        )
    )
