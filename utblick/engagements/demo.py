"""Demo data for Härjedalens kommun: people, partner organisations, engagements and demo accounts.

Used by `manage.py seed_demo` and `manage.py setup_demo`. Everything is deterministic: fixed lists and
a fixed random seed, no dependence on today's date, so screenshots, tests and benchmarks all see the
same register. The demo engagements are written through the actions (engagements/actions.py) by a
system account, so their history is real; the synthetic bulk for benchmarks is written with
bulk_create and has no history rows.
"""

from __future__ import annotations

import datetime
import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from utblick.core.roles import Role
from utblick.engagements import actions
from utblick.engagements.models import (
    Decision,
    Engagement,
    EngagementCountry,
    Kind,
    Participation,
    PriorityAssessment,
    Status,
)
from utblick.organisation.models import Membership, OrgUnit, Person
from utblick.partners.models import Organisation
from utblick.policy.loader import load_policy
from utblick.policy.models import Area, Objective, Policy, PriorityCriterion

POLICY_FILE = Path(settings.BASE_DIR) / "policies" / "harjedalen.yaml"
SEED = 20150616  # fixed: the same demo every run
SYSTEM_USERNAME = "demodata"  # the account the demo data is written by; deactivated afterwards
EMAIL_DOMAIN = "harjedalen.example"
d = datetime.date

# The path an engagement walks through its life (rules.NEXT), in order.
LIFE = (Status.IDEA, Status.ASSESSED, Status.DECIDED, Status.ONGOING, Status.FINISHED)

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


LEAD, PARTNER, ASSOC, HOST, GUEST = "lead", "partner", "associated", "host", "guest"
S = Status


def _e(**fields) -> dict:
    """One raw demo record (keyword arguments read better than dict literals for 45 records)."""
    return fields


