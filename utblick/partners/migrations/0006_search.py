"""Free-text search of the partner register on PostgreSQL (see utblick/partners/search.py); nothing on SQLite.

On partners_organisation, partners_contact and partners_network, three generated columns that PostgreSQL
keeps up to date itself (they are not model fields: SQLite has no tsvector; search.py names them):
- search_vector: the Swedish full-text document (names weighted highest), with a GIN index;
- search_text: the searched fields folded (lower case; accents and å/ä/ö/ø removed by translate() with the
  letters below, a frozen copy of search.FOLD_FROM/FOLD_TO), with a trigram index: parts of words;
- search_name: the name folded, then the character U+001F, then the name in its own language folded (only
  organisations have one), with a trigram index: names spelt a little differently, contacts found by their
  organisation's name, and the ranking (a name that is or starts with the term) without reading the names.
Stored rather than expression indexes for the reason given in engagements/0002: ranking and rechecks then
read the values instead of computing them for every row. An anonymised contact's columns are recomputed
from its emptied fields, so no personal data stay in them.
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser rights.
"""

from django.db import migrations

FOLD_FROM = "ÅÄÆÁÀÂÃĀĄåäæáàâãāąÖØŒÓÒÔÕŌöøœóòôõōÜÚÙÛŪüúùûūÉÈÊËĒĘéèêëēęÍÌÎÏíìîïıÇČĆçčćÑŃñńŠŚšśŽŹŻžźżÝŸýÿĐÐđðŁłŘřŤťĞğ"
FOLD_TO = "aaaaaaaaaaaaaaaaaaoooooooooooooooouuuuuuuuuueeeeeeeeeeeeiiiiiiiiiccccccnnnnsssszzzzzzyyyyddddllrrttgg"

# table -> (short name for the indexes, {weight: columns} of the full-text document, name columns)
TABLES = {
    "partners_organisation": (
        "partners_org",
        {"A": ("name", "native_name"), "B": ("city", "region"), "C": ("description",)},
        ("name", "native_name"),
    ),
    "partners_contact": ("partners_contact", {"A": ("name",), "B": ("title",), "C": ("email",)}, ("name",)),
    "partners_network": ("partners_network", {"A": ("name",), "C": ("description", "purpose")}, ("name",)),
}


def joined(columns):
    return " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)


def folded(columns):
    return f"lower(translate({joined(columns)}, '{FOLD_FROM}', '{FOLD_TO}'))"


def names(columns):
    """name U+001F native name (or nothing): the separator lets a LIKE pattern find where each name starts and ends."""
    parts = [folded([column]) for column in columns] + ["''"] * (2 - len(columns))
    return " || chr(31) || ".join(parts)


def forwards_sql():
    statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    for table, (short, weighted, name_columns) in TABLES.items():
        document = " || ".join(
            f"setweight(to_tsvector('swedish'::regconfig, {joined(columns)}), '{weight}')"
            for weight, columns in weighted.items()
        )
        every_column = [column for columns in weighted.values() for column in columns]
        statements += [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS ({document}) STORED",
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_text text "
            f"GENERATED ALWAYS AS ({folded(every_column)}) STORED",
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_name text GENERATED ALWAYS AS ({names(name_columns)}) STORED",
            f"CREATE INDEX IF NOT EXISTS {short}_search_fts ON {table} USING gin (search_vector)",
            f"CREATE INDEX IF NOT EXISTS {short}_search_trgm ON {table} USING gin (search_text gin_trgm_ops)",
            f"CREATE INDEX IF NOT EXISTS {short}_name_trgm ON {table} USING gin (search_name gin_trgm_ops)",
        ]
    return statements


def backwards_sql():
    statements = []
    for table, (short, _weighted, _names) in TABLES.items():
        statements += [
            f"DROP INDEX IF EXISTS {short}_name_trgm",
            f"DROP INDEX IF EXISTS {short}_search_trgm",
            f"DROP INDEX IF EXISTS {short}_search_fts",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_name",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_text",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        ]
    return statements


def create_search_support(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in forwards_sql():
        schema_editor.execute(statement)


def drop_search_support(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in backwards_sql():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_organisation_details_gdpr_import")]

    operations = [migrations.RunPython(create_search_support, drop_search_support, elidable=False)]
