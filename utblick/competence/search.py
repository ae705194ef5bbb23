"""Finding colleagues (R-40): a Swedish query such as "norska, minst B2, Interreg" or "erfarenhet av Skottland",
parsed into languages (with a lowest level), EU knowledge areas, countries, networks of the partner register
(e.g. "Kvarkenrådet") and free words, and the people who match, ranked with a score and the reasons
("norska C1 (minst B2)", "Interreg", "erfarenhet: Skottland 2019–2021", "nätverk: Kvarkenrådet").

Only the parts a profile's owner made visible count for others (the owner's own profile counts in full for
them). The number of SQL queries is the same whatever the number of profiles or hits: the matching rows of
each kind are read in one query each and scored in Python, and only the shown page's people are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from utblick.competence.languages import language_name, search_words
from utblick.competence.models import (
    LEVELS,
    CompetenceProfile,
    EuKnowledge,
    Experience,
    LanguageSkill,
    Visibility,
    display_name,
    levels_from,
    years_text,
)
from utblick.core.countries import country_choices
from utblick.partners.models import Network

# Points: a match on what was asked weighs more than the willingness to help, which only orders among equals.
LANGUAGE_POINTS = 10
EU_POINTS = 8
NETWORK_POINTS = 8
COUNTRY_POINTS = 8
WORD_POINTS = 6
REGISTER_POINTS = 4
WILLING_POINTS = 3
PER_LEVEL_ABOVE = 1  # C1 when B2 was asked ranks above B2

LEVEL_WORDS = {level.lower(): level for level in LEVELS}
# Words that carry no meaning of their own in a query ("erfarenhet av Skottland", "kan norska").
STOP_WORDS = frozenset(
    [
        "minst",
        "lägst",
        "nivå",
        "nivån",
        "på",
        "av",
        "i",
        "från",
        "med",
        "och",
        "eller",
        "som",
        "kan",
        "talar",
        "pratar",
        "erfarenhet",
        "erfarenheter",
        "kunskap",
        "kunskaper",
        "om",
        "inom",
        "har",
        "vill",
        "hjälpa",
        "en",
        "ett",
        "den",
        "det",
        "de",
        "till",
        "för",
        "språk",
        "land",
        "länder",
    ]
)
# Everyday names of countries whose standard Swedish name differs ("USA" for "Amerikas förenta stater").
COUNTRY_ALIASES = {
    "usa": "US",
    "förenta staterna": "US",
    "förenade kungariket": "GB",
    "holland": "NL",
    "tjeckiska republiken": "CZ",
}
MAX_PHRASE = 5  # words in the longest name (e.g. "påverkansarbete i bryssel")
MIN_WORD = 3  # shorter free words match too much text to mean anything


@dataclass
class ParsedQuery:
    """What a query asks for."""

    languages: dict[str, str | None] = field(default_factory=dict)  # code -> lowest level (None: any)
    eu: dict[int, str] = field(default_factory=dict)  # EuKnowledge pk -> name
    countries: dict[str, str] = field(default_factory=dict)  # ISO code -> name
    networks: dict[int, str] = field(default_factory=dict)  # partners.Network pk -> name
    words: list[str] = field(default_factory=list)  # free words, matched in experience and networks

    def __bool__(self):
        return bool(self.languages or self.eu or self.countries or self.networks or self.words)

    def describe(self) -> list[str]:
        """What was understood, in words, so the user can see how the query was read."""
        parts = []
        for code, level in self.languages.items():
            parts.append(
                _("%(language)s minst %(level)s") % {"language": language_name(code), "level": level}
                if level
                else language_name(code)
            )
        parts += list(self.eu.values())
        parts += [_("land: %(country)s") % {"country": name} for name in self.countries.values()]
        parts += [_("nätverk: %(network)s") % {"network": name} for name in self.networks.values()]
        parts += [_("ord: %(word)s") % {"word": word} for word in self.words]
        return parts


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,;]+", text.lower().replace("”", " ").replace('"', " ")) if t]


def phrase_table() -> dict[str, tuple[str, object]]:
    """{lower-case phrase: (kind, value)}: the register's networks, languages, active EU knowledge areas and their
    short forms, countries (a later kind wins when a name is both)."""
    table: dict[str, tuple[str, object]] = {}
    # Every internal role sees every network of the register (core.permissions, "partner"), as it searches here.
    for pk, name in Network.objects.order_by("pk").values_list("pk", "name"):
        phrase = " ".join(_tokens(name))
        if phrase:
            table[phrase] = ("network", (pk, name))
    names = dict(country_choices())
    for code, name in names.items():
        table[name.lower()] = ("country", (name, code))
    for alias, code in COUNTRY_ALIASES.items():
        table[alias] = ("country", (names[code], code))
    for word, code in search_words().items():
        table[word] = ("language", code)
    for area in EuKnowledge.objects.filter(is_active=True):
        for word in area.search_words():
            table[word] = ("eu", (area.pk, area.name))
    return table


def parse(text: str, table: dict | None = None) -> ParsedQuery:
    """Read a query: the longest known phrase first, a level after (or before) a language, the rest free words."""
    table = phrase_table() if table is None else table
    tokens = _tokens(text)[:50]
    query = ParsedQuery()
    pending_level: str | None = None  # "minst B2 norska": a level given before its language
    last_language: str | None = None
    i = 0
    while i < len(tokens):
        for length in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + length])
            if phrase in table:
                kind, value = table[phrase]
                if kind == "language":
                    query.languages[value] = pending_level or query.languages.get(value)
                    pending_level, last_language = None, value
                elif kind == "eu":
                    query.eu[value[0]] = value[1]
                elif kind == "network":
                    query.networks[value[0]] = value[1]
                else:
                    name, code = value
                    query.countries[code] = name
                i += length
                break
        else:
            token = tokens[i]
            level = LEVEL_WORDS.get(token)
            if level:
                if last_language is not None and query.languages.get(last_language) is None:
                    query.languages[last_language] = level
                else:
                    pending_level = level
            elif token not in STOP_WORDS and len(token) >= MIN_WORD and token not in query.words:
                query.words.append(token)
            i += 1
    return query


@dataclass
class Hit:
    """One person found: the score and the reasons, best first."""

    user_id: int
    score: int = 0
    why: list[str] = field(default_factory=list)
    willing: bool = False
    name: str = ""
    profile: CompetenceProfile | None = None
    unit: str = ""
    help_note: str = ""


def _visible(part: str, viewer, prefix: str = "") -> Q:
    """Rows of profiles whose `part` the viewer may see: made visible, or the viewer's own."""
    return Q(**{f"{prefix}show_{part}": Visibility.VISIBLE}) | Q(**{f"{prefix}user_id": viewer.pk})