# Raw demo records: the builder (demo_engagements) fills in decisions and default justifications.
# "criteria" may list a bare code (a standard justification is written) or (code, own text).
_RAW: list[dict] = [
    _e(
        title="Interreg Sverige–Norge: Gränslös destinationsutveckling Funäsfjällen–Røros",
        kind=Kind.PROJEKT,
        unit="nuk",
        status=S.ONGOING,
        start=d(2023, 9, 1),
        end=d(2026, 8, 31),
        scope="municipality",
        summary="Treårigt Interreg-projekt där destinationerna på båda sidor om riksgränsen utvecklar gemensamma reseanledningar.",
        purpose="Att utveckla Funäsfjällen och Røros till en gemensam fyrsäsongsdestination med gränsöverskridande "
        "paket för cykel, vandring och kulturarv.",
        unit_goal="Näringslivsprogrammet: fler helårsarbeten i besöksnäringen och en längre säsong.",
        added_value="Fler gästnätter utanför vintersäsongen, fler helårsanställda och starkare samarbete mellan "
        "företagen på båda sidor om gränsen.",
        benefits="kfi",
        objectives=("M1", "M2"),
        areas=("naringsliv",),
        partners=(("funasfjallen", LEAD), ("destinasjon_roros", PARTNER), ("roros", PARTNER), ("trondelag", ASSOC)),
        politician="ks_chair",
        officer="sara",
        criteria=("P1", "P2", "P3", "P5", "P6"),
        implementation="Projektet har en styrgrupp med representanter från båda kommunerna och destinationsbolagen. "
        "Tre arbetspaket: produktutveckling, gemensam marknadsföring och kompetensutveckling för företagen. "
        "Hösten 2024 genomfördes en gemensam visningsresa för norska och svenska researrangörer.",
    ),
    _e(
        title="Vänortssamarbete med Røros kommun",
        kind=Kind.VANORT,
        unit="ks",
        status=S.ONGOING,
        start=d(2022, 1, 1),
        end=d(2026, 12, 31),
        scope="municipality",
        summary="Det långvariga vänortssamarbetet med Røros, förnyat med en handlingsplan för 2022–2026.",
        purpose="Att hålla levande och utveckla det politiska och kulturella utbytet med grannkommunen Røros.",
        unit_goal="Kommunstyrelsens mål om aktiv samverkan med grannkommuner och regioner.",
        added_value="Ett etablerat förtroende som gör det lättare att starta gemensamma projekt inom turism, skola och "
        "räddningstjänst.",
        benefits="ki",
        objectives=("M2", "M4", "M5"),
        areas=("verksamhet", "kultur"),
        partners=(("roros", PARTNER),),
        politician="ks_chair",
        officer="sara",
        criteria=("P1", "P2", ("P3", "Røros är kommunens äldsta vänort och samarbetet har pågått sedan 1990-talet.")),
        implementation="Årligt vänortsmöte växelvis i Sveg och Røros, gemensamma kulturarrangemang och "
        "ungdomsutbyten. Handlingsplanen följs upp av kommunstyrelsens arbetsutskott varje höst.",
    ),
    _e(
        title="Erasmus+ elevutbyte med Røros videregående skole",
        kind=Kind.SAMARBETE,
        unit="gymnasiet",
        status=S.ONGOING,
        start=d(2024, 8, 19),
        end=d(2026, 6, 12),
        summary="Elever på naturbruks- och samhällsprogrammen gör utbytesveckor i Røros och tar emot norska elever.",
        purpose="Att ge eleverna erfarenhet av att studera i ett grannland och träna ämnesspråk i skandinaviska.",
        unit_goal="Barn- och utbildningsnämndens mål: ökad måluppfyllelse och fler elever som väljer att studera "
        "vidare.",
        added_value="Eleverna bygger nätverk över gränsen som kan leda till arbete och studier i regionen.",
        benefits="ki",
        objectives=("M3", "M5"),
        areas=("skola",),
        partners=(("roros_vgs", PARTNER),),
        politician="per",
        officer="hans",
        criteria=("P2", "P3", "P4"),
        implementation="Två utbytesveckor per läsår med 12 elever åt gången. Lärarna planerar gemensamma "
        "temaarbeten om fjällandskapets näringar. Finansieras med Erasmus+-medel (ackreditering).",
    ),
    _e(
        title="Erasmus+ jobbskuggning för lärare i Highland",
        kind=Kind.RESA,
        unit="buf",
        status=S.FINISHED,
        start=d(2023, 10, 2),
        end=d(2023, 10, 6),
        summary="Sex lärare skuggade kollegor i glesbygdsskolor i Highland under en vecka.",
        purpose="Att lära av hur skotska glesbygdsskolor organiserar fjärrundervisning och åldersblandade klasser.",
        unit_goal="Kompetensförsörjningsplanen: utveckla fjärrundervisning för små skolenheter.",
        added_value="Nya arbetssätt för fjärrundervisning som kan hålla kvar skolor i kommunens mindre byar.",
        benefits="ki",
        objectives=("M3",),
        areas=("skola",),
        partners=(("highland", HOST),),
        politician="per",
        officer="hans",
        criteria=("P2", "P4"),
        implementation="Resan gick till Inverness och tre skolor i Badenoch och Strathspey. Varje lärare följde en "
        "kollega i tre dagar och dokumenterade arbetssätten.",
        results="Två skolor införde åldersblandade lektionsupplägg efter skotsk modell och fjärrundervisningen i "
        "moderna språk samordnades mellan tre skolor.",
        dissemination="Redovisning på rektorsmötet i november 2023 och en artikel på intranätet. Materialet finns "
        "i kunskapsbanken.",
    ),
    _e(
        title="Studiebesök från socialtjänsten i Tartu",
        kind=Kind.BESOK,
        unit="sof",
        status=S.FINISHED,
        start=d(2024, 5, 13),
        end=d(2024, 5, 15),
        summary="En delegation från Tartus sociala förvaltning besökte Sveg och Funäsdalen för att studera "
        "hemtjänst i glesbygd.",
        purpose="Att utbyta erfarenheter om hur hemtjänst och äldreomsorg organiseras över stora avstånd.",
        unit_goal="Socialnämndens mål: en trygg och tillgänglig äldreomsorg i hela kommunen.",
        added_value="Kontakten med Tartu ger tillgång till estniska erfarenheter av digitala välfärdstjänster.",
        benefits="k",
        objectives=("M3", "M5"),
        areas=("verksamhet",),
        partners=(("tartu_social", GUEST),),
        politician="sn_chair",
        officer="sof_chief",
        criteria=("P4", "P7"),
        implementation="Programmet omfattade besök på hemtjänstgruppen i Sveg, Härjegårdens äldreboende och en "
        "genomgång av kommunens trygghetslarm. Delegationen träffade socialnämndens presidium.",
        results="Överenskommelse om fortsatt erfarenhetsutbyte kring digital tillsyn och en inbjudan till Tartu 2026.",
        dissemination="Redovisning på socialförvaltningens ledningsgrupp och på arbetsplatsträffar i hemtjänsten.",
    ),
    _e(
        title="Europeiska veckan för regioner och städer i Bryssel",
        kind=Kind.KONFERENS,
        unit="nuk",
        status=S.FINISHED,
        start=d(2023, 10, 9),
        end=d(2023, 10, 12),
        scope="municipality",
        summary="Deltagande i Europeiska regionkommitténs årliga konferens tillsammans med Mittsverigekontoret.",
        purpose="Att bevaka kommande EU-program och knyta kontakter inför nästa Interreg-period.",
        unit_goal="Kommunstyrelsens uppdrag om omvärldsbevakning och externfinansiering.",
        added_value="Tidig kunskap om utlysningar ger kommunen och företagen bättre chans till EU-finansiering.",
        benefits="kf",
        objectives=("M1", "M4"),
        areas=("naringsliv", "verksamhet"),
        partners=(("cor", HOST), ("mittsverige", PARTNER)),
        politician="ks_vice",
        officer="sara",
        criteria=("P1", "P7"),
        implementation="Två deltagare följde seminarier om landsbygdsutveckling och sammanhållningspolitik och "
        "deltog i Mittsverigekontorets nätverksmöte.",
        results="Kontakter med tre regioner om kommande Interreg Aurora-ansökningar och en sammanställning av "
        "relevanta utlysningar.",
        dissemination="Rapport till kommunstyrelsens arbetsutskott och nyhetsbrev till förvaltningscheferna.",
    ),
    _e(
        title="Nordiskt nätverk för fjällkommuner",
        kind=Kind.NATVERK,
        unit="ks",
        status=S.ONGOING,
        start=d(2022, 3, 1),
        end=d(2026, 12, 31),
        scope="municipality",
        summary="Nätverk för fjällkommuner i Norge, Finland, Island och Sverige kring gemensamma utmaningar.",
        purpose="Att dela lösningar på gemensamma utmaningar: kompetensförsörjning, säsongsvariationer och "
        "service i glesbygd.",
        unit_goal="Kommunstyrelsens mål om en långsiktigt hållbar kommun med service i hela kommunen.",
        added_value="Jämförbara kommuner att lära av och samarbetspartner till framtida EU-ansökningar.",
        benefits="ki",
        objectives=("M1", "M4"),
        areas=("verksamhet",),
        partners=(("tydal", PARTNER), ("holtalen", PARTNER), ("sotkamo", PARTNER), ("akureyri", ASSOC)),
        politician="ks_chair",
        officer="nuk_chief",
        criteria=("P1", "P2", "P3", "P7"),
        implementation="Två nätverksträffar per år, digitala temamöten varannan månad. Härjedalen står värd för "
        "träffen hösten 2025.",
    ),
    _e(
        title="Skidgymnasiet: träningsläger och utbyte med Sotkamo",
        kind=Kind.SAMARBETE,
        unit="gymnasiet",
        status=S.FINISHED,
        start=d(2022, 11, 1),
        end=d(2023, 4, 28),
        summary="Elever på skidgymnasiet tränade och studerade tillsammans med elever i Sotkamo.",
        purpose="Att ge skidgymnasiets elever internationell tränings- och tävlingserfarenhet.",
        unit_goal="Gymnasieskolans mål om attraktiva nationella idrottsutbildningar.",
        added_value="Stärker skidgymnasiets attraktionskraft och därmed elevunderlaget.",
        benefits="ki",
        objectives=("M3", "M5"),
        areas=("skola",),
        partners=(("sotkamo_lukio", PARTNER),),
        politician="per",
        officer="gym_head",
        criteria=("P2", "P4"),
        implementation="Gemensamt träningsläger i Vuokatti i november och motbesök i Funäsdalen i mars.",
        results="20 elever deltog. Tränarna utbytte träningsupplägg och två elever fick plats i finska "
        "ungdomstävlingar.",
        dissemination="Redovisning för Barn- och utbildningsnämnden i maj 2023.",
        archive_reason="Avslutat och redovisat; arkiveras enligt dokumenthanteringsplanen.",
    ),
    _e(
        title="eTwinning: klimat och fjällmiljö med Brekkuskóli i Akureyri",
        kind=Kind.PROJEKT,
        unit="grundskolan",
        status=S.FINISHED,
        start=d(2022, 9, 1),
        end=d(2023, 6, 9),
        summary="Elever i årskurs 8 undersökte klimatförändringarnas spår i fjällmiljön tillsammans med isländska "
        "elever.",
        purpose="Att ge eleverna en verklig anledning att använda engelska och arbeta naturvetenskapligt med "
        "jämnåriga i ett annat land.",
        unit_goal="Grundskolans mål om ökad måluppfyllelse i engelska och NO.",
        added_value="Lärarna fick beprövade digitala arbetssätt för samarbete med skolor utomlands.",
        benefits="i",
        objectives=("M3", "M4", "M5"),
        areas=("skola",),
        partners=(("akureyri_school", PARTNER),),
        politician="bun_vice",
        officer="school_head",
        criteria=("P2", "P4"),
        implementation="Klasserna delade mätdata om snötäcke och vegetation via eTwinning och höll fyra digitala "
        "gemensamma lektioner.",
        results="Gemensam digital utställning och eTwinnings kvalitetsmärke för projektet.",
        dissemination="Visades på skolans öppet hus och i lärarnas ämneskonferens.",
        archive_reason="Avslutat läsåret 2022/23; arkiveras.",
    ),
    _e(
        title="Sydsamisk kultur och språk över gränsen",
        kind=Kind.SAMARBETE,
        unit="kultur",
        status=S.ONGOING,
        start=d(2024, 1, 15),
        end=d(2026, 12, 31),
        summary="Samarbete med Tydal, Røros och Saemien Sijte om sydsamisk kultur, språk och kulturarv.",
        purpose="Att stärka det sydsamiska språket och synliggöra den samiska kulturen i kommunens kulturutbud.",
        unit_goal="Kommunens uppdrag som förvaltningskommun för samiska: språkfrämjande insatser.",
        added_value="Gemensamma kulturarrangemang och språkbad som kommunen inte kan erbjuda på egen hand.",
        benefits="ki",
        objectives=("M4", "M5"),
        areas=("kultur",),
        partners=(("tydal", PARTNER), ("roros", PARTNER), ("saemien_sijte", PARTNER)),
        politician="ks_culture",
        officer="karin",
        criteria=("P1", "P2", "P3", "P6"),
        implementation="Språkläger för barn varje sommar, en vandringsutställning om sydsamisk renskötsel och "
        "gemensam programverksamhet på biblioteken.",
    ),
    _e(
        title="Bibliotekssamarbete Härjedalen–Holtålen",
        kind=Kind.SAMARBETE,
        unit="kultur",
        status=S.IDEA,
        start=d(2026, 9, 1),
        end=d(2027, 6, 30),
        summary="Idé om gemensamma författarbesök och lånesamarbete mellan biblioteken i Sveg och Ålen.",
        purpose="Att bredda utbudet av författarbesök och läsfrämjande aktiviteter i båda kommunerna.",
        unit_goal="Biblioteksplanen: läsfrämjande insatser för barn och unga.",
        added_value="Fler arrangemang till lägre kostnad genom delade resor för gästande författare.",
        benefits="i",
        objectives=("M5",),
        areas=("kultur",),
        partners=(("holtalen", PARTNER),),
        politician=None,
        officer="librarian",
    ),
    _e(
        title="Interreg Aurora: digital omsorg i glesbygd",
        kind=Kind.PROJEKT,
        unit="sof",
        status=S.ASSESSED,
        start=d(2026, 3, 1),
        end=d(2028, 2, 29),
        summary="Planerad ansökan till Interreg Aurora om digital tillsyn och trygghetsteknik i hemtjänsten.",
        purpose="Att pröva digital tillsyn och distansbesök så att fler äldre kan bo kvar hemma tryggt.",
        unit_goal="Socialnämndens mål: fler äldre ska kunna bo kvar i sitt eget hem.",
        added_value="Minskade restider för hemtjänsten och ökad trygghet för äldre i byarna.",
        benefits="ki",
        objectives=("M3", "M4"),
        areas=("verksamhet",),
        partners=(("kainuu", PARTNER), ("tydal", PARTNER)),
        politician="sn_chair",
        officer="sof_dev",
        criteria=("P1", "P2", "P4"),
    ),
    _e(
        title="Cairngorms och Funäsfjällen: hållbar naturturism",
        kind=Kind.SAMARBETE,
        unit="nuk",
        status=S.IDEA,
        start=d(2026, 5, 1),
        end=d(2027, 4, 30),
        summary="Idé om erfarenhetsutbyte med Cairngorms nationalpark om besöksförvaltning och slitage på leder.",
        purpose="Att lära hur en nationalpark balanserar ökande besöksantal mot natur- och rennäringens intressen.",
        unit_goal="Näringslivsprogrammet: en hållbar besöksnäring.",
        added_value="Kunskap som kan användas i arbetet med ledplanering och besöksstrategi.",
        benefits="kf",
        objectives=("M2", "M4"),
        areas=("naringsliv",),
        partners=(("cairngorms", PARTNER),),
        politician=None,
        officer=None,
    ),
    _e(
        title="Atlas partnerskap med Banff Community High School",
        kind=Kind.SAMARBETE,
        unit="gymnasiet",
        status=S.ONGOING,
        start=d(2025, 8, 18),
        end=d(2026, 6, 12),
        summary="Lärare och elever samarbetar med en skola i Banff, Kanada, om turism och friluftsliv i fjällmiljö.",
        purpose="Att ge lärarna utbyte med en skola som arbetar med liknande förutsättningar i en turistort i fjällen.",
        unit_goal="Gymnasieskolans mål om internationalisering och yrkesutbildning med hög kvalitet.",
        added_value="Ny kunskap om yrkesutbildning för besöksnäringen och internationella kontakter för eleverna.",
        benefits="ki",
        objectives=("M3", "M5"),
        areas=("skola",),
        partners=(("banff", PARTNER),),
        politician="per",
        officer="hans",
        criteria=("P1", "P4"),
        implementation="Finansieras med Atlas partnerskap. Två lärare besökte Banff i oktober 2025; motbesök "
        "planeras i mars 2026.",
    ),
    _e(
        title="Besök från Hakuba High School",
        kind=Kind.BESOK,
        unit="gymnasiet",
        status=S.FINISHED,
        start=d(2025, 2, 10),
        end=d(2025, 2, 14),
        summary="Elever och lärare från Hakuba i Japan besökte gymnasiet och Funäsfjällen.",
        purpose="Att visa upp Härjedalen för en japansk skola i en skidort och ge eleverna möte med en annan kultur.",
        unit_goal="Gymnasieskolans mål om internationalisering.",
        added_value="Eleverna fick erfarenhet av interkulturella möten; kontakten kan ge framtida utbyten.",
        benefits="ki",
        objectives=("M5", "M2"),
        areas=("skola",),
        partners=(("hakuba_school", GUEST),),
        politician="per",
        officer="gym_teacher",
        criteria=("P4", "P6"),
        implementation="Programmet innehöll lektioner, skidåkning i Funäsdalen, besök på ett lokalt företag och "
        "en kulturkväll med värdfamiljerna.",
        results="14 japanska gäster bodde i värdfamiljer. Skolorna har tecknat en avsiktsförklaring om fortsatta "
        "digitala utbyten.",
        dissemination="Reportage på kommunens webbplats och redovisning på gymnasiets personalmöte.",
    ),
    _e(
        title="Gemensam räddningstjänst vid riksgränsen",
        kind=Kind.SAMARBETE,
        unit="ks",
        status=S.DECIDED,
        start=d(2026, 9, 1),
        end=d(2028, 8, 31),
        scope="municipality",
        summary="Avtal om ömsesidig hjälp vid räddningsinsatser i gränsområdet med Holtålen och Tydal.",
        purpose="Att korta insatstiderna i gränsnära byar genom att närmaste styrka rycker ut oavsett land.",
        unit_goal="Handlingsprogrammet för skydd mot olyckor: kortare insatstider i hela kommunen.",
        added_value="Ökad säkerhet för invånare och besökare i fjällvärlden.",
        benefits="ki",
        objectives=("M4",),
        areas=("verksamhet",),
        partners=(("holtalen", PARTNER), ("tydal", PARTNER)),
        politician="ks_vice",
        officer="ceo",
        criteria=("P1", "P2", "P3"),
    ),
    _e(
        title="Etableringsdialog med tyskt besöksnäringsföretag",
        kind=Kind.ANNAT,
        unit="nuk",
        status=S.ONGOING,
        start=d(2025, 3, 1),
        end=d(2026, 6, 30),
        summary="Dialog med ett tyskt företag om en möjlig etablering av en anläggning i Funäsfjällen.",
        purpose="Att underlätta en etablering som ger nya arbetstillfällen i besöksnäringen.",
        unit_goal="Näringslivsprogrammet: fler etableringar och arbetstillfällen.",
        added_value="Möjliga nya arbetstillfällen och investeringar i kommunen.",
        benefits="kf",
        objectives=("M1",),
        areas=("naringsliv",),
        partners=(("sauerland_resorts", PARTNER),),
        politician="ks_chair",
        officer="nuk_chief",
        criteria=("P5",),
        secrecy_ground="OSL 31 kap. 16 §",
        implementation="Möten med företagets ledning i Winterberg och i Funäsdalen. Uppgifter om företagets "
        "affärsplaner omfattas av sekretess.",
    ),
    _e(
        title="Samverkan med norsk barneverntjeneste kring placerade barn",
        kind=Kind.SAMARBETE,
        unit="sof",
        status=S.ONGOING,
        start=d(2024, 9, 1),
        end=d(2026, 8, 31),
        summary="Rutiner för samverkan med barnevernet i Holtålen i ärenden som berör båda länderna.",
        purpose="Att barn som berörs av insatser i båda länderna får ett samordnat stöd.",
        unit_goal="Socialnämndens mål: barn och unga ska få rätt stöd i rätt tid.",
        added_value="Tydligare ansvarsfördelning och snabbare handläggning i gränsöverskridande ärenden.",
        benefits="ki",
        objectives=("M3",),
        areas=("verksamhet",),
        partners=(("holtalen", PARTNER),),
        politician="sn_chair",
        officer="lisa",
        criteria=("P3", "P4"),
        secrecy_ground="OSL 26 kap. 1 §",
        implementation="Gemensam rutin antagen; kvartalsvisa avstämningar mellan socialtjänsten och barnevernet.",
    ),
    _e(
        title="Vänortsresa till Sigulda",
        kind=Kind.RESA,
        unit="ks",
        status=S.CANCELLED,
        cancelled_from=S.DECIDED,
        start=d(2025, 6, 9),
        end=d(2025, 6, 12),
        scope="municipality",
        summary="Planerad resa för kommunstyrelsens presidium till Sigulda i Lettland.",
        purpose="Att inleda ett samarbete med Sigulda om vintersport och turism.",
        unit_goal="Kommunstyrelsens mål om internationella kontakter som stärker besöksnäringen.",
        added_value="En ny partner med erfarenhet av vintersportevenemang.",
        benefits="kf",
        objectives=("M2", "M5"),
        areas=("verksamhet",),
        partners=(("sigulda", HOST),),
        politician="ks_vice",
        officer="sara",
        criteria=("P2",),
        cancel_reason="Resan ställdes in eftersom värdkommunen fick förhinder i samband med kommunalvalet i "
        "Lettland. Kontakten hålls vid liv genom digitala möten.",
    ),
    _e(
        title="Studiebesök från Zakopane om vintersportturism",
        kind=Kind.BESOK,
        unit="nuk",
        status=S.CANCELLED,
        cancelled_from=S.IDEA,
        start=d(2023, 2, 6),
        end=d(2023, 2, 8),
        summary="En polsk delegation ville studera hur Funäsfjällen samordnar skidområden och liftsystem.",
        purpose="Att visa upp Funäsfjällen som destination och knyta kontakter med polsk besöksnäring.",
        unit_goal="Näringslivsprogrammet: fler internationella gäster.",
        added_value="Marknadsföring mot en växande polsk marknad.",
        benefits="kf",
        objectives=("M2",),
        areas=("naringsliv",),
        partners=(("zakopane", GUEST),),
        politician=None,
        officer="nuk_chief",
        cancel_reason="Den polska delegationen avbokade besöket. Ett nytt besök planeras inte i dagsläget.",
    ),
    _e(
        title="Arctic Circle Assembly i Reykjavík",
        kind=Kind.KONFERENS,
        unit="nuk",
        status=S.FINISHED,
        start=d(2024, 10, 17),
        end=d(2024, 10, 19),
        summary="Deltagande i den internationella konferensen om Arktis och de nordliga regionerna.",
        purpose="Att bevaka frågor om klimat, energi och besöksnäring i nordliga regioner.",
        unit_goal="Kommunstyrelsens uppdrag om omvärldsbevakning.",
        added_value="Kunskap och kontakter inom grön omställning som är relevanta för kommunens näringsliv.",
        benefits="kf",
        objectives=("M1", "M4"),
        areas=("naringsliv",),
        partners=(("arctic_circle", HOST),),
        politician="ks_vice",
        officer="sara",
        criteria=("P1", "P7"),
        implementation="En deltagare från NUK följde seminarierna om hållbar turism och energiomställning.",
        results="Sammanfattning av trender och tre nya kontakter inom hållbar fjällturism.",
        dissemination="Rapport i omvärldsbevakningens nyhetsbrev och dragning för näringslivsrådet.",
    ),
    _e(
        title="Gränslös sommar: feriearbete för ungdomar i Røros",
        kind=Kind.ANNAT,
        unit="buf",
        status=S.FINISHED,
        start=d(2023, 6, 19),
        end=d(2023, 8, 11),
        summary="Ungdomar från Härjedalen fick feriearbete i Røros och norska ungdomar i Funäsdalen.",
        purpose="Att ge ungdomar arbetslivserfarenhet i grannlandet.",
        unit_goal="Fritidsverksamhetens mål om meningsfull fritid och arbetslivskontakt för unga.",
        added_value="Ungdomarna får kontakter på en gemensam arbetsmarknad över gränsen.",
        benefits="fi",
        objectives=("M3", "M5"),
        areas=("skola",),
        partners=(("roros", PARTNER),),
        politician="per",
        officer="fredrik",
        criteria=("P3", "P6"),
        implementation="Åtta ungdomar från varje kommun arbetade tre veckor inom besöksnäring och kommunal service.",
        results="16 ungdomar deltog och samtliga arbetsgivare vill ta emot ungdomar igen.",
        dissemination="Redovisning för Barn- och utbildningsnämnden och i lokalpressen.",
        archive_reason="Engångsinsats sommaren 2023, redovisad och avslutad.",
    ),
    _e(
        title="Mittsverigekontoret i Bryssel: EU-bevakning och projektstöd",
        kind=Kind.NATVERK,
        unit="nuk",
        status=S.ONGOING,
        start=d(2022, 1, 1),
        end=d(2026, 12, 31),
        scope="municipality",
        summary="Kommunens medlemskap i Mittsverigekontoret, som bevakar EU-frågor för regionen i Bryssel.",
        purpose="Att få tidig information om EU-program och stöd i att skriva ansökningar.",
        unit_goal="Kommunstyrelsens mål om ökad externfinansiering.",
        added_value="Bättre förutsättningar för EU-finansierade projekt i kommunen och för lokala aktörer.",
        benefits="kf",
        objectives=("M1", "M4"),
        areas=("naringsliv", "verksamhet"),
        partners=(("mittsverige", PARTNER),),
        politician="ks_chair",
        officer="sara",
        criteria=("P1", "P7"),
        implementation="Månatliga bevakningsrapporter, två projektverkstäder per år och stöd vid studiebesök i "
        "Bryssel.",
    ),
    _e(
        title="Erasmus+-ackreditering för skolväsendet 2027–2030",
        kind=Kind.PROJEKT,
        unit="buf",
        status=S.IDEA,
        start=d(2026, 10, 1),
        end=d(2030, 12, 31),
        summary="Idé om att söka en gemensam Erasmus+-ackreditering för grund- och gymnasieskolan.",
        purpose="Att göra det enklare för skolorna att söka Erasmus+-medel för utbyten varje år.",
        unit_goal="Barn- och utbildningsnämndens mål om kompetensutveckling för lärare.",
        added_value="Stabil finansiering för utbyten och mindre administration per ansökan.",
        benefits="ki",
        objectives=("M3",),
        areas=("skola",),
        partners=(),
        politician=None,
        officer="hans",
    ),
    _e(
        title="Digital skola: studieresa till Otepää",
        kind=Kind.RESA,
        unit="grundskolan",
        status=S.FINISHED,
        start=d(2024, 3, 11),
        end=d(2024, 3, 14),
        summary="Rektorer och IT-pedagoger studerade digitala lärmiljöer i estniska skolor.",
        purpose="Att lära av Estlands arbete med digitala läromedel och programmering i skolan.",
        unit_goal="Grundskolans mål om digital kompetens för alla elever.",
        added_value="Erfarenheter som används i kommunens digitaliseringsplan för skolan.",
        benefits="ki",
        objectives=("M3",),
        areas=("skola",),
        partners=(("otepaa_school", HOST), ("otepaa", HOST)),
        politician="bun_vice",
        officer="school_head",
        criteria=("P2", "P4"),
        implementation="Besök på två skolor och kommunens utbildningsförvaltning i Otepää.",
        results="Programmering infördes i årskurs 4–6 efter estnisk modell och en gemensam plattform för "
        "läromedel upphandlades.",
        dissemination="Workshop för alla lärare på studiedagen i augusti 2024.",
    ),
    _e(
        title="Vinterturism i Otepää och Funäsfjällen: erfarenhetsutbyte",
        kind=Kind.SAMARBETE,
        unit="nuk",
        status=S.ASSESSED,
        start=d(2026, 4, 1),
        end=d(2027, 3, 31),
        summary="Utbyte mellan två vintersportorter om evenemang, längdskidspår och marknadsföring.",
        purpose="Att utveckla evenemangsturismen genom att lära av Otepääs världscuptävlingar.",
        unit_goal="Näringslivsprogrammet: fler evenemang som förlänger säsongen.",
        added_value="Fler internationella evenemang och gäster till Funäsfjällen.",
        benefits="kf",
        objectives=("M1", "M2"),
        areas=("naringsliv",),
        partners=(("otepaa", PARTNER),),
        politician="ks_vice",
        officer="nuk_chief",
        criteria=("P2", "P3", "P5"),
    ),
    _e(
        title="Rekryteringsträff i Zakopane för säsongsanställda",
        kind=Kind.RESA,
        unit="nuk",
        status=S.DECIDED,
        start=d(2026, 9, 14),
        end=d(2026, 9, 17),
        summary="Resa med företag i Funäsfjällen till en rekryteringsträff för säsongsarbetare i Zakopane.",
        purpose="Att hjälpa besöksnäringens företag att rekrytera erfaren personal inför vintersäsongen.",
        unit_goal="Näringslivsprogrammet: tryggad kompetensförsörjning i besöksnäringen.",
        added_value="Lättare rekrytering för de lokala företagen.",
        benefits="f",
        objectives=("M1",),
        areas=("naringsliv",),
        partners=(("zakopane", HOST), ("funasfjallen", PARTNER)),
        politician="ks_chair",
        officer="nuk_chief",
        criteria=("P2", "P5", "P6"),
    ),
    _e(
        title="Härjedalsk folkmusik på Rørosmartnan",
        kind=Kind.RESA,
        unit="kultur",
        status=S.FINISHED,
        start=d(2025, 2, 18),
        end=d(2025, 2, 22),
        summary="Spelmän och dansare från Härjedalen medverkade på den historiska vintermarknaden i Røros.",
        purpose="Att visa upp härjedalsk folkmusik och stärka kulturutbytet med Røros.",
        unit_goal="Kulturplanen: levande kulturarv och utbyte med grannregioner.",
        added_value="Synlighet för kommunens kulturliv och nya spelningar för lokala musiker.",
        benefits="ki",
        objectives=("M2", "M5"),
        areas=("kultur",),
        partners=(("roros", HOST), ("destinasjon_roros", PARTNER)),
        politician="ks_culture",
        officer="karin",
        criteria=("P3", "P6"),
        implementation="Tolv musiker och dansare medverkade i fyra konserter och en dansworkshop.",
        results="Cirka 2 000 besökare såg konserterna. Två lokala grupper har fått engagemang i Norge 2026.",
        dissemination="Artikel på intranätet och redovisning i kulturrådet.",
    ),
    _e(
        title="Konstnärsresidens i Akureyri",
        kind=Kind.SAMARBETE,
        unit="kultur",
        status=S.DECIDED,
        start=d(2026, 6, 1),
        end=d(2026, 8, 31),
        summary="Utbyte av konstnärer mellan Härjedalen och Akureyri under sommaren 2026.",
        purpose="Att ge lokala konstnärer möjlighet att arbeta i en annan nordisk miljö och ta emot en isländsk "
        "konstnär.",
        unit_goal="Kulturplanen: goda villkor för kulturskapare i kommunen.",
        added_value="Nya konstnärliga kontakter och en utställning i Sveg.",
        benefits="i",
        objectives=("M5",),
        areas=("kultur",),
        partners=(("akureyri", PARTNER),),
        politician="ks_culture",
        officer="karin",
        criteria=("P2", "P6"),
    ),
    _e(
        title="Interreg Sverige–Norge: grön omställning i fjällnära småföretag",
        kind=Kind.PROJEKT,
        unit="nuk",
        status=S.DECIDED,
        start=d(2026, 1, 1),
        end=d(2028, 12, 31),
        scope="municipality",
        summary="Projekt om energieffektivisering och cirkulära affärsmodeller i småföretag i gränsregionen.",
        purpose="Att hjälpa små företag att minska sina energikostnader och utveckla hållbara erbjudanden.",
        unit_goal="Näringslivsprogrammet: konkurrenskraftiga och hållbara företag.",
        added_value="Lägre kostnader och nya affärsmöjligheter för lokala företag.",
        benefits="kf",
        objectives=("M1", "M4"),
        areas=("naringsliv",),
        partners=(("trondelag", PARTNER), ("ntnu", PARTNER), ("holtalen", ASSOC)),
        politician="ks_chair",
        officer="sara",
        criteria=("P1", "P2", "P5"),
    ),
    _e(
        title="Ungdomsdemokrati: utbyte med ungdomsrådet i Trøndelag",
        kind=Kind.SAMARBETE,
        unit="ks",
        status=S.IDEA,
        start=d(2026, 10, 1),
        end=d(2027, 5, 31),
        summary="Idé om ett utbyte mellan kommunens ungdomsråd och Trøndelags ungdomsting.",
        purpose="Att stärka ungas inflytande genom att lära av hur Trøndelag arbetar med ungdomstinget.",
        unit_goal="Kommunens mål om delaktighet och inflytande för unga.",
        added_value="Ett starkare ungdomsråd och unga som engagerar sig i lokala frågor.",
        benefits="i",
        objectives=("M4",),
        areas=("verksamhet",),
        partners=(("trondelag", PARTNER),),
        politician=None,
        officer="ceo",
    ),
    _e(
        title="Nordisk konferens om äldreomsorg i glesbygd",
        kind=Kind.KONFERENS,
        unit="sof",
        status=S.FINISHED,
        start=d(2023, 11, 7),
        end=d(2023, 11, 8),
        summary="Två medarbetare deltog i en konferens i Trondheim om välfärdsteknik i glesbygd.",
        purpose="Att hämta kunskap om välfärdsteknik inför kommunens digitaliseringsarbete i äldreomsorgen.",
        unit_goal="Socialnämndens mål om en trygg äldreomsorg i hela kommunen.",
        added_value="Underlag för kommande investeringar i välfärdsteknik.",
        benefits="k",
        objectives=("M3",),
        areas=("verksamhet",),
        partners=(("ntnu", HOST),),
        politician="sn_chair",
        officer="sof_dev",
        criteria=("P4", "P7"),
        implementation="Deltagande i konferensens seminarier och studiebesök på en kommunal hemtjänst i Trondheim.",
        results="Kontakt med NTNU om utvärdering av trygghetskameror och en plan för test i två hemtjänstgrupper.",
        dissemination="Redovisning på socialförvaltningens ledningsdag i december 2023.",
    ),
    _e(
        title="Tysk språkassistent på gymnasiet",
        kind=Kind.ANNAT,
        unit="gymnasiet",
        status=S.ONGOING,
        start=d(2025, 9, 1),
        end=d(2026, 5, 31),
        summary="En språkassistent från Tyskland arbetar i tyskundervisningen under ett läsår.",
        purpose="Att ge eleverna möjlighet att möta tyska som modersmål i undervisningen.",
        unit_goal="Gymnasieskolans mål om ökad måluppfyllelse i moderna språk.",
        added_value="Fler elever som läser tyska vidare och bättre förberedelse för studier och arbete i Tyskland.",
        benefits="i",
        objectives=("M3", "M5"),
        areas=("skola",),
        partners=(("pad", PARTNER),),
        politician="per",
        officer="gym_teacher",
        criteria=("P2", "P4"),
        implementation="Språkassistenten arbetar tolv timmar i veckan i tyska och håller en tyskklubb för "
        "intresserade elever.",
    ),
    _e(
        title="Brevvänner i Winterberg: engelska och tyska i årskurs 6",
        kind=Kind.SAMARBETE,
        unit="grundskolan",
        status=S.ONGOING,
        start=d(2025, 1, 13),
        end=d(2026, 6, 12),
        summary="Elever i årskurs 6 brevväxlar och har digitala lektioner med en skola i Winterberg.",
        purpose="Att väcka intresse för språkval och ge eleverna en anledning att använda engelska och tyska.",
        unit_goal="Grundskolans mål om ökad måluppfyllelse i engelska och fler elever som väljer moderna språk.",
        added_value="Fler elever som väljer tyska i årskurs 6.",
        benefits="i",
        objectives=("M3", "M5"),
        areas=("skola",),
        partners=(("winterberg_school", PARTNER),),
        politician="bun_vice",
        officer="school_head",
        criteria=("P2", "P4"),
        implementation="Två klasser brevväxlar via eTwinning och har en gemensam digital lektion per månad.",
    ),
    _e(
        title="Europaforum Norra Sverige",
        kind=Kind.NATVERK,
        unit="ks",
        status=S.ONGOING,
        start=d(2022, 1, 1),
        end=d(2026, 12, 31),
        scope="municipality",
        summary="Politiskt nätverk för kommuner och regioner i norra Sverige i EU-frågor.",
        purpose="Att föra norra Sveriges perspektiv in i EU:s sammanhållnings- och landsbygdspolitik.",
        unit_goal="Kommunstyrelsens mål om påverkan i regionala och europeiska frågor.",
        added_value="Kommunens röst hörs när EU-program för glesbygd utformas.",
        benefits="k",
        objectives=("M4",),
        areas=("verksamhet",),
        partners=(("efns", PARTNER), ("mittsverige", ASSOC)),
        politician="ks_chair",
        officer="ceo",
        criteria=("P1", "P7"),
        implementation="Kommunstyrelsens ordförande deltar i nätverkets två årliga konferenser och i remissarbetet.",
    ),
    _e(
        title="Studieresa till Bryssel om EU:s sammanhållningspolitik",
        kind=Kind.RESA,
        unit="ks",
        status=S.FINISHED,
        start=d(2024, 11, 18),
        end=d(2024, 11, 20),
        scope="municipality",
        summary="Kommunstyrelsens presidium och nämndordförande besökte EU-institutionerna i Bryssel.",
        purpose="Att ge de förtroendevalda kunskap om hur EU:s sammanhållningspolitik påverkar kommunen.",
        unit_goal="Kommunstyrelsens mål om kompetens i EU-frågor hos förtroendevalda.",
        added_value="Förtroendevalda som kan driva kommunens intressen i EU-frågor.",
        benefits="k",
        objectives=("M4",),
        areas=("verksamhet",),
        partners=(("cor", HOST), ("mittsverige", HOST)),
        politician="ks_chair",
        officer="sara",
        criteria=("P1", "P7"),
        implementation="Möten med regionkommittén, EU-kommissionens generaldirektorat för regional politik och "
        "Mittsverigekontoret.",
        results="Fem förtroendevalda har fått fördjupad kunskap; kommunen har lämnat synpunkter på nästa "
        "programperiod via Europaforum Norra Sverige.",
        dissemination="Redovisning i kommunstyrelsen i december 2024.",
    ),
    _e(
        title="Besök från Trøndelag fylkeskommune om kollektivtrafik över gränsen",
        kind=Kind.BESOK,
        unit="ks",
        status=S.FINISHED,
        start=d(2025, 4, 8),
        end=d(2025, 4, 9),
        scope="municipality",
        summary="Tjänstemän från Trøndelag besökte Sveg för att diskutera en busslinje Røros–Funäsdalen.",
        purpose="Att utreda en gränsöverskridande busslinje för pendlare och besökare.",
        unit_goal="Kommunstyrelsens mål om goda kommunikationer i hela kommunen.",
        added_value="Bättre möjligheter att pendla och resa kollektivt över gränsen.",
        benefits="fi",
        objectives=("M1", "M4"),
        areas=("verksamhet",),
        partners=(("trondelag", GUEST),),
        politician="ks_vice",
        officer="nuk_chief",
        criteria=("P2", "P3"),
        implementation="Arbetsmöte med kommunens och Region Jämtland Härjedalens kollektivtrafikansvariga.",
        results="Gemensam förstudie beställd; en provlinje sommartid föreslås till 2026.",
        dissemination="Information till kommunstyrelsens arbetsutskott och på kommunens webbplats.",
    ),
    _e(
        title="Studieresa till Tartu om digitala hemtjänsttjänster",
        kind=Kind.RESA,
        unit="sof",
        status=S.DECIDED,
        start=d(2026, 4, 20),
        end=d(2026, 4, 23),
        summary="Motbesök hos socialtjänsten i Tartu för att studera digitala hemtjänsttjänster.",
        purpose="Att se hur Tartu använder digitala tjänster i hemtjänsten och vad kommunen kan införa.",
        unit_goal="Socialnämndens mål om digitalisering av äldreomsorgen.",
        added_value="Underlag för införande av digitala tjänster i hemtjänsten.",
        benefits="ki",
        objectives=("M3",),
        areas=("verksamhet",),
        partners=(("tartu_social", HOST),),
        politician="sn_chair",
        officer="sof_dev",
        criteria=("P3", "P4"),
    ),
    _e(
        title="Vänortsavtal med Sotkamo",
        kind=Kind.VANORT,
        unit="ks",
        status=S.CANCELLED,
        cancelled_from=S.ASSESSED,
        start=d(2023, 1, 1),
        end=d(2026, 12, 31),
        scope="municipality",
        summary="Förslag om ett formellt vänortsavtal med Sotkamo i Finland.",
        purpose="Att formalisera kontakterna med Sotkamo inom idrott och turism.",
        unit_goal="Kommunstyrelsens mål om internationella kontakter som stärker besöksnäringen.",
        added_value="Ett långsiktigt samarbete med en jämförbar vintersportkommun.",
        benefits="kf",
        objectives=("M2", "M5"),
        areas=("verksamhet",),
        partners=(("sotkamo", PARTNER),),
        politician="ks_chair",
        officer="sara",
        criteria=("P2", "P3"),
        cancel_reason="Kommunstyrelsen beslutade att inte teckna fler vänortsavtal under mandatperioden. "
        "Samarbetet fortsätter inom det nordiska nätverket för fjällkommuner.",
    ),
    _e(
        title="Konferens om hållbar fjällturism i Aviemore",
        kind=Kind.KONFERENS,
        unit="nuk",
        status=S.ASSESSED,
        start=d(2026, 4, 21),
        end=d(2026, 4, 23),
        summary="Konferens om besöksnäring och naturskydd i fjällområden, arrangerad av Cairngorms nationalpark.",
        purpose="Att ta del av erfarenheter om hållbar besöksförvaltning i fjällmiljö.",
        unit_goal="Näringslivsprogrammet: en hållbar besöksnäring.",
        added_value="Kunskap till kommunens besöksstrategi och kontakter för kommande samarbete.",
        benefits="kf",
        objectives=("M2", "M4"),
        areas=("naringsliv",),
        partners=(("cairngorms", HOST),),
        politician="ks_vice",
        officer="sara",
        criteria=("P2", "P7"),
    ),
    _e(
        title="Lärarnätverk för landsbygdsskolor i Skottland och Härjedalen",
        kind=Kind.NATVERK,
        unit="grundskolan",
        status=S.ONGOING,
        start=d(2024, 1, 8),
        end=d(2025, 6, 30),
        summary="Nätverk för lärare i små landsbygdsskolor som bildades efter jobbskuggningen i Highland.",
        purpose="Att fortsätta utbytet om undervisning i åldersblandade grupper och fjärrundervisning.",
        unit_goal="Grundskolans mål om likvärdig undervisning i hela kommunen.",
        added_value="Kollegialt lärande med lärare i liknande situation.",
        benefits="ki",
        objectives=("M3",),
        areas=("skola",),
        partners=(("highland", PARTNER),),
        politician="bun_vice",
        officer="school_head",
        criteria=("P2", "P3"),
        implementation="Digitala träffar varannan månad. Nätverket har tagit fram en gemensam lektionsbank.",
    ),
    _e(
        title="Delegation från Hakuba om skidturism",
        kind=Kind.BESOK,
        unit="nuk",
        status=S.IDEA,
        start=d(2026, 2, 16),
        end=d(2026, 2, 18),
        summary="Förfrågan från Hakuba Village om ett studiebesök i Funäsfjällen.",
        purpose="Att visa upp Funäsfjällen för en japansk skidort och undersöka möjligt samarbete.",
        unit_goal="Näringslivsprogrammet: fler internationella gäster.",
        added_value="Marknadsföring mot den japanska marknaden.",
        benefits="kf",
        objectives=("M1", "M2"),
        areas=("naringsliv",),
        partners=(("hakuba", GUEST),),
        politician=None,
        officer=None,
    ),
    _e(
        title="Härjedalsk mat på Internationale Grüne Woche i Berlin",
        kind=Kind.RESA,
        unit="nuk",
        status=S.FINISHED,
        start=d(2023, 1, 20),
        end=d(2023, 1, 29),
        summary="Lokala livsmedelsproducenter ställde ut i den svenska paviljongen på mässan i Berlin.",
        purpose="Att hjälpa lokala livsmedelsföretag att nå den tyska marknaden.",
        unit_goal="Näringslivsprogrammet: nya marknader för kommunens företag.",
        added_value="Nya kunder och återförsäljare för lokala producenter.",
        benefits="f",
        objectives=("M1", "M2"),
        areas=("naringsliv",),
        partners=(("messe_berlin", HOST),),
        politician="ks_vice",
        officer="nuk_chief",
        criteria=("P5", "P6"),
        implementation="Fem företag delade en monter; NUK samordnade resa, frakt och marknadsföring.",
        results="Tre företag fick återförsäljare i Tyskland och kommunen syntes för över 400 000 besökare.",
        dissemination="Företagsfrukost i Sveg om erfarenheterna och artikel i näringslivsnyhetsbrevet.",
    ),
    _e(
        title="Utbildning i EU-projektledning för kommunens chefer",
        kind=Kind.ANNAT,
        unit="nuk",
        status=S.IDEA,
        start=d(2026, 11, 2),
        end=d(2026, 11, 4),
        scope="municipality",
        summary="Idé om en utbildning för chefer om hur EU-projekt söks, leds och redovisas.",
        purpose="Att fler förvaltningar ska kunna söka och driva EU-finansierade projekt.",
        unit_goal="Kommunstyrelsens mål om ökad externfinansiering.",
        added_value="Fler och bättre projektansökningar från hela kommunen.",
        benefits="k",
        objectives=("M3",),
        areas=("verksamhet",),
        partners=(("mittsverige", PARTNER),),
        politician=None,
        officer="sara",
    ),
    _e(
        title="Arbetsplatsförlagt lärande i Røros för restaurangelever",
        kind=Kind.SAMARBETE,
        unit="gymnasiet",
        status=S.ASSESSED,
        start=d(2026, 9, 7),
        end=d(2026, 10, 2),
        summary="Elever på restaurang- och livsmedelsprogrammet gör fyra veckors praktik på hotell och "
        "restauranger i Røros.",
        purpose="Att eleverna får yrkeserfarenhet från en internationellt känd matdestination.",
        unit_goal="Gymnasieskolans mål om yrkesutbildning med hög kvalitet och fler elever som får arbete "
        "efter examen.",
        added_value="Bättre utbildade elever för den lokala besöksnäringen.",
        benefits="fi",
        objectives=("M1", "M3"),
        areas=("skola", "naringsliv"),
        partners=(("roros_vgs", PARTNER), ("destinasjon_roros", ASSOC)),
        politician="per",
        officer="hans",
        criteria=("P3", "P4", "P5"),
    ),
    _e(
        title="Miljötillsyn i fjällen: erfarenhetsutbyte med Tydal",
        kind=Kind.SAMARBETE,
        unit="mbf",
        status=S.ONGOING,
        start=d(2025, 5, 1),
        end=d(2026, 10, 31),
        summary="Utbyte om tillsyn av avlopp och avfall vid fjällanläggningar i båda kommunerna.",
        purpose="Att utveckla likvärdig tillsyn av turistanläggningar på båda sidor om gränsen.",
        unit_goal="Miljö- och byggnämndens mål om en effektiv och rättssäker tillsyn.",
        added_value="Bättre vattenkvalitet i fjällen och tydligare krav för företagen.",
        benefits="kf",
        objectives=("M3", "M4"),
        areas=("verksamhet",),
        partners=(("tydal", PARTNER),),
        politician="mbn_chair",
        officer="env",
        criteria=("P2", "P3", "P4"),
        implementation="Gemensamma tillsynsbesök vid två anläggningar och en workshop om avloppslösningar.",
    ),
]

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


