"""Recording a change to an engagement: the history row, and a notification to the people responsible for it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core import history
from utblick.core.models import Change
from utblick.notifications.actions import notify, users_of_people
from utblick.notifications.kinds import Kind


def record_engagement_change(engagement, *, by, action: str, changes=None, reason: str = "") -> Change:
    """Write the engagement's history row and tell its responsible politician and officer, unless they made it.

    Call it inside the action's transaction, wherever the engagement or something belonging to it (a trip, a
    visit, a budget line, a decision) changes: one place decides who hears about changes.
    """
    row = history.record(engagement, by=by, action=action, changes=changes, reason=reason)
    if action != Change.Action.CREATED:
        notify(
            users_of_people(engagement.responsible_politician, engagement.responsible_officer),
            kind=Kind.ENGAGEMENT_CHANGE,
            title=_("”%(title)s” har ändrats"),
            text=_("%(actor)s ändrade: %(fields)s"),
            params={
                "title": engagement.title,
                "actor": history.actor_name(by),
                "fields": ", ".join(change["field"] for change in changes or []) or row.get_action_display(),
            },
            url=reverse("engagements:history", args=[engagement.pk]),
            by=by,
        )
    return row
