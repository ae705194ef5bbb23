"""Storing parsed items: sanitised, stored once (guid, else link, else content hash), tagged by the rules."""

import datetime

import pytest

from utblick.monitoring.fetching.parsing import ParsedItem, parse
from utblick.monitoring.fetching.storing import sanitise, store
from utblick.monitoring.models import Item, Rule, Source
from utblick.monitoring.tests.fetchserver import feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Source.objects.create(name="Dubbletter", url="https://exempel.se/feed", kind=Source.Kind.FEED)


def parsed_duplicates():
    return parse(feed("duplicates.rss"), "application/rss+xml", "https://exempel.se/feed", Source())


def test_duplicates_by_guid_link_and_content_are_stored_once(source):
    new = store(source, parsed_duplicates())
    assert [item.title for item in new] == ["Samma post", "Bara länk", "Utan guid och länk", "Skript"]
    assert all(item.pk for item in new)
    assert Item.objects.filter(source=source).count() == 4


def test_the_same_feed_fetched_again_stores_nothing_new(source):
    store(source, parsed_duplicates())
    assert store(source, parsed_duplicates()) == []
    assert Item.objects.filter(source=source).count() == 4


def test_an_item_seen_before_under_the_same_guid_is_not_stored_again_even_if_edited(source):
    store(source, [ParsedItem("id-9", "https://exempel.se/9", "Första lydelsen", "", None)])
    assert store(source, [ParsedItem("id-9", "https://exempel.se/9", "Rättad rubrik", "<p>Ny</p>", None)]) == []
    assert Item.objects.get(source=source).title == "Första lydelsen"


def test_the_same_guid_in_another_source_is_another_item(source):
    other = Source.objects.create(name="Annan", url="https://annan.se/feed")
    store(source, [ParsedItem("id-1", "", "En", "", None)])
    assert len(store(other, [ParsedItem("id-1", "", "En", "", None)])) == 1


def test_a_script_in_a_summary_is_removed_and_links_get_safe_rel(source):
    store(source, parsed_duplicates())
    item = Item.objects.get(source=source, guid="id-2")
    assert "<script" not in item.summary
    assert "alert" not in item.summary
    assert "onclick" not in item.summary
    assert "javascript:" not in item.summary
    assert '<a href="https://exempel.se/ok" rel="noopener noreferrer nofollow">bra</a>' in item.summary
    assert item.text == "Skript\nText farlig bra"


def test_wordpress_content_keeps_only_the_allowed_markup():
    cleaned = sanitise(parse(feed("wordpress.rss"), "", "https://x.se/", Source())[0].summary_html)
    assert "<strong>" in cleaned and "<ul>" in cleaned and "<li>" in cleaned
    for gone in ("<img", "onerror", "<script", "spårning", "<h2", "target=", "onclick"):
        assert gone not in cleaned
    assert "Vem kan söka?" in cleaned  # the heading's text stays


def test_stored_items_have_text_hash_dates_and_language(source):
    published = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
    [item] = store(source, [ParsedItem("g", "https://x.se/a", "Rubrik", "<p>Hej <b>du</b></p>", published, "sv")])
    item.refresh_from_db()
    assert item.text == "Rubrik\nHej du"
    assert len(item.content_hash) == 64
    assert item.published_at == published
    assert item.language == "sv"


def test_an_item_without_title_gets_one_from_its_text_and_a_bad_link_is_dropped(source):
    [item] = store(source, [ParsedItem("", "javascript:alert(1)", "", "<p>Bara en text</p>", None)])
    assert item.title == "Bara en text"
    assert item.link == ""


def test_new_items_are_tagged_by_the_rules(source, units):
    rule = Rule.objects.create(name="Turism", terms="hållbar turism")
    rule.units.add(units["kultur"])
    new = store(source, parse(feed("wordpress.rss"), "", "https://x.se/", Source()))
    tagged = Item.objects.filter(pk__in=[item.pk for item in new], units=units["kultur"])
    assert [item.title for item in tagged] == ["Ny utlysning: småprojekt inom hållbar turism – sök senast 15 januari"]


def test_an_item_stored_by_someone_else_meanwhile_is_skipped_not_an_error(source, monkeypatch):
    from utblick.monitoring.fetching import storing

    store(source, [ParsedItem("id-1", "", "En", "", None)])
    # Pretend the check saw nothing: the insert then meets the unique constraint and must skip that row only.
    monkeypatch.setattr(storing, "_dedupe", lambda source, candidates: candidates)
    new = store(source, [ParsedItem("id-1", "", "En", "", None), ParsedItem("id-2", "", "Två", "", None)])
    assert [item.title for item in new] == ["Två"]
    assert new[0].pk is not None