# ---------------------------------------------------------------------------------------------------
# Writing the demo to the database
# ---------------------------------------------------------------------------------------------------
@dataclass
class SeedResult:
    created: bool
    engagements: int = 0
    people: int = 0
    organisations: int = 0
    countries: list[str] = field(default_factory=list)


def demo_exists() -> bool:
    """Whether the demo data set has been written (its system account exists)."""
    return get_user_model().objects.filter(username=SYSTEM_USERNAME).exists()


def ensure_policy() -> None:
    """Load the shipped policy when no policy has been loaded yet."""
    if not Policy.objects.exists():
        load_policy(POLICY_FILE)


def seed_demo() -> SeedResult:
    """Write the demo people, partners and engagements, unless they are there already."""
    with transaction.atomic():
        if demo_exists():
            return SeedResult(created=False)
        ensure_policy()
        system = _system_user()
        units = {u.code: u for u in OrgUnit.objects.all()}
        people = {
            p.key: Person.objects.create(name=p.name, kind=p.kind, title=p.title, unit=units[p.unit], email=p.email)
            for p in PEOPLE
        }
        orgs = {
            o.key: Organisation.objects.create(name=o.name, country=o.country, kind=o.kind, city=o.city)
            for o in ORGANISATIONS
        }
        lookups = {
            "units": units,
            "people": people,
            "orgs": orgs,
            "objectives": {o.code: o for o in Objective.objects.all()},
            "areas": {a.code: a for a in Area.objects.all()},
            "criteria": {c.code: c for c in PriorityCriterion.objects.all()},
        }
        specs = demo_engagements()
        for spec in specs:
            _write(spec, by=system, **lookups)
        # The system account only wrote the demo: it keeps its name in the history but cannot sign in.
        system.is_active = False
        system.save(update_fields=["is_active"])
    return SeedResult(
        created=True,
        engagements=len(specs),
        people=len(people),
        organisations=len(orgs),
        countries=sorted({o.country for o in ORGANISATIONS}),
    )


