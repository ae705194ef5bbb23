"""Free-text search over the partner register: organisations, contact persons and networks.

What is searched: organisations by name, name in its own language, city, region and description;
contact persons by name, title, email and the names of their organisations; networks by name,
description and purpose. Anonymised contact persons are never found: they hold no personal data.

PostgreSQL (migration 0006 adds the columns and indexes; they are not model fields): a term matches
- through Swedish full-text search over `search_vector` (websearch syntax, so "skolor" finds "skola"),
- or every word of three letters or more is part of `search_text`, the searched fields folded (lower case,
  accents and å/ä/ö/ø removed, see FOLD_FROM/FOLD_TO), through a trigram index: parts of words and
  "Roros" for "Røros",
- or, when nothing in the table matches so, the term is spelt like a stretch of `search_name` (the names,
  folded; pg_trgm's word similarity): small typos.
SQLite has none of this: every word must occur in some field, matched by a regular expression that
accepts the accented forms of each letter in either case (SQLite's own LIKE folds ASCII letters only).

Ranking: a name that is the term, then a name that starts with it, then a name with a word that starts
with it, then the rest; within each, PostgreSQL's full-text rank, with records found only through a
similar spelling last; then by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, FloatField, Func, IntegerField, Q, Subquery, Value, When
from django.db.models.lookups import Exact
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from utblick.core.search import (
    MIN_PARTIAL_LENGTH,
    Like,
    Matches,
    Rank,
    StoredColumn,
    SwedishQuery,
    WordSimilar,
    WordSimilarity,
    like_escape,
    like_pattern,
    words_of,
)
from utblick.partners.models import Affiliation, Contact, Network, Organisation

# Folding: each letter of FOLD_FROM becomes the letter at the same place in FOLD_TO, then lower case.
# Migration 0006 has a frozen copy for PostgreSQL's translate(); a test checks that the two agree.
FOLD_FROM = "ÅÄÆÁÀÂÃĀĄåäæáàâãāąÖØŒÓÒÔÕŌöøœóòôõōÜÚÙÛŪüúùûūÉÈÊËĒĘéèêëēęÍÌÎÏíìîïıÇČĆçčćÑŃñńŠŚšśŽŹŻžźżÝŸýÿĐÐđðŁłŘřŤťĞğ"
FOLD_TO = "aaaaaaaaaaaaaaaaaaoooooooooooooooouuuuuuuuuueeeeeeeeeeeeiiiiiiiiiccccccnnnnsssszzzzzzyyyyddddllrrttgg"
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
# Each plain letter with every form that folds to it, for the regular expressions on SQLite and in ranking.
_VARIANTS: dict[str, str] = {}
for _from, _to in zip(FOLD_FROM, FOLD_TO, strict=True):
    _VARIANTS.setdefault(_to, _to + _to.upper())
    _VARIANTS[_to] += _from
NAME_SEPARATOR = "\x1f"  # between the name and the name in its own language in search_name (migration 0006)
MIN_TYPO_LENGTH = 4  # shorter terms are spelt like too many names to be worth a similarity search
ANY_QUOTE = re.compile(r"[\"”“„]")


def fold(text: str) -> str:
    """'Røros Kommune' -> 'roros kommune': lower case, without accents or å/ä/ö/ø (the same on both databases)."""
    return (text or "").translate(_FOLD).lower()


def letters_pattern(text: str) -> str:
    """A regular expression for `text` that accepts any accented form of its letters (use it case-insensitively)."""
    parts = []
    for char in fold(text):
        variants = _VARIANTS.get(char)
        if variants:
            parts.append(f"[{variants}]")
        elif char.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def clean_term(term: str | None) -> str:
    return " ".join((term or "").split())


def excluded_words(term: str) -> list[str]:
    """The words written with a minus in front ("-gruvor"): what a record must not contain."""
    words = (ANY_QUOTE.sub("", word[1:]) for word in words_of(term) if word.startswith("-"))
    return [word for word in words if word]


def plain_words(term: str) -> list[str]:
    """The words to look for as letters (quotes and a leading minus of the websearch syntax left out)."""
    words = (ANY_QUOTE.sub("", word) for word in words_of(term) if not word.startswith("-"))
    return [word for word in words if word]


@dataclass(frozen=True)
class Kind:
    """What one kind of record is searched by: its fields (in the order shown as the hit) and its name fields."""

    model: type
    fields: tuple[str, ...]
    names: tuple[str, ...]
    organisation_names: bool = False  # contact persons: also the names of their organisations

    def label(self, field: str) -> str:
        if field == "organisations":
            return capfirst(_("organisation"))
        return capfirst(self.model._meta.get_field(field).verbose_name)


ORGANISATIONS = Kind(Organisation, ("name", "native_name", "city", "region", "description"), ("name", "native_name"))
CONTACTS = Kind(Contact, ("name", "title", "email"), ("name",), organisation_names=True)
NETWORKS = Kind(Network, ("name", "description", "purpose"), ("name",))


def search(queryset, term: str, kind: Kind):
    """The records of `queryset` that match `term`, annotated with search_tier and search_rank (higher first)."""
    term = clean_term(term)
    if not term:
        return queryset
    if not plain_words(term):  # only quotes or words to leave out: nothing to look for
        return queryset.none().annotate(search_tier=Value(0), search_rank=Value(0.0))
    postgresql = connection.vendor == "postgresql"
    condition = _postgresql_condition(term, kind) if postgresql else _regex_condition(plain_words(term), kind.fields)
    if kind.organisation_names:
        # Also the contacts of organisations whose names have every word. A UNION of the two lets PostgreSQL
        # answer each part from its own table's indexes (an OR across the tables would read every contact).
        own = kind.model.objects.filter(condition).order_by().values("pk")
        via = Affiliation.objects.filter(organisation__in=_named(term, postgresql)).order_by().values("contact_id")
        condition = Q(pk__in=own.union(via))
    for word in excluded_words(term):  # "-word": every way of matching must respect it, not only full-text
        if postgresql:
            condition &= ~Q(Like(StoredColumn("search_text"), Value(like_pattern(fold(word)))))
        else:
            condition &= ~_regex_condition([word], kind.fields)
    queryset = queryset.filter(condition)
    if kind.model is Contact:
        queryset = queryset.filter(anonymised_at__isnull=True)
    if postgresql:
        tier, rank = _postgresql_tier(term), _postgresql_rank(term)
    else:
        tier, rank = _regex_tier(term, kind), Value(0.0, output_field=FloatField())
    return queryset.annotate(search_tier=tier, search_rank=rank)


def by_relevance(queryset):
    return queryset.order_by("-search_tier", "-search_rank", "name", "pk")


def search_organisations(queryset, term: str):
    return search(queryset, term, ORGANISATIONS)


def search_contacts(queryset, term: str):
    return search(queryset, term, CONTACTS)


def search_networks(queryset, term: str):
    return search(queryset, term, NETWORKS)


def _typo_term(term: str) -> str:
    """The folded term when it has letters enough for a spelling-similarity search, else ''."""
    folded = fold(term)
    return folded if sum(char.isalpha() for char in folded) >= MIN_TYPO_LENGTH else ""


def _postgresql_condition(term: str, kind: Kind) -> Q:
    """Full-text match, or every word (3+ letters) inside the folded text; only when neither finds anything in
    the whole table, the term spelt like a name (a typo). Checking the spelling of every row would cost a
    second per search on a large table, and a similar spelling is only worth showing when nothing else is.
    """
    found = _postgresql_found(term)
    typo = _typo_term(term)
    if not typo:
        return found
    # Counted, not EXISTS: PostgreSQL would look for a first row by reading the table in order (LIMIT 1),
    # which reads all of it when there is none; a count uses the indexes. Evaluated once per query.
    matches = kind.model.objects.filter(found).order_by().values(n=Func("pk", function="COUNT"))
    nothing_else = Q(Exact(Subquery(matches, output_field=IntegerField()), Value(0)))
    return found | (nothing_else & Q(WordSimilar(Value(typo), StoredColumn("search_name"))))


def _postgresql_found(term: str) -> Q:
    condition = Q(Matches(StoredColumn("search_vector"), SwedishQuery(Value(term))))
    partial = [fold(w) for w in plain_words(term) if len(w) >= MIN_PARTIAL_LENGTH]
    if partial:
        every_word = Q()
        for word in partial:
            every_word &= Q(Like(StoredColumn("search_text"), Value(like_pattern(word))))
        condition |= every_word
    return condition


def _postgresql_rank(term: str):
    """ts_rank; a record found only by a similar spelling (then all are) is ranked by how similar it is."""
    rank = Rank(StoredColumn("search_vector"), SwedishQuery(Value(term)))
    if typo := _typo_term(term):
        spelt_like = WordSimilarity(Value(typo), StoredColumn("search_name")) - Value(1.0)
        rank = rank + Case(
            When(_postgresql_found(term), then=Value(0.0)), default=spelt_like, output_field=FloatField()
        )
    return rank


def _postgresql_tier(term: str) -> Case:
    """As _regex_tier, from the stored search_name ("name U+001F native name", folded): no name is read or folded."""
    name = StoredColumn("search_name")
    folded = like_escape(fold(term))

    def like(pattern: str) -> Q:
        return Q(Like(name, Value(pattern)))

    return Case(
        When(like(f"{folded}{NAME_SEPARATOR}%") | like(f"%{NAME_SEPARATOR}{folded}"), then=Value(3)),
        When(like(f"{folded}%") | like(f"%{NAME_SEPARATOR}{folded}%"), then=Value(2)),
        When(like(f"% {folded}%"), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _regex_condition(words: list[str], fields: tuple[str, ...]) -> Q:
    """Every word is in some field, in any case and with or without accents (SQLite)."""
    condition = Q()
    for word in words:
        pattern = letters_pattern(word)
        found = Q()
        for field in fields:
            found |= Q(**{f"{field}__iregex": pattern})
        condition &= found
    return condition


def _named(term: str, postgresql: bool):
    """Organisations whose name or name in its own language has every word of the term."""
    if not postgresql:
        return Organisation.objects.filter(_regex_condition(plain_words(term), ("name", "native_name")))
    partial = [fold(w) for w in plain_words(term) if len(w) >= MIN_PARTIAL_LENGTH]
    if not partial:
        return Organisation.objects.none()
    condition = Q()
    for word in partial:
        condition &= Q(Like(StoredColumn("search_name"), Value(like_pattern(word))))
    return Organisation.objects.filter(condition)


def _regex_tier(term: str, kind: Kind) -> Case:
    """3: a name is the term; 2: a name starts with it; 1: a word in a name starts with it; 0: found elsewhere."""
    pattern = letters_pattern(term)
    tiers = ((3, rf"^\s*{pattern}\s*$"), (2, rf"^\s*{pattern}"), (1, rf"(^|\W){pattern}"))
    whens = []
    for tier, regex in tiers:
        condition = Q()
        for field in kind.names:
            condition |= Q(**{f"{field}__iregex": regex})
        whens.append(When(condition, then=Value(tier)))
    return Case(*whens, default=Value(0), output_field=IntegerField())


# --------------------------------------------------------------------------------------------------
# Where a record matched, for the results page
# --------------------------------------------------------------------------------------------------
EXCERPT_AROUND = 60  # characters shown on each side of the hit in a long text


@dataclass(frozen=True)
class Hit:
    """One found record and the field its match is in, with an excerpt around the match (before, match, after)."""

    record: object
    field: str
    label: str
    before: str = ""
    match: str = ""
    after: str = ""


def field_values(record, kind: Kind) -> list[tuple[str, str]]:
    values = [(field, getattr(record, field) or "") for field in kind.fields]
    if kind.organisation_names:
        # Needs the affiliations prefetched with their organisations (see search_views).
        names = [
            name
            for affiliation in record.affiliations.all()
            for name in (affiliation.organisation.name, affiliation.organisation.native_name)
            if name
        ]
        values.append(("organisations", ", ".join(names)))
    return values


def hit_of(record, term: str, kind: Kind) -> Hit:
    """The first field where the whole term is found, else where a word (or, after stemming, its start) is."""
    words = [fold(w) for w in plain_words(clean_term(term))]
    values = [(field, value, fold(value)) for field, value in field_values(record, kind)]
    tests = (
        lambda folded: bool(words) and all(w in folded for w in words),
        lambda folded: any(w in folded for w in words),
        lambda folded: any(len(w) > 4 and w[: max(4, len(w) - 2)] in folded for w in words),
    )
    for test in tests:
        for field, value, folded in values:
            if value and test(folded):
                return _excerpt(record, kind, field, value, folded, words)
    # Found by spelling similarity (a typo) or by full-text rules the letters do not show: say it is the name.
    return Hit(record, "similar", str(_("Namnet stavas nästan som sökordet.")))


def _excerpt(record, kind: Kind, field: str, value: str, folded: str, words: list[str]) -> Hit:
    label = kind.label(field)
    if field == "name":  # the name is shown anyway
        return Hit(record, field, label)
    if len(folded) != len(value):  # folding changed the length (rare letters): show the start, unmarked
        return Hit(record, field, label, before=_shorten(value))
    found = [(folded.find(w), w) for w in words if folded.find(w) >= 0]
    if not found:
        stems = [w[: max(4, len(w) - 2)] for w in words]
        found = [(folded.find(s), s) for s in stems if folded.find(s) >= 0]
    if not found:
        return Hit(record, field, label, before=_shorten(value))
    start, word = min(found)
    end = start + len(word)
    before, after = value[max(0, start - EXCERPT_AROUND) : start], value[end : end + EXCERPT_AROUND]
    if start > EXCERPT_AROUND:
        before = "…" + before.lstrip()
    if end + EXCERPT_AROUND < len(value):
        after = after.rstrip() + "…"
    return Hit(record, field, label, before=before, match=value[start:end], after=after)


def _shorten(value: str) -> str:
    return value if len(value) <= 2 * EXCERPT_AROUND else value[: 2 * EXCERPT_AROUND].rstrip() + "…"
