"""Template context every page needs: the navigation the user's roles allow."""

from utblick.core.permissions import can


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    internal = can(user, "view", "engagement")
    return {
        # One query per page: the unread count next to the user's name (local actors have no notifications).
        "unread_notifications": _unread(user) if internal else 0,
        "nav": {
            "notifications": internal,
            "engagements": can(user, "view", "engagement"),
            "calendar": can(user, "view", "engagement"),
            "reports": can(user, "view", "engagement"),
            "partners": can(user, "view", "partner"),
            "policy": can(user, "view", "policy"),
            "organisation": can(user, "view", "organisation"),
            "directory": can(user, "view", "directory"),
            "monitoring": can(user, "view", "monitoring"),
            "competence": can(user, "view", "competence"),
            "knowledge": can(user, "view", "knowledge"),
            "news_admin": can(user, "change", "news_admin"),
            "monitoring_admin": can(user, "change", "monitoring_admin"),
            "can_create_engagement": can(user, "change", "engagement"),
        },
    }


def _unread(user) -> int:
    from utblick.notifications.models import Notification

    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
