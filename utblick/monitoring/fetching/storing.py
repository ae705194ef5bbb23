"""Storing parsed items once: sanitised, deduplicated, inserted in one transaction per source, then tagged.

An item is the same as one already stored (or earlier in the same batch) when its guid matches; without a
guid, when its link matches; without either, when its content hash matches. The content hash is unique per
source in the database as well, so an item whose guid changed but whose content did not is not stored twice.
"""

from __future__ import annotations

import hashlib

import nh3
from django.db import IntegrityError, transaction

from utblick.monitoring.fetching.parsing import ParsedItem, plain
from utblick.monitoring.models import URL_MAX, Item

ALLOWED_TAGS = {"p", "br", "a", "ul", "ol", "li", "strong", "em", "b", "i", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LOOKUP_BATCH = 500


def sanitise(summary_html: str) -> str:
    """Only harmless markup survives; links open nothing of ours and pass no referrer."""
    if not summary_html:
        return ""
    return nh3.clean(
        summary_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def content_hash(title: str, link: str, summary: str) -> str:
    return hashlib.sha256("\n".join((title, link, summary)).encode("utf-8")).hexdigest()


def _prepare(source, parsed: ParsedItem) -> Item:
    summary = sanitise(parsed.summary_html)
    title = (parsed.title or "").strip()[:1000]
    link = (parsed.link or "").strip()
    if len(link) > URL_MAX or not link.lower().startswith(("http://", "https://")):
        link = ""
    if not title:
        title = plain(summary)[:120] or link or "–"
    guid = (parsed.guid or "").strip()[:URL_MAX]
    text = "\n".join(part for part in (title, plain(summary)) if part)
    return Item(
        source=source,
        guid=guid,
        link=link,
        title=title,
        summary=summary,
        text=text,
        published_at=parsed.published_at,
        language=(parsed.language or "")[:20],
        content_hash=content_hash(title, link, summary),
    )


def _existing(source, field: str, values: set[str]) -> set[str]:
    found: set[str] = set()
    values_list = sorted(values)
    for start in range(0, len(values_list), LOOKUP_BATCH):
        batch = values_list[start : start + LOOKUP_BATCH]
        found.update(Item.objects.filter(source=source, **{f"{field}__in": batch}).values_list(field, flat=True))
    return found


def _dedupe(source, candidates: list[Item]) -> list[Item]:
    """Drop items already stored or earlier in the batch (guid, else link, else hash; the hash always)."""
    guids = _existing(source, "guid", {item.guid for item in candidates if item.guid})
    links = _existing(source, "link", {item.link for item in candidates if not item.guid and item.link})
    hashes = _existing(source, "content_hash", {item.content_hash for item in candidates})
    fresh = []
    for item in candidates:
        if item.guid:
            key_set, key = guids, item.guid
        elif item.link:
            key_set, key = links, item.link
        else:
            key_set, key = hashes, item.content_hash
        if key in key_set or item.content_hash in hashes:
            continue
        key_set.add(key)
        hashes.add(item.content_hash)
        fresh.append(item)
    return fresh


def _insert(items: list[Item]) -> list[Item]:
    """Insert with ids known (the rules need them). A row that another process stored meanwhile is skipped."""
    try:
        with transaction.atomic():
            created = Item.objects.bulk_create(items, batch_size=500)
    except IntegrityError:
        # Someone stored some of them between our check and the insert: one by one, each in a savepoint.
        created = []
        for item in items:
            item.pk = None
            try:
                with transaction.atomic():
                    item.save(force_insert=True)
            except IntegrityError:
                continue
            created.append(item)
    if any(item.pk is None for item in created):
        # A database that cannot return ids from a bulk insert: read them back by their unique hash.
        ids = dict(
            Item.objects.filter(
                source=created[0].source, content_hash__in=[item.content_hash for item in created]
            ).values_list("content_hash", "pk")
        )
        for item in created:
            item.pk = ids.get(item.content_hash)
    return created


def store(source, parsed: list[ParsedItem]) -> list[Item]:
    """Store the new ones of `parsed` for `source` and tag them with the rules; returns the new Items."""
    candidates = [_prepare(source, item) for item in parsed]
    with transaction.atomic():
        new_items = _dedupe(source, candidates)
        if not new_items:
            return []
        new_items = _insert(new_items)
        from utblick.monitoring.rules import tag_items

        # In the same transaction: items are never committed untagged (dedupe would never tag them later).
        tag_items(new_items)
    return new_items
