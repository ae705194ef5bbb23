"""Test data shared by the engagement tests."""

from utblick.engagements.actions import refresh_search_text
from utblick.engagements.models import EngagementCountry, Participation, PriorityAssessment
from utblick.partners.models import Organisation
from utblick.policy.models import Objective, PriorityCriterion


def with_relations(
    engagement, *, partners=(("Røros kommune", "NO"), ("Oulun kaupunki", "FI")), objectives=("M3", "M5")
):
    """Give an engagement partners (with their countries), objectives and assessed criteria, like real ones have."""
    for name, country in partners:
        organisation = Organisation.objects.create(name=f"{name} {engagement.pk}", country=country)
        Participation.objects.create(engagement=engagement, organisation=organisation)
        EngagementCountry.objects.get_or_create(engagement=engagement, country=country)
    engagement.objectives.set(Objective.objects.filter(code__in=objectives))
    for code in ("P1", "P2"):
        PriorityAssessment.objects.create(
            engagement=engagement, criterion=PriorityCriterion.objects.get(code=code), justification="Motiverat."
        )
    refresh_search_text(engagement)
    return engagement
