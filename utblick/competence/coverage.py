"""Coverage (R-40 point 4): per unit of the organisation, how many people know each language and each area of
EU knowledge, and where nobody does. Numbers only, never names, so every profile counts, whatever its owner
chose to show colleagues (the profile page says so).

A person counts in the units of their memberships and in every unit above them (a committee's numbers include
its administrations). Five queries, whatever the number of profiles.
"""

from __future__ import annotations

import io
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from utblick.competence.languages import language_name
from utblick.competence.models import CompetenceProfile, EuKnowledge, LanguageSkill
from utblick.core.roles import INTERNAL_ROLES
from utblick.organisation.models import Membership, OrgUnit


@dataclass
class UnitRow:
    unit: OrgUnit
    depth: int
    people: int = 0
    willing: int = 0
    languages: list[int] = field(default_factory=list)  # in the order of Coverage.languages
    eu: list[int] = field(default_factory=list)  # in the order of Coverage.areas
    eu_gaps: list[str] = field(default_factory=list)

    @property
    def no_language(self) -> bool:
        return not any(self.languages)


@dataclass
class Coverage:
    rows: list[UnitRow]
    languages: list[tuple[str, str, int]]  # (code, name, people in the whole municipality)
    areas: list[tuple[EuKnowledge, int]]
    profiles: int


def coverage() -> Coverage:
    units = OrgUnit.tree(OrgUnit.objects.filter(is_active=True))
    parent_of = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    users_by_unit: dict[int, set[int]] = {}
    memberships = Membership.objects.filter(
        role__in=list(INTERNAL_ROLES), user__competence_profile__isnull=False
    ).values_list("user_id", "unit_id")
    for user_id, unit_id in memberships:
        seen = set()
        while unit_id is not None and unit_id not in seen:  # the unit and every unit above it
            seen.add(unit_id)
            users_by_unit.setdefault(unit_id, set()).add(user_id)
            unit_id = parent_of.get(unit_id)
    languages_of: dict[int, set[str]] = {}
    for user_id, code in LanguageSkill.objects.values_list("profile__user_id", "language"):
        languages_of.setdefault(user_id, set()).add(code)
    areas_of: dict[int, set[int]] = {}
    through = CompetenceProfile.eu_knowledge.through
    for user_id, area_id in through.objects.values_list("competenceprofile__user_id", "euknowledge_id"):
        areas_of.setdefault(user_id, set()).add(area_id)
    willing = set(CompetenceProfile.objects.filter(willing_to_help=True).values_list("user_id", flat=True))
    areas = list(EuKnowledge.objects.filter(is_active=True).order_by("name"))

    everyone = Counter(code for codes in languages_of.values() for code in codes)
    language_columns = sorted(everyone, key=lambda code: (-everyone[code], language_name(code)))
    everyone_eu = Counter(area for ids in areas_of.values() for area in ids)
    rows = []
    for unit, depth in units:
        people = users_by_unit.get(unit.pk, set())
        known = Counter(code for user in people for code in languages_of.get(user, ()))
        held = Counter(area for user in people for area in areas_of.get(user, ()))
        row = UnitRow(
            unit=unit,
            depth=depth,
            people=len(people),
            willing=len(people & willing),
            languages=[known[code] for code in language_columns],
            eu=[held[area.pk] for area in areas],
            eu_gaps=[area.name for area in areas if not held[area.pk]],
        )
        rows.append(row)
    return Coverage(
        rows=rows,
        languages=[(code, language_name(code), everyone[code]) for code in language_columns],
        areas=[(area, everyone_eu[area.pk]) for area in areas],
        profiles=CompetenceProfile.objects.count(),
    )


# The chart: people per language and per area of EU knowledge in the whole municipality, as horizontal bars.

_LOCK = threading.Lock()
_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.color": "#1a1a1a",
    "axes.labelcolor": "#1a1a1a",
    "xtick.color": "#1a1a1a",
    "ytick.color": "#1a1a1a",
    "svg.fonttype": "none",
    "svg.hashsalt": "utblick-competence",
}
BLUE, GREEN = "#0072B2", "#009E73"  # Okabe–Ito: told apart with colour-vision deficiencies, 3:1 on white
TOP_LANGUAGES = 15
PREFIX = "coverage-chart"


def chart_svg(data: Coverage) -> str:
    """The chart as an <svg> element with a title and description (the table beside it has the numbers)."""
    import matplotlib  # about half a second to import: only when the coverage page is asked for
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    languages = data.languages[:TOP_LANGUAGES]
    areas = [(area.name, count) for area, count in data.areas]
    panels = [
        (
            _("Språk: antal personer (de %(n)s vanligaste)") % {"n": len(languages)},
            [(n, c) for _c, n, c in languages],
            BLUE,
        ),
        (_("EU-kunskap: antal personer"), areas, GREEN),
    ]
    panels = [p for p in panels if p[1]]
    with _LOCK, matplotlib.rc_context(_RC):
        heights = [max(1.2, 0.28 * len(values) + 0.7) for _t, values, _c in panels] or [1.0]
        figure = Figure(figsize=(6.3, sum(heights)), facecolor="white")
        if not panels:
            figure.text(0.5, 0.5, _("Inga profiler ännu"), ha="center", va="center", fontsize=12)
        else:
            axes_list = figure.subplots(len(panels), 1, gridspec_kw={"height_ratios": heights}, squeeze=False)
            for axes, (title, values, colour) in zip(axes_list[:, 0], panels, strict=True):
                labels = [name for name, _count in values][::-1]
                counts = [count for _name, count in values][::-1]
                bars = axes.barh(labels, counts, color=colour)
                axes.bar_label(bars, labels=[str(c) for c in counts], padding=3)
                axes.set_title(title, loc="left", fontsize=10)
                axes.spines[["top", "right"]].set_visible(False)
                axes.xaxis.set_visible(False)
                axes.set_xlim(0, max(counts + [1]) * 1.15)
            figure.tight_layout()
        buffer = io.StringIO()
        FigureCanvasSVG(figure)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{PREFIX}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{PREFIX}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{PREFIX}-{m.group(1)}"', svg)
    svg = svg.replace("*{", f"#{PREFIX} *{{", 1).replace(
        "font-family: 'DejaVu Sans'", "font-family: 'DejaVu Sans', sans-serif"
    )
    head_end = svg.index(">") + 1
    head = svg[:head_end].replace(
        "<svg ", f'<svg id="{PREFIX}" role="img" aria-labelledby="{PREFIX}-title {PREFIX}-desc" class="chart" ', 1
    )
    description = "; ".join(f"{name} {count}" for _t, values, _c in panels for name, count in values)
    labels = (
        f'<title id="{PREFIX}-title">{_escape(_("Antal personer per språk och EU-kunskap i hela kommunen"))}</title>'
        f'<desc id="{PREFIX}-desc">{_escape(description)}</desc>'
    )
    return head + labels + svg[head_end:]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
