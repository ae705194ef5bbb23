"""Likely duplicates of many organisations or contact persons at once: what the import's preview asks.

find_organisation_duplicates_bulk / find_contact_duplicates_bulk give each item the matches that
partners.duplicates gives it alone, with a few queries for a whole file instead of two per item:

1. The register is read once, only the compared columns, as plain tuples; only rows that can be a candidate
   of some item are kept (an index on the first two letters of each word finds them).
2. The conditions the single functions give the database are applied here, in Python: the same regular
   expressions (on SQLite the database runs them in Python too: Django's REGEXP is re.search), the same
   LIKE narrowing (SQLite: ASCII letters without case, "_" any one character; PostgreSQL: the stored
   `search_name`), the same address tests (icontains / iexact: SQLite's LIKE ignores the case of ASCII
   letters only; on PostgreSQL both sides go through the database's own UPPER()), and the same order and
   cap of candidates. Each distinct name is tested once, however many rows of the file carry it.
3. The ranking is the shared one (duplicates.rank with the searches' score); the records of the final
   matches are read with the same columns as the single functions read.

Asked one by one instead: every item of a batch smaller than BULK_MIN (then reading the whole register is
not worth it), and on PostgreSQL an item whose distinctive words have letters outside ASCII (its
case-insensitive matching of those is not quite Python's). On PostgreSQL the regular expressions run in
Python instead of the database: the two agree except for a few letters in existing names that only one of
them equates with another without regard to case (ſ, İ). partners/tests/test_duplicates_bulk.py compares them on
both databases.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Upper

from utblick.core.search import MIN_PARTIAL_LENGTH, StoredColumn
from utblick.partners.duplicates import (
    CANDIDATE_CAP,
    CONTACT_COLUMNS,
    ORGANISATION_COLUMNS,
    PREFIX,
    ContactSearch,
    Match,
    NameSearch,
    OrganisationSearch,
    find_contact_duplicates,
    find_organisation_duplicates,
    rank,
    sqlite_like,
)
from utblick.partners.models import Contact, Organisation
from utblick.partners.search import fold, letters_pattern

BULK_MIN = 20  # fewer items are asked one by one: two small queries each beat reading the register
IN_CHUNK = 500  # ids per IN (...) list: SQLite limits the parameters of one query
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NOT_WORD = re.compile(r"\W")


def find_organisation_duplicates_bulk(items: Mapping[Hashable, Mapping], *, limit=5) -> dict[Hashable, list[Match]]:
    """{key: {"name", "website", "country"}} -> {key: the matches find_organisation_duplicates gives}."""
    searches = {key: OrganisationSearch.of(**item) for key, item in items.items()}
    alone = {key for key, search in searches.items() if not _comparable_here(search.name)}
    if len(searches) - len(alone) < BULK_MIN:
        alone = set(searches)
    found = {key: find_organisation_duplicates(**items[key], limit=limit) for key in alone}
    bulk = {key: search for key, search in searches.items() if key not in alone}
    if bulk:
        found |= _Finder(_OrganisationRows(), bulk).matches(limit)
    return found


def find_contact_duplicates_bulk(items: Mapping[Hashable, Mapping], *, limit=5) -> dict[Hashable, list[Match]]:
    """{key: {"name", "email"}} -> {key: the matches find_contact_duplicates gives}."""
    searches = {key: ContactSearch.of(**item) for key, item in items.items()}
    alone = {key for key, search in searches.items() if not _comparable_here(search.name)}
    if len(searches) - len(alone) < BULK_MIN:
        alone = set(searches)
    found = {key: find_contact_duplicates(**items[key], limit=limit) for key in alone}
    bulk = {key: search for key, search in searches.items() if key not in alone}
    if bulk:
        found |= _Finder(_ContactRows(), bulk).matches(limit)
    return found


def _comparable_here(name: NameSearch) -> bool:
    """Whether the tests below treat this name exactly as the database does.

    Each letter of a prefix must be one character of the regular expression (the index looks at two); on
    PostgreSQL only ASCII letters: its case-insensitive matching of other letters is not quite Python's.
    """
    postgres = connection.vendor == "postgresql"
    return all(
        len(prefix) >= 2
        and len(fold(prefix)) == len(prefix)
        and prefix.isalnum()
        and (prefix.isascii() or not postgres)
        for prefix in name.prefixes
    )


# ---- The register, as the single functions' queries see it ----------------------------------------------------


@dataclass(slots=True)
class _Row:
    pk: int
    name: str
    names: tuple[str, ...]  # the name columns the condition looks at (name, and native_name for organisations)
    narrowing_text: str  # PostgreSQL: the stored search_name; SQLite: unused
    address: str  # the website or email, as the database compares it (ASCII-lowered or UPPER())
    values: dict  # what the search's score() takes


class _OrganisationRows:
    columns = ORGANISATION_COLUMNS
    address_anywhere = True  # website__icontains=domain; the database ignores case (SQLite: of ASCII letters)

    def queryset(self):
        return Organisation.objects.all()

    def rows(self):
        postgres = connection.vendor == "postgresql"
        queryset = self.queryset()
        fields = ["pk", "name", "native_name", "country", "website"]
        if postgres:
            queryset = queryset.annotate(
                found_name=StoredColumn("search_name", output_field=TextField()), found_address=Upper("website")
            )
            fields += ["found_name", "found_address"]
        for values in queryset.order_by().values_list(*fields).iterator(chunk_size=2000):
            pk, name, native, country, website = values[:5]
            yield _Row(
                pk,
                name,
                (name, native),
                values[5] if postgres else "",
                values[6] if postgres else website.translate(_ASCII_LOWER),
                {"name": name, "native_name": native, "website": website, "country": country or ""},
            )

    @staticmethod
    def address_of(search: OrganisationSearch) -> str:
        return search.domain

    @staticmethod
    def order_group(search: OrganisationSearch) -> str:
        return search.country

    @staticmethod
    def order(country: str, row: _Row) -> tuple:
        """Same country first (when one was given), as the single function orders the names."""
        return (0 if row.values["country"] == country else 1,) if country else ()


class _ContactRows:
    columns = CONTACT_COLUMNS
    address_anywhere = False  # email__iexact=email

    def queryset(self):
        return Contact.objects.filter(anonymised_at__isnull=True)

    def rows(self):
        postgres = connection.vendor == "postgresql"
        queryset = self.queryset()
        fields = ["pk", "name", "email"]
        if postgres:
            queryset = queryset.annotate(
                found_name=StoredColumn("search_name", output_field=TextField()), found_address=Upper("email")
            )
            fields += ["found_name", "found_address"]
        for values in queryset.order_by().values_list(*fields).iterator(chunk_size=2000):
            pk, name, email = values[:3]
            yield _Row(
                pk,
                name,
                (name,),
                values[3] if postgres else "",
                values[4] if postgres else email.translate(_ASCII_LOWER),
                {"name": name, "email": email},
            )

    @staticmethod
    def address_of(search: ContactSearch) -> str:
        return search.email

    @staticmethod
    def order_group(search: ContactSearch) -> None:
        return None

    @staticmethod
    def order(group: None, row: _Row) -> tuple:
        return ()


# ---- Applying the conditions -----------------------------------------------------------------------------------


class _NameTest:
    """The name condition of one item (duplicates._name_condition) as Python tests of a row."""

    def __init__(self, name: NameSearch, postgres: bool):
        self.name = name
        self.keys = [(fold(prefix)[0], fold(prefix)[1]) for prefix in name.prefixes]
        self.narrowing: Callable[[_Row], bool] | None = None
        words = list(name.distinctive)
        if postgres:
            if all(len(word) >= MIN_PARTIAL_LENGTH for word in words):
                prefixes = [word[:PREFIX].lower() for word in words]
                self.narrowing = lambda row: any(prefix in row.narrowing_text for prefix in prefixes)
        else:
            patterns = [sqlite_like(word[:PREFIX]) for word in words]
            if all(patterns):
                likes = [_like_regex(pattern) for pattern in patterns]
                self.narrowing = lambda row: any(like.search(text) for like in likes for text in row.names)

    # Compiled when a record first comes near: most items of a file never meet one.
    @cached_property
    def starts(self) -> re.Pattern:
        return _ignoring_case(self.name.starts_pattern())

    @cached_property
    def whole(self) -> re.Pattern:
        return _ignoring_case(self.name.whole_pattern())

    def passes(self, row: _Row) -> bool:
        if self.narrowing is not None and not self.narrowing(row):
            return False
        return any(text and self.starts.search(text) for text in row.names)

    def is_whole(self, row: _Row) -> bool:
        return any(self.whole.search(text) for text in row.names)


@lru_cache(maxsize=4096)
def _ignoring_case(pattern: str) -> re.Pattern:
    """The pattern as Django's iregex gives it to SQLite's REGEXP (re.search with "(?i)" in front)."""
    return re.compile("(?i)" + pattern)


@lru_cache(maxsize=4096)
def _like_regex(pattern: str) -> re.Pattern:
    """SQLite's `LIKE pattern` (no ESCAPE) as a regular expression: ASCII letters match without case."""
    parts = []
    for char in pattern.strip("%"):
        if char == "_":
            parts.append(".")
        elif char.isascii() and char.isalpha():
            parts.append(f"[{char.lower()}{char.upper()}]")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def _database_upper(values) -> list[str]:
    """PostgreSQL's UPPER() of each value, in one query (Python's str.upper() differs for a few letters, e.g. ß)."""
    values = list(values)
    if not values:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT UPPER(value) FROM unnest(%s::text[]) WITH ORDINALITY AS given(value, n) ORDER BY n", [values]
        )
        return [row[0] for row in cursor.fetchall()]


