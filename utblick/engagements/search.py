"""Free-text search over engagements (title, purpose, results, partner names: Engagement.search_text).

On PostgreSQL a term matches through the Swedish full-text configuration (so "skolor" finds "skola")
or, for parts of words, through a trigram-indexed ILIKE (so "utbyte" finds "Skolutbyte", which
full-text search cannot split). Both conditions are written with exactly the expressions that
migration 0002 indexes, so the planner can answer them from the indexes instead of reading every row.
On SQLite, which has neither, every word must occur somewhere in the text (icontains).
"""

from django.db import connection
from django.db.models import BooleanField, Case, Expression, F, Field, FloatField, Func, IntegerField, Q, Value, When

MAX_WORDS = 8  # more words than this add cost and hardly narrow the result
MIN_PARTIAL_LENGTH = 3  # a trigram index cannot look up shorter fragments; full-text still finds whole words
TS_CONFIG = "swedish"
VECTOR_COLUMN = "search_vector"


class SwedishDocument(Expression):
    """The stored column search_vector = to_tsvector('swedish', search_text) (migration 0002, PostgreSQL only).

    Not a model field, because SQLite has no tsvector; the expression names the column on whatever alias
    the engagement table has in the query being compiled, so it also works inside subqueries.
    """

    output_field = Field()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(VECTOR_COLUMN)}", []


class SwedishQuery(Func):
    """websearch_to_tsquery('swedish', term): accepts what people type ("a b", "a OR b", -c, "phrase")."""

    template = f"websearch_to_tsquery('{TS_CONFIG}'::regconfig, %(expressions)s)"
    output_field = Field()


class Matches(Func):
    """document @@ query."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class ILike(Func):
    """text ILIKE pattern: served by the trigram index on search_text (gin_trgm_ops)."""

    arg_joiner = " ILIKE "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class Rank(Func):
    function = "ts_rank"
    output_field = FloatField()


def words_of(term: str) -> list[str]:
    return term.split()[:MAX_WORDS]


def like_pattern(word: str) -> str:
    """%word% with LIKE's own wildcards escaped, so "50%" looks for a percent sign."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(queryset, term: str):
    """The engagements of `queryset` that match `term`, annotated with `search_rank` (higher is better)."""
    term = " ".join((term or "").split())
    if not term:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, term)
    return _search_substring(queryset, term)


def _search_postgresql(queryset, term: str):
    document = SwedishDocument()
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
