"""Competence on other apps' pages: the engagement page's suggestions of colleagues who know the partners'
languages or countries (R-40 point 3), and the colleagues who take part in a network, on its page.

Inclusion tags, so those views need no change. The suggestions: it reads the engagement's countries, the languages
spoken there (languages.COUNTRY_LANGUAGES) and asks the competence search, in a fixed number of queries.
"""

from django import template
from django.db.models import Q

from utblick.competence import search as finding
from utblick.competence.languages import COUNTRY_LANGUAGES
from utblick.competence.models import CompetenceProfile, Visibility
from utblick.core.countries import country_choices
from utblick.core.permissions import can

register = template.Library()

SUGGESTIONS = 5
MAX_WHY = 3


def suggestions(engagement, viewer) -> list[finding.Hit] | None:
    """At most five colleagues whose visible languages or experience match the engagement's countries, best first,
    not counting the engagement's responsible people nor the viewer. None when the engagement names no country."""
    codes = list(engagement.countries.values_list("country", flat=True))
    if not codes:
        return None
    names = dict(country_choices())
    query = finding.ParsedQuery(countries={code: names.get(code, code) for code in codes})
    for code in codes:
        for language in COUNTRY_LANGUAGES.get(code, ()):
            query.languages.setdefault(language, None)
    responsible = [pk for pk in (engagement.responsible_officer_id, engagement.responsible_politician_id) if pk]
    exclude = Q(user_id=viewer.pk) | Q(user__person__pk__in=responsible)
    hits = finding.find(viewer, query, exclude=exclude, register=False)[:SUGGESTIONS]
    finding.with_people(hits)
    for hit in hits:
        hit.why = hit.why[:MAX_WHY]
    return hits


@register.inclusion_tag("competence/_colleagues.html", takes_context=True)
def engagement_colleagues(context, engagement):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can(user, "view", "competence"):
        return {"show": False}
    return {"show": True, "hits": suggestions(engagement, user), "engagement": engagement}


@register.inclusion_tag("competence/_network_colleagues.html", takes_context=True)
def network_colleagues(context, network):
    """The employees who say, visibly to colleagues, that they take part in the network (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can(user, "view", "competence"):
        return {"show": False}
    profiles = (
        CompetenceProfile.objects.filter(networks=network, user__is_active=True)
        .filter(Q(show_networks=Visibility.VISIBLE) | Q(user=user))
        .select_related("user", "user__person__unit")
        .order_by("user__first_name", "user__last_name", "user__pk")
    )
    return {"show": True, "profiles": list(profiles), "viewer": user}