def _system_user():
    user = get_user_model().objects.create_user(SYSTEM_USERNAME, first_name="System")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, unit=OrgUnit.objects.get(code="nuk"), role=Role.SAMORDNARE)
    return user


def _write(spec: DemoEngagement, *, by, units, people, orgs, objectives, areas, criteria) -> Engagement:
    """Walk one engagement through its life with the actions, as a coordinator would have done."""
    fields = {
        "title": spec.title,
        "kind": spec.kind,
        "summary": spec.summary,
        "purpose": spec.purpose,
        "unit_goal": spec.unit_goal,
        "added_value": spec.added_value,
        "benefits_municipality": "k" in spec.benefits,
        "benefits_companies": "f" in spec.benefits,
        "benefits_residents": "i" in spec.benefits,
        "owner_unit": units[spec.unit],
        "scope": spec.scope,
        "responsible_politician": people.get(spec.politician),
        "responsible_officer": people.get(spec.officer),
        "start_date": spec.start,
        "end_date": spec.end,
        "is_secret": bool(spec.secrecy_ground),
        "secrecy_ground": spec.secrecy_ground,
    }
    engagement = actions.create_engagement(
        by=by,
        fields=fields,
        objectives=[objectives[c] for c in spec.objectives],
        areas=[areas[c] for c in spec.areas],
        participations=[(orgs[key], role) for key, role in spec.partners],
    )
    for step in LIFE[1 : LIFE.index(spec.reached) + 1]:
        if step == Status.ASSESSED:
            actions.set_assessment(engagement, by=by, justifications={criteria[c]: t for c, t in spec.criteria})
        elif step == Status.DECIDED:
            decision = spec.decision
            actions.add_decision(
                engagement,
                by=by,
                body=decision.body,
                decided_on=decision.decided_on,
                diary_number=decision.diary_number,
                description=decision.description,
            )
        elif step == Status.FINISHED:
            _update(engagement, by, reason="Slutredovisning", results=spec.results, dissemination=spec.dissemination)
        actions.move_engagement(engagement, step, by=by)
        if step == Status.ONGOING and spec.implementation:
            _update(engagement, by, reason="Lägesrapport", implementation=spec.implementation)
    if spec.status == Status.CANCELLED:
        actions.move_engagement(engagement, Status.CANCELLED, by=by, reason=spec.cancel_reason)
    if spec.archive_reason:
        actions.archive_engagement(engagement, by=by, reason=spec.archive_reason)
    return engagement


