"""Which column is which, and what a cell means: headers, countries and kinds as people write them.

Headers and values are compared after fold(): case, accents, spaces and punctuation do not count, so
"E-post", "epost" and "E post" are the same header, and "Österrike", "Osterrike" and "Austria" the same country.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from utblick.partners.models import Organisation


@dataclass(frozen=True)
class Column:
    """One thing the import understands: its key, the header the template uses, and the other headers it accepts."""

    key: str
    header: object  # lazy Swedish text: the template's header
    synonyms: tuple[str, ...]
    example: str
    contact: bool = False  # a detail of the row's contact person rather than of its organisation


# The order of the template. Synonyms are written as people write them; fold() makes them comparable.
COLUMNS = (
    Column(
        "name",
        _("Organisation"),
        ("Organisation", "Organisationsnamn", "Namn", "Organisationens namn", "Organization", "Name"),
        "Tartu stad",
    ),
    Column(
        "native_name",
        _("Namn på eget språk"),
        ("Namn på eget språk", "Namn på originalspråk", "Lokalt namn", "Native name"),
        "Tartu linn",
    ),
    Column("country", _("Land"), ("Land", "Country"), "Estland"),
    Column("region", _("Region"), ("Region", "Län", "Delstat", "Provins", "County", "State"), "Tartumaa"),
    Column("city", _("Ort"), ("Ort", "Stad", "Postort", "City", "Town"), "Tartu"),
    Column("kind", _("Typ"), ("Typ", "Organisationstyp", "Typ av organisation", "Kind", "Type"), "Kommun"),
    Column(
        "website",
        _("Webbplats"),
        ("Webbplats", "Hemsida", "Webb", "Webbadress", "Website", "Web", "URL", "Homepage"),
        "https://www.tartu.ee",
    ),
    Column("description", _("Beskrivning"), ("Beskrivning", "Om organisationen", "Description"), "Vänort sedan 1990."),
    Column(
        "contact_name",
        _("Kontaktperson"),
        ("Kontaktperson", "Kontakt", "Kontaktpersonens namn", "Contact", "Contact person", "Contact name"),
        "Mari Tamm",
        contact=True,
    ),
    Column("title", _("Titel"), ("Titel", "Befattning", "Yrkestitel", "Title", "Job title"), "Kulturchef", True),
    Column("role", _("Roll"), ("Roll", "Roll i organisationen", "Role"), "Kontaktperson för vänorten", True),
    Column(
        "email",
        _("E-post"),
        ("E-post", "Epost", "E-postadress", "Email", "E-mail", "Mejl", "Mejladress", "Mail"),
        "mari.tamm@tartu.example",
        True,
    ),
    Column(
        "phone",
        _("Telefon"),
        ("Telefon", "Tel", "Telefonnummer", "Mobil", "Mobiltelefon", "Phone", "Telephone"),
        "+372 736 1111",
        True,
    ),
    Column("languages", _("Språk"), ("Språk", "Languages", "Language"), "estniska, engelska", True),
    Column("notes", _("Anteckningar"), ("Anteckningar", "Anteckning", "Kommentar", "Notes"), "Träffades 2025.", True),
)
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = ("name", "country")
ORGANISATION_KEYS = tuple(c.key for c in COLUMNS if not c.contact)
CONTACT_KEYS = tuple(c.key for c in COLUMNS if c.contact)


def fold(text: str) -> str:
    """'  E-post ' -> 'epost', 'Österrike' -> 'osterrike': lower case, no accents, letters and digits only."""
    text = unicodedata.normalize("NFKD", str(text).casefold().replace("ø", "o").replace("æ", "ae"))
    return re.sub(r"[^0-9a-z]", "", "".join(c for c in text if not unicodedata.combining(c)))


@functools.cache
def _synonyms() -> dict[str, str]:
    """Folded header -> key: the synonyms, and the template's headers in every language of the interface
    (so that a template downloaded in English imports as it is)."""
    found = {fold(synonym): column.key for column in COLUMNS for synonym in column.synonyms}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for column in COLUMNS:
                found.setdefault(fold(str(column.header)), column.key)
    return found


@dataclass
class HeaderMap:
    """Which column index holds which key, the headers nothing uses, and problems with the header row itself."""

    index: dict[str, int]
    header_of: dict[str, str]  # key -> the header as the file writes it
    unused: list[str]
    problems: list[str]

    def has(self, key: str) -> bool:
        return key in self.index


def match_headers(headers: list[str]) -> HeaderMap:
    """Map the file's headers to the keys; missing required columns and doubled columns are problems."""
    index: dict[str, int] = {}
    header_of: dict[str, str] = {}
    unused, problems = [], []
    for position, header in enumerate(headers):
        key = _synonyms().get(fold(header))
        if key is None:
            if header:
                unused.append(header)
            continue
        if key in index:
            problems.append(
                str(
                    _(
                        "Kolumnerna ”%(first)s” och ”%(second)s” betyder båda ”%(meaning)s”. Byt namn på den ena, "
                        "till exempel till ”Kontaktperson” om den innehåller personens namn."
                    )
                    if key == "name"
                    else _(
                        "Kolumnerna ”%(first)s” och ”%(second)s” betyder båda ”%(meaning)s”. Ta bort eller byt namn på den ena."
                    )
                )
                % {"first": header_of[key], "second": header, "meaning": BY_KEY[key].header}
            )
            continue
        index[key] = position
        header_of[key] = header
    for key in REQUIRED:
        if key not in index:
            column = BY_KEY[key]
            problems.append(
                str(_("Kolumnen ”%(header)s” saknas. Lägg till den i rubrikraden (den kan också heta %(others)s)."))
                % {"header": column.header, "others": _alternatives(column)}
            )
    details = [BY_KEY[k] for k in CONTACT_KEYS if k != "contact_name" and k in index]
    if details and "contact_name" not in index:
        problems.append(
            str(
                _(
                    "Filen har kontaktuppgifter (%(columns)s) men ingen kolumn med kontaktpersonens namn. "
                    "Lägg till kolumnen ”Kontaktperson”."
                )
            )
            % {"columns": ", ".join(header_of[c.key] for c in details)}
        )
    return HeaderMap(index=index, header_of=header_of, unused=unused, problems=problems)


