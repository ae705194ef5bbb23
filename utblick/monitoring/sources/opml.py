"""OPML in and out: every outline with an xmlUrl becomes a feed source; export writes the feeds as OPML 2.0.

The file is parsed with defusedxml (no entities, no external references), checked whole before anything is
written, and imported in one transaction: a file with a problem writes nothing. Addresses already present, or
repeated in the file, are skipped and listed. Web pages without a feed are not exported (they have no xmlUrl and
their CSS selectors have no place in OPML).
"""

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.utils import format_datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.monitoring.models import Source
from utblick.monitoring.sources.actions import create_source
from utblick.monitoring.sources.checks import url_problem

MAX_OPML_BYTES = 2 * 1024 * 1024  # thousands of feeds; anything larger is not a reading list
NAME_MAX = Source._meta.get_field("name").max_length
DESCRIPTION_MAX = Source._meta.get_field("description").max_length
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class OpmlError(Exception):
    """The file cannot be imported; `problems` are Swedish sentences, nothing has been written."""

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(self.problems))


@dataclass(frozen=True)
class Entry:
    """One feed found in the file."""

    name: str
    url: str
    description: str = ""


@dataclass
class ImportResult:
    added: list[Source] = field(default_factory=list)
    skipped: list[tuple[Entry, str]] = field(default_factory=list)  # (entry, why: a Swedish sentence)


def _check_encoding(content: bytes) -> None:
    """Refuse text that is not in the encoding it declares (UTF-8 when it declares none) before expat sees it."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return  # the byte-order mark decides, and expat reads it
    match = _DECLARED_ENCODING.match(content)
    encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise OpmlError(
            _("Filen anger teckenkodningen ”%(encoding)s”, som inte känns igen. Spara filen som UTF-8 och försök igen.")
            % {"encoding": encoding}
        ) from None
    try:
        content.decode(encoding)
    except UnicodeDecodeError:
        raise OpmlError(
            _(
                "Filen är inte kodad som den anger (%(encoding)s): den innehåller tecken som inte kan läsas. "
                "Spara filen som UTF-8 och försök igen."
            )
            % {"encoding": encoding}
        ) from None


def parse_opml(content: bytes) -> list[Entry]:
    """The feeds in an OPML file, nested outlines (categories) flattened, in file order; OpmlError when unusable."""
    if len(content) > MAX_OPML_BYTES:
        raise OpmlError(
            _("Filen är för stor (högst %(max)d MB). Dela upp den i flera filer.") % {"max": MAX_OPML_BYTES // 2**20}
        )
    if not content.strip():
        raise OpmlError(_("Filen är tom. Välj en OPML-fil med minst ett flöde."))
    _check_encoding(content)
    try:
        root = fromstring(content)
    except DefusedXmlException:
        raise OpmlError(
            _(
                "Filen innehåller XML-entiteter eller externa referenser, som inte tillåts av säkerhetsskäl. Exportera filen på nytt från läsaren."
            )
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise OpmlError(
            _("Filen är inte giltig XML (fel på rad %(line)d, kolumn %(column)d). Kontrollera att det är en OPML-fil.")
            % {"line": line, "column": column}
        ) from None
    if _local(root.tag).lower() != "opml" or root.find("body") is None:
        raise OpmlError(
            _(
                "Filen är inte en OPML-fil (den saknar <opml> och <body>). Välj en OPML-fil exporterad från en flödesläsare."
            )
        )
    entries, problems = [], []
    for outline in root.find("body").iter("outline"):
        attributes = {key.lower(): value for key, value in outline.attrib.items()}
        url = (attributes.get("xmlurl") or "").strip()
        if not url:
            continue  # a category, or a plain link: its children are visited anyway
        name = (attributes.get("title") or attributes.get("text") or url).strip()[:NAME_MAX]
        problem = url_problem(url)
        if problem:
            problems.append(
                _("Flödet ”%(name)s” (%(url)s): %(problem)s") % {"name": name, "url": url[:200], "problem": problem}
            )
            continue
        description = (attributes.get("description") or "").strip()[:DESCRIPTION_MAX]
        entries.append(Entry(name=name or url[:NAME_MAX], url=url, description=description))
    if problems:
        raise OpmlError(problems)
    if not entries:
        raise OpmlError(_("Filen innehåller inga flöden (ingen outline har xmlUrl). Välj en OPML-fil med flöden."))
    return entries


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def import_opml(content: bytes, *, by) -> ImportResult:
    """Add every feed of the file that is not already a source, all in one transaction; OpmlError writes nothing."""
    entries = parse_opml(content)
    result = ImportResult()
    existing = dict(Source.objects.filter(url__in=[entry.url for entry in entries]).values_list("url", "name"))
    seen = set()
    with transaction.atomic():
        for entry in entries:
            if entry.url in existing:
                result.skipped.append((entry, _("Källan finns redan: %(name)s.") % {"name": existing[entry.url]}))
                continue
            if entry.url in seen:
                result.skipped.append((entry, _("Adressen står flera gånger i filen.")))
                continue
            seen.add(entry.url)
            source = create_source(
                by=by,
                fields={
                    "name": entry.name,
                    "url": entry.url,
                    "kind": Source.Kind.FEED,
                    "description": entry.description,
                },
            )
            result.added.append(source)
    return result


def export_opml(sources) -> bytes:
    """OPML 2.0 of the feed sources given (pages left out), as UTF-8 bytes."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _("Utblick – källor för omvärldsbevakning")
    ET.SubElement(head, "dateCreated").text = format_datetime(timezone.now())
    body = ET.SubElement(root, "body")
    for source in sources:
        if source.kind != Source.Kind.FEED:
            continue
        attributes = {"type": "rss", "text": source.name, "title": source.name, "xmlUrl": source.url}
        if source.description:
            attributes["description"] = source.description
        ET.SubElement(body, "outline", attributes)
    ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
    )