def _update(engagement: Engagement, by, *, reason: str, **fields) -> None:
    """Edit some fields through update_engagement, keeping the relations as they are."""
    engagement.refresh_from_db()
    actions.update_engagement(
        engagement,
        by=by,
        expected_version=engagement.version,
        fields=fields,
        objectives=list(engagement.objectives.all()),
        areas=list(engagement.areas.all()),
        participations=[(p.organisation, p.role) for p in engagement.participations.select_related("organisation")],
        countries=[str(c.country) for c in engagement.countries.all()],
        reason=reason,
    )


# ---------------------------------------------------------------------------------------------------
# Demo accounts (setup_demo)
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewAccount:
    username: str
    role: str
    unit: str
    password: str


def accounts_exist() -> bool:
    """Whether anyone other than the demo data's system account has an account."""
    return get_user_model().objects.exclude(username=SYSTEM_USERNAME).exists()


def demo_usernames() -> list[str]:
    names = [username for username, *_rest in ACCOUNTS] + [ADMIN_USERNAME]
    found = set(get_user_model().objects.filter(username__in=names).values_list("username", flat=True))
    return [name for name in names if name in found]


@transaction.atomic
def create_demo_accounts() -> list[NewAccount]:
    """One account per role, linked to its demo person, plus the IT superuser; each with a random password."""
    User = get_user_model()
    units = {u.code: u for u in OrgUnit.objects.all()}
    people = {p.key: p for p in PEOPLE}
    created = []
    for username, role, unit_code, person_key, name in ACCOUNTS:
        demo_person = people.get(person_key)
        first, last = (demo_person.name if demo_person else name).split(" ", 1)
        email = demo_person.email if demo_person else f"{username}@foretag.example"
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username, email=email, password=password, first_name=first, last_name=last)
        Membership.objects.create(user=user, unit=units[unit_code], role=role)
        if demo_person:
            Person.objects.filter(name=demo_person.name, unit__code=demo_person.unit, user=None).update(user=user)
        created.append(NewAccount(username, str(Role(role).label), units[unit_code].name, password))
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(ADMIN_USERNAME, email=f"it@{EMAIL_DOMAIN}", password=password)
    created.append(NewAccount(ADMIN_USERNAME, "IT-administratör (superanvändare)", "–", password))
    return created


