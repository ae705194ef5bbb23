"""A trigram index for the item list's search on PostgreSQL (see bench/README.md, "Omvärldsbevakning"); nothing on SQLite.

The item list searches with `text__icontains` (items_views.filtered_items), which Django writes on PostgreSQL as
`UPPER("monitoring_item"."text"::text) LIKE UPPER('%term%')`: no B-tree helps a pattern with a leading
wildcard, so without this every search read all items' text twice (the count and the page). A GIN index of
pg_trgm on exactly that expression answers any substring of three or more characters (a word, part of a word,
a phrase, å/ä/ö) from the index. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create
it without superuser rights; partners/0006_search creates it too (IF NOT EXISTS).
"""

from django.db import migrations

INDEX = "monitoring_item_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON monitoring_item USING gin (upper("text") gin_trgm_ops)'
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")  # the extension stays: partners' search uses it


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_subscriptions")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
