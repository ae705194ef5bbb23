"""Priority criteria that can be derived from the partners rather than typed (R-13)."""

from django.utils.translation import gettext as _

from utblick.engagements.models import Engagement, Participation
from utblick.partners.geography import is_other_european
from utblick.policy.models import PriorityCriterion


def suggested_justifications(engagement: Engagement) -> dict[str, str]:
    """{suggestion kind: justification text} for what the engagement's partners show."""
    participations = list(engagement.participations.select_related("organisation"))
    suggestions = {}
    european = [p.organisation for p in participations if is_other_european(str(p.organisation.country))]
    if european:
        names = ", ".join(f"{org.name} ({org.country.name})" for org in european)
        suggestions[PriorityCriterion.Suggestion.EUROPEAN_PARTNER] = _(
            "Samarbete med partner i andra europeiska länder: %(names)s."
        ) % {"names": names}
    earlier = (
        Participation.objects.filter(organisation__in=[p.organisation_id for p in participations])
        .exclude(engagement=engagement)
        .select_related("organisation", "engagement")
        .order_by("organisation__name", "engagement__start_date")
    )
    established: dict[str, list[str]] = {}
    for p in earlier:
        if p.engagement.is_secret:
            continue  # a secret engagement must not be named to someone who may not see it
        established.setdefault(p.organisation.name, []).append(p.engagement.title)
    if established:
        parts = [f"{name} (tidigare: {'; '.join(titles[:3])})" for name, titles in established.items()]
        suggestions[PriorityCriterion.Suggestion.ESTABLISHED_PARTNER] = _(
            "Redan etablerad samarbetspartner: %(names)s."
        ) % {"names": ", ".join(parts)}
    return suggestions