class _Finder:
    """Reads the register once and gives every item its candidates, in the single functions' order and cap."""

    def __init__(self, kind, searches: Mapping[Hashable, OrganisationSearch | ContactSearch]):
        postgres = connection.vendor == "postgresql"
        self.kind = kind
        self.searches = searches
        # Rows of one person or organisation repeat its name: each name is tested once.
        self.tests: dict[NameSearch, _NameTest] = {}
        for search in searches.values():
            if search.name not in self.tests:
                self.tests[search.name] = _NameTest(search.name, postgres)
        self.by_key: dict[tuple[str, str], list[NameSearch]] = defaultdict(list)
        for name, test in self.tests.items():
            for key in test.keys:
                self.by_key[key].append(name)
        # Each letter a prefix starts with, as the regular expression matches it (one character, any case or accent).
        self.units = {char: re.compile("(?i)" + letters_pattern(char)) for key in self.by_key for char in key}
        self.unit_memo: dict[str, tuple[str, ...]] = {}
        wanted = {item: kind.address_of(search) for item, search in searches.items() if kind.address_of(search)}
        # As the database compares them: PostgreSQL by its UPPER(), SQLite's LIKE the ASCII letters without case.
        compared = (
            _database_upper(wanted.values()) if postgres else [a.translate(_ASCII_LOWER) for a in wanted.values()]
        )
        addresses = defaultdict(list)
        for item, address in zip(wanted, compared, strict=True):
            addresses[address].append(item)
        self.addresses = dict(addresses)
        self.address_lengths = sorted({len(address) for address in self.addresses})

    def matches(self, limit: int) -> dict[Hashable, list[Match]]:
        by_name: dict[NameSearch, list[_Row]] = defaultdict(list)
        by_address: dict[Hashable, list[_Row]] = defaultdict(list)
        for row in self.kind.rows():
            for name in self._names_near(row):
                if self.tests[name].passes(row):
                    by_name[name].append(row)
            for item in self._address_items(row):
                by_address[item].append(row)
        ranked, named = {}, {}
        for item, search in self.searches.items():
            candidates = {row.pk: row for row in sorted(by_address.get(item, ()), key=lambda r: r.pk)[:CANDIDATE_CAP]}
            group = (search.name, self.kind.order_group(search))
            if group not in named:
                test = self.tests[search.name]
                order = self.kind.order_group(search)
                named[group] = sorted(
                    by_name.get(search.name, ()),
                    key=lambda row, test=test, order=order: (
                        0 if test.is_whole(row) else 1,
                        *self.kind.order(order, row),
                        row.pk,
                    ),
                )[:CANDIDATE_CAP]
            for row in named[group]:
                candidates.setdefault(row.pk, row)
            ranked[item] = rank(candidates.values(), lambda row, search=search: search.score(**row.values))[:limit]
        return self._with_records(ranked)

    def _names_near(self, row: _Row) -> set[NameSearch]:
        """Names with a prefix whose first two letters stand at the start of a word in one of the row's names."""
        items = set()
        for text in row.names:
            # Where (?:^|\W) lets a prefix start: the beginning, and after every character that is not a letter.
            for position in itertools.chain((0,), (found.end() for found in _NOT_WORD.finditer(text))):
                if position + 1 < len(text):
                    for key in itertools.product(self._units(text[position]), self._units(text[position + 1])):
                        items.update(self.by_key.get(key, ()))
        return items

    def _units(self, char: str) -> tuple[str, ...]:
        """The first letters of prefixes that `char` matches in the regular expression."""
        units = self.unit_memo.get(char)
        if units is None:
            units = self.unit_memo[char] = tuple(unit for unit, test in self.units.items() if test.fullmatch(char))
        return units

    def _address_items(self, row: _Row) -> set[Hashable]:
        if not self.addresses or not row.address:
            return set()
        if not self.kind.address_anywhere:
            return set(self.addresses.get(row.address, ()))
        # A web domain anywhere in the address (icontains): every piece of the length of some domain.
        text, items = row.address, set()
        for start in range(len(text)):
            for length in self.address_lengths:
                if start + length > len(text):
                    break
                items.update(self.addresses.get(text[start : start + length], ()))
        return items

    def _with_records(self, ranked: dict[Hashable, list[Match]]) -> dict[Hashable, list[Match]]:
        """The matches with the records themselves, read with the columns the single functions read."""
        pks = sorted({match.record.pk for matches in ranked.values() for match in matches})
        records = {}
        queryset = self.kind.queryset().only(*self.kind.columns)
        for start in range(0, len(pks), IN_CHUNK):
            records |= queryset.in_bulk(pks[start : start + IN_CHUNK])
        return {
            item: [Match(records[match.record.pk], match.reason) for match in matches if match.record.pk in records]
            for item, matches in ranked.items()
        }
