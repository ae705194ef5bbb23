"""Small helpers that fetch an engagement the user may see or change, or answer 404."""

from django.shortcuts import get_object_or_404

from utblick.engagements.models import Engagement


def get_engagement(request, pk: int, action: str = "view") -> Engagement:
    """The engagement if the user may `action` it; 404 otherwise, so its existence is not revealed."""
    return get_object_or_404(Engagement.objects.restrict(request.user, action), pk=pk)


def get_changeable_engagement(request, pk: int) -> Engagement:
    """For change pages: 404 when the user may not even see it, 403 when they may see but not change it."""
    from utblick.core.permissions import ensure_can

    engagement = get_engagement(request, pk)
    ensure_can(request.user, "change", engagement)
    return engagement
