"""The demo's fixed data: people, partner organisations, accounts, and the builder of the demo engagements."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from utblick.core.roles import Role
from utblick.engagements.demo.engagements_data import _RAW
from utblick.engagements.models import Kind, Status
from utblick.organisation.models import Person
from utblick.partners.models import Organisation

POLICY_FILE = Path(settings.BASE_DIR) / "policies" / "harjedalen.yaml"
SEED = 20150616  # fixed: the same demo every run
SYSTEM_USERNAME = "demodata"  # the account the demo data is written by; deactivated afterwards
EMAIL_DOMAIN = "harjedalen.example"

# The path an engagement walks through its life (rules.NEXT), in order.
LIFE = (Status.IDEA, Status.ASSESSED, Status.DECIDED, Status.ONGOING, Status.FINISHED, Status.FOLLOWED_UP)

# ---------------------------------------------------------------------------------------------------
# People in the municipality (organisation.Person). Keys are used by the engagements and the accounts.
# ---------------------------------------------------------------------------------------------------
F, T = Person.Kind.FORTROENDEVALD, Person.Kind.TJANSTEMAN


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    kind: str
    title: str
    unit: str

    @property
    def email(self) -> str:
        plain = self.name.lower().translate(str.maketrans("åäöéü -", "aaoeu.-"))
        return f"{plain}@{EMAIL_DOMAIN}"


PEOPLE = (
    DemoPerson("ks_chair", "Anna-Karin Sjödin", F, "Kommunstyrelsens ordförande", "ks"),
    DemoPerson("ks_vice", "Mats Halvarsson", F, "Kommunstyrelsens vice ordförande", "ks"),
    DemoPerson("ks_culture", "Jonas Mårtensson", F, "Ledamot i kommunstyrelsen, kultur- och fritidsfrågor", "ks"),
    DemoPerson("per", "Per Nilsson", F, "Ordförande i Barn- och utbildningsnämnden", "bun"),
    DemoPerson("bun_vice", "Elin Bergqvist", F, "Vice ordförande i Barn- och utbildningsnämnden", "bun"),
    DemoPerson("sn_chair", "Gunnel Persson", F, "Socialnämndens ordförande", "sn"),
    DemoPerson("mbn_chair", "Lars-Erik Dahl", F, "Miljö- och byggnämndens ordförande", "mbn"),
    DemoPerson("sara", "Sara Lindqvist", T, "Internationell samordnare", "nuk"),
    DemoPerson("nuk_chief", "Johan Ek", T, "Näringslivschef", "nuk"),
    DemoPerson("ceo", "Maria Öberg", T, "Kommundirektör", "klf"),
    DemoPerson("karin", "Karin Olsson", T, "Kulturutvecklare", "kultur"),
    DemoPerson("librarian", "Ahmed Haddad", T, "Bibliotekschef", "kultur"),
    DemoPerson("fredrik", "Fredrik Holm", T, "Förvaltningschef", "buf"),
    DemoPerson("hans", "Hans Eriksson", T, "Utvecklingsledare, internationalisering", "buf"),
    DemoPerson("gym_head", "Malin Sundqvist", T, "Rektor, gymnasieskolan", "gymnasiet"),
    DemoPerson("gym_teacher", "Olof Wallin", T, "Lärare i engelska och samhällskunskap", "gymnasiet"),
    DemoPerson("school_head", "Eva Strand", T, "Rektor, grundskolan i Sveg", "grundskolan"),
    DemoPerson("sof_chief", "Ingrid Larsson", T, "Socialchef", "sof"),
    DemoPerson("sof_dev", "Tomas Rönnlund", T, "Utvecklingsledare, äldreomsorgen", "sof"),
    DemoPerson("lisa", "Lisa Jonsson", T, "Socialsekreterare", "sof"),
    DemoPerson("env", "Sofia Berg", T, "Miljöstrateg", "mbf"),
)

# ---------------------------------------------------------------------------------------------------
# Partner organisations (partners.Organisation)
# ---------------------------------------------------------------------------------------------------
OK = Organisation.Kind


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    country: str
    kind: str
    city: str


ORGANISATIONS = (
    DemoOrganisation("roros", "Røros kommune", "NO", OK.KOMMUN, "Røros"),
    DemoOrganisation("tydal", "Tydal kommune", "NO", OK.KOMMUN, "Tydal"),
    DemoOrganisation("holtalen", "Holtålen kommune", "NO", OK.KOMMUN, "Ålen"),
    DemoOrganisation("trondelag", "Trøndelag fylkeskommune", "NO", OK.REGION, "Steinkjer"),
    DemoOrganisation("roros_vgs", "Røros videregående skole", "NO", OK.SKOLA, "Røros"),
    DemoOrganisation("destinasjon_roros", "Destinasjon Røros", "NO", OK.FORETAG, "Røros"),
    DemoOrganisation(
        "ntnu", "NTNU – Norges teknisk-naturvitenskapelige universitet", "NO", OK.UNIVERSITET, "Trondheim"
    ),
    DemoOrganisation("saemien_sijte", "Saemien Sijte – sørsamisk museum og kultursenter", "NO", OK.ANNAN, "Snåsa"),
    DemoOrganisation("sotkamo", "Sotkamon kunta", "FI", OK.KOMMUN, "Sotkamo"),
    DemoOrganisation("sotkamo_lukio", "Sotkamon lukio", "FI", OK.SKOLA, "Sotkamo"),
    DemoOrganisation("kainuu", "Kainuun hyvinvointialue", "FI", OK.REGION, "Kajaani"),
    DemoOrganisation("winterberg_school", "Sekundarschule Winterberg", "DE", OK.SKOLA, "Winterberg"),
    DemoOrganisation("sauerland_resorts", "Hochsauerland Resorts GmbH", "DE", OK.FORETAG, "Winterberg"),
    DemoOrganisation("pad", "Pädagogischer Austauschdienst (PAD)", "DE", OK.MYNDIGHET, "Bonn"),
    DemoOrganisation("messe_berlin", "Messe Berlin (Internationale Grüne Woche)", "DE", OK.FORETAG, "Berlin"),
    DemoOrganisation("highland", "The Highland Council", "GB", OK.REGION, "Inverness"),
    DemoOrganisation("cairngorms", "Cairngorms National Park Authority", "GB", OK.MYNDIGHET, "Grantown-on-Spey"),
    DemoOrganisation("tartu_social", "Tartu linnavalitsuse sotsiaal- ja tervishoiuosakond", "EE", OK.KOMMUN, "Tartu"),
    DemoOrganisation("otepaa", "Otepää vald", "EE", OK.KOMMUN, "Otepää"),
    DemoOrganisation("otepaa_school", "Otepää Gümnaasium", "EE", OK.SKOLA, "Otepää"),
    DemoOrganisation("sigulda", "Siguldas novada pašvaldība", "LV", OK.KOMMUN, "Sigulda"),
    DemoOrganisation("zakopane", "Urząd Miasta Zakopane", "PL", OK.KOMMUN, "Zakopane"),
    DemoOrganisation("akureyri", "Akureyrarbær", "IS", OK.KOMMUN, "Akureyri"),
    DemoOrganisation("akureyri_school", "Brekkuskóli", "IS", OK.SKOLA, "Akureyri"),
    DemoOrganisation("arctic_circle", "Arctic Circle", "IS", OK.NATVERK, "Reykjavík"),
    DemoOrganisation("banff", "Banff Community High School", "CA", OK.SKOLA, "Banff"),
    DemoOrganisation("hakuba_school", "Hakuba High School", "JP", OK.SKOLA, "Hakuba"),
    DemoOrganisation("hakuba", "Hakuba Village", "JP", OK.KOMMUN, "Hakuba"),
    DemoOrganisation("cor", "Europeiska regionkommittén", "BE", OK.EU_ORGAN, "Bryssel"),
    DemoOrganisation("mittsverige", "Mittsverigekontoret i Bryssel", "BE", OK.NATVERK, "Bryssel"),
    DemoOrganisation("funasfjallen", "Destination Funäsfjällen", "SE", OK.FORETAG, "Funäsdalen"),
    DemoOrganisation("efns", "Europaforum Norra Sverige", "SE", OK.NATVERK, ""),
)

# Swedish country names for the justifications (all the demo's British partners are in Scotland).
COUNTRY_NAMES = {
    "NO": "Norge",
    "FI": "Finland",
    "DE": "Tyskland",
    "GB": "Skottland",
    "EE": "Estland",
    "LV": "Lettland",
    "PL": "Polen",
    "IS": "Island",
    "CA": "Kanada",
    "JP": "Japan",
    "BE": "Belgien",
    "SE": "Sverige",
}

# ---------------------------------------------------------------------------------------------------
# Demo accounts (setup_demo): user name, role, unit code, person key (None: no Person), name if no person
# ---------------------------------------------------------------------------------------------------
ACCOUNTS = (
    ("sara", Role.SAMORDNARE, "nuk", "sara", ""),
    ("fredrik", Role.FORVALTNINGSCHEF, "buf", "fredrik", ""),
    ("hans", Role.HANDLAGGARE, "buf", "hans", ""),
    ("karin", Role.HANDLAGGARE, "kultur", "karin", ""),
    ("per", Role.FORTROENDEVALD, "bun", "per", ""),
    ("lisa", Role.LASARE, "sof", "lisa", ""),
    ("erik", Role.EXTERN, "nuk", None, "Erik Westin"),
)
ADMIN_USERNAME = "admin"


# ---------------------------------------------------------------------------------------------------
# Engagements
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoDecision:
    body: str
    decided_on: datetime.date
    diary_number: str
    description: str


@dataclass(frozen=True)
class DemoEngagement:
    """One demo engagement as it should end up, plus the path it took (cancelled_from, archive_reason)."""

    title: str
    kind: str
    unit: str
    status: str
    start: datetime.date
    end: datetime.date | None
    summary: str
    purpose: str
    unit_goal: str
    added_value: str
    benefits: str  # letters: k = kommunen, f = företag, i = invånare
    objectives: tuple[str, ...]
    areas: tuple[str, ...]
    partners: tuple[tuple[str, str], ...]  # (organisation key, Participation.Role)
    politician: str | None
    officer: str | None
    criteria: tuple[tuple[str, str], ...] = ()  # (criterion code, justification)
    decision: DemoDecision | None = None
    implementation: str = ""
    results: str = ""
    dissemination: str = ""
    scope: str = "unit"
    secrecy_ground: str = ""
    cancel_reason: str = ""
    cancelled_from: str = ""  # the last state reached before it was cancelled
    archive_reason: str = ""

    @property
    def reached(self) -> str:
        """The furthest state on the path Idé → Avslutad that the engagement went through."""
        return self.cancelled_from or self.status


# Standard justifications, used when a record names only the criterion code.
_JUSTIFICATIONS = {
    "P1": "Kontakten med {partners} är långsiktig och kan användas av kommunen i fler sammanhang än detta.",
    "P2": "Samarbetet sker med {partners} i {countries}, en europeisk region med liknande förutsättningar som "
    "Härjedalen.",
    "P3": "Vi har samarbetat med {partners} tidigare; kontakterna och förtroendet finns redan.",
    "P4": "Verksamheten får nya arbetssätt och kompetensutveckling för personalen genom utbytet.",
    "P5": "Ger ett konkret utbyte för verksamheten och kan stärka företagen i Härjedalen.",
    "P6": "Lokala företag, föreningar och skolor har visat intresse och kan delta.",
    "P7": "Ger omvärldsbevakning och kunskap som sprids vidare inom kommunen.",
}

# Which body decides, by the unit that owns the engagement: (full name, diary prefix).
_BODIES = {
    "ks": ("Kommunstyrelsen", "KS"),
    "nuk": ("Kommunstyrelsens arbetsutskott", "KS"),
    "kultur": ("Kommunstyrelsens arbetsutskott", "KS"),
    "buf": ("Barn- och utbildningsnämnden", "BUN"),
    "gymnasiet": ("Barn- och utbildningsnämnden", "BUN"),
    "grundskolan": ("Barn- och utbildningsnämnden", "BUN"),
    "sof": ("Socialnämnden", "SN"),
    "mbf": ("Miljö- och byggnämnden", "MBN"),
}
# Short trips, visits and conferences are decided by the head of administration on delegation.
_DELEGATED = {
    "buf": "Förvaltningschefen för Barn, utbildning och fritid (delegationsbeslut)",
    "gymnasiet": "Förvaltningschefen för Barn, utbildning och fritid (delegationsbeslut)",
    "grundskolan": "Förvaltningschefen för Barn, utbildning och fritid (delegationsbeslut)",
    "sof": "Socialchefen (delegationsbeslut)",
}


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


def _organisation(key: str) -> DemoOrganisation:
    return next(o for o in ORGANISATIONS if o.key == key)


def _justification(code: str, partner_keys: list[str]) -> str:
    orgs = [_organisation(k) for k in partner_keys] or [DemoOrganisation("", "partnerna", "", "", "")]
    foreign = [o for o in orgs if o.country not in ("SE", "")] or orgs
    countries = sorted({COUNTRY_NAMES.get(o.country, o.country) for o in foreign})
    return _JUSTIFICATIONS[code].format(partners=_join([o.name for o in foreign]), countries=_join(countries))


def demo_engagements() -> list[DemoEngagement]:
    """The demo engagements, complete: the same list every call (fixed data, fixed random seed)."""
    rng = random.Random(SEED)
    built = []
    for raw in _RAW:
        raw = dict(raw)
        partner_keys = [key for key, _role in raw["partners"]]
        raw["criteria"] = tuple(
            (c, _justification(c, partner_keys)) if isinstance(c, str) else tuple(c) for c in raw.get("criteria", ())
        )
        raw["partners"] = tuple(raw["partners"])
        reached = raw.get("cancelled_from") or raw["status"]
        if reached in LIFE and LIFE.index(reached) >= LIFE.index(Status.DECIDED):
            raw["decision"] = _decision(rng, raw)
        built.append(DemoEngagement(**raw))
    return built


def _decision(rng: random.Random, raw: dict) -> DemoDecision:
    body, prefix = _BODIES[raw["unit"]]
    if raw["kind"] in (Kind.RESA, Kind.BESOK, Kind.KONFERENS) and raw["unit"] in _DELEGATED:
        body = _DELEGATED[raw["unit"]]
    decided_on = raw["start"] - datetime.timedelta(days=rng.randint(21, 90))
    number = rng.randint(12, 260)
    return DemoDecision(
        body=body,
        decided_on=decided_on,
        diary_number=f"{prefix} {decided_on.year}/{number}",
        description=f"Beslut att genomföra ”{raw['title']}” enligt förslaget, med ansvariga och budget enligt "
        "tjänsteskrivelsen.",
    )