def find(viewer, query: ParsedQuery, *, exclude: Q | None = None, register: bool = True) -> list[Hit]:
    """Everyone matching the query, best first: one query per kind of criterion, whatever the number of hits.

    `exclude` leaves out profiles (e.g. the engagement's own responsible people); `register` adds the engagements
    and trips of the register for country criteria."""
    hits: dict[int, Hit] = {}

    def hit(user_id) -> Hit:
        return hits.setdefault(user_id, Hit(user_id=user_id))

    profiles = CompetenceProfile.objects.filter(user__is_active=True)
    if exclude is not None:
        profiles = profiles.exclude(exclude)

    if query.languages:
        wanted = Q()
        for code, level in query.languages.items():
            wanted |= Q(language=code, level__in=levels_from(level))
        rows = (
            LanguageSkill.objects.filter(wanted, profile__in=profiles)
            .filter(_visible("languages", viewer, "profile__"))
            .values_list("profile__user_id", "language", "level")
        )
        for user_id, code, level in rows:
            minimum = query.languages[code]
            found = hit(user_id)
            above = LEVELS.index(level) - (LEVELS.index(minimum) if minimum else 0)
            found.score += LANGUAGE_POINTS + PER_LEVEL_ABOVE * above
            name = language_name(code)
            found.why.append(
                _("%(language)s %(level)s (minst %(minimum)s)") % {"language": name, "level": level, "minimum": minimum}
                if minimum
                else f"{name} {level}"
            )

    if query.eu:
        through = CompetenceProfile.eu_knowledge.through
        rows = (
            through.objects.filter(euknowledge_id__in=list(query.eu), competenceprofile__in=profiles)
            .filter(_visible("eu", viewer, "competenceprofile__"))
            .values_list("competenceprofile__user_id", "euknowledge_id")
        )
        for user_id, area_id in rows:
            found = hit(user_id)
            found.score += EU_POINTS
            found.why.append(query.eu[area_id])

    if query.countries or query.words:
        wanted = Q(country__in=list(query.countries)) if query.countries else Q(pk__in=[])
        for word in query.words:
            wanted |= Q(place__icontains=word) | Q(description__icontains=word)
        rows = (
            Experience.objects.filter(wanted, profile__in=profiles)
            .filter(_visible("experience", viewer, "profile__"))
            .values_list("profile__user_id", "country", "place", "description", "start_year", "end_year")
            .order_by("-start_year", "pk")
        )
        for user_id, country, place, description, start, end in rows:
            found = hit(user_id)
            where = ", ".join(p for p in (place, query.countries.get(country) or "") if p)
            if country in query.countries:
                found.score += COUNTRY_POINTS
            else:
                found.score += WORD_POINTS
                if not place:
                    where = description[:60] + ("…" if len(description) > 60 else "")
            found.why.append(_("erfarenhet: %(where)s %(years)s") % {"where": where, "years": years_text(start, end)})

    if query.networks or query.words:
        _network_hits(viewer, query, profiles, hit)

    if query.countries and register:
        _register_hits(viewer, query, profiles, hit)

    if not hits:
        return []
    willing = profiles.filter(user_id__in=list(hits), willing_to_help=True).filter(_visible("willing", viewer))
    for user_id in willing.values_list("user_id", flat=True):
        found = hits[user_id]
        found.willing = True
        found.score += WILLING_POINTS
    names = dict(
        profiles.filter(user_id__in=list(hits)).values_list("user_id", "user__last_name").order_by()
    )  # for a stable order among equal scores
    return sorted(hits.values(), key=lambda h: (-h.score, names.get(h.user_id, ""), h.user_id))


