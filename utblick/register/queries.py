"""Reading introduction requests: the coordinator's inbox, a requester's own list and the start page's count."""

from django.db.models import Case, IntegerField, Value, When

from utblick.core.permissions import can
from utblick.register.models import IntroductionRequest

TARGETS = ("requester", "handled_by", "target_organisation", "target_network", "target_contact")


def inbox(status: str = ""):
    """Every request, the new ones first and then the latest; `status` ("ny"/"hanterad") narrows it.

    Only for the coordinator: the view checks the role first (ensure_role "directory", "change").
    """
    requests = IntroductionRequest.objects.select_related(*TARGETS)
    if status:
        requests = requests.filter(status=status)
    return requests.annotate(
        handled_rank=Case(
            When(status=IntroductionRequest.Status.NY, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("handled_rank", "-created_at", "-pk")


def own_requests(user):
    """The requests the user sent, the latest first."""
    return IntroductionRequest.objects.filter(requester=user).select_related(*TARGETS).order_by("-created_at", "-pk")


def new_request_count(user) -> int | None:
    """How many requests wait for the coordinator; None for a user who does not handle them."""
    if not can(user, "change", "directory"):
        return None
    return IntroductionRequest.objects.filter(status=IntroductionRequest.Status.NY).count()
