"""Finding likely duplicates of an organisation or a contact person (the partners issue, point 5).

Names are compared after normalise_name(): case, accents, å/ä/ö↔a/o spellings and punctuation do not
count. The database is narrowed first to names with a word that starts like the name's most distinctive
words, in any spelling (so "Roros" finds "Røros" and "Röros"; on PostgreSQL through the trigram-indexed
`search_name` column of migration 0006), capped to a few hundred candidates; the ranking happens here in
Python. Nothing is written.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.db import connection, models
from django.db.models import Case, F, IntegerField, Lookup, Q, Value, When
from django.utils.translation import gettext as _

from utblick.core.search import MIN_PARTIAL_LENGTH, ILike, StoredColumn, like_pattern
from utblick.partners.models import Contact, Organisation
from utblick.partners.search import letters_pattern

# Letters that do not decompose under NFKD, mapped to what a Swedish or English writer would type instead.
_LETTERS = str.maketrans({"æ": "a", "ø": "o", "œ": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"})
# Company forms at the end of a name ("Fjällbygg AB", "Norsk Tre AS", "Volvo AB (publ)"): left out, since
# they say nothing about which organisation it is. "kommun"/"kommune" stay: they tell a municipality apart.
LEGAL_SUFFIXES = frozenset({"ab", "as", "asa", "aps", "oy", "oyj", "gmbh", "ltd", "plc", "inc", "publ", "hb", "kb"})
# Words so common in partner names that they cannot narrow a search on their own.
GENERIC_WORDS = frozenset(
    {
        *("kommun", "kommune", "kommuna", "kunta", "municipality", "gemeinde", "region", "regionen", "fylke"),
        *("fylkeskommune", "landskap", "county", "city", "stad", "staden", "by"),
        *("skola", "skolan", "skole", "skolen", "school", "gymnasium", "gymnasiet", "college"),
        *("universitet", "universitetet", "university", "hogskola", "hogskolan", "hogskole", "hogskolen"),
        *("forening", "foreningen", "forbund", "forbundet", "association", "stiftelse", "stiftelsen"),
        *("foundation", "centre", "center", "centrum", "senter", "institute", "institut"),
        *("the", "of", "and", "och", "og", "i", "for", "de", "la", "le", "der", "die", "das", "und", "von"),
    }
)
# Web hosts many unrelated organisations share: the same domain there says nothing.
SHARED_DOMAINS = frozenset(
    {"facebook.com", "instagram.com", "linkedin.com", "sites.google.com", "google.com", "wixsite.com", "x.com"}
)
# Letters taken as they are in SQLite's LIKE pre-filter: they almost never carry an accent in partner names.
# Every other letter becomes LIKE's one-character wildcard there, so "roro" narrows as "r_r_".
_LIKE_LITERAL = frozenset("rtgbfhjkmpqvwx0123456789")
CANDIDATE_CAP = 300
SIMILARITY = 0.85
MIN_TOKEN = 2  # a word shorter than this never narrows the search
MIN_NAME = 3  # a name shorter than this (still typing the first letters) is not compared at all
FUZZY_WORDS = 6  # distinctive parts shorter than this are too short to compare for typos on their own
PREFIX = 4  # how much of a distinctive word must match in the database: the rest may be misspelt


@dataclass(frozen=True)
class Match:
    """A record that may be the same as the one being entered, and why (a Swedish phrase)."""

    record: models.Model
    reason: str


@lru_cache(maxsize=65536)  # an import compares the same few thousand names over and over
def normalise_name(text: str) -> str:
    """'Røros Kommune AS' -> 'roros kommune': case, accents, å/ä/ö/ø/æ, punctuation and company forms ignored."""
    text = (text or "").casefold().translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = re.sub(r"[\W_]+", " ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def domain_of(url: str) -> str:
    """'https://www.Roros.kommune.no/om' -> 'roros.kommune.no'; '' for something that is not a web address."""
    url = (url or "").strip().lower()
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host if "." in host else ""


def _distinctive(words: list[str]) -> list[str]:
    """The words that best narrow a search: longest first, generic words only when there is nothing else."""
    usable = [w for w in dict.fromkeys(words) if len(w) >= MIN_TOKEN]
    specific = [w for w in usable if w not in GENERIC_WORDS]
    return sorted(specific or usable, key=len, reverse=True)


def sqlite_like(word: str) -> str | None:
    """A LIKE pattern that cheaply narrows the rows before the regular expression on SQLite (where every
    regular expression is a call into Python). None when fewer than two letters are left to compare."""
    pattern = "".join(char if char in _LIKE_LITERAL else "_" for char in word)
    return f"%{pattern}%" if len(pattern.replace("_", "")) >= 2 else None


class _Like(Lookup):
    """`field LIKE pattern` with the wildcards kept (Django's contains escapes them); for SQLite only, whose
    LIKE compares ASCII letters without case (the literal letters of the pattern are all ASCII)."""

    lookup_name = "utblick_like"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


def _contains_words(short: list[str], long: list[str]) -> bool:
    """Whether `short` appears in `long` as consecutive words; its last word may be unfinished (still typing)."""
    n = len(short)
    for start in range(len(long) - n + 1):
        window = long[start : start + n]
        if window[:-1] == short[:-1] and window[-1].startswith(short[-1]):
            return True
    return False


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=65536)
def names_look_alike(a: str, b: str, *, person: bool = False) -> bool:
    """Whether two already normalised names probably mean the same organisation (or, with person, person)."""
    if not a or not b:
        return False
    if a == b:
        return True
    words_a, words_b = a.split(), b.split()
    short, long = sorted((words_a, words_b), key=len)
    if person:
        # "Ingrid Ødegård" and "Ødegård, Ingrid Marie": every name of the shorter one is in the longer.
        if len(short) >= 2 and set(short) <= set(long):
            return True
        if _ratio(" ".join(sorted(words_a)), " ".join(sorted(words_b))) >= SIMILARITY:
            return True
    elif any(w not in GENERIC_WORDS for w in short) and len(" ".join(short)) >= 4 and _contains_words(short, long):
        return True
    if person:
        return _ratio(a, b) >= SIMILARITY
    rest_a = " ".join(w for w in words_a if w not in GENERIC_WORDS)
    rest_b = " ".join(w for w in words_b if w not in GENERIC_WORDS)
    generic_a = [w for w in words_a if w in GENERIC_WORDS]
    generic_b = [w for w in words_b if w in GENERIC_WORDS]
    # "Trondhiem" and "Trondheim kommune": the distinctive part misspelt, no other kind of organisation named.
    if (
        min(len(rest_a), len(rest_b)) >= FUZZY_WORDS
        and (not generic_a or not generic_b or generic_a == generic_b)
        and _ratio(rest_a, rest_b) >= SIMILARITY
    ):
        return True
    if _ratio(a, b) < SIMILARITY:
        return False
    # "Bø kommune" and "Bodø kommune" are alike only through the generic word: compare what is left too.
    return not (rest_a and rest_b) or _ratio(rest_a, rest_b) >= SIMILARITY


def _narrowing(words: list[str], fields: tuple[str, ...]) -> Q:
    """A cheap first test that every row found by the regular expression also passes (or Q() when none fits).

    PostgreSQL: the folded names in `search_name` (migration 0006, with a trigram index) contain the start
    of a distinctive word. SQLite: a LIKE with the rarely accented letters of that start.
    """
    if connection.vendor == "postgresql":
        if any(len(word) < MIN_PARTIAL_LENGTH for word in words):
            return Q()
        likes = [Q(ILike(StoredColumn("search_name"), Value(like_pattern(word[:PREFIX])))) for word in words]
        return Q(*likes, _connector=Q.OR)
    patterns = [sqlite_like(word[:PREFIX]) for word in words]
    if not all(patterns):
        return Q()
    condition = Q()
    for field in fields:
        condition |= Q(*(Q(_Like(F(field), pattern)) for pattern in patterns), _connector=Q.OR)
    return condition


@dataclass(frozen=True)
class NameSearch:
    """How a typed name is compared: its normalised form, and the (at most two) words that narrow the search."""

    normalised: str
    searchable: bool  # long enough to compare at all
    distinctive: tuple[str, ...]

    @classmethod
    def of(cls, name: str) -> NameSearch:
        normalised = normalise_name(name)
        searchable = len(normalised) >= MIN_NAME
        return cls(normalised, searchable, tuple(_distinctive(normalised.split())[:2]) if searchable else ())

    @property
    def prefixes(self) -> list[str]:
        return [word[:PREFIX] for word in self.distinctive]

    def starts_pattern(self) -> str:
        """A regular expression (used case-insensitively): a word starts like one of the distinctive words."""
        return r"(?:^|\W)(?:" + "|".join(letters_pattern(prefix) for prefix in self.prefixes) + ")"

    def whole_pattern(self) -> str:
        """A regular expression (used case-insensitively): one of the distinctive words, whole."""
        return r"(?:^|\W)(?:" + "|".join(letters_pattern(word) for word in self.distinctive) + r")(?:$|\W)"


def _name_condition(search: NameSearch, *fields: str) -> tuple[Q, Q]:
    """(a name has a word starting like one of the distinctive words, a name has one of those words whole)."""
    if not search.distinctive:
        return Q(), Q()
    starts, whole = search.starts_pattern(), search.whole_pattern()
    broad, exact = Q(), Q()
    for field in fields:
        broad |= Q(**{f"{field}__gt": "", f"{field}__iregex": starts})
        exact |= Q(**{f"{field}__iregex": whole})
    return _narrowing(list(search.distinctive), fields) & broad, exact


def _candidates(queryset, *, by_name: Q, exact: Q, by_address: Q, order=()) -> list:
    """Up to CANDIDATE_CAP records with the same web or email address, then as many with a similar name.

    Two queries rather than one with OR: the name's condition can then use PostgreSQL's trigram index.
    Among the names, whole distinctive words and then `order` (e.g. the same country) come first.
    """
    found = {}
    if by_address:
        found.update((record.pk, record) for record in queryset.filter(by_address).order_by("pk")[:CANDIDATE_CAP])
    if by_name:
        first = [Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())] if exact else []
        for record in queryset.filter(by_name).order_by(*first, *order, "pk")[:CANDIDATE_CAP]:
            found.setdefault(record.pk, record)
    return list(found.values())


def rank(candidates, score) -> list[Match]:
    """Matches for the candidates that score (points, reasons) with a reason: most points first, then by name."""
    ranked = []
    for record in candidates:
        points, reasons = score(record)
        if reasons:
            ranked.append((points, record.name.casefold(), record.pk, Match(record, "; ".join(reasons))))
    ranked.sort(key=lambda row: (-row[0], row[1], row[2]))
    return [row[3] for row in ranked]


@dataclass(frozen=True)
class OrganisationSearch:
    """What an organisation is compared by: its name, its web domain (unless a shared host) and its country."""

    name: NameSearch
    domain: str
    country: str

    @classmethod
    def of(cls, name="", website="", country="") -> OrganisationSearch:
        domain = domain_of(website)
        return cls(NameSearch.of(name), "" if domain in SHARED_DOMAINS else domain, str(country or "").upper())

    def score(self, *, name: str, native_name: str, website: str, country: str) -> tuple[int, list[str]]:
        """(points, reasons) of an existing organisation with these values (country: its code)."""
        points, reasons = 0, []
        if self.domain and domain_of(website) == self.domain:
            points += 4
            reasons.append(_("Samma webbdomän (%(domain)s)") % {"domain": self.domain})
        typed = self.name
        names = {normalise_name(name), normalise_name(native_name)} - {""}
        if typed.searchable and typed.normalised in names:
            points += 3
            reasons.append(_("Samma namn"))
        elif typed.searchable and any(names_look_alike(typed.normalised, other) for other in names):
            points += 2
            reasons.append(_("Liknande namn"))
        if reasons and self.country and country == self.country:
            points += 1
        return points, reasons


@dataclass(frozen=True)
class ContactSearch:
    """What a contact person is compared by: the name and the email address."""

    name: NameSearch
    email: str

    @classmethod
    def of(cls, name="", email="") -> ContactSearch:
        return cls(NameSearch.of(name), (email or "").strip())

    def score(self, *, name: str, email: str) -> tuple[int, list[str]]:
        """(points, reasons) of an existing contact person with this name and email."""
        points, reasons = 0, []
        if self.email and email.casefold() == self.email.casefold():
            points += 4
            reasons.append(_("Samma e-postadress"))
        typed, other = self.name, normalise_name(name)
        if typed.searchable and other == typed.normalised:
            points += 3
            reasons.append(_("Samma namn"))
        elif typed.searchable and names_look_alike(typed.normalised, other, person=True):
            points += 2
            reasons.append(_("Liknande namn"))
        return points, reasons


ORGANISATION_COLUMNS = ("name", "native_name", "country", "city", "website", "kind")  # what a match shows
CONTACT_COLUMNS = ("name", "email", "title")


def find_organisation_duplicates(*, name, website="", country="", exclude_pk=None, limit=5) -> list[Match]:
    """Organisations that may be the one described: same web domain or a similar name, most likely first."""
    search = OrganisationSearch.of(name, website, country)
    condition, exact = _name_condition(search.name, "name", "native_name")
    country = search.country
    order = (
        [Case(When(country=country, then=Value(0)), default=Value(1), output_field=IntegerField())] if country else []
    )
    queryset = Organisation.objects.only(*ORGANISATION_COLUMNS)
    candidates = _candidates(
        queryset.exclude(pk=exclude_pk) if exclude_pk else queryset,
        by_name=condition,
        exact=exact,
        by_address=Q(website__icontains=search.domain) if search.domain else Q(),
        order=order,
    )

    def score(organisation):
        code = organisation.country.code if organisation.country else ""
        return search.score(
            name=organisation.name, native_name=organisation.native_name, website=organisation.website, country=code
        )

    return rank(candidates, score)[:limit]


def find_contact_duplicates(*, name, email="", exclude_pk=None, limit=5) -> list[Match]:
    """Contact persons (not anonymised) who may be the one described: same email or a similar name."""
    search = ContactSearch.of(name, email)
    condition, exact = _name_condition(search.name, "name")
    queryset = Contact.objects.filter(anonymised_at__isnull=True).only(*CONTACT_COLUMNS)
    candidates = _candidates(
        queryset.exclude(pk=exclude_pk) if exclude_pk else queryset,
        by_name=condition,
        exact=exact,
        by_address=Q(email__iexact=search.email) if search.email else Q(),
    )
    return rank(candidates, lambda contact: search.score(name=contact.name, email=contact.email))[:limit]