def _network_hits(viewer, query: ParsedQuery, profiles, hit) -> None:
    """The register's networks asked for by name or containing a free word, and the lines of the profiles' other
    networks (free text) containing either, for people who show their networks: two queries."""
    through = CompetenceProfile.networks.through
    wanted = Q(network_id__in=list(query.networks)) if query.networks else Q(pk__in=[])
    for word in query.words:
        wanted |= Q(network__name__icontains=word)
    rows = (
        through.objects.filter(wanted, competenceprofile__in=profiles)
        .filter(_visible("networks", viewer, "competenceprofile__"))
        .values_list("competenceprofile__user_id", "network_id", "network__name")
        .order_by("network__name", "network_id")
    )
    found_names: dict[int, list[str]] = {}
    for user_id, network_id, name in rows:
        hit(user_id).score += NETWORK_POINTS if network_id in query.networks else WORD_POINTS
        found_names.setdefault(user_id, []).append(name)
    texts = [" ".join(_tokens(name)) for name in query.networks.values()] + query.words
    wanted = Q()
    for text in texts:
        wanted |= Q(other_networks__icontains=text)
    rows = profiles.filter(wanted).filter(_visible("networks", viewer)).values_list("user_id", "other_networks")
    for user_id, other in rows:
        lines = [line.strip() for line in other.splitlines() if any(t in " ".join(_tokens(line)) for t in texts)]
        if lines:
            hit(user_id).score += WORD_POINTS
            found_names.setdefault(user_id, []).extend(lines)
    for user_id, names in found_names.items():
        hit(user_id).why.append(_("nätverk: %(names)s") % {"names": "; ".join(names[:3])})


def _register_hits(viewer, query: ParsedQuery, profiles, hit) -> None:
    """Engagements in the countries asked for that a person was responsible for or travelled in (R-40 point 2),
    among those the viewer may see, for people who show their engagements."""
    from utblick.engagements.models import Engagement
    from utblick.engagements.models_trips import Trip

    shown = profiles.filter(_visible("engagements", viewer)).values("user_id")
    visible = Engagement.objects.restrict(viewer, "view")
    codes = list(query.countries)
    trips = (
        Trip.objects.filter(country__in=codes, engagement__in=visible, travellers__user_id__in=shown)
        .values_list("travellers__user_id", "destination", "country", "start_date")
        .order_by("-start_date")
    )
    for user_id, destination, country, start in trips:
        found = hit(user_id)
        found.score += REGISTER_POINTS
        found.why.append(
            _("resa: %(where)s %(year)s")
            % {"where": ", ".join([destination, query.countries[country]]), "year": start.year}
        )
    for role in ("responsible_officer", "responsible_politician"):
        rows = (
            visible.filter(countries__country__in=codes, **{f"{role}__user_id__in": shown})
            .values_list(f"{role}__user_id", "title", "countries__country")
            .order_by("-start_date", "pk")
        )
        for user_id, title, country in rows:
            found = hit(user_id)
            found.score += REGISTER_POINTS
            found.why.append(
                _("engagemang: %(title)s (%(country)s)") % {"title": title, "country": query.countries[country]}
            )


def with_people(hits: list[Hit]) -> list[Hit]:
    """Fill in name, unit and help note of the given hits (one page of them) in one query."""
    by_user = {
        p.user_id: p
        for p in CompetenceProfile.objects.filter(user_id__in=[h.user_id for h in hits]).select_related(
            "user", "user__person__unit"
        )
    }
    for found in hits:
        profile = by_user.get(found.user_id)
        if profile is None:
            continue
        found.profile = profile
        found.name = display_name(profile.user)
        person = getattr(profile.user, "person", None)
        found.unit = person.unit.name if person is not None else ""
        found.help_note = profile.help_note if found.willing else ""
    return hits
