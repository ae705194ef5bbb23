"""An engagement as its history shows it: each field's label and displayed value."""

from django.utils.translation import gettext as _

from utblick.core.history import field_values
from utblick.engagements.models import Engagement

# Fields a form may set directly on an engagement; the history shows each of them.
EDITABLE_FIELDS = (
    "title", "kind", "summary", "purpose", "unit_goal", "added_value",
    "benefits_municipality", "benefits_companies", "benefits_residents",
    "owner_unit", "scope", "responsible_politician", "responsible_officer",
    "start_date", "end_date", "diary_number", "is_secret", "secrecy_ground", "is_official_contact",
    "implementation", "results", "dissemination",
)  # fmt: skip


def snapshot(engagement: Engagement) -> dict[str, str]:
    """{field label: shown value} for the fields and relations a user edits."""
    values = field_values(engagement, EDITABLE_FIELDS)
    if engagement.pk:
        values[_("Mål i policyn")] = ", ".join(sorted(str(o) for o in engagement.objectives.all()))
        values[_("Områden")] = ", ".join(sorted(str(a) for a in engagement.areas.all()))
        values[_("Partner")] = "; ".join(
            sorted(
                f"{p.organisation.name} ({p.get_role_display()})"
                for p in engagement.participations.select_related("organisation")
            )
        )
        values[_("Länder")] = ", ".join(sorted(str(c.country.name) for c in engagement.countries.all()))
        values[_("Prioriteringsbedömning")] = "\n".join(
            f"{a.criterion.code}: {a.justification}" for a in engagement.assessments.select_related("criterion")
        )
    return values
