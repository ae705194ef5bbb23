"""The demo's partner register beyond the organisations: details, contact persons, networks and interactions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

d = datetime.date

# Organisation key -> (name in its own language, region, description).
ORGANISATION_DETAILS = {
    "roros": (
        "Plassje tjïelte",
        "Trøndelag",
        "Bergsstad och världsarv på andra sidan riksgränsen; vänort och partner i flera Interreg-projekt.",
    ),
    "tydal": ("", "Trøndelag", "Fjällkommun vid gränsen; samarbete om miljötillsyn och räddningstjänst."),
    "holtalen": ("", "Trøndelag", "Grannkommun i Gauldalen med bibliotekssamarbete sedan 2023."),
    "trondelag": ("Trööndelagen fylhkentjïelte", "Trøndelag", "Regionalt utvecklingsansvar, kollektivtrafik."),
    "saemien_sijte": ("Saemien Sijte", "Trøndelag", "Sydsamiskt museum och kulturcentrum i Snåsa."),
    "sotkamo": ("Sotkamon kunta", "Kainuu", "Vänort i Finland med skidgymnasium och vintersport."),
    "highland": ("Comhairle na Gàidhealtachd", "Skottland", "Regionfullmäktige i Highland, skolsamarbete."),
    "tartu_social": ("", "Tartumaa", "Socialförvaltningen i Tartu; digitala hemtjänsttjänster."),
    "cor": ("European Committee of the Regions", "", "EU:s rådgivande organ för lokala och regionala frågor."),
}


@dataclass(frozen=True)
class DemoContact:
    name: str
    title: str
    languages: str
    email: str
    phone: str
    affiliations: tuple[tuple[str, str], ...]  # (organisation key, role)
    known_by: tuple[str, ...]  # person keys (data.PEOPLE)
    shared_fields: tuple[str, ...] | None = None  # None: no consent to be shown to local actors
    notes: str = ""


CONTACTS = (
    DemoContact(
        "Ingrid Haugen",
        "Ordfører",
        "norska, svenska",
        "ingrid.haugen@roros.kommune.example",
        "+47 72 41 95 00",
        (("roros", "Ordfører"),),
        ("ks_chair", "sara"),
        ("title", "email"),
    ),
    DemoContact(
        "Kjetil Moen",
        "Næringssjef",
        "norska, engelska",
        "kjetil.moen@roros.kommune.example",
        "+47 72 41 95 10",
        (("roros", "Næringssjef"), ("destinasjon_roros", "Styremedlem")),
        ("nuk_chief",),
        ("title", "email", "phone"),
        "Bra ingång till besöksnäringen i Røros; föredrar telefon före e-post.",
    ),
    DemoContact(
        "Siri Aune",
        "Rektor",
        "norska, engelska, tyska",
        "siri.aune@roros-vgs.example",
        "+47 72 40 60 00",
        (("roros_vgs", "Rektor"),),
        ("gym_head", "hans"),
        ("title", "languages", "email"),
    ),
    DemoContact(
        "Ola Brennås",
        "Biblioteksjef",
        "norska",
        "ola.brennas@holtalen.kommune.example",
        "",
        (("holtalen", "Biblioteksjef"),),
        ("librarian",),
    ),
    DemoContact(
        "Marit Kvernmo",
        "Rådgiver internasjonalt samarbeid",
        "norska, engelska, svenska",
        "marit.kvernmo@trondelagfylke.example",
        "+47 74 17 40 00",
        (("trondelag", "Rådgiver"),),
        ("sara", "ceo"),
        ("title", "email"),
    ),
    DemoContact(
        "Elle Jonsen",
        "Daglig leder",
        "sydsamiska, norska, svenska",
        "elle.jonsen@saemiensijte.example",
        "",
        (("saemien_sijte", "Daglig leder"),),
        ("karin",),
    ),
    DemoContact(
        "Mikko Heikkinen",
        "Rehtori",
        "finska, svenska, engelska",
        "mikko.heikkinen@sotkamo.example",
        "+358 44 750 0000",
        (("sotkamo_lukio", "Rektor"), ("sotkamo", "Ledamot i skolnämnden")),
        ("gym_head", "gym_teacher"),
        ("title", "languages"),
    ),
    DemoContact(
        "Fiona MacLeod",
        "Head of Education Partnerships",
        "engelska, skotsk gaeliska",
        "fiona.macleod@highland.example",
        "+44 1463 700000",
        (("highland", "Education Partnerships"),),
        ("school_head", "hans"),
    ),
    DemoContact(
        "Kadri Tamm",
        "Sotsiaalosakonna juhataja",
        "estniska, engelska, ryska",
        "kadri.tamm@tartu.example",
        "",
        (("tartu_social", "Avdelningschef"),),
        ("sof_chief", "sof_dev"),
    ),
    DemoContact(
        "Anders Hedlund",
        "EU-handläggare",
        "svenska, engelska, franska",
        "anders.hedlund@mittsverige.example",
        "+32 2 501 08 00",
        (("mittsverige", "EU-handläggare för Jämtland Härjedalen"), ("efns", "Sekreterare")),
        ("sara", "nuk_chief"),
        ("title", "email", "phone"),
    ),
)


@dataclass(frozen=True)
class DemoNetwork:
    name: str
    organisation: str | None
    description: str
    purpose: str
    member_since: datetime.date
    member_until: datetime.date | None
    yearly_fee: str
    representative: str | None
    objectives: tuple[str, ...]
    website: str = ""


NETWORKS = (
    DemoNetwork(
        "Europaforum Norra Sverige",
        "efns",
        "Politisk plattform för de fyra nordligaste länen i EU-frågor.",
        "Påverka EU:s sammanhållningspolitik och landsbygdsfrågor tillsammans med andra norrländska kommuner.",
        d(2015, 1, 1),
        None,
        "12000",
        "ks_chair",
        ("M1", "M2"),
    ),
    DemoNetwork(
        "Mittsverigekontoret i Bryssel",
        "mittsverige",
        "Regionalt EU-kontor för Jämtland, Västernorrland och Gävleborg.",
        "Omvärldsbevakning, utlysningar och hjälp att hitta partner till EU-projekt.",
        d(2018, 1, 1),
        None,
        "45000",
        "sara",
        ("M1", "M4"),
    ),
    DemoNetwork(
        "Gränskommittén Jämtland–Härjedalen–Trøndelag",
        "trondelag",
        "Samarbetsråd för kommunerna på båda sidor om riksgränsen.",
        "Lösa gränshinder för pendlare och företag och hitta gemensamma Interreg-projekt.",
        d(2019, 6, 1),
        None,
        "8500",
        "ceo",
        ("M1", "M3"),
    ),
    DemoNetwork(
        "Nordiskt nätverk för fjällkommuner",
        None,
        "Erfarenhetsutbyte mellan fjällkommuner i Norden om turism och service i glesbygd.",
        "Lära av andra fjällkommuner om säsongsarbete och bostäder.",
        d(2020, 1, 1),
        d(2024, 12, 31),
        "3000",
        "nuk_chief",
        ("M5",),
    ),
)


@dataclass(frozen=True)
class DemoInteraction:
    date: datetime.date
    kind: str
    subject: str
    organisation: str
    contacts: tuple[str, ...]  # contact names
    participants: tuple[str, ...]  # person keys
    engagement: str = ""  # title of a demo engagement
    notes: str = ""


INTERACTIONS = (
    DemoInteraction(
        d(2023, 5, 16),
        "mote",
        "Uppstart av destinationsprojektet",
        "roros",
        ("Kjetil Moen",),
        ("nuk_chief", "sara"),
        "Interreg Sverige–Norge: Gränslös destinationsutveckling Funäsfjällen–Røros",
        "Vi enades om en gemensam ansökan till Interreg Sverige–Norge med sista dag i september.",
    ),
    DemoInteraction(
        d(2024, 2, 7),
        "video",
        "Avstämning av vänortsprogrammet",
        "roros",
        ("Ingrid Haugen",),
        ("ks_chair", "sara"),
        "Vänortssamarbete med Røros kommun",
    ),
    DemoInteraction(
        d(2024, 9, 12),
        "besok",
        "Elevutbytet: lärarbesök på Røros videregående skole",
        "roros_vgs",
        ("Siri Aune",),
        ("gym_head", "hans"),
        "Erasmus+ elevutbyte med Røros videregående skole",
    ),
    DemoInteraction(
        d(2025, 1, 20),
        "telefon",
        "Gemensam bokbuss över gränsen",
        "holtalen",
        ("Ola Brennås",),
        ("librarian",),
        "Bibliotekssamarbete Härjedalen–Holtålen",
    ),
    DemoInteraction(
        d(2025, 3, 4),
        "mote",
        "Kollektivtrafik över riksgränsen",
        "trondelag",
        ("Marit Kvernmo",),
        ("ceo", "sara"),
        "Besök från Trøndelag fylkeskommune om kollektivtrafik över gränsen",
    ),
    DemoInteraction(
        d(2025, 6, 10),
        "epost",
        "Utlysning inom Interreg Aurora",
        "mittsverige",
        ("Anders Hedlund",),
        ("sara",),
        "",
        "Tips om en utlysning för digital omsorg; vidarebefordrat till socialförvaltningen.",
    ),
    DemoInteraction(
        d(2025, 10, 2),
        "video",
        "Digitala hemtjänsttjänster i Tartu",
        "tartu_social",
        ("Kadri Tamm",),
        ("sof_chief", "sof_dev"),
        "Studieresa till Tartu om digitala hemtjänsttjänster",
    ),
    DemoInteraction(
        d(2026, 2, 18),
        "mote",
        "Sydsamisk kulturvecka 2026",
        "saemien_sijte",
        ("Elle Jonsen",),
        ("karin",),
        "Sydsamisk kultur och språk över gränsen",
    ),
    DemoInteraction(
        d(2026, 4, 14),
        "video",
        "Lärarnätverket: höstens skuggning",
        "highland",
        ("Fiona MacLeod",),
        ("school_head", "hans"),
        "Lärarnätverk för landsbygdsskolor i Skottland och Härjedalen",
    ),
    DemoInteraction(
        d(2026, 9, 8),
        "besok",
        "Träningsläger och skolbesök i Sotkamo",
        "sotkamo_lukio",
        ("Mikko Heikkinen",),
        ("gym_head", "gym_teacher"),
        "Skidgymnasiet: träningsläger och utbyte med Sotkamo",
    ),
)
