r"""Keyword rules that sort monitoring items to units, policy objectives, areas and priority criteria.

How a rule matches an item
- `terms`: one word or phrase per line. Matching ignores case and accents (é = e, ü = u), but the Swedish
  letters å, ä and ö stay letters of their own ("far" does not match "får"), as in a Swedish dictionary.
  A term matches whole words only: "EU" matches "EU-medel" and "eu:s" but not "neutral"; a phrase matches
  with any amount of white space between its words. "Interreg" matches "INTERREG".
- `pattern`: an optional regular expression (Python `re`), matched without regard to case against the
  original text. It is checked when saved (validate_pattern): at most PATTERN_MAX characters, and no
  constructs that can backtrack catastrophically (a repeated group that itself repeats or branches, such as
  `(a+)+` or `(a|aa)*`, back-references, or more than one long repeat: `\w*\w*!` is cubic). It sees at most
  PATTERN_TEXT_MAX characters of an item, so one long repeat stays within milliseconds per item.
- A rule matches when any of its terms or its pattern matches. `fields` says where: the title only, or the
  title and the text. `sources` (when any are chosen) limits the rule to items from those sources.

What rules do together (tag_items)
- The tags of an item are computed from every active rule at once, replacing the tags it had:
  INCLUDE rules that match add their units, objectives, areas and criteria.
- EXCLUDE rules that match then take their targets away again. An EXCLUDE rule without any target removes
  every tag the include rules gave, so "upphandling av skolmat" can silence a noisy word everywhere.
- The triage (state, comment, assigned unit, engagement) is never touched by the rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from re import _parser as sre_parse  # the stdlib's own pattern parser (sre_parse is deprecated)

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django_tasks import task

from utblick.monitoring.models import Item, Rule, Source

PATTERN_MAX = 300
# The regular expression sees at most this many characters of an item (a bound on any polynomial blow-up).
PATTERN_TEXT_MAX = 5_000
# Repeats that may run longer than this count as long ones; a pattern may have one (two adjacent ones, as in
# \w*\w*!, already take seconds on a few thousand characters).
LONG_REPEAT = 10
BATCH_SIZE = 1000
# Above this many stored items, applying a rule runs in the background worker instead of the request.
RETAG_INLINE_MAX = 5000
TAG_FIELDS = ("units", "objectives", "areas", "criteria")

_KEEP = {"å": "\x01", "ä": "\x02", "ö": "\x03"}
_RESTORE = str.maketrans({v: k for k, v in _KEEP.items()})
_PROTECT = str.maketrans(_KEEP)
_MARKS = re.compile(r"[\u0300-\u036f]")


def normalize(text: str) -> str:
    """Casefold and strip accents, keeping å, ä and ö as letters of their own."""
    text = unicodedata.normalize("NFC", text).casefold()
    if text.isascii():
        return text
    text = text.translate(_PROTECT)
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", text.translate(_RESTORE))


def split_terms(terms: str) -> list[str]:
    """The non-empty, normalised lines of a rule's terms."""
    return [t for t in (normalize(" ".join(line.split())) for line in terms.splitlines()) if t]


def terms_regex(terms: str) -> re.Pattern | None:
    """One regular expression matching any of the terms as whole words (in normalised text)."""
    parts = [r"\s+".join(re.escape(word) for word in term.split(" ")) for term in split_terms(terms)]
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


# --- validating a regular expression ---------------------------------------------------------------------

_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None))


def _walk(parsed):
    """Yield (op, av) for every node of a parsed pattern, depth first."""
    for op, av in parsed:
        yield op, av
        if op in _REPEATS:
            yield from _walk(av[2])
        elif op is sre_parse.SUBPATTERN:
            yield from _walk(av[-1])
        elif op is sre_parse.BRANCH:
            for branch in av[1]:
                yield from _walk(branch)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            yield from _walk(av[1])
        elif op is getattr(sre_parse, "ATOMIC_GROUP", None):
            yield from _walk(av)
        elif op is sre_parse.GROUPREF_EXISTS:
            for part in av[1:]:
                if part is not None:
                    yield from _walk(part)