# ---------------------------------------------------------------------------------------------------
# Synthetic engagements for benchmarks (seed_demo --engagements N)
# ---------------------------------------------------------------------------------------------------
_SYNTHETIC_THEMES = (
    # (title pattern, kind, units, objectives, areas)
    ("Elevutbyte med {org} om {topic}", Kind.SAMARBETE, ("gymnasiet", "grundskolan"), ("M3", "M5"), ("skola",)),
    ("Erasmus+-projekt om {topic} med {org}", Kind.PROJEKT, ("buf", "gymnasiet"), ("M3",), ("skola",)),
    ("Interreg-projekt om {topic} i {city}", Kind.PROJEKT, ("nuk", "ks"), ("M1", "M4"), ("naringsliv",)),
    ("Studiebesök från {org} om {topic}", Kind.BESOK, ("sof", "nuk", "kultur"), ("M3", "M5"), ("verksamhet",)),
    ("Studieresa till {city} om {topic}", Kind.RESA, ("sof", "buf", "nuk"), ("M3",), ("verksamhet",)),
    ("Konferens om {topic} i {city}", Kind.KONFERENS, ("nuk", "sof", "kultur"), ("M3", "M4"), ("verksamhet",)),
    ("Nätverk för {topic} med {org}", Kind.NATVERK, ("ks", "nuk"), ("M1", "M4"), ("verksamhet",)),
    ("Vänortsutbyte med {city} om {topic}", Kind.VANORT, ("ks",), ("M2", "M5"), ("kultur",)),
    ("Kulturutbyte med {org}: {topic}", Kind.SAMARBETE, ("kultur",), ("M5",), ("kultur",)),
    ("Erfarenhetsutbyte om {topic} med {org}", Kind.ANNAT, ("sof", "nuk", "buf"), ("M3",), ("verksamhet",)),
)
_SYNTHETIC_TOPICS = (
    "hållbar turism",
    "digital undervisning",
    "äldreomsorg i glesbygd",
    "fjällräddning",
    "lokal matproduktion",
    "förnybar energi",
    "ungas inflytande",
    "integration av nyanlända",
    "bibliotek och läsfrämjande",
    "folkmusik och dans",
    "skidsport och friluftsliv",
    "vattenvård i fjällen",
    "kompetensförsörjning",
    "cykelturism",
    "entreprenörskap i skolan",
    "samisk kultur",
)
_SYNTHETIC_STATUS_WEIGHTS = (
    (Status.IDEA, 15),
    (Status.ASSESSED, 10),
    (Status.DECIDED, 10),
    (Status.ONGOING, 25),
    (Status.FINISHED, 35),
    (Status.CANCELLED, 5),
)
BULK_CHUNK = 5000
_ASSESSMENT_TEXT = "Bedömningen bygger på partnernas erfarenhet och verksamhetens behov."