def _alternatives(column: Column) -> str:
    others = [f"”{s}”" for s in column.synonyms if fold(s) != fold(str(column.header))][:3]
    return str(_(" eller ")).join([", ".join(others[:-1]), others[-1]]) if len(others) > 1 else "".join(others)


# ---- Values -------------------------------------------------------------------------------------------------

# Names people use that are not the ISO name in either language.
COUNTRY_ALIASES = {
    "England": "GB",
    "Skottland": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Nordirland": "GB",
    "Northern Ireland": "GB",
    "Great Britain": "GB",
    "UK": "GB",
    "Holland": "NL",
    "USA": "US",
    "United States": "US",
    "Förenta staterna": "US",
    "Czech Republic": "CZ",
    "Turkey": "TR",
    "Turkiet": "TR",
    "Russia": "RU",
    "Vitryssland": "BY",
    "Makedonien": "MK",
    "Nordmakedonien": "MK",
    "Sydkorea": "KR",
    "South Korea": "KR",
}


@functools.lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    index = {}
    for code, _name in countries:
        index[fold(code)] = code
        alpha3 = countries.alpha3(code)
        if alpha3:
            index[fold(alpha3)] = code
    for language in ("en", "sv"):
        with translation.override(language):
            for code, name in countries:
                index[fold(name)] = code
    for alias, code in COUNTRY_ALIASES.items():
        index.setdefault(fold(alias), code)
    return index


def country_code(value: str) -> str | None:
    """'Norge', 'Norway', 'NO', 'nor' -> 'NO'; None when it is no country."""
    return _country_index().get(fold(value)) if value.strip() else None


KIND_ALIASES = {
    "kommune": "kommun",
    "municipality": "kommun",
    "kunta": "kommun",
    "gemeinde": "kommun",
    "school": "skola",
    "hogskola": "universitet",
    "university": "universitet",
    "college": "universitet",
    "bolag": "foretag",
    "company": "foretag",
    "business": "foretag",
    "association": "forening",
    "ideellforening": "forening",
    "authority": "myndighet",
    "agency": "myndighet",
    "network": "natverk",
    "eu": "eu_organ",
    "eubody": "eu_organ",
    "other": "annan",
    "ovrigt": "annan",
    "annat": "annan",
}


@functools.lru_cache(maxsize=1)
def _kind_index() -> dict[str, str]:
    index = {fold(value): value for value in Organisation.Kind.values}
    for language in ("en", "sv"):
        with translation.override(language):
            for value, label in Organisation.Kind.choices:
                index[fold(label)] = value
    for alias, value in KIND_ALIASES.items():
        index.setdefault(alias, value)
    return index


def kind_value(value: str) -> str | None:
    """'Kommun', 'kommune', 'Municipality', 'Universitet eller högskola' -> the stored value; '' -> 'annan'."""
    if not value.strip():
        return Organisation.Kind.ANNAN
    return _kind_index().get(fold(value))


def kind_names() -> str:
    """The kinds as a user may write them, for a message."""
    return ", ".join(str(label) for _value, label in Organisation.Kind.choices)
