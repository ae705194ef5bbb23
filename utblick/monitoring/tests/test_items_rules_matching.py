"""Rule matching and tagging (monitoring.rules): words, phrases, case, Swedish letters, regex, include/exclude."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.monitoring import rules
from utblick.monitoring.models import Item, Rule, Source
from utblick.policy.models import Objective

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    return Source.objects.create(name="EU-nytt", url="http://127.0.0.1:9/eu.xml")


@pytest.fixture
def other_source(db):
    return Source.objects.create(name="Kommunnytt", url="http://127.0.0.1:9/kommun.xml")


_counter = [0]


def make_item(source, title, text=""):
    _counter[0] += 1
    return Item.objects.create(source=source, title=title, text=f"{title}\n{text}", content_hash=f"h{_counter[0]}")


def make_rule(
    terms="", pattern="", mode=Rule.Mode.INCLUDE, fields=Rule.Fields.ALL, units=(), objectives=(), sources=()
):
    rule = Rule.objects.create(name="Regel", terms=terms, pattern=pattern, mode=mode, fields=fields)
    rule.units.set(units)
    rule.objectives.set(objectives)
    rule.sources.set(sources)
    return rule


def matches(terms, text, pattern=""):
    matcher = rules.Matcher.build(Rule(terms=terms, pattern=pattern))
    return matcher.matches(1, text, "")


def test_a_word_matches_whatever_its_case():
    assert matches("Interreg", "INTERREG Aurora öppnar ny utlysning")
    assert matches("EU-medel", "Så söker ni eu-medel")


def test_only_whole_words_match():
    assert not matches("eu", "En neutral bedömning")
    assert matches("eu", "Nya EU-regler för skolor")
    assert not matches("skola", "Skolan i Funäsdalen")


def test_a_phrase_matches_across_extra_white_space():
    assert matches("europeiska socialfonden", "Europeiska   socialfonden\nutlyser")
    assert not matches("europeiska socialfonden", "europeiska regionala fonden och socialfonden")


def test_accents_are_ignored_but_swedish_letters_stay_distinct():
    assert matches("cafe", "Kulturcafé? Nej: Café Röros")
    assert matches("Röros", "Samarbete med RÖROS kommun")
    assert not matches("far", "Kommunen får medel")
    assert not matches("ora", "Öra och öga")
    assert matches("får", "Kommunen FÅR medel")


def test_a_regular_expression_matches_without_regard_to_case():
    assert matches("", "Interreg  NPA: ny utlysning", pattern=r"interreg\s+(aurora|npa)")
    assert not matches("", "Interreg Sverige-Norge", pattern=r"interreg\s+(aurora|npa)")


@pytest.mark.parametrize(
    "pattern",
    ["(a+)+$", "(a|aa)*b", r"(\w+\s?)+$", "(x)\\1", r"\w*\w*!", "a.*b.*c", "a{0,1000}b{0,1000}", "[", "x" * 301],
)
def test_a_bad_or_catastrophic_regular_expression_is_refused(pattern):
    with pytest.raises(ValidationError) as error:
        rules.validate_pattern(pattern)
    assert error.value.messages[0].startswith("Det reguljära uttrycket")


def test_an_allowed_pattern_stays_quick_on_a_long_hostile_text():
    assert rules.validate_pattern(r"\w+!")
    matcher = rules.Matcher.build(Rule(pattern=r"\w+!"))
    start = time.monotonic()
    assert not matcher.matches(1, "rubrik", "a" * 200_000)
    assert time.monotonic() - start < 1


def test_a_known_catastrophic_pattern_cannot_be_saved_and_would_never_run(source):
    make_item(source, "a" * 40 + "!")
    rule = Rule(name="Farlig", pattern="(a+)+$")
    start = time.monotonic()
    assert rules.preview(rule).count == 0  # a stored pattern that does not pass is never run
    assert time.monotonic() - start < 1


def test_title_only_rules_ignore_the_text(source):
    item = make_item(source, "Nyheter", "Interreg Aurora")
    make_rule("Aurora", fields=Rule.Fields.TITLE, units=[])
    assert rules.preview(Rule(terms="Aurora", fields=Rule.Fields.TITLE)).count == 0
    assert rules.preview(Rule(terms="Aurora", fields=Rule.Fields.ALL)).items == [item]


def test_include_rules_tag_units_and_objectives(source, units, policy):
    item = make_item(source, "Erasmus+ för skolor", "Utbyte för elever")
    other = make_item(source, "Vägarbete i Sveg")
    m3 = Objective.objects.get(code="M3")
    make_rule("erasmus+\nutbyte", units=[units["buf"]], objectives=[m3])
    assert rules.tag_items([item, other]) == 1
    assert list(item.units.all()) == [units["buf"]]
    assert list(item.objectives.all()) == [m3]
    assert not other.units.exists()


def test_an_exclude_rule_takes_its_targets_away(source, units):
    item = make_item(source, "Interreg-upphandling av skolmat")
    make_rule("interreg", units=[units["buf"], units["kultur"]])
    make_rule("skolmat", mode=Rule.Mode.EXCLUDE, units=[units["buf"]])
    rules.tag_items([item])
    assert list(item.units.all()) == [units["kultur"]]


def test_an_exclude_rule_without_targets_removes_every_tag(source, units):
    item = make_item(source, "Interreg-upphandling av skolmat")
    make_rule("interreg", units=[units["buf"]])
    make_rule("upphandling", mode=Rule.Mode.EXCLUDE)
    assert rules.tag_items([item]) == 0
    assert not item.units.exists()


def test_a_rule_limited_to_sources_ignores_other_sources(source, other_source, units):
    eu = make_item(source, "Interreg Aurora")
    local = make_item(other_source, "Interreg Aurora i lokalpressen")
    make_rule("interreg", units=[units["buf"]], sources=[source])
    rules.tag_items([eu, local])
    assert eu.units.exists()
    assert not local.units.exists()


def test_inactive_rules_do_not_tag(source, units):
    item = make_item(source, "Interreg")
    rule = make_rule("interreg", units=[units["buf"]])
    rule.is_active = False
    rule.save()
    rules.tag_items([item])
    assert not item.units.exists()


def test_tagging_takes_the_same_number_of_queries_for_any_number_of_items_and_rules(source, units, policy):
    m3 = Objective.objects.get(code="M3")

    def count(n_items, n_rules):
        items = [make_item(source, f"Interreg nummer {i}") for i in range(n_items)]
        for _ in range(n_rules):
            make_rule("interreg", units=[units["buf"]], objectives=[m3])
        with CaptureQueriesContext(connection) as queries:
            rules.tag_items(items)
        assert all(item.units.exists() for item in items)
        return len(queries)

    assert count(2, 1) == count(40, 6)


def test_tagging_again_replaces_tags_of_a_changed_rule(source, units):
    item = make_item(source, "Interreg Aurora")
    rule = make_rule("interreg", units=[units["buf"]])
    rules.tag_items([item])
    rule.terms = "kultur"
    rule.save()
    rules.tag_items([item])
    assert not item.units.exists()


def test_preview_counts_and_lists_the_newest_matches_of_an_unsaved_rule(source, other_source):
    for i in range(5):
        make_item(source, f"Interreg {i}")
    make_item(other_source, "Interreg lokalt")
    make_item(source, "Annat")
    result = rules.preview(Rule(terms="interreg"), limit=3)
    assert result.count == 6
    assert len(result.items) == 3
    assert rules.preview(Rule(terms="interreg"), source_ids=[other_source.pk]).count == 1


def test_apply_to_existing_retags_stored_items(source, units):
    items = [make_item(source, f"Interreg {i}") for i in range(3)]
    rule = make_rule("interreg", units=[units["buf"]])
    matched, queued = rules.apply_to_existing(rule)
    assert (matched, queued) == (3, False)
    assert all(item.units.filter(pk=units["buf"].pk).exists() for item in items)


def test_apply_to_existing_goes_to_the_worker_when_there_are_many_items(source, units, monkeypatch):
    monkeypatch.setattr(rules, "RETAG_INLINE_MAX", 1)
    items = [make_item(source, f"Interreg {i}") for i in range(3)]
    rule = make_rule("interreg", units=[units["buf"]])
    matched, queued = rules.apply_to_existing(rule)
    assert (matched, queued) == (3, True)
    # The test settings run tasks at once (ImmediateBackend).
    assert all(item.units.exists() for item in items)