def add_synthetic_engagements(count: int, *, batch: int = BULK_CHUNK) -> int:
    """Add `count` plausible engagements quickly (plain multi-row inserts, no history), for benchmarks.

    Each one is consistent with the rules like the demo (a decided one has a decision and both
    responsible persons, a finished one results), and search_text is what actions.refresh_search_text
    would store. The model layer is bypassed for speed: 100 000 rows take about a minute.
    """
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError("Synthetic engagements are written for SQLite and PostgreSQL only.")
    ensure_policy()
    if not demo_exists():
        seed_demo()
    rng = random.Random(SEED + Engagement.objects.count())
    context = {
        "units": {u.code: u.pk for u in OrgUnit.objects.all()},
        "objectives": {o.code: o.pk for o in Objective.objects.all()},
        "areas": {a.code: a.pk for a in Area.objects.all()},
        "criteria": list(PriorityCriterion.objects.order_by("pk").values_list("pk", flat=True)),
        "orgs": list(Organisation.objects.order_by("pk").values_list("pk", "name", "city", "country")),
        "politicians": list(
            Person.objects.filter(kind=Person.Kind.FORTROENDEVALD).order_by("pk").values_list("pk", flat=True)
        ),
        "officers": list(
            Person.objects.filter(kind=Person.Kind.TJANSTEMAN).order_by("pk").values_list("pk", flat=True)
        ),
        "system_id": get_user_model().objects.filter(username=SYSTEM_USERNAME).values_list("pk", flat=True).first(),
        "now": datetime.datetime.now(tz=datetime.UTC),
    }
    written = 0
    while written < count:
        size = min(batch, count - written)
        with transaction.atomic():
            _write_synthetic(size, rng, **context)
        written += size
    return written


