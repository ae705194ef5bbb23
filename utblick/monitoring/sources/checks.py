"""Checks a source must pass however it arrives (page, OPML file, starter list): Swedish sentences per field."""

from urllib.parse import urlsplit

from cssselect import GenericTranslator, SelectorError
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from utblick.monitoring.models import URL_MAX, Source

# Fields a page, an OPML file or the starter list may set; the fetch state is monitoring.fetching's.
SOURCE_FIELDS = (
    "name",
    "url",
    "kind",
    "item_selector",
    "title_selector",
    "link_selector",
    "date_selector",
    "interval_minutes",
    "is_active",
    "description",
)

SELECTOR_FIELDS = ("item_selector", "title_selector", "link_selector", "date_selector")
INTERVAL_MIN = 5
INTERVAL_MAX = 7 * 24 * 60


def url_problem(url: str) -> str:
    """Why `url` cannot be fetched as a source ('' when it can)."""
    if not url:
        return _("Fyll i källans adress, till exempel https://www.exempel.se/feed/.")
    if len(url) > URL_MAX:
        return _("Adressen är för lång (högst %(max)d tecken).") % {"max": URL_MAX}
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        return _("Adressen måste börja med http:// eller https://. Andra sorters adresser kan inte hämtas.")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return _("Adressen ser inte ut som en webbadress. Kontrollera den och skriv den i sin helhet, med https://.")
    return ""


def selector_problem(selector: str) -> str:
    """Why a CSS selector cannot be used ('' when it compiles)."""
    try:
        GenericTranslator().css_to_xpath(selector)
    except SelectorError as error:
        return _(
            "Urvalet ”%(selector)s” är inte en giltig CSS-väljare (%(detail)s). Rätta det, till exempel ”article h2 a”."
        ) % {
            "selector": selector,
            "detail": str(error) or type(error).__name__,
        }
    return ""


def duplicate_of(url: str, exclude_pk=None) -> Source | None:
    """The source that already has this address, if any (the address is unique)."""
    queryset = Source.objects.filter(url=url)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.only("pk", "name").first()


def source_problems(fields: dict, *, exclude_pk=None, check_duplicate=True) -> dict[str, str]:
    """{field: Swedish sentence} for everything wrong with these source fields; empty when they can be saved."""
    problems: dict[str, str] = {}
    if not (fields.get("name") or "").strip():
        problems["name"] = _("Ge källan ett namn, till exempel ”Interreg Aurora – nyheter”.")
    url = (fields.get("url") or "").strip()
    problem = url_problem(url)
    if problem:
        problems["url"] = problem
    elif check_duplicate:
        existing = duplicate_of(url, exclude_pk)
        if existing is not None:
            problems["url"] = _("Källan finns redan: %(name)s.") % {"name": existing.name}
    kind = fields.get("kind") or Source.Kind.FEED
    if kind not in Source.Kind.values:
        problems["kind"] = _("Välj om källan är ett flöde eller en webbsida.")
    for name in SELECTOR_FIELDS:
        selector = (fields.get(name) or "").strip()
        if selector and kind == Source.Kind.PAGE:
            problem = selector_problem(selector)
            if problem:
                problems[name] = problem
    if kind == Source.Kind.PAGE:
        if not (fields.get("item_selector") or "").strip():
            problems.setdefault(
                "item_selector",
                _("En webbsida utan flöde behöver ett urval för en post, till exempel ”article” eller ”li.news”."),
            )
        if not (fields.get("title_selector") or "").strip():
            problems.setdefault(
                "title_selector",
                _("En webbsida utan flöde behöver ett urval för rubriken inuti posten, till exempel ”h2”."),
            )
    interval = fields.get("interval_minutes", 60)
    if interval is None or not INTERVAL_MIN <= int(interval) <= INTERVAL_MAX:
        problems["interval_minutes"] = _(
            "Välj ett intervall mellan %(min)d minuter och %(max)d minuter (en vecka)."
        ) % {"min": INTERVAL_MIN, "max": INTERVAL_MAX}
    return problems
