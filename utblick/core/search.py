"""Building blocks for free-text search, shared by the apps that search (engagements, partners).

PostgreSQL: Swedish full-text search (websearch syntax, stemming) over a stored tsvector column, and
LIKE/ILIKE or trigram similarity over a stored text column with a pg_trgm index. Those columns exist only
on PostgreSQL (each app's search migration adds them), so they are not model fields: StoredColumn names them.
"""

from django.db.models import BooleanField, Expression, Field, FloatField, Func

MAX_WORDS = 8  # more words than this add cost and hardly narrow the result
MIN_PARTIAL_LENGTH = 3  # a trigram index cannot look up shorter fragments; full-text still finds whole words
TS_CONFIG = "swedish"


class StoredColumn(Expression):
    """A column that a migration added on PostgreSQL only (e.g. search_vector), on the query's main table.

    The expression names the column on whatever alias that table has in the query being compiled, so it
    also works inside subqueries.
    """

    def __init__(self, column: str, output_field=None):
        super().__init__(output_field=output_field or Field())
        self.column = column

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}", []


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
    """text ILIKE pattern: served by a trigram index on the text (gin_trgm_ops)."""

    arg_joiner = " ILIKE "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class Like(Func):
    """text LIKE pattern, for a column that is already folded to lower case: cheaper than ILIKE, same trigram index."""

    arg_joiner = " LIKE "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class Rank(Func):
    """ts_rank(document, query): how well a document matches, higher is better."""

    function = "ts_rank"
    output_field = FloatField()


class WordSimilar(Func):
    """term <% text: some stretch of the text is spelt like the term (pg_trgm; served by a trigram index)."""

    arg_joiner = " <%% "  # %% is how a literal % reaches the driver
    template = "(%(expressions)s)"
    output_field = BooleanField()


class WordSimilarity(Func):
    """word_similarity(term, text): 0–1, how closely the best-matching stretch of the text is spelt like the term."""

    function = "word_similarity"
    output_field = FloatField()


def words_of(term: str) -> list[str]:
    return term.split()[:MAX_WORDS]


def like_escape(text: str) -> str:
    """text with LIKE's own wildcards escaped, so "50%" looks for a percent sign."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(word: str) -> str:
    """%word%, with LIKE's wildcards in the word taken literally."""
    return f"%{like_escape(word)}%"
