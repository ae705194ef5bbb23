"""One step of `make bench`: omvärldsbevakning (issue 5), pipeline throughput and search over 100 000 items.

Run by bench/run.py as `python bench/monitoring.py --items 100000` with DJANGO_SETTINGS_MODULE=bench.settings
and the DATABASE_URL of the database just measured; also usable on its own (see bench/README.md). It

1. writes a recorded corpus into var/bench/monitoring/ (the same bytes on every run, a fixed seed): SOURCES
   feeds, each fetched twice (two files: the second fetch repeats the last OVERLAP items of the first), in RSS
   2.0, Atom and JSON Feed in turn, Swedish and English titles and HTML summaries (links, emphasis, lists, some
   script and images that sanitising removes), a few items repeated inside a file, and some items syndicated
   (the same item in two sources' feeds: stored once per source, by design). manifest.json says how many
   entries, duplicates and distinct items there are;
2. runs the real pipeline on it in a fresh process, one Source per feed (inactive, on 127.0.0.1: nothing is
   ever fetched, no HTTP at all): fetching.parsing.read (parse), fetching.storing.store (sanitise, dedupe,
   insert) and rules.tag_items with RULES (about twenty realistic rules: Interreg, Erasmus+, EU-medel,
   utlysning, skola, turism ...). store() tags inside its transaction; here tag_items is timed apart (store
   runs with it replaced, then the real tag_items runs on the new items, as store would). Items per second
   for each stage and in all, and the process's peak resident memory (getrusage ru_maxrss);
3. seeds items up to --items (bulk_create, the same text generator, realistic lengths, tagged by the same
   rules) and measures the item list /bevakning/?q=<term> through Django's test Client as the bench
   coordinator for SEARCHES (a common word, a rare word, a Swedish word with å/ä/ö, a phrase, a word found
   nowhere, and the list without a search): median and p95 over --runs requests, the SQL queries of each
   (equal for every term that finds something), and on PostgreSQL the EXPLAIN of the search;
4. prints one JSON object.

The pipeline's sources are removed (with their items) before each run, so it always starts from nothing;
the seeded items stay, as the other benchmarks' rows do.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

SEED = 20261127
CORPUS_DIR = ROOT / "var" / "bench" / "monitoring"
COORDINATOR = "bench-samordnare"  # the same account as bench/prepare.py's
SOURCE_PREFIX = "Benchbevakning"  # the bench's sources, found again by name
SOURCE_URL = "http://127.0.0.1/bench-monitoring/{number:02d}"  # never fetched: the sources are inactive
ARCHIVE_URL = "http://127.0.0.1/bench-monitoring/arkiv-{number:02d}"
ARCHIVE_SOURCES = 20  # the seeded items are spread over these
SOURCES = 24
PER_FETCH = 460  # distinct items in each fetch
OVERLAP = 40  # the second fetch repeats the last OVERLAP items of the first
REPEATS = 10  # items repeated inside each file
SYNDICATED = 0.03  # share of items that are a copy of another source's item
FORMATS = ("rss", "atom", "json")
BULK = 2000
MEASURED_BY = "peak resident set size of the process (getrusage ru_maxrss), one fresh process per stage"

# The search terms (the item text holds them as generated below): (name, term).
RARE_WORD = "Ljusnedal"  # one village named in about 1 item in 1 000
SEARCHES = (
    ("list", ""),
    ("common", "utlysning"),
    ("rare", RARE_WORD),
    ("swedish", "näringsliv"),
    ("phrase", "cirkulär ekonomi"),
    ("none", "zyxwvutsrq"),
)

# --------------------------------------------------------------------------------------------------
# The text of the items
# --------------------------------------------------------------------------------------------------
PROGRAMMES = ("Interreg Aurora", "Interreg Nord", "Erasmus+", "Kreativa Europa", "Horisont Europa", "LIFE",
              "Europeiska socialfonden+", "Leader", "CERV", "Nordplus", "Interreg Sverige-Norge", "Fonden för en rättvis omställning")  # fmt: skip
TOPICS_SV = ("cirkulär ekonomi", "skolutveckling", "hållbar turism", "näringslivsutveckling", "integration",
             "digitalisering", "ungas delaktighet", "kulturarv", "klimatanpassning", "kollektivtrafik",
             "kompetensförsörjning", "folkhälsa", "landsbygdsutveckling", "vattenvård", "energieffektivisering",
             "demokrati", "vuxenutbildning", "friluftsliv", "besöksnäring", "biologisk mångfald")  # fmt: skip
TOPICS_EN = ("circular economy", "school development", "sustainable tourism", "business development",
             "integration", "digitalisation", "youth participation", "cultural heritage", "climate adaptation",
             "public transport", "skills", "public health", "rural development", "water management",
             "energy efficiency", "democracy", "adult education", "outdoor life", "biodiversity", "innovation")  # fmt: skip
ORGS = ("Europeiska kommissionen", "Tillväxtverket", "Region Jämtland Härjedalen", "Vinnova", "Formas",
        "Universitets- och högskolerådet", "Svenska ESF-rådet", "Jordbruksverket", "Nordiska ministerrådet",
        "Länsstyrelsen", "SKR", "Kulturrådet", "Energimyndigheten", "Naturvårdsverket")  # fmt: skip
PLACES = ("Härjedalen", "Sveg", "Funäsdalen", "Hede", "Vemdalen", "Lillhärdal", "Östersund", "Røros", "Trondheim",
          "Tännäs", "Bruksvallarna", "Ytterhogdal")  # fmt: skip
SECTORS_SV = ("skolor", "kommuner", "föreningar", "små företag", "bibliotek", "ungdomsorganisationer",
              "turismföretag", "vårdgivare")  # fmt: skip
SECTORS_EN = ("schools", "municipalities", "NGOs", "small businesses", "libraries", "youth organisations",
              "tourism businesses", "regions")  # fmt: skip
TITLES_SV = (
    "Ny utlysning: {programme} söker projekt om {topic}",
    "{org} öppnar utlysning för {sector} inom {topic}",
    "Kommunen i {place} får EU-medel till {topic}",
    "{programme}: ansökningsomgång {year} för {sector}",
    "Rapport från {org} om {topic} i glesbygd",
    "Regeringen föreslår satsning på {topic}",
    "Seminarium i {place} om {topic} och näringsliv",
    "{org}: nya regler för stöd till {sector}",
)
TITLES_EN = (
    "Call for proposals: {programme} on {topic}",
    "{programme} opens {year} call for {sector}",
    "Commission announces funding for {topic}",
    "New report on {topic} in rural regions",
    "Partner search: {sector} in {place} seek partners for {topic}",
    "Webinar on {topic} for applicants to {programme}",
)
SENTENCES_SV = (
    "Utlysningen riktar sig till {sector} som vill arbeta med {topic} tillsammans med partner i andra länder.",
    "Sista dag att ansöka är den {day} {month} {year}, och beslut väntas under hösten.",
    "Projekten kan få upp till {amount} miljoner kronor i stöd från {programme}.",
    "I {place} har flera aktörer redan visat intresse, bland annat inom besöksnäring och skola.",
    "Syftet är att stärka regionens näringsliv och skapa nya arbetstillfällen inom {topic}.",
    "Satsningen ska bidra till en cirkulär ekonomi och en hållbar utveckling av landsbygden.",
    "{org} betonar att små kommuner gärna får söka, gärna i samverkan med grannkommuner.",
    "Läs mer om villkoren och hur ansökan går till på webbplatsen.",
)
SENTENCES_EN = (
    "The call is open to {sector} working on {topic} with partners in at least two countries.",
    "The deadline for applications is {day} {month_en} {year}; results are expected in the autumn.",
    "Projects may receive up to EUR {amount} million from {programme}.",
    "The programme supports cooperation across borders in the Nordic and Arctic regions.",
    "Applicants are encouraged to involve young people and local businesses in {place}.",
    "An info day for applicants will be held online before the deadline.",
)
MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "augusti", "september", "oktober", "november")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "August", "September", "October", "November")

# About twenty rules a coordinator would write: (name, terms, pattern, mode, title only).
RULES = (
    ("Interreg", "Interreg\nInterreg Aurora\nInterreg Nord", "", "include", False),
    ("Erasmus+", "Erasmus+\nErasmus\nUniversitets- och högskolerådet", "", "include", False),
    ("EU-medel", "EU-medel\nEU-stöd\nstructural funds\nEuropeiska socialfonden+", "", "include", False),
    ("Utlysningar", "utlysning\nutlysningar\nansökningsomgång\ncall for proposals", "", "include", True),
    ("Skola", "skola\nskolor\nskolutveckling\nschools\nschool development\nvuxenutbildning", "", "include", False),
    ("Turism", "turism\nbesöksnäring\nturismföretag\ntourism", "", "include", False),
    ("Näringsliv", "näringsliv\nnäringslivsutveckling\nsmå företag\nbusiness development", "", "include", False),
    ("Kultur", "kulturarv\nKreativa Europa\nbibliotek\ncultural heritage\nlibraries", "", "include", False),
    (
        "Klimat och miljö",
        "klimatanpassning\nbiologisk mångfald\nLIFE\nclimate adaptation\nbiodiversity",
        "",
        "include",
        False,
    ),  # fmt: skip
    ("Cirkulär ekonomi", "cirkulär ekonomi\ncircular economy", "", "include", False),
    ("Ungdom", "ungas delaktighet\nungdomsorganisationer\nyouth participation\nyoung people", "", "include", False),
    ("Digitalisering", "digitalisering\ndigitalisation", "", "include", False),
    ("Integration", "integration", "", "include", False),
    ("Folkhälsa", "folkhälsa\npublic health\nvårdgivare", "", "include", False),
    ("Landsbygd", "landsbygd\nlandsbygdsutveckling\nglesbygd\nrural development\nLeader", "", "include", False),
    ("Energi", "energieffektivisering\nEnergimyndigheten\nenergy efficiency", "", "include", False),
    ("Härjedalen", "Härjedalen\nSveg\nFunäsdalen\nHede\nVemdalen\nLillhärdal", "", "include", False),
    ("Norge", "", r"\b(Røros|Trondheim|Norge|Norway)\b", "include", False),
    ("Belopp", "", r"\b\d+ miljoner kronor\b", "include", False),
    ("Sista ansökningsdag", "", r"sista dag att ansöka|deadline", "include", False),
    ("Inte seminarier", "seminarium\nwebinar", "", "exclude", True),
)


def _fill(template: str, rng: random.Random, swedish: bool) -> str:
    return template.format(
        programme=rng.choice(PROGRAMMES),
        topic=rng.choice(TOPICS_SV if swedish else TOPICS_EN),
        org=rng.choice(ORGS),
        sector=rng.choice(SECTORS_SV if swedish else SECTORS_EN),
        place=rng.choice(PLACES),
        year=rng.choice((2025, 2026, 2027)),
        day=rng.randrange(1, 29),
        month=rng.choice(MONTHS_SV),
        month_en=rng.choice(MONTHS_EN),
        amount=rng.randrange(1, 40),
    )


def make_item(rng: random.Random, number: int) -> dict:
    """One item as a feed would give it: guid, link, title, summary HTML, date and language."""
    swedish = rng.random() < 0.7
    title = _fill(rng.choice(TITLES_SV if swedish else TITLES_EN), rng, swedish)
    sentences = SENTENCES_SV if swedish else SENTENCES_EN
    paragraphs = []
    for _paragraph in range(rng.randrange(1, 4)):
        text = " ".join(_fill(rng.choice(sentences), rng, swedish) for _s in range(rng.randrange(2, 5)))
        paragraphs.append(f"<p>{text}</p>")
    if rng.random() < 0.001:  # the rare word: in about 1 item in 1 000
        paragraphs.append(f"<p>Informationsmöte i {RARE_WORD} den {rng.randrange(1, 29)} maj.</p>")
    if rng.random() < 0.4:
        paragraphs.append(
            f'<p>Läs mer: <a href="https://example.org/utlysning/{number}">utlysningen</a> '
            f"och <strong>villkoren</strong>.</p>"
            if swedish
            else f'<p>More: <a href="https://example.org/call/{number}">the call</a>.</p>'
        )
    if rng.random() < 0.2:
        paragraphs.append("<ul><li>" + "</li><li>".join(rng.sample(PLACES, 3)) + "</li></ul>")
    if rng.random() < 0.05:  # what sanitising removes
        paragraphs.append('<script>alert("x")</script><img src="https://example.org/t.gif" onerror="x()">')
    published = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=rng.randrange(0, 3 * 365 * 24 * 60)
    )
    return {
        "guid": f"urn:bench:item:{number}",
        "link": f"https://nyheter.example.org/{'sv' if swedish else 'en'}/{number}",
        "title": title,
        "summary": "".join(paragraphs),
        "published": published,
        "language": "sv" if swedish else "en",
        "with_guid": rng.random() > 0.1,  # in RSS, one item in ten has only a link
    }


# --------------------------------------------------------------------------------------------------
# The recorded corpus
# --------------------------------------------------------------------------------------------------
def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def render_feed(kind: str, number: int, items: list[dict]) -> tuple[bytes, str]:
    """The feed file of one fetch and its content type."""
    if kind == "json":
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": f"{SOURCE_PREFIX} {number:02d}",
            "language": "sv",
            "items": [
                {
                    "id": item["guid"],
                    "url": item["link"],
                    "title": item["title"],
                    "content_html": item["summary"],
                    "date_published": item["published"].isoformat(),
                    "language": item["language"],
                }
                for item in items
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode(), "application/feed+json"
    if kind == "atom":
        entries = "".join(
            f'<entry xml:lang="{item["language"]}"><id>{_escape(item["guid"])}</id>'
            f'<link rel="alternate" href="{_escape(item["link"])}"/><title>{_escape(item["title"])}</title>'
            f'<summary type="html">{_escape(item["summary"])}</summary>'
            f"<published>{item['published'].isoformat()}</published></entry>\n"
            for item in items
        )
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">'
            f"<title>{SOURCE_PREFIX} {number:02d}</title><id>urn:bench:feed:{number}</id>\n{entries}</feed>\n"
        )
        return body.encode(), "application/atom+xml; charset=utf-8"
    entries = "".join(
        "<item>"
        + (f'<guid isPermaLink="false">{_escape(item["guid"])}</guid>' if item["with_guid"] else "")
        + f"<link>{_escape(item['link'])}</link><title>{_escape(item['title'])}</title>"
        f"<description>{_escape(item['summary'])}</description>"
        f"<pubDate>{item['published'].strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>\n"
        for item in items
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{SOURCE_PREFIX} {number:02d}</title><link>https://nyheter.example.org/</link><language>sv</language>\n"
        f"{entries}</channel></rss>\n"
    )
    return body.encode(), "application/rss+xml; charset=utf-8"


def corpus_plan(sources: int = SOURCES, per_fetch: int = PER_FETCH, overlap: int = OVERLAP, repeats: int = REPEATS):
    """The items of every fetch: [(source number, format, fetch, [item dicts])], the same on every run."""
    rng = random.Random(SEED)
    pools = []
    number = 0
    for _source in range(sources):
        pool = []
        for _index in range(2 * per_fetch - overlap):
            number += 1
            pool.append(make_item(rng, number))
        pools.append(pool)
    originals = [list(pool) for pool in pools]
    for source, pool in enumerate(pools):  # syndication: some items are another source's, word for word
        copied = set()
        for index in range(len(pool)):
            if sources > 1 and rng.random() < SYNDICATED:
                other = originals[(source + rng.randrange(1, sources)) % sources]
                item = other[rng.randrange(len(other))]
                if item["guid"] not in copied:  # each at most once per source
                    copied.add(item["guid"])
                    pool[index] = item
    plan = []
    for source, pool in enumerate(pools):
        fetches = (pool[:per_fetch], pool[per_fetch - overlap :])
        for fetch, items in enumerate(fetches, start=1):
            items = list(items)
            for _repeat in range(repeats):  # the same item twice in one file
                position = rng.randrange(len(items) + 1)
                items.insert(position, items[rng.randrange(len(items))])
            plan.append((source + 1, FORMATS[source % len(FORMATS)], fetch, items))
    return plan


def write_corpus(directory: Path = CORPUS_DIR, **sizes) -> dict:
    """Write the feed files and manifest.json; returns the manifest (files, entries, duplicates, distinct items)."""
    directory.mkdir(parents=True, exist_ok=True)
    plan = corpus_plan(**sizes)
    files = []
    seen_in_source: dict[int, set[str]] = {}
    entries = within = across_fetches = 0
    for source, kind, fetch, items in plan:
        body, content_type = render_feed(kind, source, items)
        name = f"source-{source:02d}-fetch-{fetch}.{'json' if kind == 'json' else 'xml'}"
        (directory / name).write_bytes(body)
        seen = seen_in_source.setdefault(source, set())
        in_file: set[str] = set()
        for item in items:
            entries += 1
            if item["guid"] in in_file:
                within += 1
            elif item["guid"] in seen:
                across_fetches += 1
            in_file.add(item["guid"])
        seen |= in_file
        files.append(
            {"name": name, "source": source, "format": kind, "content_type": content_type, "entries": len(items)}
        )
    distinct = sum(len(seen) for seen in seen_in_source.values())
    guids = [guid for seen in seen_in_source.values() for guid in seen]
    manifest = {
        "seed": SEED,
        "sources": len(seen_in_source),
        "files": files,
        "entries": entries,
        "duplicates_within_file": within,
        "duplicates_across_fetches": across_fetches,
        "syndicated": len(guids) - len(set(guids)),  # in two sources' feeds: stored once in each
        "distinct_items": distinct,
        "bytes": sum((directory / f["name"]).stat().st_size for f in files),
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


# --------------------------------------------------------------------------------------------------
# Rules and sources
# --------------------------------------------------------------------------------------------------
def ensure_rules() -> int:
    """RULES as Rule rows (made once), each tagging a unit and an objective of the policy when there are any."""
    from utblick.monitoring.models import Rule
    from utblick.organisation.models import OrgUnit
    from utblick.policy.models import Objective

    units = list(OrgUnit.objects.order_by("pk").values_list("pk", flat=True))
    objectives = list(Objective.objects.order_by("pk").values_list("pk", flat=True))
    for index, (name, terms, pattern, mode, title_only) in enumerate(RULES):
        rule, created = Rule.objects.get_or_create(
            name=f"Bench: {name}",
            defaults={"terms": terms, "pattern": pattern, "mode": mode, "fields": "title" if title_only else "all"},
        )
        if created and mode == "include":
            if units:
                rule.units.set([units[index % len(units)]])
            if objectives:
                rule.objectives.set([objectives[index % len(objectives)]])
    return Rule.objects.filter(name__startswith="Bench: ", is_active=True).count()


def fresh_sources(count: int):
    """The pipeline's sources, empty: the earlier run's are removed with their items."""
    from utblick.monitoring.models import Source

    Source.objects.filter(url__startswith=SOURCE_URL.split("{")[0], name__startswith=SOURCE_PREFIX).exclude(
        url__contains="arkiv"
    ).delete()
    return {
        number: Source.objects.create(
            name=f"{SOURCE_PREFIX} {number:02d}", url=SOURCE_URL.format(number=number), is_active=False
        )
        for number in range(1, count + 1)
    }


# --------------------------------------------------------------------------------------------------
# Measuring the pipeline
# --------------------------------------------------------------------------------------------------
def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _per_second(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def measure_pipeline(directory: Path = CORPUS_DIR) -> dict:
    """Parse, store and tag every file of the corpus (fetch 1 of every source, then fetch 2): seconds, items/s."""
    import django

    django.setup()
    from unittest import mock

    from django.db import connection

    from utblick.monitoring import rules
    from utblick.monitoring.fetching import parsing, storing
    from utblick.monitoring.models import Item

    manifest = json.loads((directory / "manifest.json").read_text())
    rule_count = ensure_rules()
    sources = fresh_sources(manifest["sources"])
    rss_before = peak_rss_mb()
    files = sorted(manifest["files"], key=lambda f: (f["name"].rsplit("-", 1)[-1], f["source"]))  # fetch 1 first
    seconds = {"read": 0.0, "parse": 0.0, "store": 0.0, "tag": 0.0}
    parsed_count = stored = tagged = 0
    formats: dict[str, int] = {}
    handed_to_tag: list = []

    def collect(items, **kwargs):  # store() tags in its transaction; here that is timed apart, just after
        handed_to_tag.extend(items)
        return 0

    for entry in files:
        source = sources[entry["source"]]
        started = time.perf_counter()
        body = (directory / entry["name"]).read_bytes()
        read_done = time.perf_counter()
        result = parsing.read(body, entry["content_type"], source.url, source)
        parsed = time.perf_counter()
        handed_to_tag.clear()
        with mock.patch.object(rules, "tag_items", collect):
            new_items = storing.store(source, result.items)
        stored_at = time.perf_counter()
        tagged += rules.tag_items(list(handed_to_tag))
        done = time.perf_counter()
        seconds["read"] += read_done - started
        seconds["parse"] += parsed - read_done
        seconds["store"] += stored_at - parsed
        seconds["tag"] += done - stored_at
        parsed_count += len(result.items)
        stored += len(new_items)
        formats[result.format] = formats.get(result.format, 0) + len(result.items)
    total = seconds["parse"] + seconds["store"] + seconds["tag"]
    in_database = Item.objects.filter(source__in=sources.values()).count()
    return {
        "database": connection.vendor,
        "files": len(files),
        "rules": rule_count,
        "entries": manifest["entries"],
        "parsed": parsed_count,
        "formats": formats,
        "stored": stored,
        "stored_in_database": in_database,
        "expected_distinct": manifest["distinct_items"],
        "duplicates_dropped": parsed_count - stored,
        "tagged": tagged,
        "seconds": {name: round(value, 3) for name, value in seconds.items()} | {"total": round(total, 3)},
        # parse and store handle every entry of the files, tag the stored ones; in all: entries per second.
        "items_per_second": {
            "parse": _per_second(parsed_count, seconds["parse"]),
            "store": _per_second(parsed_count, seconds["store"]),
            "tag": _per_second(stored, seconds["tag"]),
            "total": _per_second(parsed_count, total),
        },
        "peak_rss_mb_before": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


# --------------------------------------------------------------------------------------------------
# Seeding up to N items, and measuring the search
# --------------------------------------------------------------------------------------------------
def seed_items(wanted: int) -> dict:
    """Items up to `wanted` in all (bulk_create over ARCHIVE_SOURCES sources), tagged by the rules."""
    from django.db import connection, transaction

    from utblick.monitoring.fetching.parsing import plain
    from utblick.monitoring.fetching.storing import content_hash, sanitise
    from utblick.monitoring.models import Item, Source
    from utblick.monitoring.rules import _active_matchers, tag_items

    started = time.perf_counter()
    ensure_rules()
    existing = Item.objects.count()
    missing = wanted - existing
    if missing > 0:
        archive = [
            Source.objects.get_or_create(
                url=ARCHIVE_URL.format(number=number),
                defaults={"name": f"{SOURCE_PREFIX} arkiv {number:02d}", "is_active": False},
            )[0]
            for number in range(1, ARCHIVE_SOURCES + 1)
        ]
        rng = random.Random(SEED + existing)
        matchers = _active_matchers()
        first = 10_000_000 + existing  # guids apart from the corpus's
        for start in range(0, missing, BULK):
            batch = []
            for offset in range(min(BULK, missing - start)):
                raw = make_item(rng, first + start + offset)
                summary = sanitise(raw["summary"])
                batch.append(
                    Item(
                        source=archive[(start + offset) % len(archive)],
                        guid=raw["guid"],
                        link=raw["link"],
                        title=raw["title"],
                        summary=summary,
                        text=f"{raw['title']}\n{plain(summary)}",
                        published_at=raw["published"],
                        language=raw["language"],
                        content_hash=content_hash(raw["title"], raw["link"], summary),
                    )
                )
            with transaction.atomic():
                created = Item.objects.bulk_create(batch)
                if any(item.pk is None for item in created):
                    ids = dict(Item.objects.filter(guid__in=[i.guid for i in created]).values_list("guid", "pk"))
                    for item in created:
                        item.pk = ids[item.guid]
                tag_items(created, matchers=matchers)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does soon after a bulk load (VACUUM cannot run in a transaction: the tests' one).
            cursor.execute(
                "ANALYZE monitoring_item" if connection.in_atomic_block else "VACUUM ANALYZE monitoring_item"
            )
    return {
        "items": Item.objects.count(),
        "items_added": max(missing, 0),
        "seconds": round(time.perf_counter() - started, 1),
    }


def coordinator():
    """The benchmark's coordinator (samordnare in NUK: sees and triages every item)."""
    from django.contrib.auth import get_user_model

    from utblick.core.roles import Role
    from utblick.organisation.models import Membership, OrgUnit

    user, _created = get_user_model().objects.get_or_create(username=COORDINATOR)
    Membership.objects.get_or_create(user=user, unit=OrgUnit.objects.get(code="nuk"), role=Role.SAMORDNARE)
    return user


