"""Free-text search on PostgreSQL (see utblick/engagements/search.py); nothing on SQLite.

- search_vector: to_tsvector('swedish', search_text), stored and kept up to date by PostgreSQL itself
  (a generated column), with a GIN index. Stored rather than an expression index because computing
  to_tsvector is expensive: an expression index still makes PostgreSQL recompute it for every row it
  ranks or rechecks, which took seconds at 100 000 engagements; the stored vector is read, not computed.
  The column is not a model field (SQLite has no tsvector): search.SwedishDocument names it.
- A trigram GIN index on search_text, which serves ILIKE '%part%' (parts of words, Swedish compounds).
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser rights.
"""

from django.db import migrations

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE engagements_engagement ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('swedish'::regconfig, search_text)) STORED",
    "CREATE INDEX IF NOT EXISTS engagement_search_fts_sv ON engagements_engagement USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS engagement_search_trgm ON engagements_engagement USING gin (search_text gin_trgm_ops)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS engagement_search_trgm",
    "DROP INDEX IF EXISTS engagement_search_fts_sv",
    "ALTER TABLE engagements_engagement DROP COLUMN IF EXISTS search_vector",
]


def create_search_support(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARDS:
        schema_editor.execute(statement)


def drop_search_support(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARDS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("engagements", "0001_initial")]

    operations = [migrations.RunPython(create_search_support, drop_search_support, elidable=False)]
