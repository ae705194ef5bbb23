"""The start page: what the signed-in user should look at first."""

import datetime

from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone

from utblick.core.permissions import access_for, can
from utblick.core.roles import Role
from utblick.engagements.handover_rules import is_coordinator
from utblick.engagements.models import Engagement, Handover, Status
from utblick.engagements.views.approvals import waiting_count as approval_waiting_count
from utblick.register.queries import new_request_count

ROWS = 10
UPCOMING_DAYS = 90


def start(request):
    user = request.user
    access = access_for(user)
    if access.roles == {Role.EXTERN} and not access.superuser:  # a local actor's account: the directory is all
        return redirect("register:directory")
    today = timezone.localdate()
    visible = Engagement.objects.restrict(user, "view").not_archived().select_related("owner_unit")
    mine = visible.filter(
        Q(responsible_politician__user=user) | Q(responsible_officer__user=user) | Q(created_by=user)
    ).exclude(status__in=[Status.FINISHED, Status.FOLLOWED_UP, Status.CANCELLED])
    needing_action = (
        Engagement.objects.restrict(user, "change")
        .select_related("owner_unit")
        .needing_action(today)
        .order_by("start_date", "pk")
    )
    ongoing = visible.filter(status=Status.ONGOING).order_by("end_date", "pk")
    horizon = today + datetime.timedelta(days=UPCOMING_DAYS)
    upcoming = sorted(
        [
            *((e.start_date, "start", e) for e in visible.filter(start_date__range=(today, horizon))[:ROWS]),
            *((e.end_date, "end", e) for e in visible.filter(end_date__range=(today, horizon))[:ROWS]),
        ],
        key=lambda row: (row[0], row[2].pk),
    )[:ROWS]
    context = {
        "mine": mine.order_by("-updated_at")[:ROWS],
        "mine_count": mine.count(),
        "needing_action": needing_action[:ROWS] if can(user, "change", "engagement") else None,
        "needing_action_count": needing_action.count() if can(user, "change", "engagement") else 0,
        "ongoing": ongoing[:ROWS],
        "ongoing_count": ongoing.count(),
        "upcoming": upcoming,
        "upcoming_days": UPCOMING_DAYS,
        "new_introduction_requests": new_request_count(user),  # None unless the user handles them
        "approvals_waiting": approval_waiting_count(user),  # None unless the user is a förvaltningschef
        "handovers_waiting": Handover.objects.filter(state=Handover.State.PROPOSED).count()
        if is_coordinator(user)
        else None,
    }
    if not can(user, "view", "engagement"):
        context = {"external": True}
    return render(request, "engagements/start.html", context)