def _is_risky_repeat(av) -> bool:
    """A repeat whose body can match the same text in several ways: it repeats or branches itself."""
    low, high, body = av
    if high != sre_parse.MAXREPEAT and high <= LONG_REPEAT:
        return False
    for op, inner in _walk(body):
        if op in _REPEATS and (inner[1] == sre_parse.MAXREPEAT or inner[1] > 1):
            return True
        if op is sre_parse.BRANCH:
            return True
    return False


def validate_pattern(pattern: str) -> re.Pattern | None:
    """The compiled pattern, or ValidationError with a Swedish sentence saying what to change."""
    if not pattern:
        return None
    if len(pattern) > PATTERN_MAX:
        raise ValidationError(
            _("Det reguljära uttrycket får vara högst %(max)s tecken. Korta det eller använd ord och fraser i stället.")
            % {"max": PATTERN_MAX}
        )
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
        compiled = re.compile(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as error:
        raise ValidationError(
            _("Det reguljära uttrycket går inte att läsa (%(error)s). Rätta det eller lämna fältet tomt.")
            % {"error": error}
        ) from None
    unbounded = 0
    for op, av in _walk(parsed):
        if op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
            raise ValidationError(
                _(
                    "Det reguljära uttrycket får inte hänvisa tillbaka till en grupp (\\1). Skriv om det utan hänvisning."
                )
            )
        if op in _REPEATS:
            if av[1] == sre_parse.MAXREPEAT or av[1] > LONG_REPEAT:
                unbounded += 1
            if _is_risky_repeat(av):
                raise ValidationError(
                    _(
                        "Det reguljära uttrycket kan ta orimligt lång tid (en upprepad grupp som själv upprepas "
                        "eller har alternativ, t.ex. (a+)+). Skriv om det utan nästlade upprepningar."
                    )
                )
    if unbounded > 1:
        raise ValidationError(
            _(
                "Det reguljära uttrycket har för många obegränsade upprepningar (* eller +). Använd högst en, "
                "och begränsa de andra, t.ex. \\w{0,5}."
            )
        )
    return compiled


# --- matching --------------------------------------------------------------------------------------------


@dataclass
class Matcher:
    """One rule, compiled: what it looks for and where, and the tags it gives or takes away."""

    rule_id: int | None
    exclude: bool
    title_only: bool
    terms: re.Pattern | None
    pattern: re.Pattern | None
    source_ids: frozenset[int]
    targets: dict[str, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, rule: Rule, *, source_ids=None, targets=None) -> Matcher:
        try:
            pattern = validate_pattern(rule.pattern)
        except ValidationError:
            pattern = None  # a stored pattern that no longer passes never runs
        return cls(
            rule_id=rule.pk,
            exclude=rule.mode == Rule.Mode.EXCLUDE,
            title_only=rule.fields == Rule.Fields.TITLE,
            terms=terms_regex(rule.terms),
            pattern=pattern,
            source_ids=frozenset(source_ids or ()),
            targets=targets or {},
        )

    def matches(self, source_id: int, title: str, text: str, cache: dict | None = None) -> bool:
        """Whether the rule matches this item (`cache` keeps the normalised text between rules)."""
        if self.source_ids and source_id not in self.source_ids:
            return False
        haystack = title if self.title_only else f"{title}\n{text}"
        if self.terms is not None:
            if cache is None:
                norm = normalize(haystack)
            else:
                norm = cache.get(self.title_only)
                if norm is None:
                    norm = cache[self.title_only] = normalize(haystack)
            if self.terms.search(norm):
                return True
        return self.pattern is not None and self.pattern.search(haystack[:PATTERN_TEXT_MAX]) is not None


def _active_matchers() -> list[Matcher]:
    """Every active rule compiled, with its sources and targets (six queries whatever the number of rules)."""
    rules = Rule.objects.filter(is_active=True).prefetch_related(
        Prefetch("sources", queryset=Source.objects.only("pk")), *TAG_FIELDS
    )
    return [
        Matcher.build(
            rule,
            source_ids=[s.pk for s in rule.sources.all()],
            targets={name: frozenset(o.pk for o in getattr(rule, name).all()) for name in TAG_FIELDS},
        )
        for rule in rules
    ]


def compute_tags(matchers: list[Matcher], source_id: int, title: str, text: str) -> dict[str, set[int]]:
    """The tags the rules give one item: include rules add, then exclude rules take away."""
    tags: dict[str, set[int]] = {name: set() for name in TAG_FIELDS}
    cache: dict = {}
    excludes = []
    for matcher in matchers:
        if matcher.exclude:
            excludes.append(matcher)
        elif matcher.matches(source_id, title, text, cache):
            for name in TAG_FIELDS:
                tags[name] |= matcher.targets.get(name, frozenset())
    for matcher in excludes:
        if any(tags.values()) and matcher.matches(source_id, title, text, cache):
            if any(matcher.targets.get(name) for name in TAG_FIELDS):
                for name in TAG_FIELDS:
                    tags[name] -= matcher.targets.get(name, frozenset())
            else:
                tags = {name: set() for name in TAG_FIELDS}
    return tags


def tag_items(items, *, matchers: list[Matcher] | None = None) -> int:
    """Set the rule tags of these saved items from every active rule; returns how many items got any tag.

    A constant number of queries for any number of items and rules: the rules with their targets (six, skipped
    when `matchers` is given), then per tag field one DELETE of the items' old tags and one bulk INSERT.
    """
    items = list(items)
    if not items:
        return 0
    if matchers is None:
        matchers = _active_matchers()
    ids = [item.pk for item in items]
    rows: dict[str, list] = {name: [] for name in TAG_FIELDS}
    tagged = 0
    for item in items:
        tags = compute_tags(matchers, item.source_id, item.title, item.text)
        if any(tags.values()):
            tagged += 1
        for name in TAG_FIELDS:
            through = getattr(Item, name).through
            target_column = getattr(Item, name).field.m2m_reverse_field_name() + "_id"
            rows[name].extend(through(item_id=item.pk, **{target_column: pk}) for pk in tags[name])
    with transaction.atomic():
        for name in TAG_FIELDS:
            through = getattr(Item, name).through
            through.objects.filter(item_id__in=ids).delete()
            if rows[name]:
                through.objects.bulk_create(rows[name], ignore_conflicts=True, batch_size=BATCH_SIZE)
    return tagged


# --- preview and applying to stored items ----------------------------------------------------------------


@dataclass
class Preview:
    """What a rule would match among the stored items: how many, and the newest of them."""

    count: int
    items: list[Item]


def preview(rule: Rule, limit: int = 50, *, source_ids=None) -> Preview:
    """The stored items a rule (saved or not) would match, newest first: the count and the first `limit`.

    An unsaved rule has no sources yet: pass the chosen ones as `source_ids`.
    """
    if source_ids is None:
        source_ids = list(rule.sources.values_list("pk", flat=True)) if rule.pk else []
    matcher = Matcher.build(rule, source_ids=source_ids)
    rows = Item.objects.order_by("-published_at", "-pk")
    if matcher.source_ids:
        rows = rows.filter(source_id__in=matcher.source_ids)
    count = 0
    first: list[int] = []
    for pk, source_id, title, text in rows.values_list("pk", "source_id", "title", "text").iterator(2000):
        if matcher.matches(source_id, title, text):
            count += 1
            if len(first) < limit:
                first.append(pk)
    by_pk = Item.objects.select_related("source").in_bulk(first)
    return Preview(count=count, items=[by_pk[pk] for pk in first if pk in by_pk])


def retag_all() -> int:
    """Recompute the tags of every stored item from the active rules, in batches; returns how many are tagged."""
    matchers = _active_matchers()
    tagged = 0
    last = 0
    while True:
        batch = list(
            Item.objects.filter(pk__gt=last).order_by("pk").only("pk", "source_id", "title", "text")[:BATCH_SIZE]
        )
        if not batch:
            return tagged
        tagged += tag_items(batch, matchers=matchers)
        last = batch[-1].pk


@task()
def retag_all_task() -> int:
    """retag_all() in the worker (enqueued when there are many items)."""
    return retag_all()


def apply_to_existing(rule: Rule) -> tuple[int, bool]:
    """Re-tag the stored items after a rule changed; returns (items the rule matches, whether queued).

    Every item is recomputed from all active rules (not only this one), so a rule that was narrowed or
    deactivated also loses the tags it gave before. Many items: the work goes to the background worker.
    """
    matched = preview(rule, limit=0).count
    if Item.objects.count() > RETAG_INLINE_MAX:
        retag_all_task.enqueue()
        return matched, True
    retag_all()
    return matched, False