def page_client(user):
    """Django's test Client, logged in as `user`, asking for a host the settings allow."""
    from django.conf import settings
    from django.test import Client

    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"]
    client = Client(HTTP_HOST=hosts[0] if hosts else "127.0.0.1")
    client.force_login(user)
    return client


def search_url(term: str) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return reverse("monitoring:items") + (f"?{urlencode({'q': term})}" if term else "")


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value at least `share` of the values are at or under."""
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def _explain(term: str) -> dict:
    """EXPLAIN ANALYZE of the search over all items and of its first page (PostgreSQL), with the indexes they use."""
    from django.db import connection

    from utblick.monitoring.models import Item

    if connection.vendor != "postgresql" or not term:
        return {}
    found = Item.objects.filter(text__icontains=term)
    plans = {
        "matches": found.explain(analyze=True),
        "page": found.order_by("-published_at", "-pk")[:25].explain(analyze=True),
    }
    used = sorted(
        {m for plan in plans.values() for m in re.findall(r"Index(?: Only)? Scan(?: Backward)? on (\w+)", plan)}
    )
    return {**plans, "indexes_used": used}


def measure_search(runs: int) -> dict:
    """Each search of SEARCHES `runs` times through the page (after one request unmeasured): ms and queries."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from utblick.monitoring.models import Item

    client = page_client(coordinator())
    rss_before = peak_rss_mb()
    measured = {}
    for name, term in SEARCHES:
        url = search_url(term)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # now: the next request empties the connection's log
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
        times = []
        for _run in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        measured[name] = {
            "term": term,
            "url": url,
            "matches": Item.objects.filter(text__icontains=term).count() if term else Item.objects.count(),
            "runs": runs,
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1),
            "queries": query_count,
            "bytes": len(response.content),
            "explain": _explain(term),
        }
    return {
        "database": connection.vendor,
        "items": Item.objects.count(),
        "searches": measured,
        "peak_rss_mb_before": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


# --------------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--items", type=int, default=100_000, help="items up to N for the search (default: %(default)s)"
    )
    parser.add_argument("--runs", type=int, default=20, help="requests per search term (default: %(default)s)")
    parser.add_argument("--sources", type=int, default=SOURCES, help="feeds in the corpus, 2 files each (default: 24)")
    parser.add_argument("--per-fetch", type=int, default=PER_FETCH, help="items per file (default: %(default)s)")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="where the feed files go")
    parser.add_argument("--only", choices=("reset", "pipeline", "seed", "search"), help=argparse.SUPPRESS)  # children
    args = parser.parse_args(argv)
    if args.runs < 1 or args.sources < 1 or args.per_fetch <= OVERLAP:
        parser.error(f"--runs and --sources must be at least 1, --per-fetch above {OVERLAP}")
    if args.only == "reset":  # the earlier run's sources and items, deleted apart from the measured process
        import django

        django.setup()
        print(json.dumps({"sources": len(fresh_sources(0))}))
        return 0
    if args.only == "pipeline":
        print(json.dumps(measure_pipeline(args.corpus)))
        return 0
    if args.only == "seed":
        import django

        django.setup()
        print(json.dumps(seed_items(args.items)))
        return 0
    if args.only == "search":
        print(json.dumps(measure_search(args.runs)))
        return 0

    # This process never loads Django: a child starts with the peak memory of the process that started it
    # (Linux keeps ru_maxrss across exec), so each stage runs in a process of its own.
    manifest = write_corpus(args.corpus, sources=args.sources, per_fetch=args.per_fetch)
    manifest.pop("files")
    me = [sys.executable, __file__, "--corpus", str(args.corpus)]
    reset = _child([*me, "--only", "reset"])
    pipeline = _child([*me, "--only", "pipeline"]) if reset else None
    seeded = _child([*me, "--items", str(args.items), "--only", "seed"]) if pipeline else None
    search = _child([*me, "--runs", str(args.runs), "--only", "search"]) if seeded else None
    if search is None or pipeline is None:
        return 1
    print(
        json.dumps(
            {
                "database": pipeline["database"],
                "corpus": manifest,
                "pipeline": pipeline,
                "seeded": seeded,
                "search": search,
                "memory": MEASURED_BY,
            }
        )
    )
    return 0


def _child(command) -> dict | None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        return None
    return json.loads(done.stdout)


if __name__ == "__main__":
    sys.exit(main())
