"""Template context every page needs: the navigation the user's roles allow."""

from utblick.core.permissions import can


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "engagements": can(user, "view", "engagement"),
            "calendar": can(user, "view", "engagement"),
            "reports": can(user, "view", "engagement"),
            "partners": can(user, "view", "partner"),
            "policy": can(user, "view", "policy"),
            "organisation": can(user, "view", "organisation"),
            "directory": can(user, "view", "directory"),
            "monitoring": can(user, "view", "monitoring"),
            "monitoring_admin": can(user, "change", "monitoring_admin"),
            "can_create_engagement": can(user, "change", "engagement"),
        }
    }
