"""One step of `make bench`: many partner organisations for the search box in the header (partners issue, point 9).

Run by bench/run.py as `python bench/prepare_partners.py N` with DJANGO_SETTINGS_MODULE=bench.settings and the
DATABASE_URL of the database the engagements were measured on. It adds synthetic organisations until there
are N (plausible names, places, regions and descriptions, some with a name in their own language; the same
ones on every run), gathers the planner's statistics on PostgreSQL, and prints one JSON object on stdout:
  organisations  how many there are
  cookie         the session cookie of a coordinator (bench/prepare.py makes the account)
  terms          per kind of search (word, partial, unaccented, typo, common, none): the term and its hits
  explain        on PostgreSQL, per term: which search indexes of migration partners/0006 the plan uses
"""

import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.prepare import accounts, session_cookie  # noqa: E402
from utblick.partners.models import Organisation  # noqa: E402
from utblick.partners.search import by_relevance, search_organisations  # noqa: E402

SEED = 20261127
CHUNK = 5000
SEARCH_INDEXES = ("partners_org_search_fts", "partners_org_search_trgm", "partners_org_name_trgm")

# region -> (country, places). 120 places, so a place's name is in about 0.8 % of the organisations.
REGIONS = {
    "Trøndelag": ("NO", "Røros Tydal Holtålen Steinkjer Levanger Stjørdal Oppdal Selbu Meråker Frosta"),
    "Nordland": ("NO", "Bodø Narvik Mosjøen Mo Fauske Sortland Svolvær Brønnøysund Sandnessjøen Vefsn"),
    "Troms": ("NO", "Tromsø Harstad Finnsnes Målselv Bardu Lyngen Skjervøy Balsfjord Storfjord Kvænangen"),
    "Innlandet": ("NO", "Hamar Lillehammer Gjøvik Kongsvinger Elverum Tynset Otta Vågå Lom Trysil"),
    "Jämtland": ("SE", "Östersund Åre Krokom Strömsund Bräcke Berg Ragunda Hammarstrand Järpen Hallen"),
    "Västernorrland": (
        "SE",
        "Sundsvall Härnösand Kramfors Sollefteå Örnsköldsvik Timrå Ånge Docksta Ullånger Nordingrå",
    ),
    "Dalarna": ("SE", "Falun Mora Leksand Rättvik Malung Sälen Orsa Älvdalen Borlänge Ludvika"),
    "Lappi": ("FI", "Rovaniemi Kemi Tornio Kittilä Sodankylä Inari Kemijärvi Salla Posio Utsjoki"),
    "Pohjanmaa": ("FI", "Vaasa Seinäjoki Kokkola Jakobstad Kristinestad Närpes Korsholm Laihia Kauhava Lapua"),
    "Tartumaa": ("EE", "Tartu Elva Kallaste Nõo Kambja Luunja Alatskivi Rõngu Puhja Ülenurme"),
    "Bayern": ("DE", "München Nürnberg Augsburg Regensburg Würzburg Passau Bamberg Kempten Füssen Garmisch"),
    "Małopolska": ("PL", "Kraków Tarnów Zakopane Nowy Sącz Oświęcim Wieliczka Bochnia Gorlice Myślenice Chrzanów"),
}
KINDS = (  # (name ending, kind, what it does)
    ("kommun", "kommun", "Kommunen"),
    ("kommune", "kommun", "Kommunen"),
    ("grundskola", "skola", "Skolan"),
    ("gymnasium", "skola", "Gymnasiet"),
    ("folkhögskola", "skola", "Folkhögskolan"),
    ("universitet", "universitet", "Universitetet"),
    ("högskola", "universitet", "Högskolan"),
    ("museum", "annan", "Museet"),
    ("bibliotek", "annan", "Biblioteket"),
    ("idrottsförening", "forening", "Föreningen"),
    ("hembygdsförening", "forening", "Föreningen"),
    ("turistbyrå", "annan", "Turistbyrån"),
    ("energi AB", "foretag", "Företaget"),
    ("Bygg AB", "foretag", "Företaget"),
    ("näringslivsråd", "annan", "Rådet"),
)
PREFIXES = ("", "", "", "", "Norra", "Södra", "Östra", "Västra", "Nya", "Stora")
TOPICS = [
    "hållbar turism",
    "digital undervisning",
    "äldreomsorg i glesbygd",
    "fjällräddning",
    "lokal matproduktion",
    "förnybar energi",
    "ungas inflytande",
    "integration",
    "läsfrämjande",
    "folkmusik",
    "skidsport",
    "vattenvård",
    "kompetensförsörjning",
    "cykelturism",
    "entreprenörskap",
    "samisk kultur",
    "renskötsel",
    "kulturarv",
    "gruvhistoria",
    "skogsbruk",
    "vattenkraft",
    "kollektivtrafik",
    "bredband",
    "folkhälsa",
    "idrottsevenemang",
    "friluftsliv",
    "hantverk",
    "konsthantverk",
    "körsång",
    "teater",
    "filmproduktion",
    "lärarutbyte",
    "elevutbyte",
    "yrkesutbildning",
    "språkundervisning",
    "klimatanpassning",
    "biologisk mångfald",
    "besöksnäring",
    "glesbygdsmedicin",
    "räddningstjänst",
]
NATIVE = {"NO": "kommune", "FI": "kunta", "EE": "vald", "DE": "Gemeinde", "PL": "gmina", "SE": ""}