def _write_synthetic(size, rng, *, units, objectives, areas, criteria, orgs, politicians, officers, system_id, now):
    statuses = [s for s, _w in _SYNTHETIC_STATUS_WEIGHTS]
    weights = [w for _s, w in _SYNTHETIC_STATUS_WEIGHTS]
    ids = _allocate_ids(Engagement, size)
    engagements, objective_links, area_links, participations, countries, assessments, decisions = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for pk in ids:
        pattern, kind, unit_codes, objective_codes, area_codes = rng.choice(_SYNTHETIC_THEMES)
        partners = rng.sample(orgs, rng.choice((1, 1, 2, 3)))
        topic = rng.choice(_SYNTHETIC_TOPICS)
        lead = partners[0]
        title = pattern.format(org=lead[1], city=lead[2] or lead[1], topic=topic)[:200]
        status = rng.choices(statuses, weights)[0]
        reached = status if status != Status.CANCELLED else rng.choice(LIFE[:3])
        step = LIFE.index(reached)
        start = d(rng.randint(2022, 2026), rng.randint(1, 12), rng.randint(1, 28))
        end = start + datetime.timedelta(days=rng.choice((2, 4, 30, 120, 365, 730)))
        partner_names = [org[1] for org in partners]
        summary = f"Samarbete om {topic} med {_join(partner_names)}."
        purpose = f"Att utveckla verksamhetens arbete med {topic} genom utbyte med {lead[1]}."
        results = f"Nya arbetssätt inom {topic} har prövats och dokumenterats." if status == Status.FINISHED else ""
        diary_number = ""
        if step >= LIFE.index(Status.DECIDED):
            decided_on = start - datetime.timedelta(days=rng.randint(14, 90))
            diary_number = f"KS {decided_on.year}/{rng.randint(1, 400)}"
            decisions.append(
                {
                    "engagement_id": pk,
                    "body": "Kommunstyrelsens arbetsutskott",
                    "decided_on": decided_on,
                    "diary_number": diary_number,
                    "created_at": now,
                    "created_by_id": system_id,
                }
            )
        engagements.append(
            {
                "id": pk,
                "title": title,
                "kind": str(kind),
                "summary": summary,
                "purpose": purpose,
                "unit_goal": f"Verksamhetens mål om kompetensutveckling inom {topic}.",
                "added_value": "Ny kunskap och långsiktiga kontakter för kommunen.",
                "benefits_municipality": True,
                "benefits_residents": rng.random() < 0.5,
                "benefits_companies": rng.random() < 0.3,
                "owner_unit_id": units[rng.choice(unit_codes)],
                "responsible_politician_id": rng.choice(politicians) if step >= 2 or rng.random() < 0.6 else None,
                "responsible_officer_id": rng.choice(officers) if step >= 2 or rng.random() < 0.8 else None,
                "start_date": start,
                "end_date": end,
                "diary_number": diary_number,
                "implementation": f"Aktiviteter om {topic} har genomförts enligt planen." if step >= 3 else "",
                "results": results,
                "dissemination": "Redovisat på arbetsplatsträff och i nyhetsbrevet." if results else "",
                "status": str(status),
                "cancel_reason": "Avbrutet eftersom finansieringen inte beviljades."
                if status == Status.CANCELLED
                else "",
                # The same text as actions.refresh_search_text builds.
                "search_text": " ".join([title, summary, purpose, results, " ".join(partner_names)]),
                "created_at": now,
                "updated_at": now,
                "created_by_id": system_id,
            }
        )
        objective_links += [{"engagement_id": pk, "objective_id": objectives[c]} for c in objective_codes]
        area_links += [{"engagement_id": pk, "area_id": areas[c]} for c in area_codes]
        participations += [
            {
                "engagement_id": pk,
                "organisation_id": org[0],
                "role": str(Participation.Role.LEAD if len(partners) > 1 and i == 0 else Participation.Role.PARTNER),
            }
            for i, org in enumerate(partners)
        ]
        countries += [{"engagement_id": pk, "country": c} for c in sorted({org[3] for org in partners})]
        if step >= LIFE.index(Status.ASSESSED):
            assessments += [
                {"engagement_id": pk, "criterion_id": c, "justification": _ASSESSMENT_TEXT}
                for c in rng.sample(criteria, 2)
            ]
    _insert(Engagement, engagements)
    _insert(Engagement.objectives.through, objective_links)
    _insert(Engagement.areas.through, area_links)
    _insert(Participation, participations)
    _insert(EngagementCountry, countries)
    _insert(PriorityAssessment, assessments)
    _insert(Decision, decisions)


def _allocate_ids(model, count: int) -> list[int]:
    """Primary keys for `count` new rows: from the sequence on PostgreSQL; after the largest on SQLite.

    SQLite transactions here take the write lock when they begin (transaction_mode IMMEDIATE), so no one
    else can insert between reading the largest id and using the next ones.
    """
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _insert(model, rows: list[dict]) -> None:
    """INSERT rows given as {attname: value}; columns a row leaves out get the field's default."""
    if not rows:
        return
    ops, quote = connection.ops, connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.primary_key]
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields if f.attname not in rows[0]}

    def adapter(field):
        internal = field.get_internal_type()
        if internal == "DateTimeField":
            return ops.adapt_datetimefield_value
        if internal == "DateField":
            return ops.adapt_datefield_value
        return None

    adapters = [(f.attname, adapter(f)) for f in fields]
    values = [
        tuple(
            defaults[name] if name not in row else (adapt(row[name]) if adapt else row[name])
            for name, adapt in adapters
        )
        for row in rows
    ]
    columns = ", ".join(quote(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Many rows per statement: far fewer round trips than one INSERT per row (SQLite allows 32 766 parameters).
    per_statement = max(1, min(500, 30_000 // len(fields)))
    with connection.cursor() as cursor:
        for first in range(0, len(values), per_statement):
            chunk = values[first : first + per_statement]
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES " + ", ".join([row_sql] * len(chunk))
            cursor.execute(sql, [value for row in chunk for value in row])
