"""Plain helpers for the source tests (not fixtures, so other helpers' conftest files are untouched)."""

import itertools

from utblick.monitoring.models import Item, Source

_numbers = itertools.count(1)


def make_source(**fields) -> Source:
    """A source saved directly (not through the actions), with a unique address unless one is given."""
    number = next(_numbers)
    defaults = {"name": f"Källa {number}", "url": f"https://example.org/feed-{number}.xml", "kind": Source.Kind.FEED}
    defaults.update(fields)
    return Source.objects.create(**defaults)


def make_item(source: Source, **fields) -> Item:
    number = next(_numbers)
    defaults = {"title": f"Post {number}", "link": f"https://example.org/post-{number}", "content_hash": f"h{number}"}
    defaults.update(fields)
    return Item.objects.create(source=source, **defaults)