def synthetic(number: int, rng: random.Random) -> Organisation:
    region = rng.choice(list(REGIONS))
    country, places = REGIONS[region]
    place = rng.choice(places.split())
    ending, kind, subject = rng.choice(KINDS)
    name = " ".join(part for part in (rng.choice(PREFIXES), place, ending) if part)
    if rng.random() < 0.5:  # many places have several schools, museums …: tell them apart
        name += f" {number % 97 + 1}"
    first, second = rng.sample(TOPICS, 2)
    description = (
        f"{subject} i {place} samarbetar med partner i {region} om {first} och {second}. "
        f"Kontakt sedan {2000 + number % 26}; gemensamma projekt och studiebesök."
    )
    native = f"{place} {NATIVE[country]}" if NATIVE[country] and kind == "kommun" else ""
    return Organisation(
        name=name,
        native_name=native,
        country=country,
        kind=kind,
        region=region,
        city=place,
        description=description,
    )


def seed(total: int) -> int:
    existing = Organisation.objects.count()
    rng = random.Random(SEED)
    for start in range(existing, total, CHUNK):
        batch = [synthetic(number, rng) for number in range(start, min(start + CHUNK, total))]
        Organisation.objects.bulk_create(batch, batch_size=CHUNK)
    return Organisation.objects.count()


def analyze() -> None:
    """As in bench/prepare.py: PostgreSQL's statistics after a bulk load, as autovacuum gathers them soon after."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE partners_organisation")


TERMS = {  # kind of search -> term
    "word": "Steinkjer",  # a place: about 0.8 % of the organisations
    "partial": "steinkj",  # the start of it, as someone types it
    "unaccented": "tromso",  # Tromsø, typed without ø
    "typo": "Steinkjre",  # a misspelt place
    "common": "kommun",  # in about 15 % of the names: many rows to rank
    "none": "kvantfysik",  # nothing at all
}


def explain(term: str) -> dict:
    if connection.vendor != "postgresql":
        return {}
    plan = by_relevance(search_organisations(Organisation.objects.all(), term))[:20].explain()
    return {"term": term, "plan": plan, "indexes_used": [name for name in SEARCH_INDEXES if name in plan]}


def main():
    total = int(sys.argv[1])
    coordinator, _admin = accounts()
    count = seed(total)
    analyze()
    terms = {
        key: {"term": term, "matches": search_organisations(Organisation.objects.all(), term).count()}
        for key, term in TERMS.items()
    }
    result = {
        "organisations": count,
        "cookie": session_cookie(coordinator),
        "terms": terms,
        "explain": {key: explain(term) for key, term in TERMS.items()},
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
