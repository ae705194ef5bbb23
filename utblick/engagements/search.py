"""Free-text search over engagements (title, purpose, results, partner names: Engagement.search_text).

On PostgreSQL a term matches through the Swedish full-text configuration (so "skolor" finds "skola")
or, for parts of words, through a trigram-indexed ILIKE (so "utbyte" finds "Skolutbyte", which
full-text search cannot split). Both conditions are written with exactly the expressions that
migration 0002 indexes, so the planner can answer them from the indexes instead of reading every row.
On SQLite, which has neither, every word must occur somewhere in the text (icontains).
"""

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When

from utblick.core.search import (
    MIN_PARTIAL_LENGTH,
    ILike,
    Matches,
    Rank,
    StoredColumn,
    SwedishQuery,
    like_pattern,
    words_of,
)

# The stored column search_vector = to_tsvector('swedish', search_text) (migration 0002, PostgreSQL only).
VECTOR_COLUMN = "search_vector"


def search(queryset, term: str):
    """The engagements of `queryset` that match `term`, annotated with `search_rank` (higher is better)."""
    term = " ".join((term or "").split())
    if not term:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, term)
    return _search_substring(queryset, term)


def _search_postgresql(queryset, term: str):
    document = StoredColumn(VECTOR_COLUMN)
    query = SwedishQuery(Value(term))
    condition = Q(Matches(document, query))
    partial_words = [w for w in words_of(term) if len(w) >= MIN_PARTIAL_LENGTH]
    if partial_words:
        all_parts = Q()
        for word in partial_words:
            all_parts &= Q(ILike(F("search_text"), Value(like_pattern(word))))
        condition |= all_parts
    # Full-text rank, plus a bonus when the title itself contains the term: a title hit is what people look for.
    title_bonus = Case(When(title__icontains=term, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    return queryset.filter(condition).annotate(search_rank=Rank(document, query) + title_bonus)


def _search_substring(queryset, term: str):
    condition = Q()
    for word in words_of(term):
        condition &= Q(search_text__icontains=word)
    title_hit = Case(When(title__icontains=term, then=Value(1)), default=Value(0), output_field=IntegerField())
    return queryset.filter(condition).annotate(search_rank=title_hit)
